import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { LeadCounterDelta } from '../../domain/leads/counters';
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
  TouchContact,
  Utm,
} from '../../domain/types';
import type { FunnelMove, NewEventMarker } from '../../ports';
import { counterRowChanges } from '../counter-rows';
import { counterUpdate } from '../counter-update';
import { cancellationCodes, failedOnConditions, isConditionFailure } from '../dynamo-errors';
import { keys } from '../keys';

// How leads, touches, assignments and event markers look as items, both ways.

export type Item = Record<string, unknown>;
export type TransactItems = NonNullable<TransactWriteCommand['input']['TransactItems']>;

export const epochSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);

const optional = <T>(value: unknown): T | undefined =>
  value === undefined ? undefined : (value as T);

/** The lead's item: its list keys, the waiting line's while it waits, and its first touch. */
export const toLead = (item: Item): Lead => {
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
    assignReason: optional(item.assignReason),
    assignType: optional(item.assignType),
    acceptedAt: optional(item.acceptedAt),
    closedAt: optional(item.closedAt),
    outcome: optional<LeadOutcome>(item.outcome),
    amountMinor: optional<number>(item.amountMinor),
    currency: optional(item.currency),
    reason: optional(item.reason),
    dealId: optional(item.dealId),
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
    firstEffectiveAt: optional(item.firstEffectiveAt),
    slaBreachedAt: optional(item.slaBreachedAt),
    funnelStage: item.funnelStage === undefined ? undefined : Number(item.funnelStage),
  };
};

export const toTouch = (item: Item): Touch => ({
  eventId: String(item.eventId),
  channel: String(item.channel),
  at: String(item.at),
  text: optional(item.text),
  utm: optional<Utm>(item.utm),
  fields: optional<Fields>(item.fields),
  source: optional<LeadSource>(item.source),
  contact: optional<TouchContact>(item.contact),
});

export const toAssignment = (item: Item): Assignment => ({
  managerId: String(item.managerId),
  at: String(item.at),
  reason: item.reason as Assignment['reason'],
  type: item.assignmentType as Assignment['type'],
});

/**
 * A lead as an item: in the list of every lead (whose index projects its managerId: a manager's
 * leads are that list narrowed), in its team's waiting line while it waits, with the event that
 * opened it (its first touch is the lead itself: text, utm, fields and source are the lead's).
 */
export const leadItem = (lead: Lead, first?: Pick<Touch, 'eventId' | 'contact'>): Item => ({
  ...keys.lead(lead.id),
  ...keys.leadsList(lead.createdAt, lead.id),
  ...(lead.waitingTeam ? keys.waitingLeads(lead.waitingTeam, lead.createdAt, lead.id) : {}),
  type: 'lead',
  ...lead,
  channels: new Set(lead.channels),
  ...(first ? { firstEventId: first.eventId } : {}),
  // What the first event said of the person (the contact may be enriched later).
  ...(first?.contact ? { firstContact: first.contact } : {}),
});

/** The touch a lead item carries as its first (written with the lead, no item of its own). */
export const firstTouchOf = (item: Item): Touch | undefined =>
  typeof item.firstEventId === 'string'
    ? toTouch({
        ...item,
        eventId: item.firstEventId,
        channel: item.firstChannel,
        at: item.createdAt,
        contact: item.firstContact,
      })
    : undefined;

/** The offer a lead item holds now (earlier ones are items of their own: assignmentItem). */
export const currentAssignmentOf = (lead: Lead): Assignment | undefined =>
  lead.managerId && lead.assignedAt && lead.assignReason
    ? {
        managerId: lead.managerId,
        at: lead.assignedAt,
        reason: lead.assignReason,
        type: lead.assignType ?? 'assigned',
      }
    : undefined;

export const touchItem = (leadId: string, touch: Touch): Item => ({
  ...keys.touch(leadId, touch.at, touch.eventId),
  type: 'touch',
  ...touch,
});

export const assignmentItem = (leadId: string, assignment: Assignment): Item => ({
  ...keys.assignment(leadId, assignment.at),
  type: 'assignment',
  managerId: assignment.managerId,
  at: assignment.at,
  reason: assignment.reason,
  assignmentType: assignment.type,
});

/** The marker condition: absent, or left over from an earlier window that has ended. */
const MARKER_FREE = 'attribute_not_exists(pk) OR expiresAt < :nowSeconds';

/** A new event marker, put only where none is live. */
export const putMarker = (table: string, marker: NewEventMarker, now: Date) => ({
  Put: {
    TableName: table,
    Item: {
      ...keys.eventMarker(marker.eventId),
      type: 'event',
      eventId: marker.eventId,
      outcome: marker.outcome,
      receivedAt: marker.receivedAt,
      expiresAt: marker.expiresAt,
    },
    ConditionExpression: MARKER_FREE,
    ExpressionAttributeValues: { ':nowSeconds': epochSeconds(now) },
  },
});

/**
 * A day's lead counter changes as updates of its rows: each manager's own, with what only the
 * company's total counts as shares in one of them (or in the day's unassigned row).
 */
export const counterItems = (table: string, delta: LeadCounterDelta | undefined) => {
  if (!delta) return [];
  const { day } = delta;
  return counterRowChanges(delta.total, delta.managers ?? {}).map(({ managerId, values }) =>
    managerId === undefined
      ? counterUpdate(table, keys.leadCounterUnassigned(day), values, { day })
      : counterUpdate(table, keys.leadCounterManager(day, managerId), values, { day, managerId }),
  );
};

/**
 * A funnel move as parts of the lead's update: the new stage, and the condition that the lead
 * is still at the stage the move was decided from.
 */
export const funnelParts = (funnel: FunnelMove | undefined) =>
  funnel
    ? {
        set: 'funnelStage = :funnelTo',
        condition: 'funnelStage = :funnelFrom',
        values: { ':funnelTo': funnel.to, ':funnelFrom': funnel.from },
      }
    : { set: undefined, condition: undefined, values: {} };

/** A manager's open leads (and the time of their last assignment). */
export const loadUpdate = (
  table: string,
  managerId: string,
  openLeads: number,
  lastAssignedAt?: string,
) =>
  counterUpdate(
    table,
    keys.managerLoad(managerId),
    { openLeads },
    { managerId, ...(lastAssignedAt ? { lastAssignedAt } : {}) },
  );

/** Key attributes as expression values (:gsi2pk, :gsi2sk). */
export const prefixed = (values: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [`:${k}`, v]));

/**
 * One write of a transaction's shape, sent on its own: a single item needs no transaction, and
 * a transaction bills every item twice. Undefined for a lone condition check.
 */
const singleWrite = ([item]: TransactItems) => {
  if (item?.Update) return new UpdateCommand(item.Update);
  if (item?.Put) return new PutCommand(item.Put);
  if (item?.Delete) return new DeleteCommand(item.Delete);
  return undefined;
};

/**
 * Runs a transaction (one item: a plain conditional write, at half the units); false when it
 * was cancelled on its conditions only (someone else changed the item first), throws on
 * anything else (throttling, outage: SQS retries the record).
 */
export const transact = async (
  db: DynamoDBDocumentClient,
  items: TransactItems,
): Promise<boolean> => {
  const single = items.length === 1 ? singleWrite(items) : undefined;
  try {
    if (single) await db.send(single as UpdateCommand);
    else await db.send(new TransactWriteCommand({ TransactItems: items }));
    return true;
  } catch (error) {
    if (single) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
    const codes = cancellationCodes(error);
    if (codes && failedOnConditions(codes)) return false;
    throw error;
  }
};
