import type { Contact, Manager, Team } from './types';

export type Candidate = Pick<Manager, 'id' | 'weight'>;

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
  const sorted = [...candidates]
    .filter((c) => c.weight > 0)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
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

/** Managers who may take new leads of a team right now. */
export const eligibleManagers = (managers: readonly Manager[], team: Team): Manager[] =>
  managers.filter((m) => m.active && m.team === team && m.weight > 0);

/** A returning contact goes back to the manager who owns it, while that manager is active. */
export const stickyOwner = (
  contact: Pick<Contact, 'ownerId'>,
  managers: readonly Manager[],
): Manager | undefined => {
  if (!contact.ownerId) return undefined;
  return managers.find((m) => m.id === contact.ownerId && m.active);
};
