import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { bucketCounter, bucketOf } from '../domain/leads/speed';
import { dayInZone } from '../domain/time';
import type {
  Assignment,
  Fields,
  Lead,
  LeadKind,
  LeadOutcome,
  LeadSource,
  LeadStatus,
  Team,
  Touch,
  Utm,
} from '../domain/types';
import type { EventMarker, EventOutcome, LeadDetail, LeadStore } from '../ports';
import { readCounterRows } from './counter-rows';
import { counterUpdate } from './counter-update';
import { cancellationCodes, failedOnConditions, isConditionFailure } from './dynamo-errors';
import { INDEX, keys } from './keys';
import { pagedQuery } from './paged-query';

type Item = Record<string, unknown>;

const epochSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);

/** The marker condition: absent, or left over from an earlier window that has ended. */
const MARKER_FREE = 'attribute_not_exists(pk) OR expiresAt < :nowSeconds';

const optional = <T>(value: unknown): T | undefined =>
  value === undefined ? undefined : (value as T);

const toLead = (item: Item): Lead => {
  const channels = item.channels instanceof Set ? [...(item.channels as Set<string>)] : [];
  const first = String(item.firstChannel ?? channels[0] ?? '');
  return {
    id: String(item.id),
    kind: item.kind as LeadKind,
    status: item.status as LeadStatus,
    contactId: String(item.contactId),
    channels: [first, ...channels.filter((c) => c !== first).sort()].filter(Boolean),
    firstChannel: first,
    managerId: optional(item.managerId),
    createdAt: String(item.createdAt),
    assignedAt: optional(item.assignedAt),
    acceptedAt: optional(item.acceptedAt),
    closedAt: optional(item.closedAt),
    outcome: optional<LeadOutcome>(item.outcome),
    touches: Number(item.touches ?? 0),
    lastTouchAt: String(item.lastTouchAt ?? item.createdAt),
    text: optional(item.text),
    utm: optional<Utm>(item.utm),
    fields: optional<Fields>(item.fields),
    source: optional<LeadSource>(item.source),
    announcePending: item.announcePending === true ? true : undefined,
    resolution: optional<Lead['resolution']>(item.resolution),
    waitingTeam: optional<Team>(item.waitingTeam),
    waitedUntil: optional(item.waitedUntil),
    firstAttemptAt: optional(item.firstAttemptAt),
    firstContactAt: optional(item.firstContactAt),
    firstAttemptBy: optional(item.firstAttemptBy),
    firstContactBy: optional(item.firstContactBy),
    slaBreachedAt: optional(item.slaBreachedAt),
  };
};

const toTouch = (item: Item): Touch => ({
  eventId: String(item.eventId),
  channel: String(item.channel),
  at: String(item.at),
  text: optional(item.text),
  utm: optional<Utm>(item.utm),
  fields: optional<Fields>(item.fields),
  source: optional<LeadSource>(item.source),
});

const toAssignment = (item: Item): Assignment => ({
  managerId: String(item.managerId),
  at: String(item.at),
  reason: item.reason as Assignment['reason'],
  type: item.assignmentType as Assignment['type'],
});

const touchItem = (leadId: string, touch: Touch): Item => ({
  ...keys.touch(leadId, touch.at, touch.eventId),
  type: 'touch',
  ...touch,
});

const markerItem = (marker: Omit<EventMarker, 'pending'>): Item => ({
  ...keys.eventMarker(marker.eventId),
  type: 'event',
  eventId: marker.eventId,
  outcome: marker.outcome,
  pending: true,
  expiresAt: marker.expiresAt,
});

/** Two sets of counter changes added together, without the ones that cancel out. */
const sumCounts = (
  a: Readonly<Record<string, number>>,
  b: Readonly<Record<string, number>>,
): Record<string, number> => {
  const sum: Record<string, number> = { ...a };
  for (const [name, value] of Object.entries(b)) sum[name] = (sum[name] ?? 0) + value;
  return Object.fromEntries(Object.entries(sum).filter(([, value]) => value !== 0));
};

/** The speed clock of a lead: its creation, or for one that had to wait, its first offer. */
export const speedClockStart = (lead: Lead): string => lead.waitedUntil ?? lead.createdAt;

