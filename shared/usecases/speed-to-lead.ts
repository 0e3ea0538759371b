import { type FirstStage, firstResponse } from '../domain/leads/first-response';
import type { Lead } from '../domain/types';
import type { StoredCall } from '../ports';
import type { CallDeps } from './call-deps';
import type { LeadDeps } from './lead-deps';

/** Rounds of "another call wrote a first meanwhile" before the record fails and comes back. */
const ROUNDS = 5;

export class SpeedToLeadContentionError extends Error {
  constructor(leadId: string) {
    super(`Speed to lead of lead ${leadId} kept changing under concurrent calls; it is retried`);
    this.name = 'SpeedToLeadContentionError';
  }
}

/**
 * Records `at` as the lead's first attempt or contact when it is the earliest (the domain's
 * rule); when another call wrote one first, reads the lead again and compares again.
 */
export const recordFirstResponse = async (
  deps: Pick<LeadDeps, 'leads' | 'leadWrites' | 'timeZone'>,
  lead: Lead,
  stage: FirstStage,
  at: string,
): Promise<void> => {
  let current: Lead | undefined = lead;
  for (let round = 0; current && round < ROUNDS; round++) {
    const first = firstResponse(current, stage, at, deps.timeZone);
    if (!first) return;
    if ((await deps.leadWrites.recordFirst(current.id, first)) === 'recorded') return;
    current = await deps.leads.get(current.id);
  }
  // Still racing after five rounds: fail the record, so SQS brings it back later.
  if (current) throw new SpeedToLeadContentionError(lead.id);
};

/**
 * Speed to lead from the phone: the first outbound call to the contact of an open inquiry is
 * its first attempt; the first answered call either way is its first contact.
 */
export const recordSpeedToLead = async (deps: CallDeps, number: string, record: StoredCall) => {
  const outbound = record.direction === 'outbound';
  const answered = record.classification?.outcome === 'answered';
  if (!outbound && !answered) return;
  const contactId = (await deps.contacts.findByIdentities([`phone:${number}`])).get(
    `phone:${number}`,
  );
  const contact = contactId ? await deps.contacts.get(contactId) : undefined;
  const lead = contact?.openLeadId ? await deps.leads.get(contact.openLeadId) : undefined;
  if (lead?.kind !== 'inquiry') return;
  if (outbound) {
    await recordFirstResponse(deps, lead, 'firstAttempt', record.startedAt);
  }
  if (answered) {
    await recordFirstResponse(deps, lead, 'firstContact', record.answeredAt ?? record.startedAt);
  }
};
