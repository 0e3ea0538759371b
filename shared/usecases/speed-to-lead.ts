import { addDeltas } from '../domain/leads/counters';
import { type FirstStage, firstEffective, firstResponse } from '../domain/leads/first-response';
import { type FunnelStage, funnelStep } from '../domain/leads/funnel';
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

/** The funnel stage a speed-to-lead fact is. */
const FUNNEL_STAGE_OF: Record<FirstStage, FunnelStage> = {
  firstAttempt: 'firstAttempt',
  firstContact: 'firstConversation',
};

type Deps = Pick<LeadDeps, 'leads' | 'leadWrites' | 'timeZone'>;

/**
 * Records `at` as the lead's first attempt or contact when it is the earliest (the domain's
 * rule), with the funnel stage it reaches; when another call wrote one first (or moved the
 * funnel), reads the lead again and compares again. Answers the lead as it now stands.
 */
export const recordFirstResponse = async (
  deps: Deps,
  lead: Lead,
  stage: FirstStage,
  at: string,
): Promise<Lead | undefined> => {
  let current: Lead | undefined = lead;
  for (let round = 0; current && round < ROUNDS; round++) {
    const first = firstResponse(current, stage, at, deps.timeZone);
    if (!first) return current;
    const step = funnelStep(current, FUNNEL_STAGE_OF[stage], deps.timeZone);
    const write = { ...first, counters: addDeltas(first.counters, step?.counters) };
    if ((await deps.leadWrites.recordFirst(current.id, write, step)) === 'recorded') {
      return {
        ...current,
        [`${stage}At`]: first.at,
        [`${stage}By`]: first.by,
        funnelStage: step?.to ?? current.funnelStage,
      };
    }
    current = await deps.leads.get(current.id);
  }
  // Still racing after five rounds: fail the record, so SQS brings it back later.
  if (current) throw new SpeedToLeadContentionError(lead.id);
  return undefined;
};

/** Records the lead's first effective conversation and the funnel stage it reaches. */
export const recordEffectiveConversation = async (
  deps: Deps,
  lead: Lead,
  at: string,
): Promise<void> => {
  let current: Lead | undefined = lead;
  for (let round = 0; current && round < ROUNDS; round++) {
    const effective = firstEffective(current, at);
    if (!effective) return;
    const step = funnelStep(current, 'effectiveConversation', deps.timeZone);
    const written = await deps.leadWrites.recordEffective(
      current.id,
      effective,
      step?.counters,
      step,
    );
    if (written === 'recorded') return;
    current = await deps.leads.get(current.id);
  }
  if (current) throw new SpeedToLeadContentionError(lead.id);
};

/**
 * Speed to lead (and the funnel) from the phone: the first outbound call to the contact of an
 * open inquiry is its first attempt; the first answered call either way is its first contact
 * (its first conversation); an answered call with talk ≥ EFFECTIVE_TALK_SECONDS its first
 * effective conversation.
 */
export const recordSpeedToLead = async (deps: CallDeps, number: string, record: StoredCall) => {
  const outbound = record.direction === 'outbound';
  const answered = record.classification?.outcome === 'answered';
  if (!outbound && !answered) return;
  const contactId = (await deps.contacts.findByIdentities([`phone:${number}`])).get(
    `phone:${number}`,
  );
  const contact = contactId ? await deps.contacts.get(contactId) : undefined;
  let lead = contact?.openLeadId ? await deps.leads.get(contact.openLeadId) : undefined;
  if (lead?.kind !== 'inquiry') return;
  if (outbound) {
    lead = await recordFirstResponse(deps, lead, 'firstAttempt', record.startedAt);
  }
  const answeredAt = record.answeredAt ?? record.startedAt;
  if (answered && lead) {
    lead = await recordFirstResponse(deps, lead, 'firstContact', answeredAt);
  }
  if (answered && lead && record.classification?.effective) {
    await recordEffectiveConversation(deps, lead, answeredAt);
  }
};
