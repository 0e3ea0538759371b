import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Bitrix24LeadMap } from '../ports';
import { isConditionFailure } from './dynamo-errors';
import { keys } from './keys';

/**
 * The Bitrix24 lead id of each switchboard lead, per webhook, and a claim on creating it: the
 * delivery holding the claim is the only one that calls crm.lead.add, so two events of one lead
 * delivered at once cannot create it twice.
 */
export const createDynamoBitrix24LeadMap = (
  db: DynamoDBDocumentClient,
  table: string,
): Bitrix24LeadMap => ({
  async get(webhook, leadId) {
    const { Item } = await db.send(
      new GetCommand({
        TableName: table,
        Key: keys.bitrix24Lead(webhook, leadId),
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    return {
      bitrixId: typeof Item.bitrixId === 'string' ? Item.bitrixId : undefined,
      claimedBy: typeof Item.claimedBy === 'string' ? Item.claimedBy : undefined,
      claimUntil: typeof Item.claimUntil === 'number' ? Item.claimUntil : undefined,
    };
  },
  async claim(webhook, leadId, by, now, leaseSeconds) {
    const seconds = Math.floor(now.getTime() / 1000);
    try {
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: keys.bitrix24Lead(webhook, leadId),
          UpdateExpression: 'SET claimedBy = :by, claimUntil = :until',
          ConditionExpression:
            'attribute_not_exists(bitrixId) AND (attribute_not_exists(claimedBy) OR claimedBy = :by OR claimUntil < :now)',
          ExpressionAttributeValues: {
            ':by': by,
            ':until': seconds + leaseSeconds,
            ':now': seconds,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  },
  async set(webhook, leadId, bitrixId) {
    await db.send(
      new UpdateCommand({
        TableName: table,
        Key: keys.bitrix24Lead(webhook, leadId),
        UpdateExpression:
          'SET bitrixId = :id, webhook = :webhook, leadId = :leadId REMOVE claimedBy, claimUntil',
        ExpressionAttributeValues: { ':id': bitrixId, ':webhook': webhook, ':leadId': leadId },
      }),
    );
  },
});
