import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { LeadDetail, LeadQueries } from '../../ports';
import { readCounterRows } from '../counter-rows';
import { INDEX, keys } from '../keys';
import { managerFilter, pagedQuery } from '../paged-query';
import {
  currentAssignmentOf,
  firstTouchOf,
  type Item,
  toAssignment,
  toLead,
  toTouch,
} from './items';

/** Leads as read: one lead, a page of them, a lead with its history, the waiting lines, counters. */
export const createDynamoLeadQueries = (
  db: DynamoDBDocumentClient,
  table: string,
): LeadQueries => ({
  async get(leadId) {
    const { Item } = await db.send(
      new GetCommand({ TableName: table, Key: keys.lead(leadId), ConsistentRead: true }),
    );
    return Item ? toLead(Item) : undefined;
  },

  async waiting(team, limit) {
    const { Items } = await db.send(
      new QueryCommand({
        TableName: table,
        IndexName: INDEX.waiting,
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.waitingLeadsPartition(team) },
        ScanIndexForward: true,
        Limit: limit,
      }),
    );
    return (Items ?? []).map(toLead);
  },

  list(query) {
    const { managerId, status, channel } = query;
    return pagedQuery(db, {
      table,
      index: INDEX.byList,
      pkName: 'gsi1pk',
      skName: 'gsi1sk',
      partition: keys.leadsListPartition,
      from: query.from,
      to: query.to,
      // A manager's leads: the list, narrowed in the index.
      indexFilters: managerFilter(managerId),
      match:
        status || channel
          ? (item) =>
              (!status || item.status === status) &&
              (!channel || (item.channels instanceof Set && item.channels.has(channel)))
          : undefined,
      scope: managerId === undefined ? undefined : `manager:${managerId}`,
      limit: query.limit,
      cursor: query.cursor,
      map: toLead,
    });
  },

  async detail(leadId): Promise<LeadDetail | undefined> {
    const items: Item[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const result = await db.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.leadPartition(leadId) },
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      items.push(...(result.Items ?? []));
      startKey = result.LastEvaluatedKey;
    } while (startKey && items.length < 1_000);
    const leadItem = items.find((item) => item.type === 'lead');
    if (!leadItem) return undefined;
    const lead = toLead(leadItem);
    const touches = items.filter((item) => item.type === 'touch').map(toTouch);
    const assignments = items.filter((item) => item.type === 'assignment').map(toAssignment);
    // The lead item holds its first touch and its current offer; a lead written before it did
    // has items of their own for them.
    const first = firstTouchOf(leadItem);
    const current = currentAssignmentOf(lead);
    return {
      lead,
      touches: [
        ...(first && !touches.some((t) => t.eventId === first.eventId) ? [first] : []),
        ...touches,
      ],
      assignments: [
        ...assignments.filter((a) => a.at !== current?.at),
        ...(current ? [current] : []),
      ],
    };
  },

  counters: (days, managerId) =>
    readCounterRows(db, table, days, {
      partition: keys.leadCountersPartition,
      managerKey: keys.leadCounterManager,
      managerId,
      legacyTotal: 'add',
    }),
});
