/**
 * The events switchboard announces to managers' tools. The first four are work for a manager
 * (the assignments queue's original messages); the others are what outgoing webhooks publish
 * beside them.
 */
export const LEAD_UPDATE_TYPES = ['lead.accepted', 'lead.closed'] as const;
export const CALL_EVENT_TYPES = ['call.completed', 'call.missed'] as const;

export const EVENT_TYPES = [
  'lead.assigned',
  'lead.reassigned',
  'lead.accepted',
  'lead.closed',
  'lead.touched',
  'callback.assigned',
  'call.completed',
  'call.missed',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];
