import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type {
  Assignment,
  Fields,
  Lead,
  LeadKind,
  LeadOutcome,
  LeadSource,
  LeadStatus,
  Touch,
  Utm,
} from '../domain/types';
import type { EventMarker, EventOutcome, LeadDetail, LeadStore } from '../ports';
import { cancellationCodes, failedOnConditions, isConditionFailure } from './dynamo-errors';
import { INDEX, keys } from './keys';
import { pagedQuery } from './paged-query';

type Item = Record<string, unknown>;

const epochSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);

/** The marker condition: absent, or left over from an earlier window that has ended. */
const MARKER_FREE = 'attribute_not_exists(pk) OR expiresAt < :nowSeconds';

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
    managerId: item.managerId as string | undefined,
    createdAt: String(item.createdAt),
    assignedAt: item.assignedAt as string | undefined,
    acceptedAt: item.acceptedAt as string | undefined,
    closedAt: item.closedAt as string | undefined,
    outcome: item.outcome as LeadOutcome | undefined,
    touches: Number(item.touches ?? 0),
    lastTouchAt: String(item.lastTouchAt ?? item.createdAt),
    text: item.text as string | undefined,
    utm: item.utm as Utm | undefined,
    fields: item.fields as Fields | undefined,
    source: item.source as LeadSource | undefined,
    announcePending: item.announcePending === true ? true : undefined,
    resolution: item.resolution as Lead['resolution'],
  };
};

const toTouch = (item: Item): Touch => ({
  eventId: String(item.eventId),
  channel: String(item.channel),
  at: String(item.at),
  text: item.text as string | undefined,
  utm: item.utm as Utm | undefined,
  fields: item.fields as Fields | undefined,
  source: item.source as LeadSource | undefined,
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

export const createDynamoLeadStore = (db: DynamoDBDocumentClient, table: string): LeadStore => {
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

    async openLead({ marker, lead, touch, now }) {
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
                  ]
                : []),
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

    async addTouch({ marker, leadId, touch, now }) {
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
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: keys.lead(leadId),
            UpdateExpression: 'SET #status = :closed, resolution = :resolution, closedAt = :at',
            ConditionExpression: 'attribute_exists(pk) AND #status <> :closed',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':closed': 'closed',
              ':resolution': resolution,
              ':at': at,
            },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error; // closed already
      }
    },

    async assign(leadId, assignment) {
      const lead = await getLead(leadId);
      if (!lead) return 'not_new';
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: table,
                  Key: keys.lead(leadId),
                  UpdateExpression:
                    'SET #status = :assigned, managerId = :managerId, assignedAt = :at, ' +
                    'announcePending = :true, gsi2pk = :gsi2pk, gsi2sk = :gsi2sk',
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
            ],
          }),
        );
        return 'assigned';
      } catch (error) {
        const codes = cancellationCodes(error);
        if (codes && failedOnConditions(codes)) return 'not_new';
        throw error;
      }
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

    async accept(leadId, managerId, at) {
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: keys.lead(leadId),
            UpdateExpression: 'SET #status = :accepted, acceptedAt = :at',
            ConditionExpression: '#status = :assigned AND managerId = :managerId',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':accepted': 'accepted',
              ':assigned': 'assigned',
              ':managerId': managerId,
              ':at': at,
            },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        return 'accepted';
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        return error.Item ? 'not_assigned_to_manager' : 'not_found';
      }
    },

    async close(leadId, outcome, at, managerId) {
      try {
        await db
          .send(
            new UpdateCommand({
              TableName: table,
              Key: keys.lead(leadId),
              UpdateExpression: 'SET #status = :closed, outcome = :outcome, closedAt = :at',
              ConditionExpression: `attribute_exists(pk) AND #status <> :closed${
                managerId ? ' AND managerId = :managerId' : ''
              }`,
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':closed': 'closed',
                ':outcome': outcome,
                ':at': at,
                ...(managerId ? { ':managerId': managerId } : {}),
              },
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              ReturnValues: 'ALL_NEW',
            }),
          )
          .then(async ({ Attributes }) => {
            if (Attributes) await releaseContact(String(Attributes.contactId), leadId);
          });
        return 'closed';
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        if (!error.Item) return 'not_found';
        if (error.Item.status?.S === 'closed') return 'already_closed';
        return 'not_assigned_to_manager';
      }
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
  };
};

const prefixed = (values: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [`:${k}`, v]));
