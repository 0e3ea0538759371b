import { addedDealContribution, type Close, closeDelta, dealEffect } from '../domain/deals/close';
import type { Lead, LeadOutcome } from '../domain/types';
import type { Clock, ContactStore, DealRecord, DealStore, LeadQueries, LeadWrites } from '../ports';
import { writeClose } from './write-close';

/** A close reported by a CRM (POST /v1/deals), its lead named by id or found by phone. */
export type DealInput = {
  readonly dealId: string;
  readonly leadId?: string | undefined;
  /** The contact's phone, E.164. */
  readonly phone?: string | undefined;
  readonly outcome: LeadOutcome;
  readonly amountMinor?: number | undefined;
  readonly currency: string;
  readonly reason?: string | undefined;
  readonly closedAt: string;
};

export type DealResult =
  | { readonly status: 'recorded' | 'duplicate'; readonly deal: DealRecord }
  | { readonly status: 'not_found' };

type Deps = {
  readonly deals: DealStore;
  readonly leads: LeadQueries;
  readonly leadWrites: LeadWrites;
  readonly contacts: Pick<ContactStore, 'findByIdentities' | 'get'>;
  readonly timeZone: string;
  readonly now: Clock;
};

/** Rounds of "the lead changed meanwhile" (closed, reassigned) before the request fails. */
const ROUNDS = 5;

export class DealContentionError extends Error {
  constructor(dealId: string) {
    super(`The lead of deal ${dealId} kept changing meanwhile; try again`);
    this.name = 'DealContentionError';
  }
}

/** The lead a deal is about: by id; by phone, the contact's open inquiry, else its latest. */
const leadOf = async (deps: Deps, input: DealInput): Promise<Lead | undefined> => {
  if (input.leadId) return deps.leads.get(input.leadId);
  if (!input.phone) return undefined;
  const key = `phone:${input.phone}`;
  const contactId = (await deps.contacts.findByIdentities([key])).get(key);
  const contact = contactId ? await deps.contacts.get(contactId) : undefined;
  const leadId = contact?.openLeadId ?? contact?.latestLeadId;
  return leadId ? deps.leads.get(leadId) : undefined;
};

const kept = async (deps: Deps, dealId: string): Promise<DealResult> => {
  const deal = await deps.deals.get(dealId);
  if (!deal) throw new DealContentionError(dealId);
  return { status: 'duplicate', deal };
};

/**
 * Records a CRM's deal exactly once (the deal's id is kept in the same transaction as the close
 * it causes): it closes an open lead, takes the place of a closed lead's close when it is won,
 * is added as a sale of its own beside a close another won deal made, and changes nothing on a
 * closed lead otherwise (the domain's `dealEffect`). The same deal
 * again changes nothing and answers as the first time did.
 */
export const recordDeal = async (deps: Deps, input: DealInput): Promise<DealResult> => {
  const known = await deps.deals.get(input.dealId);
  if (known) return { status: 'duplicate', deal: known };
  let lead = await leadOf(deps, input);
  const recordedAt = deps.now().toISOString();
  const close: Close = {
    outcome: input.outcome,
    closedAt: input.closedAt,
    amountMinor: input.amountMinor,
    currency: input.currency,
    reason: input.reason,
  };

  for (let round = 0; lead && round < ROUNDS; round++) {
    const effect = dealEffect(lead, input.outcome);
    const recordOf = (of: Lead): DealRecord => ({
      dealId: input.dealId,
      leadId: of.id,
      contactId: of.contactId,
      outcome: input.outcome,
      amountMinor: input.amountMinor,
      currency: input.currency,
      reason: input.reason,
      closedAt: input.closedAt,
      effect,
      recordedAt,
    });
    if (effect === 'unchanged' || effect === 'added') {
      // A lead won by a deal never changes again (a won deal is added beside it, a lost one
      // changes nothing), so what it was read with still holds: no condition on it.
      const deal = recordOf(lead);
      const month =
        effect === 'added'
          ? closeDelta(undefined, addedDealContribution(lead, close, deps.timeZone))
          : undefined;
      if ((await deps.deals.record(deal, month)) === 'duplicate') return kept(deps, input.dealId);
      return { status: 'recorded', deal };
    }
    const written = await writeClose(deps, lead, close, {
      replace: effect === 'replaced',
      deal: recordOf,
    });
    if (written.result === 'duplicate_deal') return kept(deps, input.dealId);
    if (written.result === 'closed') {
      if (effect === 'closed') await deps.leadWrites.releaseContact(lead.contactId, lead.id);
      return { status: 'recorded', deal: recordOf(written.lead) };
    }
    lead = await deps.leads.get(lead.id); // closed, replaced or reassigned meanwhile
  }
  if (!lead) return { status: 'not_found' };
  throw new DealContentionError(input.dealId);
};
