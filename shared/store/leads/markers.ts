import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { EventOutcome, LeadEventMarkers } from '../../ports';
import { keys } from '../keys';
import { epochSeconds } from './items';

/** The markers of inbound events handled (written with the lead or the touch they became). */
export const createDynamoLeadEventMarkers = (
  db: DynamoDBDocumentClient,
  table: string,
): LeadEventMarkers => ({
  async find(eventId, now) {
    const { Item } = await db.send(
      new GetCommand({ TableName: table, Key: keys.eventMarker(eventId), ConsistentRead: true }),
    );
    if (!Item || Number(Item.expiresAt) < epochSeconds(now)) return undefined;
    return {
      eventId,
      outcome: Item.outcome as EventOutcome,
      pending: Item.pending === true,
      expiresAt: Number(Item.expiresAt),
    };
  },

  async complete(eventId) {
    await db.send(
      new UpdateCommand({
        TableName: table,
        Key: keys.eventMarker(eventId),
        UpdateExpression: 'SET pending = :false',
        ExpressionAttributeValues: { ':false': false },
      }),
    );
  },
});
