import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { EventOutcome, LeadEventMarkers } from '../../ports';
import { keys } from '../keys';
import { epochSeconds } from './items';

/** The markers of inbound events handled (written with the counts of what they became). */
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
      // Markers written before receivedAt was kept: taken as another message's.
      receivedAt: String(Item.receivedAt ?? ''),
      expiresAt: Number(Item.expiresAt),
    };
  },
});
