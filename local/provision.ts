import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { QUEUES, type QueueDefinition, type QueueId } from '../shared/queue/definitions';
import { TABLE } from '../shared/store/table';

/** Creates the table as infra/ defines it (same keys, indexes, TTL), unless it exists. */
export const provisionTable = async (db: DynamoDBClient, tableName: string): Promise<void> => {
  const attributes = new Set<string>([TABLE.partitionKey, TABLE.sortKey]);
  for (const index of TABLE.indexes) {
    attributes.add(index.partitionKey);
    attributes.add(index.sortKey);
  }
  try {
    await db.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [...attributes].map((name) => ({
          AttributeName: name,
          AttributeType: 'S',
        })),
        KeySchema: [
          { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: TABLE.indexes.map((index) => ({
          IndexName: index.name,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection:
            index.projection.type === 'INCLUDE'
              ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.projection.attributes] }
              : { ProjectionType: index.projection.type },
        })),
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error; // kept from an earlier run
  }
  await waitUntilTableExists({ client: db, maxWaitTime: 30 }, { TableName: tableName });
  const { Table } = await db.send(new DescribeTableCommand({ TableName: tableName }));
  if (Table?.TableStatus !== 'ACTIVE')
    throw new Error(`table ${tableName} is ${Table?.TableStatus}`);
  await db
    .send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true },
      }),
    )
    .catch((error: Error) => {
      // Enabling TTL twice is refused; that is fine.
      if (!/already enabled/i.test(error.message)) throw error;
    });
};

export type QueueUrls = Record<QueueId, { readonly url: string; readonly dlqUrl: string }>;

export type QueueOverrides = {
  /** Prefix for every queue name (tests give each file its own queues). */
  readonly prefix?: string;
  /** Shorter visibility for tests, so a failed message comes back in seconds, not minutes. */
  readonly visibilityTimeoutSeconds?: number;
};

const createQueue = async (
  sqs: SQSClient,
  name: string,
  fifo: boolean,
  attributes: Record<string, string>,
): Promise<{ url: string; arn: string }> => {
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: { ...attributes, ...(fifo ? { FifoQueue: 'true' } : {}) },
    }),
  );
  if (!QueueUrl) throw new Error(`no URL for queue ${name}`);
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  return { url: QueueUrl, arn: Attributes?.QueueArn ?? '' };
};

const days = (n: number) => String(n * 86_400);

/** Creates every queue and its DLQ as infra/ defines them (visibility, retention, redrive). */
export const provisionQueues = async (
  sqs: SQSClient,
  overrides: QueueOverrides = {},
): Promise<QueueUrls> => {
  const prefix = overrides.prefix ?? '';
  const entries = await Promise.all(
    (Object.entries(QUEUES) as [QueueId, QueueDefinition][]).map(async ([id, queue]) => {
      const dlq = await createQueue(sqs, `${prefix}${queue.dlq.name}`, queue.fifo, {
        MessageRetentionPeriod: days(queue.dlq.retentionDays),
      });
      const main = await createQueue(sqs, `${prefix}${queue.name}`, queue.fifo, {
        VisibilityTimeout: String(
          overrides.visibilityTimeoutSeconds ?? queue.visibilityTimeoutSeconds,
        ),
        MessageRetentionPeriod: days(queue.retentionDays),
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: dlq.arn,
          maxReceiveCount: queue.dlq.maxReceiveCount,
        }),
      });
      return [id, { url: main.url, dlqUrl: dlq.url }] as const;
    }),
  );
  return Object.fromEntries(entries) as QueueUrls;
};