export const createDynamoLeadStore = (
  db: DynamoDBDocumentClient,
  table: string,
  timeZone: string,
): LeadStore => {
  const dayOf = (iso: string) => dayInZone(new Date(iso), timeZone);
  const totals = (day: string, add: Record<string, number>) =>
    counterUpdate(table, keys.leadCounterTotal(day), add, { day });
  const perManager = (day: string, managerId: string, add: Record<string, number>) =>
    counterUpdate(table, keys.leadCounterManager(day, managerId), add, { day, managerId });
  const load = (managerId: string, openLeads: number, lastAssignedAt?: string) =>
    counterUpdate(
      table,
      keys.managerLoad(managerId),
      { openLeads },
      { managerId, ...(lastAssignedAt ? { lastAssignedAt } : {}) },
    );

  const getLead = async (leadId: string): Promise<Lead | undefined> => {
    const { Item } = await db.send(
      new GetCommand({ TableName: table, Key: keys.lead(leadId), ConsistentRead: true }),
    );
    return Item ? toLead(Item) : undefined;
  };

  const releaseContact = async (contactId: string, leadId: string): Promise<void> => {
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
  };

  /** Runs a transaction; false when it was cancelled on its conditions only. */
  const transact = async (items: NonNullable<TransactWriteCommand['input']['TransactItems']>) => {
    try {
      await db.send(new TransactWriteCommand({ TransactItems: items }));
      return true;
    } catch (error) {
      const codes = cancellationCodes(error);
      if (codes && failedOnConditions(codes)) return false;
      throw error;
    }
  };

  /** Ends a lead: status and outcome, its manager's load, the contact's won deal. */
  const finish = async (
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
    return transact([
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
      ...(open && lead.managerId ? [load(lead.managerId, -1)] : []),
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

  return {
    async findEvent(eventId, now) {
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

    async openLead({ marker, lead, touch, now, contactIsNew }) {
      const day = dayOf(lead.createdAt);
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: table,
                  Item: markerItem(marker),
                  ConditionExpression: MARKER_FREE,
                  ExpressionAttributeValues: { ':nowSeconds': epochSeconds(now) },
                },
              },
              {
                Put: {
                  TableName: table,
                  Item: {
                    ...keys.lead(lead.id),
                    ...keys.leadsList(lead.createdAt, lead.id),
                    type: 'lead',
                    ...lead,
                    channels: new Set(lead.channels),
                  },
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
                    totals(day, {
                      leads: 1,
                      [`ch_${lead.firstChannel}`]: 1,
                      [contactIsNew ? 'newContacts' : 'returningContacts']: 1,
                    }),
                  ]
                : [totals(day, { callbackTasks: 1 })]),
            ],
          }),
        );
        return 'created';
      } catch (error) {
        const codes = cancellationCodes(error);
        if (!codes || !failedOnConditions(codes)) throw error;
        if (codes[0] === 'ConditionalCheckFailed') return 'duplicate_event';
        if (codes[3] === 'ConditionalCheckFailed') return 'contact_has_open_lead';
        throw error;
      }
    },

    async addTouch({ marker, leadId, touch, now, crossChannel, counted = true }) {
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: table,
                  Item: markerItem(marker),
                  ConditionExpression: MARKER_FREE,
                  ExpressionAttributeValues: { ':nowSeconds': epochSeconds(now) },
                },
              },
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
              ...(counted
                ? [
                    totals(dayOf(touch.at), {
                      touches: 1,
                      dupOpenLead: 1,
                      ...(crossChannel ? { dupCrossChannel: 1 } : {}),
                    }),
                  ]
                : []),
            ],
          }),
        );
        return 'touched';
      } catch (error) {
        const codes = cancellationCodes(error);
        if (!codes || !failedOnConditions(codes)) throw error;
        if (codes[0] === 'ConditionalCheckFailed') return 'duplicate_event';
        return 'lead_not_open';
      }
    },

    async countDuplicate(day, reason) {
      const name =
        reason === 'same_event'
          ? 'dupSameEvent'
          : reason === 'open_lead'
            ? 'dupOpenLead'
            : 'dupCrossChannel';
      await db.send(new TransactWriteCommand({ TransactItems: [totals(day, { [name]: 1 })] }));
    },

    async completeEvent(eventId) {
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: keys.eventMarker(eventId),
          UpdateExpression: 'SET pending = :false',
          ExpressionAttributeValues: { ':false': false },
        }),
      );
    },

    releaseContact,

    get: getLead,

    async resolveCallback(leadId, resolution, at) {
      const lead = await getLead(leadId);
      if (!lead || lead.status === 'closed') return;
      await finish(lead, { resolution, closedAt: at }, {}, false);
    },

    async assign(lead, assignment) {
      const leadId = lead.id;
      const assigned = await transact([
        {
          Update: {
            TableName: table,
            Key: keys.lead(leadId),
            UpdateExpression:
              'SET #status = :assigned, managerId = :managerId, assignedAt = :at, ' +
              `announcePending = :true, gsi2pk = :gsi2pk, gsi2sk = :gsi2sk${
                lead.waitingTeam ? ', waitedUntil = if_not_exists(waitedUntil, :at)' : ''
              } REMOVE waitingTeam`,
            ConditionExpression: '#status = :new',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':assigned': 'assigned',
              ':new': 'new',
              ':managerId': assignment.managerId,
              ':at': assignment.at,
              ':true': true,
              ...prefixed(keys.managerLeads(assignment.managerId, lead.createdAt, leadId)),
            },
          },
        },
        {
          Put: {
            TableName: table,
            Item: {
              ...keys.assignment(leadId, assignment.at),
              type: 'assignment',
              managerId: assignment.managerId,
              at: assignment.at,
              reason: assignment.reason,
              assignmentType: assignment.type,
            },
          },
        },
        {
          // The first manager a contact is given becomes its owner (sticky routing).
          Update: {
            TableName: table,
            Key: keys.contact(lead.contactId),
            UpdateExpression: 'SET ownerId = if_not_exists(ownerId, :managerId)',
            ExpressionAttributeValues: { ':managerId': assignment.managerId },
          },
        },
        load(assignment.managerId, 1, assignment.at),
      ]);
      return assigned ? 'assigned' : 'not_new';
    },

    async reassign(leadId, from, to) {
      const lead = await getLead(leadId);
      if (!lead || lead.managerId === to.managerId) return 'changed';
      const day = dayOf(lead.createdAt);
      const moved = await transact([
        {
          Update: {
            TableName: table,
            Key: keys.lead(leadId),
            UpdateExpression:
              'SET managerId = :to, assignedAt = :at, announcePending = :true, ' +
              'gsi2pk = :gsi2pk, gsi2sk = :gsi2sk',
            ConditionExpression:
              '#status = :assigned AND managerId = :from AND assignedAt = :fromAt',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':assigned': 'assigned',
              ':from': from.managerId,
              ':fromAt': from.assignedAt,
              ':to': to.managerId,
              ':at': to.at,
              ':true': true,
              ...prefixed(keys.managerLeads(to.managerId, lead.createdAt, leadId)),
            },
          },
        },
        {
          Put: {
            TableName: table,
            Item: {
              ...keys.assignment(leadId, to.at),
              type: 'assignment',
              managerId: to.managerId,
              at: to.at,
              reason: to.reason,
              assignmentType: 'reassigned',
            },
          },
        },
        load(from.managerId, -1),
        load(to.managerId, 1, to.at),
        totals(day, { reassigned: 1, offersNotAnswered: 1 }),
        perManager(day, from.managerId, { offersNotAnswered: 1 }),
      ]);
      return moved ? 'reassigned' : 'changed';
    },

    async markSlaBreach(leadId, assignedAt) {
      const lead = await getLead(leadId);
      if (!lead?.managerId || lead.assignedAt !== assignedAt) return;
      const day = dayOf(lead.createdAt);
      await transact([
        {
          Update: {
            TableName: table,
            Key: keys.lead(leadId),
            UpdateExpression:
              'SET slaBreachedAt = if_not_exists(slaBreachedAt, :at), slaBreachedFor = :at',
            ConditionExpression:
              '#status = :assigned AND assignedAt = :at AND (attribute_not_exists(slaBreachedFor) OR slaBreachedFor <> :at)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':assigned': 'assigned', ':at': assignedAt },
          },
        },
        totals(day, { slaBreaches: 1, offersNotAnswered: 1 }),
        perManager(day, lead.managerId, { offersNotAnswered: 1 }),
      ]);
    },

    async markWaiting(leadId, team) {
      const lead = await getLead(leadId);
      if (lead?.status !== 'new' || lead.waitingTeam === team) return;
      await transact([
        {
          Update: {
            TableName: table,
            Key: keys.lead(leadId),
            UpdateExpression: 'SET waitingTeam = :team, gsi2pk = :gsi2pk, gsi2sk = :gsi2sk',
            ConditionExpression: '#status = :new',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':team': team,
              ':new': 'new',
              ...prefixed(keys.waitingLeads(team, lead.createdAt, leadId)),
            },
          },
        },
      ]);
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

    async markAnnounced(leadId, assignedAt) {
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: keys.lead(leadId),
            UpdateExpression: 'REMOVE announcePending',
            ConditionExpression: 'assignedAt = :assignedAt',
            ExpressionAttributeValues: { ':assignedAt': assignedAt },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error; // reassigned since: the new one announces
      }
    },

    async accept(lead, at) {
      if (!lead.managerId || !lead.assignedAt) return 'changed';
      const day = dayOf(lead.createdAt);
      const seconds = Math.max(0, (Date.parse(at) - Date.parse(speedClockStart(lead))) / 1000);
      const bucket = { [bucketCounter('accept', bucketOf(seconds))]: 1, accepted: 1 };
      const accepted = await transact([
        {
          Update: {
            TableName: table,
            Key: keys.lead(lead.id),
            UpdateExpression: 'SET #status = :accepted, acceptedAt = :at',
            ConditionExpression:
              '#status = :assigned AND managerId = :managerId AND assignedAt = :assignedAt',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':accepted': 'accepted',
              ':assigned': 'assigned',
              ':managerId': lead.managerId,
              ':assignedAt': lead.assignedAt,
              ':at': at,
            },
          },
        },
        totals(day, bucket),
        perManager(day, lead.managerId, bucket),
      ]);
      return accepted ? 'accepted' : 'changed';
    },

    async close(leadId, outcome, at, managerId) {
      const lead = await getLead(leadId);
      if (!lead) return 'not_found';
      if (lead.status === 'closed') return 'already_closed';
      if (managerId && lead.managerId !== managerId) return 'not_assigned_to_manager';
      const closed = await finish(
        lead,
        { outcome, closedAt: at },
        { managerId },
        outcome === 'won',
      );
      if (!closed) return 'already_closed';
      await releaseContact(lead.contactId, leadId);
      return 'closed';
    },

    async recordFirst(lead, stage, at) {
      // The earliest wins whatever order calls arrive in (calls are processed in parallel, and
      // providers deliver late): a later first replaces the bucket it had counted.
      const attribute = `${stage}At` as const;
      const byAttribute = `${stage}By` as const;
      const day = dayOf(lead.createdAt);
      let current: Lead | undefined = lead;
      for (let attempt = 0; current && attempt < 5; attempt++) {
        const seconds = (Date.parse(at) - Date.parse(speedClockStart(current))) / 1000;
        if (seconds < 0) return; // before the lead existed: not a response to it
        const previous = current[attribute];
        if (previous !== undefined && previous <= at) return;
        const previousBy = current[byAttribute];
        const manager = current.managerId;
        const added = { [bucketCounter(stage, bucketOf(seconds))]: 1 };
        const removed =
          previous === undefined
            ? {}
            : {
                [bucketCounter(
                  stage,
                  bucketOf((Date.parse(previous) - Date.parse(speedClockStart(current))) / 1000),
                )]: -1,
              };
        const rows = new Map<string, Record<string, number>>();
        if (manager) rows.set(manager, added);
        if (previousBy && previous !== undefined) {
          rows.set(previousBy, sumCounts(rows.get(previousBy) ?? {}, removed));
        }
        const total = sumCounts(added, removed);
        const done = await transact([
          {
            Update: {
              TableName: table,
              Key: keys.lead(current.id),
              UpdateExpression: manager
                ? 'SET #first = :at, #by = :by'
                : 'SET #first = :at REMOVE #by',
              ConditionExpression:
                previous === undefined
                  ? 'attribute_exists(pk) AND attribute_not_exists(#first)'
                  : '#first = :previous',
              ExpressionAttributeNames: { '#first': attribute, '#by': byAttribute },
              ExpressionAttributeValues: {
                ':at': at,
                ...(manager ? { ':by': manager } : {}),
                ...(previous === undefined ? {} : { ':previous': previous }),
              },
            },
          },
          ...(Object.keys(total).length > 0 ? [totals(day, total)] : []),
          ...[...rows]
            .filter(([, counts]) => Object.keys(counts).length > 0)
            .map(([managerId, counts]) => perManager(day, managerId, counts)),
        ]);
        if (done) return;
        current = await getLead(current.id); // another call got there first: compare again
      }
      // Still racing after five rounds: fail the record, so SQS brings it back later.
      if (current) throw new Error(`speed to lead of lead ${lead.id}: too many concurrent updates`);
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
  };
};

const prefixed = (values: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [`:${k}`, v]));
