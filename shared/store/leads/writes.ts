import {
  type DynamoDBDocumentClient,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Lead } from '../../domain/types';
import type { LeadWrites } from '../../ports';
import { cancellationCodes, failedOnConditions, isConditionFailure } from '../dynamo-errors';
import { keys } from '../keys';
import {
  counterItems,
  leadItem,
  loadUpdate,
  putMarker,
  type TransactItems,
  touchItem,
  transact,
} from './items';
import { createDynamoOfferWrites } from './offer-writes';

/**
 * The writes that move a lead through its life: opened, touched, counted, closed, its first
 * responses (its offers to managers are in ./offer-writes.ts). Each is one conditional write (a
 * transaction where several items change together) of what the use case decided, counters
 * included; a condition that no longer holds comes back as an outcome, never as a retry here.
 */
export const createDynamoLeadWrites = (db: DynamoDBDocumentClient, table: string): LeadWrites => {
  /** Ends a lead: status and what closed it, its manager's load, the contact's won deal. */
  const finish = (
    lead: Lead,
    set: Record<string, string>,
    condition: { readonly managerId?: string | undefined },
    wonDeal: boolean,
  ): Promise<boolean> => {
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = { ':closed': 'closed' };
    const sets = Object.entries(set).map(([name, value], i) => {
      names[`#f${i}`] = name;
      values[`:f${i}`] = value;
      return `#f${i} = :f${i}`;
    });
    if (condition.managerId) values[':managerId'] = condition.managerId;
    const open = lead.managerId && (lead.status === 'assigned' || lead.status === 'accepted');
    return transact(db, [
      {
        Update: {
          TableName: table,
          Key: keys.lead(lead.id),
          UpdateExpression: `SET #status = :closed, ${sets.join(', ')} REMOVE announcePending`,
          ConditionExpression: `attribute_exists(pk) AND #status <> :closed${
            condition.managerId ? ' AND managerId = :managerId' : ''
          }`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      },
      ...(open && lead.managerId ? [loadUpdate(table, lead.managerId, -1)] : []),
      ...(wonDeal
        ? [
            {
              Update: {
                TableName: table,
                Key: keys.contact(lead.contactId),
                UpdateExpression: 'SET hasWonDeal = :true',
                ExpressionAttributeValues: { ':true': true },
              },
            },
          ]
        : []),
    ]);
  };

  /**
   * A transaction that starts with an event marker: `done`, or what its failed conditions mean
   * (`explain` gets the per-item codes); anything it cannot explain is thrown as it came.
   */
  const transactWithMarker = async <R extends string>(
    items: TransactItems,
    done: R,
    explain: (codes: readonly string[]) => R | undefined,
  ): Promise<R> => {
    try {
      await db.send(new TransactWriteCommand({ TransactItems: items }));
      return done;
    } catch (error) {
      const codes = cancellationCodes(error);
      const outcome = codes && failedOnConditions(codes) ? explain(codes) : undefined;
      if (outcome === undefined) throw error;
      return outcome;
    }
  };

  return {
    ...createDynamoOfferWrites(db, table),

    openLead: ({ marker, lead, touch, now, counters }) =>
      transactWithMarker(
        [
          putMarker(table, marker, now),
          {
            Put: {
              TableName: table,
              Item: leadItem(lead),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          { Put: { TableName: table, Item: touchItem(lead.id, touch) } },
          ...(lead.kind === 'inquiry'
            ? [
                {
                  Update: {
                    TableName: table,
                    Key: keys.contact(lead.contactId),
                    UpdateExpression: 'SET openLeadId = :leadId, lastSeenAt = :at',
                    ConditionExpression:
                      'attribute_exists(pk) AND attribute_not_exists(openLeadId)',
                    ExpressionAttributeValues: { ':leadId': lead.id, ':at': touch.at },
                  },
                },
              ]
            : []),
          ...counterItems(table, counters),
        ],
        'created',
        (codes) =>
          codes[0] === 'ConditionalCheckFailed'
            ? 'duplicate_event'
            : codes[3] === 'ConditionalCheckFailed'
              ? 'contact_has_open_lead'
              : undefined,
      ),

    addTouch: ({ marker, leadId, touch, now, counters }) =>
      transactWithMarker(
        [
          putMarker(table, marker, now),
          { Put: { TableName: table, Item: touchItem(leadId, touch) } },
          {
            Update: {
              TableName: table,
              Key: keys.lead(leadId),
              UpdateExpression: 'ADD touches :one, channels :channel SET lastTouchAt = :at',
              ConditionExpression: 'attribute_exists(pk) AND #status <> :closed',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':one': 1,
                ':channel': new Set([touch.channel]),
                ':at': touch.at,
                ':closed': 'closed',
              },
            },
          },
          ...counterItems(table, counters),
        ],
        'touched',
        (codes) => (codes[0] === 'ConditionalCheckFailed' ? 'duplicate_event' : 'lead_not_open'),
      ),

    async addCounts(counters) {
      const items = counterItems(table, counters);
      if (items.length > 0) await db.send(new TransactWriteCommand({ TransactItems: items }));
    },

    async releaseContact(contactId, leadId) {
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: keys.contact(contactId),
            UpdateExpression: 'REMOVE openLeadId',
            ConditionExpression: 'openLeadId = :leadId',
            ExpressionAttributeValues: { ':leadId': leadId },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error; // already points elsewhere: nothing to do
      }
    },

    async close(lead, outcome, at, managerId) {
      const closed = await finish(
        lead,
        { outcome, closedAt: at },
        { managerId },
        outcome === 'won',
      );
      return closed ? 'closed' : 'changed';
    },

    async resolveCallback(lead, resolution, at) {
      await finish(lead, { resolution, closedAt: at }, {}, false);
    },

    async recordFirst(leadId, first) {
      const attribute = `${first.stage}At` as const;
      const byAttribute = `${first.stage}By` as const;
      const recorded = await transact(db, [
        {
          Update: {
            TableName: table,
            Key: keys.lead(leadId),
            UpdateExpression: first.by
              ? 'SET #first = :at, #by = :by'
              : 'SET #first = :at REMOVE #by',
            ConditionExpression:
              first.replaces === undefined
                ? 'attribute_exists(pk) AND attribute_not_exists(#first)'
                : '#first = :previous',
            ExpressionAttributeNames: { '#first': attribute, '#by': byAttribute },
            ExpressionAttributeValues: {
              ':at': first.at,
              ...(first.by ? { ':by': first.by } : {}),
              ...(first.replaces === undefined ? {} : { ':previous': first.replaces }),
            },
          },
        },
        ...counterItems(table, first.counters),
      ]);
      return recorded ? 'recorded' : 'changed';
    },
  };
};
