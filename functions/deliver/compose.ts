import { awsClientOptions, type Config } from '../../shared/config';
import { TEXTS } from '../../shared/domain/notify/texts';
import { telegramBotOf } from '../../shared/notify/telegram-bot-api';
import { CONSUMERS } from '../../shared/queue/definitions';
import { deliveryQueueOf } from '../../shared/queue/delivery-queue-of';
import { type Runtime, systemRuntime } from '../../shared/runtime';
import { createDocumentClient } from '../../shared/store/client';
import { createStores } from '../../shared/store/stores';
import { createDeliverHandler, type DeliverDeps } from './handler';

export const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The deliver function's ports, built once per cold start; AWS and local/ both use them. */
export const composeDeliverDeps = (
  config: Config,
  runtime: Runtime = systemRuntime,
): DeliverDeps => {
  const stores = createStores(createDocumentClient(awsClientOptions(config, 'dynamodb')), config);
  return {
    ...stores,
    queue: deliveryQueueOf(config, runtime),
    telegram: telegramBotOf(config),
    fetch: globalThis.fetch,
    now: runtime.now,
    sleep: runtime.sleep ?? realSleep,
    texts: TEXTS[config.language],
    // An attempt is its claimer's for longer than the function may run.
    leaseSeconds: CONSUMERS.deliver.timeoutSeconds + 30,
  };
};

export const composeDeliver = (config: Config, runtime: Runtime = systemRuntime) =>
  createDeliverHandler(composeDeliverDeps(config, runtime));
