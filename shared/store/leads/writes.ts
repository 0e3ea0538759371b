import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
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
 * The writes that move a lead through its life: opened, counted, touched, closed, its first
 * responses (its offers to managers are in ./offer-writes.ts). Each is one conditional write (a
 * transaction only where items must change together: what would count twice if repeated, with
 * the marker or state change that makes it once) of what the use case decided, counters
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

    async openLead({ lead, touch }) {
      try {
        await db.send(
          new PutCommand({
            TableName: table,
            Item: leadItem(lead, touch.eventId),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return 'created';
      } catch (error) {
        if (isConditionFailure(error)) return 'exists';
        throw error;
      }
    },

    countOpened: ({ marker, now, counters, assigned }) =>
      transactWithMarker(
        [
          putMarker(table, marker, now),
          ...counterItems(table, counters),
          ...(assigned ? [loadUpdate(table, assigned.managerId, 1, assigned.at)] : []),
        ],
        'counted',
        (codes) => (codes[0] === 'ConditionalCheckFailed' ? 'duplicate_event' : undefined),
      ),

    async claimContact(contactId, leadId, { seenAt, ownerId }) {
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: keys.contact(contactId),
            UpdateExpression: `SET openLeadId = :leadId, lastSeenAt = :at${
              ownerId ? ', ownerId = if_not_exists(ownerId, :ownerId)' : ''
            }`,
            ConditionExpression:
              'attribute_exists(pk) AND (attribute_not_exists(openLeadId) OR openLeadId = :leadId)',
            ExpressionAttributeValues: {
              ':leadId': leadId,
              ':at': seenAt,
              ...(ownerId ? { ':ownerId': ownerId } : {}),
            },
          }),
        );
        return 'claimed';
      } catch (error) {
        if (isConditionFailure(error)) return 'taken';
        throw error;
      }
    },

    async dropLead(leadId) {
      await db.send(new DeleteCommand({ TableName: table, Key: keys.lead(leadId) }));
    },

    async setOwner(contactId, managerId) {
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: keys.contact(contactId),
            UpdateExpression: 'SET ownerId = :managerId',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(ownerId)',
            ExpressionAttributeValues: { ':managerId': managerId },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error; // it has its owner
      }
    },

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
      // One row: a plain update (half a transaction's units); more: together.
      if (items.length === 1 && items[0]) await db.send(new UpdateCommand(items[0].Update));
      else if (items.length > 0) await db.send(new TransactWriteCommand({ TransactItems: items }));
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
