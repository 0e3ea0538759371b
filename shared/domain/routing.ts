import type { Contact, Manager, Team } from './types';
import { isWorkingAt } from './working-hours';

export const ROUTING_STRATEGIES = ['round-robin', 'least-loaded'] as const;
export type RoutingStrategy = (typeof ROUTING_STRATEGIES)[number];

/** How a team hands out new leads. */
export type RoutingPolicy = { readonly team: Team; readonly strategy: RoutingStrategy };

export const defaultPolicy = (team: Team): RoutingPolicy => ({ team, strategy: 'round-robin' });

/** A manager's current load: open leads (assigned or accepted) and when they last got one. */
export type ManagerLoad = {
  readonly openLeads: number;
  readonly lastAssignedAt?: string | undefined;
};

export type Candidate = Pick<Manager, 'id' | 'weight'>;

const byId = (a: Candidate, b: Candidate) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Smooth weighted round robin (the nginx sequence) as a pure function of a ticket number:
 * ticket n picks the n-th slot of the sequence for these candidates, so a shared counter is
 * the only state. Over any run of sum(weights) tickets each candidate gets exactly its weight,
 * interleaved rather than in blocks (1,1,2,4 → d c d b d c d a …).
 */
export const pickWeightedRoundRobin = <T extends Candidate>(
  candidates: readonly T[],
  ticket: number,
): T | undefined => {
  const sorted = [...candidates].filter((c) => c.weight > 0).sort(byId);
  if (sorted.length === 0) return undefined;
  const total = sorted.reduce((sum, c) => sum + c.weight, 0);
  const slot = ((ticket % total) + total) % total;
  const current = sorted.map(() => 0);
  let chosen = 0;
  for (let step = 0; step <= slot; step++) {
    chosen = 0;
    for (let i = 0; i < sorted.length; i++) {
      current[i] = (current[i] ?? 0) + (sorted[i]?.weight ?? 0);
      if ((current[i] ?? 0) > (current[chosen] ?? 0)) chosen = i;
    }
    current[chosen] = (current[chosen] ?? 0) - total;
  }
  return sorted[chosen];
};

/**
 * Least loaded: the fewest open leads; ties go to the higher weight, then to whoever has waited
 * longest since their last lead (never had one: first), then by id so the choice is stable.
 */
export const pickLeastLoaded = <T extends Candidate>(
  candidates: readonly T[],
  loads: ReadonlyMap<string, ManagerLoad>,
): T | undefined =>
  [...candidates].sort((a, b) => {
    const la = loads.get(a.id);
    const lb = loads.get(b.id);
    return (
      (la?.openLeads ?? 0) - (lb?.openLeads ?? 0) ||
      b.weight - a.weight ||
      (la?.lastAssignedAt ?? '').localeCompare(lb?.lastAssignedAt ?? '') ||
      byId(a, b)
    );
  })[0];

export type Eligibility = {
  readonly at: Date;
  readonly businessTimeZone: string;
  /** Managers who must not get this lead (e.g. the one who let it time out). */
  readonly exclude?: readonly string[];
};

/** Managers who may take a lead now: active, weighted, in the team, at work, not excluded. */
export const eligibleManagers = (
  managers: readonly Manager[],
  team: Team,
  eligibility: Eligibility,
): Manager[] =>
  managers.filter(
    (m) =>
      m.active &&
      m.team === team &&
      m.weight > 0 &&
      !eligibility.exclude?.includes(m.id) &&
      isWorkingAt(m.workingHours, eligibility.at, eligibility.businessTimeZone),
  );

/** The contact's owner, if the owner is active and at work now. */
export const availableOwner = (
  contact: Pick<Contact, 'ownerId'>,
  managers: readonly Manager[],
  eligibility: Eligibility,
): Manager | undefined => {
  if (!contact.ownerId || eligibility.exclude?.includes(contact.ownerId)) return undefined;
  return managers.find(
    (m) =>
      m.id === contact.ownerId &&
      m.active &&
      isWorkingAt(m.workingHours, eligibility.at, eligibility.businessTimeZone),
  );
};

/**
 * The teams to try, in order. A returning client — one with an owner or a won deal — belongs
 * with the account managers (`accounts`), and falls back to `acquisition` only if nobody in
 * `accounts` can take it; a new client goes to `acquisition`.
 */
export const teamsFor = (
  contact: Pick<Contact, 'ownerId'> & { readonly hasWonDeal?: boolean },
): Team[] =>
  contact.ownerId || contact.hasWonDeal ? ['accounts', 'acquisition'] : ['acquisition'];

export type RoutingDecision =
  | {
      readonly managerId: string;
      readonly reason: 'owner' | 'round-robin' | 'least-loaded';
      readonly team?: Team;
    }
  | { readonly waiting: Team };

/**
 * Who gets a lead: its owner while the owner is at work, else the first team (teamsFor) with
 * someone eligible, by that team's strategy. Nobody eligible anywhere: the lead waits for its
 * first team. `ticket` is drawn only when round robin has more than one manager to choose
 * from (one write fewer for a lead that only one manager can take).
 */
export const decideRouting = async (input: {
  readonly contact: Pick<Contact, 'ownerId'> & { readonly hasWonDeal?: boolean };
  readonly managers: readonly Manager[];
  readonly policies: ReadonlyMap<Team, RoutingPolicy>;
  /** Read only when a team routes by load. */
  readonly loads: () => Promise<ReadonlyMap<string, ManagerLoad>>;
  readonly eligibility: Eligibility;
  readonly ticket: (team: Team) => Promise<number>;
}): Promise<RoutingDecision> => {
  const owner = availableOwner(input.contact, input.managers, input.eligibility);
  if (owner) return { managerId: owner.id, reason: 'owner', team: owner.team };
  const teams = teamsFor(input.contact);
  for (const team of teams) {
    const candidates = eligibleManagers(input.managers, team, input.eligibility);
    if (candidates.length === 0) continue;
    const policy = input.policies.get(team) ?? defaultPolicy(team);
    const chosen =
      policy.strategy === 'least-loaded'
        ? pickLeastLoaded(candidates, await input.loads())
        : candidates.length === 1
          ? candidates[0]
          : pickWeightedRoundRobin(candidates, await input.ticket(team));
    if (chosen) return { managerId: chosen.id, reason: policy.strategy, team };
  }
  return { waiting: teams[0] ?? 'acquisition' };
};
