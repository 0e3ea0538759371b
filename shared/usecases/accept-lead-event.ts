import { duplicateCounts, openedCounts, touchedCounts } from '../domain/leads/counters';
import type { LeadEvent } from '../domain/messages';
import type { Contact, Lead, TouchContact } from '../domain/types';
import { logger } from '../logger';
import type { EventOutcome } from '../ports';
import { assignLead } from './assign-lead';
import { contactSummary } from './contact-summary';
import type { LeadDeps } from './lead-deps';
import { resolveContact } from './resolve-contact';

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
 * Turns an inbound lead event into a new lead or a touch on the contact's open lead, exactly
 * once. The event marker is written in the same transaction as the lead or the touch, so a
 * redelivered message finds it and only completes the follow-ups (assignment, announcement)
 * that an earlier attempt may have left undone.
 */
export const acceptLeadEvent = async (
  deps: LeadDeps,
  event: LeadEvent,
): Promise<LeadEventResult> => {
  const now = deps.now();
  const seen = await deps.leadEvents.find(event.eventId, now);
  if (seen) {
    if (seen.pending) await followUp(deps, event, seen.outcome);
    else {
      await deps.leadWrites.addCounts(
        duplicateCounts(now.toISOString(), 'same_event', deps.timeZone),
      );
    }
    return 'duplicate';
  }

  const expiresAt = Math.floor(Date.parse(event.receivedAt) / 1000) + event.dedupeWindowSeconds;
  const touch = {
    eventId: event.eventId,
    channel: event.channel,
    at: event.receivedAt,
    text: event.text,
    utm: event.utm,
    fields: event.fields,
    source: event.source,
    contact: touchContact(event.contact),
  };

  for (let attempt = 0; attempt < 5; attempt++) {
    const contact = await resolveContact(deps, event.contact, event.receivedAt);

    if (contact.openLeadId) {
      const outcome: EventOutcome = { type: 'lead_touched', leadId: contact.openLeadId };
      const open = await deps.leads.get(contact.openLeadId);
      const crossChannel = open !== undefined && !open.channels.includes(event.channel);
      const result = await deps.leadWrites.addTouch({
        marker: { eventId: event.eventId, outcome, expiresAt },
        leadId: contact.openLeadId,
        touch,
        now,
        counters: touchedCounts(touch.at, crossChannel, deps.timeZone),
      });
      if (result === 'touched') {
        logger.info('lead touched', { leadId: outcome.leadId, channel: event.channel });
        await followUp(deps, event, outcome, { lead: open, contact });
        return 'touched';
      }
      if (result === 'duplicate_event') return acceptLeadEvent(deps, event);
      await deps.leadWrites.releaseContact(contact.id, contact.openLeadId); // closed meanwhile
      continue;
    }

    const leadId = deps.newId();
    const outcome: EventOutcome = { type: 'lead_created', leadId };
    const lead: Lead = {
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
    // The contact is new when this very event created it (on this or an interrupted attempt).
    const contactIsNew = contact.createdAt === event.receivedAt;
    const result = await deps.leadWrites.openLead({
      marker: { eventId: event.eventId, outcome, expiresAt },
      lead,
      touch,
      now,
      counters: openedCounts(lead, contactIsNew, deps.timeZone),
    });
    if (result === 'created') {
      logger.info('lead created', { leadId, contactId: contact.id, channel: event.channel });
      await followUp(deps, event, outcome, { lead, contact });
      return 'created';
    }
    if (result === 'duplicate_event') return acceptLeadEvent(deps, event);
    // contact_has_open_lead: another event opened one meanwhile; go round and touch it.
  }
  throw new LeadContentionError();
};

/** Assignment or the touch's announcement; `known` spares reading back what was just written. */
const followUp = async (
  deps: LeadDeps,
  event: LeadEvent,
  outcome: EventOutcome,
  known: { readonly lead?: Lead | undefined; readonly contact?: Contact } = {},
) => {
  if (outcome.type === 'lead_created') {
    await assignLead(deps, outcome.leadId, {
      ...(known.lead ? { lead: known.lead } : {}),
      ...(known.contact ? { contact: known.contact } : {}),
    });
  } else {
    const lead =
      known.lead?.id === outcome.leadId ? known.lead : await deps.leads.get(outcome.leadId);
    if (lead?.managerId && lead.status !== 'closed') {
      const contact =
        known.contact?.id === lead.contactId
          ? known.contact
          : await deps.contacts.get(lead.contactId);
      if (contact) {
        await deps.assignments.publish({
          type: 'lead.touched',
          leadId: lead.id,
          managerId: lead.managerId,
          contact: contactSummary(contact),
          channel: event.channel,
          at: event.receivedAt,
        });
      }
    }
  }
  await deps.leadEvents.complete(event.eventId);
};
