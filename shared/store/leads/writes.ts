import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Lead } from '../../domain/types';
import type { CloseWrite, LeadWrites } from '../../ports';
import { clientRevenueItems, dealCounterItems, dealPut } from '../dynamo-deal-store';
import { cancellationCodes, failedOnConditions, isConditionFailure } from '../dynamo-errors';
import { keys } from '../keys';
import {
  counterItems,
  funnelParts,
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
  /** A callback task ends: closed with how, its manager's load freed. */
  const resolve = (lead: Lead, resolution: string, at: string): Promise<boolean> => {
    const open = lead.managerId && (lead.status === 'assigned' || lead.status === 'accepted');
    return transact(db, [
      {
        Update: {
          TableName: table,
          Key: keys.lead(lead.id),
          UpdateExpression:
            'SET #status = :closed, resolution = :resolution, closedAt = :at REMOVE announcePending',
          ConditionExpression: 'attribute_exists(pk) AND #status <> :closed',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':closed': 'closed', ':resolution': resolution, ':at': at },
        },
      },
      ...(open && lead.managerId ? [loadUpdate(table, lead.managerId, -1)] : []),
    ]);
  };

  /**
   * The lead's update for a close: what closed it (absent fields removed, so a close replacing
   * another leaves nothing of it), the funnel; only while it is open (or still shows the close
   * it replaces), still the manager's when one closes it, still at the funnel stage moved from.
   */
  const closeUpdate = (lead: Lead, write: CloseWrite) => {
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = { ':closed': 'closed' };
    const sets = ['#status = :closed'];
    const removes = ['announcePending'];
    const conditions = ['attribute_exists(pk)'];
    let n = 0;
    const name = (attribute: string) => {
      const alias = `#f${n++}`;
      names[alias] = attribute;
      return alias;
    };
    const { close } = write;
    const fields: Record<string, unknown> = {
      outcome: close.outcome,
      closedAt: close.closedAt,
      amountMinor: close.amountMinor,
      currency: close.currency,
      reason: close.reason,
      ...(write.deal ? { dealId: write.deal.dealId } : {}),
    };
    for (const [attribute, value] of Object.entries(fields)) {
      const alias = name(attribute);
      if (value === undefined) removes.push(alias);
      else {
        values[`:${alias.slice(1)}`] = value;
        sets.push(`${alias} = :${alias.slice(1)}`);
      }
    }
    if (write.replaces) {
      conditions.push('#status = :closed');
      const shown: Record<string, unknown> = {
        outcome: write.replaces.outcome,
        closedAt: write.replaces.closedAt,
        amountMinor: write.replaces.amountMinor,
        currency: write.replaces.currency,
        // A second deal replacing the same close would take the first one's sale's place.
        dealId: write.replaces.dealId,
      };
      for (const [attribute, value] of Object.entries(shown)) {
        const alias = name(attribute);
        if (value === undefined) conditions.push(`attribute_not_exists(${alias})`);
        else {
          values[`:was${alias.slice(2)}`] = value;
          conditions.push(`${alias} = :was${alias.slice(2)}`);
        }
      }
    } else {
      conditions.push('#status <> :closed');
    }
    if (write.managerId) {
      conditions.push('managerId = :managerId');
      values[':managerId'] = write.managerId;
    }
    // The counters the close moves are its manager's: only while the lead still has that one.
    if (lead.managerId) {
      conditions.push('managerId = :readManagerId');
      values[':readManagerId'] = lead.managerId;
    } else {
      conditions.push('attribute_not_exists(managerId)');
    }
    const funnel = funnelParts(write.funnel);
    if (funnel.set) sets.push(funnel.set);
    if (funnel.condition) conditions.push(funnel.condition);
    Object.assign(values, funnel.values);
    return {
      Update: {
        TableName: table,
        Key: keys.lead(lead.id),
        UpdateExpression: `SET ${sets.join(', ')} REMOVE ${removes.join(', ')}`,
        ConditionExpression: conditions.join(' AND '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    };
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
            Item: leadItem(lead, touch),
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
            UpdateExpression: `SET openLeadId = :leadId, latestLeadId = :leadId, lastSeenAt = :at${
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
      if (items.length > 0) await transact(db, items);
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

    async close(lead, write) {
      const open = lead.managerId && (lead.status === 'assigned' || lead.status === 'accepted');
      const items: TransactItems = [
        ...(write.deal ? [dealPut(table, write.deal)] : []),
        closeUpdate(lead, write),
        ...(open && lead.managerId && !write.replaces
          ? [loadUpdate(table, lead.managerId, -1)]
          : []),
        ...(write.close.outcome === 'won'
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
        ...counterItems(table, write.leadCounters),
        ...dealCounterItems(table, write.month.deals),
        ...clientRevenueItems(table, write.month.clients),
      ];
      const leadIndex = write.deal ? 1 : 0;
      return transactWithMarker(items, 'closed', (codes) =>
        write.deal && codes[0] === 'ConditionalCheckFailed'
          ? 'duplicate_deal'
          : codes[leadIndex] === 'ConditionalCheckFailed'
            ? 'changed'
            : undefined,
      );
    },

    async resolveCallback(lead, resolution, at) {
      await resolve(lead, resolution, at);
    },

    async recordFirst(leadId, first, move) {
      const attribute = `${first.stage}At` as const;
      const byAttribute = `${first.stage}By` as const;
      const funnel = funnelParts(move);
      const recorded = await transact(db, [
        {
          Update: {
            TableName: table,
            Key: keys.lead(leadId),
            UpdateExpression: `SET #first = :at${first.by ? ', #by = :by' : ''}${
              funnel.set ? `, ${funnel.set}` : ''
            }${first.by ? '' : ' REMOVE #by'}`,
            ConditionExpression: [
              first.replaces === undefined
                ? 'attribute_exists(pk) AND attribute_not_exists(#first)'
                : '#first = :previous',
              ...(funnel.condition ? [funnel.condition] : []),
            ].join(' AND '),
            ExpressionAttributeNames: { '#first': attribute, '#by': byAttribute },
            ExpressionAttributeValues: {
              ':at': first.at,
              ...(first.by ? { ':by': first.by } : {}),
              ...(first.replaces === undefined ? {} : { ':previous': first.replaces }),
              ...funnel.values,
            },
          },
        },
        ...counterItems(table, first.counters),
      ]);
      return recorded ? 'recorded' : 'changed';
    },

    async recordEffective(leadId, effective, counters, move) {
      const funnel = funnelParts(move);
      const recorded = await transact(db, [
        {
          Update: {
            TableName: table,
            Key: keys.lead(leadId),
            UpdateExpression: `SET firstEffectiveAt = :at${funnel.set ? `, ${funnel.set}` : ''}`,
            ConditionExpression: [
              effective.replaces === undefined
                ? 'attribute_exists(pk) AND attribute_not_exists(firstEffectiveAt)'
                : 'firstEffectiveAt = :previous',
              ...(funnel.condition ? [funnel.condition] : []),
            ].join(' AND '),
            ExpressionAttributeValues: {
              ':at': effective.at,
              ...(effective.replaces === undefined ? {} : { ':previous': effective.replaces }),
              ...funnel.values,
            },
          },
        },
        ...counterItems(table, counters),
      ]);
      return recorded ? 'recorded' : 'changed';
    },
  };
};
