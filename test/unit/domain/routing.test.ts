import { describe, expect, it } from 'vitest';
import {
  eligibleManagers,
  pickWeightedRoundRobin,
  stickyOwner,
} from '../../../shared/domain/routing';
import type { Manager } from '../../../shared/domain/types';

const manager = (id: string, change: Partial<Manager> = {}): Manager => ({
  id,
  name: id,
  team: 'acquisition',
  extensions: [],
  phones: [],
  weight: 1,
  active: true,
  updatedAt: '2026-11-27T00:00:00Z',
  ...change,
});

describe('pickWeightedRoundRobin', () => {
  const team = [
    manager('a', { weight: 1 }),
    manager('b', { weight: 1 }),
    manager('c', { weight: 2 }),
    manager('d', { weight: 4 }),
  ];

  it('spreads 100 leads over weights 1,1,2,4 within one of the ideal 12.5, 12.5, 25, 50', () => {
    const counts: Record<string, number> = {};
    for (let ticket = 0; ticket < 100; ticket++) {
      const id = pickWeightedRoundRobin(team, ticket)?.id ?? '?';
      counts[id] = (counts[id] ?? 0) + 1;
    }
    expect(Math.abs((counts.a ?? 0) - 12.5)).toBeLessThanOrEqual(1);
    expect(Math.abs((counts.b ?? 0) - 12.5)).toBeLessThanOrEqual(1);
    expect(Math.abs((counts.c ?? 0) - 25)).toBeLessThanOrEqual(1);
    expect(Math.abs((counts.d ?? 0) - 50)).toBeLessThanOrEqual(1);
  });

  it('interleaves rather than handing out blocks', () => {
    const sequence = Array.from({ length: 8 }, (_, n) => pickWeightedRoundRobin(team, n)?.id).join(
      '',
    );
    expect(sequence).not.toMatch(/dddd/);
    expect([...sequence].sort().join('')).toBe('abccdddd');
  });

  it('does not depend on the order managers are listed in', () => {
    const shuffled = [team[2], team[0], team[3], team[1]] as Manager[];
    for (let ticket = 0; ticket < 16; ticket++) {
      expect(pickWeightedRoundRobin(shuffled, ticket)?.id).toBe(
        pickWeightedRoundRobin(team, ticket)?.id,
      );
    }
  });

  it('picks nobody from an empty team', () => {
    expect(pickWeightedRoundRobin([], 3)).toBeUndefined();
  });
});

describe('eligibleManagers and stickyOwner', () => {
  const managers = [
    manager('on'),
    manager('off', { active: false }),
    manager('accounts', { team: 'accounts' }),
  ];

  it('offers new leads only to active managers of the team', () => {
    expect(eligibleManagers(managers, 'acquisition').map((m) => m.id)).toEqual(['on']);
  });

  it('returns the owner only while the owner is active', () => {
    expect(stickyOwner({ ownerId: 'accounts' }, managers)?.id).toBe('accounts');
    expect(stickyOwner({ ownerId: 'off' }, managers)).toBeUndefined();
    expect(stickyOwner({}, managers)).toBeUndefined();
  });
});
