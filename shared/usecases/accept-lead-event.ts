import { nameBasedId, touchKey } from '../crypto';
import {
  addDeltas,
  assignedCounts,
  duplicateCounts,
  openedCounts,
  touchedCounts,
} from '../domain/leads/counters';
import type { LeadEvent } from '../domain/messages';
import type { Contact, Lead, Touch, TouchContact } from '../domain/types';
import { logger } from '../logger';
import type { EventMarker, EventOutcome } from '../ports';
import { followUpNewLead, routeNewLead } from './assign-lead';
import { contactSummary } from './contact-summary';
import type { LeadDeps } from './lead-deps';
import { lookUpIdentities, resolveContact } from './resolve-contact';

/** What the event said of the person (undefined when it said nothing but a messenger id). */
const touchContact = ({ name, phone, email }: LeadEvent['contact']): TouchContact | undefined =>
  name || phone || email
    ? { ...(name ? { name } : {}), ...(phone ? { phone } : {}), ...(email ? { email } : {}) }
    : undefined;

export type LeadEventResult = 'created' | 'touched' | 'duplicate';

export class LeadContentionError extends Error {
  // No event id in the message: errors are logged, and WhatsApp message ids hold the phone.
  constructor() {
    super('A lead event kept racing with concurrent updates; it is retried');
    this.name = 'LeadContentionError';
  }
}

/**
 * The id of the lead an event opens: the same for every delivery of the same message (so a
 * retry finds what an earlier try wrote), another for the same event id sent again later.
 */
export const leadIdOf = (event: Pick<LeadEvent, 'eventId' | 'receivedAt'>): string =>
  nameBasedId('lead', event.eventId, event.receivedAt);

/**
 * Turns an inbound lead event into a new lead or a touch on the contact's open lead, exactly
 * once. A new lead is written as routing decided it (offered to a manager, or waiting for its
 * team); then one transaction counts it: the event's marker, the day's counters and the
 * manager's load. What would count twice if repeated is only ever written there, so every step
 * before it can be taken again, and a message delivered again finds either the lead it wrote
 * (and goes on from there) or the marker (and only sends the follow-ups again: announcement,
 * accept deadline, which are safe to repeat). The same event id in another message, within its
 * window, is a duplicate.
 */
export const acceptLeadEvent = async (
  deps: LeadDeps,
  event: LeadEvent,
): Promise<LeadEventResult> => {
  const now = deps.now();
  // The person's identities are read beside the event's marker (one round trip, not two); the
  // read is wasted only when the event was seen before.
  const lookedUp = lookUpIdentities(deps, event.contact);
  lookedUp.catch(() => {}); // awaited below, unless the marker answers first
  const seen = await deps.leadEvents.find(event.eventId, now);
  if (seen) return repeated(deps, event, seen, now);

  const marker = (outcome: EventOutcome): EventMarker => ({
    eventId: event.eventId,
    outcome,
    receivedAt: event.receivedAt,
    expiresAt: Math.floor(Date.parse(event.receivedAt) / 1000) + event.dedupeWindowSeconds,
  });
  const touch: Touch = {
    eventId: event.eventId,
    channel: event.channel,
    at: event.receivedAt,
    text: event.text,
    utm: event.utm,
    fields: event.fields,
    source: event.source,
    contact: touchContact(event.contact),
  };
  const leadId = leadIdOf(event);

  for (let attempt = 0; attempt < 5; attempt++) {
    const { contact, saved } = await resolveContact(
      deps,
      event.contact,
      event.receivedAt,
      attempt === 0 ? lookedUp : undefined,
    );
    const openId = contact.openLeadId;

    if (openId && openId !== leadId) {
      const open = await deps.leads.get(openId);
      if (!open) {
        await deps.leadWrites.releaseContact(contact.id, openId); // a lead that is gone
        continue;
      }
      const outcome: EventOutcome = { type: 'lead_touched', leadId: openId };
      const result = await deps.leadWrites.addTouch({
        marker: marker(outcome),
        leadId: openId,
        touch,
        now,
        counters: touchedCounts(touch.at, !open.channels.includes(event.channel), deps.timeZone),
      });
      if (result === 'touched') {
        logger.info('lead touched', { leadId: openId, channel: event.channel });
        await announceTouch(deps, open, contact, event);
        return 'touched';
      }
      if (result === 'duplicate_event') return acceptLeadEvent(deps, event);
      await deps.leadWrites.releaseContact(contact.id, openId); // closed meanwhile
      continue;
    }

    // A new lead, or the one an earlier try of this message began.
    const lead =
      (openId === leadId ? await deps.leads.get(leadId) : undefined) ??
      (await openLead(deps, event, leadId, contact, saved, touch));
    if (!lead) continue; // another event's lead took the contact first: a touch on it

    // The contact is new when this very event created it (on this or an interrupted attempt).
    const contactIsNew = contact.createdAt === event.receivedAt;
    const counted = await deps.leadWrites.countOpened({
      marker: marker({ type: 'lead_created', leadId }),
      now,
      // Routed as it opened: it joins its first manager's leads of the day in the same count.
      counters: addDeltas(
        openedCounts(lead, contactIsNew, deps.timeZone),
        lead.managerId ? assignedCounts(lead, lead.managerId, deps.timeZone) : undefined,
      ),
      assigned:
        lead.status === 'assigned' && lead.managerId && lead.assignedAt
          ? { managerId: lead.managerId, at: lead.assignedAt }
          : undefined,
    });
    if (counted === 'duplicate_event') return acceptLeadEvent(deps, event);
    logger.info('lead created', { leadId, contactId: contact.id, channel: event.channel });
    await followUpNewLead(deps, lead, contact, 'lead.assigned');
    return 'created';
  }
  throw new LeadContentionError();
};

