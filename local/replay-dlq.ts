/**
 * Moves a dead-letter queue's messages back to their queue, locally or in AWS (same code).
 *
 *   npm run replay-dlq -- --queue intake                   # npm start's local SQS
 *   npm run replay-dlq -- --queue intake --aws             # the deployed stack (AWS credentials
 *                                                          # and region from the usual env/profile)
 *   options: --prefix Switchboard-  (AWS queue names: <stack>-<name>; the default with --aws)
 *            --endpoint http://…    (any SQS endpoint; default local: 127.0.0.1:$SQS_PORT)
 *
 * Run it again and it moves what is left (nothing, if the first run finished).
 */
import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { createSqsClient } from '../shared/queue/client';
import { QUEUES, type QueueId } from '../shared/queue/definitions';
import { replayDlq } from '../shared/queue/replay-dlq';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './local-aws';

const option = (name: string): string | undefined => {
  const args = process.argv.slice(2);
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
};

const main = async () => {
  const queue = option('queue') as QueueId | undefined;
  if (!queue || !Object.hasOwn(QUEUES, queue)) {
    console.error(
      `usage: npm run replay-dlq -- --queue <${Object.keys(QUEUES).join('|')}> [--aws] [--prefix P] [--endpoint URL]`,
    );
    process.exit(2);
  }
  const aws = process.argv.includes('--aws');
  const endpoint =
    option('endpoint') ?? (aws ? undefined : `http://127.0.0.1:${process.env.SQS_PORT ?? 9324}`);
  const prefix = option('prefix') ?? (aws ? 'Switchboard-' : '');
  const sqs = createSqsClient(
    endpoint ? { endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS } : {},
  );
  const definition = QUEUES[queue];
  const urlOf = async (name: string) =>
    (await sqs.send(new GetQueueUrlCommand({ QueueName: `${prefix}${name}` }))).QueueUrl ?? '';
  const [dlqUrl, targetUrl] = await Promise.all([
    urlOf(definition.dlq.name),
    urlOf(definition.name),
  ]);
  const { moved } = await replayDlq(sqs, { dlqUrl, targetUrl, fifo: definition.fifo });
  console.log(
    `moved ${moved} message(s) from ${prefix}${definition.dlq.name} back to ${prefix}${definition.name}`,
  );
  sqs.destroy();
};

main().catch((error) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exit(1);
});
