import { fromMinor } from '../../domain/deals/money';
import type { Contact, Lead } from '../../domain/types';
import type { LeadDetail } from '../../ports';
import type { LeadDetailView, LeadView } from './lead-schemas';

export type { LeadDetailView, LeadView };

/** While a lead waits to be accepted: when its offer runs out (assignedAt + the timeout). */
const acceptBy = (lead: Lead, acceptTimeoutSeconds: number): { acceptBy?: string } =>
  lead.status === 'assigned' && lead.assignedAt
    ? {
        acceptBy: new Date(Date.parse(lead.assignedAt) + acceptTimeoutSeconds * 1000).toISOString(),
      }
    : {};

/** A lead as the API shows it, with its contact joined in. */
export const toLeadView = (
  lead: Lead,
  contact: Contact | undefined,
  acceptTimeoutSeconds: number,
): LeadView => ({
  id: lead.id,
  kind: lead.kind,
  status: lead.status,
  contact: contact
    ? {
        id: contact.id,
        ...(contact.name ? { name: contact.name } : {}),
        ...(contact.phones[0] ? { phone: contact.phones[0] } : {}),
        ...(contact.emails[0] ? { email: contact.emails[0] } : {}),
        phones: [...contact.phones],
        emails: [...contact.emails],
        ...(contact.messengers.length > 0
          ? { messengers: contact.messengers.map((m) => ({ ...m })) }
          : {}),
        ...(contact.ownerId ? { ownerId: contact.ownerId } : {}),
      }
    : { id: lead.contactId, phones: [], emails: [] },
  channels: [...lead.channels],
  ...(lead.managerId ? { managerId: lead.managerId } : {}),
  createdAt: lead.createdAt,
  ...(lead.assignedAt ? { assignedAt: lead.assignedAt } : {}),
  ...acceptBy(lead, acceptTimeoutSeconds),
  ...(lead.acceptedAt ? { acceptedAt: lead.acceptedAt } : {}),
  ...(lead.firstAttemptAt ? { firstAttemptAt: lead.firstAttemptAt } : {}),
  ...(lead.firstContactAt ? { firstContactAt: lead.firstContactAt } : {}),
  ...(lead.firstEffectiveAt ? { firstEffectiveAt: lead.firstEffectiveAt } : {}),
  ...(lead.closedAt ? { closedAt: lead.closedAt } : {}),
  ...(lead.outcome ? { outcome: lead.outcome } : {}),
  ...(lead.amountMinor !== undefined ? { amount: fromMinor(lead.amountMinor) } : {}),
  ...(lead.currency ? { currency: lead.currency } : {}),
  ...(lead.reason ? { reason: lead.reason } : {}),
  ...(lead.dealId ? { dealId: lead.dealId } : {}),
  touches: lead.touches,
  lastTouchAt: lead.lastTouchAt,
  ...(lead.text ? { text: lead.text } : {}),
  ...(lead.utm ? { utm: { ...lead.utm } } : {}),
  ...(lead.fields ? { fields: copyFields(lead.fields) } : {}),
  ...(lead.source ? { source: { ...lead.source } } : {}),
});

export const copyFields = (fields: Lead['fields']): Record<string, string | string[]> =>
  Object.fromEntries(
    Object.entries(fields ?? {}).map(([k, v]) => [k, typeof v === 'string' ? v : [...v]]),
  );

/** A lead with its touches and assignment history, as GET /v1/leads/{leadId} shows it. */
export const toLeadDetailView = (
  detail: LeadDetail,
  contact: Contact | undefined,
  acceptTimeoutSeconds: number,
): LeadDetailView => ({
  ...toLeadView(detail.lead, contact, acceptTimeoutSeconds),
  touchHistory: detail.touches.map((touch) => ({
    eventId: touch.eventId,
    channel: touch.channel,
    at: touch.at,
    ...(touch.text ? { text: touch.text } : {}),
    ...(touch.utm ? { utm: { ...touch.utm } } : {}),
    ...(touch.fields ? { fields: copyFields(touch.fields) } : {}),
    ...(touch.source ? { source: { ...touch.source } } : {}),
    ...(touch.contact ? { contact: { ...touch.contact } } : {}),
  })),
  assignments: detail.assignments.map((a) => ({ ...a })),
});