/**
 * Routes and writes the event's lead, then points the contact at it (a new contact is written
 * with the pointer and its owner): a contact only ever points at a lead that exists. Undefined
 * when another lead took the contact first: this one is removed (never counted nor announced).
 */
const openLead = async (
  deps: LeadDeps,
  event: LeadEvent,
  leadId: string,
  contact: Contact,
  saved: boolean,
  touch: Touch,
): Promise<Lead | undefined> => {
  const draft: Lead = {
    id: leadId,
    kind: 'inquiry',
    status: 'new',
    contactId: contact.id,
    channels: [event.channel],
    firstChannel: event.channel,
    createdAt: event.receivedAt,
    touches: 1,
    lastTouchAt: event.receivedAt,
    text: event.text,
    utm: event.utm,
    fields: event.fields,
    source: event.source,
    funnelStage: 0, // it enters the funnel (FUNNEL_STAGES[0], leads) as it is opened
  };
  const routed = await routeNewLead(deps, draft, contact);
  const lead =
    (await deps.leadWrites.openLead({ lead: routed, touch })) === 'created'
      ? routed
      : ((await deps.leads.get(leadId)) ?? routed); // an earlier try of this message wrote it
  const written =
    !saved &&
    (await deps.contacts.put({
      ...contact,
      openLeadId: leadId,
      latestLeadId: leadId,
      ownerId: contact.ownerId ?? lead.managerId,
    })) === 'created';
  if (!written) {
    // An existing contact, or a new one another event of the same person wrote first.
    const claim = await deps.leadWrites.claimContact(contact.id, leadId, {
      seenAt: event.receivedAt,
      ...(lead.managerId ? { ownerId: lead.managerId } : {}),
    });
    if (claim === 'taken') {
      await deps.leadWrites.dropLead(leadId);
      return undefined;
    }
  }
  return lead;
};

/**
 * The event was handled before: the same message again (a retry after a failure) sends its
 * follow-ups again; the same event in another message is a duplicate, counted as one.
 */
const repeated = async (
  deps: LeadDeps,
  event: LeadEvent,
  seen: EventMarker,
  now: Date,
): Promise<LeadEventResult> => {
  if (seen.receivedAt !== event.receivedAt) {
    await deps.leadWrites.addCounts(
      duplicateCounts(now.toISOString(), 'same_event', deps.timeZone),
    );
    return 'duplicate';
  }
  const lead = await deps.leads.get(seen.outcome.leadId);
  if (!lead) return 'duplicate';
  const contact = await deps.contacts.get(lead.contactId);
  if (seen.outcome.type === 'lead_created') {
    await followUpNewLead(deps, lead, contact, 'lead.assigned');
  } else if (contact) {
    await announceTouch(deps, lead, contact, event);
  }
  return 'duplicate';
};

/** A touch on a lead a manager has (and has not closed) goes to that manager. */
const announceTouch = async (deps: LeadDeps, lead: Lead, contact: Contact, event: LeadEvent) => {
  if (!lead.managerId || lead.status === 'closed') return;
  await deps.assignments.publish({
    type: 'lead.touched',
    leadId: lead.id,
    managerId: lead.managerId,
    contact: contactSummary(contact),
    channel: event.channel,
    at: event.receivedAt,
    touch: touchKey(event.eventId),
  });
};
