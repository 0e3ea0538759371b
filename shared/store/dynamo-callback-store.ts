import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { CallAttempt, CallbackStore, MissedEntry } from '../ports';
import { isConditionFailure } from './dynamo-errors';
import { keys } from './keys';
import { queryAll } from './query-all';

type Item = Record<string, unknown>;

const ignoreCondition = (error: unknown) => {
  if (!isConditionFailure(error)) throw error; // already there: a redelivery
};

export const createDynamoCallbackStore = (
  db: DynamoDBDocumentClient,
  table: string,
): CallbackStore => ({
  async addMissed(number, entry) {
    await db
      .send(
        new PutCommand({
          TableName: table,
          Item: {
            ...keys.numberMissed(number, entry.endedAt, entry.provider, entry.callId),
            type: 'missed',
            ...entry,
            status: 'open',
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      )
      .catch(ignoreCondition);
  },

  async dropMissed(number, provider, callId) {
    const items = await queryAll(db, {
      TableName: table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :missed)',
      FilterExpression: 'provider = :provider AND callId = :callId',
      ExpressionAttributeValues: {
        ':pk': keys.numberPartition(number),
        ':missed': 'MISSED#',
        ':provider': provider,
        ':callId': callId,
      },
      ConsistentRead: true,
    });
    for (const item of items) {
      await db.send(new DeleteCommand({ TableName: table, Key: { pk: item.pk, sk: item.sk } }));
    }
    return items.length > 0;
  },

  async addAttempt(number, attempt) {
    await db
      .send(
        new PutCommand({
          TableName: table,
          Item: {
            ...keys.numberAttempt(number, attempt.at, attempt.provider, attempt.callId),
            type: 'attempt',
            ...attempt,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      )
      .catch(ignoreCondition);
  },

  async firstAttemptAfter(number, at) {
    const { Items } = await db.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': keys.numberPartition(number),
          ':from': `ATTEMPT#${at}`,
          ':to': 'ATTEMPT#~',
        },
        ConsistentRead: true,
        Limit: 1,
      }),
    );
    const item = Items?.[0];
    return item
      ? {
          kind: item.kind as CallAttempt['kind'],
          at: String(item.at),
          provider: String(item.provider),
          callId: String(item.callId),
        }
      : undefined;
  },

  async missedBefore(number, at) {
    const items = await queryAll(db, {
      TableName: table,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      FilterExpression: '#status = :open OR resolvedAt > :at',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':pk': keys.numberPartition(number),
        ':from': 'MISSED#',
        ':to': `MISSED#${at}`,
        ':open': 'open',
        ':at': at,
      },
      ConsistentRead: true,
    });
    return items.map(
      (item: Item): MissedEntry => ({
        provider: String(item.provider),
        callId: String(item.callId),
        endedAt: String(item.endedAt),
        status: item.status as MissedEntry['status'],
        resolvedAt: item.resolvedAt as string | undefined,
      }),
    );
  },

  async openTask(number) {
    const { Item } = await db.send(
      new GetCommand({ TableName: table, Key: keys.numberTask(number), ConsistentRead: true }),
    );
    return Item?.leadId as string | undefined;
  },

  async claimTask(number, leadId) {
    try {
      await db.send(
        new PutCommand({
          TableName: table,
          Item: { ...keys.numberTask(number), type: 'callbackTask', leadId },
          ConditionExpression: 'attribute_not_exists(leadId) OR leadId = :leadId',
          ExpressionAttributeValues: { ':leadId': leadId },
        }),
      );
      return 'claimed';
    } catch (error) {
      ignoreCondition(error);
      return 'taken';
    }
  },

  async releaseTask(number, leadId) {
    await db
      .send(
        new UpdateCommand({
          TableName: table,
          Key: keys.numberTask(number),
          UpdateExpression: 'REMOVE leadId',
          ConditionExpression: 'leadId = :leadId',
          ExpressionAttributeValues: { ':leadId': leadId },
        }),
      )
      .catch(ignoreCondition);
  },
});
