import { awsClientOptions, type Config } from '../../shared/config';
import { TEXTS } from '../../shared/domain/notify/texts';
import { deliveryQueueOf } from '../../shared/queue/delivery-queue-of';
import { type Runtime, systemRuntime } from '../../shared/runtime';
import { createDocumentClient } from '../../shared/store/client';
import { createStores } from '../../shared/store/stores';
import { createNotifyHandler, type NotifyDeps } from './handler';

/** The notify function's ports, built once per cold start; AWS and local/ both use them. */
export const composeNotifyDeps = (config: Config, runtime: Runtime = systemRuntime): NotifyDeps => {
  const stores = createStores(createDocumentClient(awsClientOptions(config, 'dynamodb')), config);
  return {
    ...stores,
    queue: deliveryQueueOf(config, runtime),
    now: runtime.now,
    texts: TEXTS[config.language],
    timeZone: config.timeZone,
    acceptTimeoutSeconds: config.acceptTimeoutSeconds,
    telegram: config.notifyTelegram.botToken !== undefined,
  };
};

export const composeNotify = (config: Config, runtime: Runtime = systemRuntime) =>
  createNotifyHandler(composeNotifyDeps(config, runtime));
