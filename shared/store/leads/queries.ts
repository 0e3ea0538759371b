import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { LeadDetail, LeadQueries } from '../../ports';
import { readCounterRows } from '../counter-rows';
import { INDEX, keys } from '../keys';
import { pagedQuery } from '../paged-query';
import { type Item, toAssignment, toLead, toTouch } from './items';

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
        IndexName: INDEX.byOwner,
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.waitingLeadsPartition(team) },
        ScanIndexForward: true,
        Limit: limit,
      }),
    );
    return (Items ?? []).map(toLead);
  },

  list(query) {
    const byManager = query.managerId !== undefined;
    return pagedQuery(db, {
      table,
      index: byManager ? INDEX.byOwner : INDEX.byList,
      pkName: byManager ? 'gsi2pk' : 'gsi1pk',
      skName: byManager ? 'gsi2sk' : 'gsi1sk',
      partition: byManager
        ? keys.managerLeadsPartition(query.managerId ?? '')
        : keys.leadsListPartition,
      from: query.from,
      to: query.to,
      filters: [
        ...(query.status
          ? [
              {
                expression: '#status = :status',
                names: { '#status': 'status' },
                values: { ':status': query.status },
              },
            ]
          : []),
        ...(query.channel
          ? [
              {
                expression: 'contains(channels, :channel)',
                values: { ':channel': query.channel },
              },
            ]
          : []),
      ],
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
    return {
      lead: toLead(leadItem),
      touches: items.filter((item) => item.type === 'touch').map(toTouch),
      assignments: items.filter((item) => item.type === 'assignment').map(toAssignment),
    };
  },

  counters: (days, managerId) =>
    readCounterRows(db, table, days, {
      partition: keys.leadCountersPartition,
      managerKey: keys.leadCounterManager,
      managerId,
    }),
});
