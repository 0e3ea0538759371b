import { describe, expect, it } from 'vitest';
import {
  availableOwner,
  decideRouting,
  eligibleManagers,
  type ManagerLoad,
  pickLeastLoaded,
  pickWeightedRoundRobin,
  teamsFor,
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

// Friday 27 November 2026, 12:00 in Moscow.
const noon = new Date('2026-11-27T09:00:00Z');
const at = (iso: string) => ({ at: new Date(iso), businessTimeZone: 'Europe/Moscow' });
const nineToSix = {
  days: {
    mon: [['09:00', '18:00']],
    tue: [['09:00', '18:00']],
    wed: [['09:00', '18:00']],
    thu: [['09:00', '18:00']],
    fri: [
      ['09:00', '13:00'],
      ['14:00', '18:00'],
    ],
  },
} as unknown as Manager['workingHours'];

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

describe('pickLeastLoaded', () => {
  const loads = (entries: Record<string, ManagerLoad>) => new Map(Object.entries(entries));

  it.each([
    [
      'the fewest open leads',
      [manager('a'), manager('b')],
      { a: { openLeads: 3 }, b: { openLeads: 1 } },
      'b',
    ],
    [
      'on a tie, the higher weight',
      [manager('a', { weight: 1 }), manager('b', { weight: 3 })],
      { a: { openLeads: 2 }, b: { openLeads: 2 } },
      'b',
    ],
    [
      'on a tie of weight too, who waited longest since a lead',
      [manager('a'), manager('b')],
      {
        a: { openLeads: 1, lastAssignedAt: '2026-11-27T09:00:00Z' },
        b: { openLeads: 1, lastAssignedAt: '2026-11-27T08:00:00Z' },
      },
      'b',
    ],
    [
      'someone who never had a lead before someone who had',
      [manager('a'), manager('b')],
      { a: { openLeads: 0, lastAssignedAt: '2026-11-27T08:00:00Z' } },
      'b',
    ],
    ['on a full tie, the first by id', [manager('b'), manager('a')], {}, 'a'],
  ] as const)('picks %s', (_, candidates, entries, expected) => {
    expect(pickLeastLoaded(candidates, loads(entries as Record<string, ManagerLoad>))?.id).toBe(
      expected,
    );
  });
});

describe('eligibility', () => {
  it.each([
    [
      'an active manager of the team at work',
      manager('m', { workingHours: nineToSix }),
      '2026-11-27T09:00:00Z',
      true,
    ],
    ['an inactive one', manager('m', { active: false }), '2026-11-27T09:00:00Z', false],
    ['one of the other team', manager('m', { team: 'accounts' }), '2026-11-27T09:00:00Z', false],
    ['one with weight 0', manager('m', { weight: 0 }), '2026-11-27T09:00:00Z', false],
    [
      'one on their lunch break',
      manager('m', { workingHours: nineToSix }),
      '2026-11-27T10:30:00Z',
      false,
    ],
    [
      'one before their day starts',
      manager('m', { workingHours: nineToSix }),
      '2026-11-27T05:59:00Z',
      false,
    ],
    [
      'one at the very start of their day',
      manager('m', { workingHours: nineToSix }),
      '2026-11-27T06:00:00Z',
      true,
    ],
    [
      'one at the very end of their day',
      manager('m', { workingHours: nineToSix }),
      '2026-11-27T15:00:00Z',
      false,
    ],
    [
      'one on their day off',
      manager('m', { workingHours: nineToSix }),
      '2026-11-28T09:00:00Z',
      false,
    ],
    [
      'one whose hours are in their own zone',
      manager('m', {
        workingHours: { ...nineToSix, timeZone: 'Asia/Yekaterinburg' } as Manager['workingHours'],
      }),
      '2026-11-27T04:00:00Z',
      true,
    ],
  ] as const)('counts %s as %s', (_, m, instant, eligible) => {
    expect(eligibleManagers([m], 'acquisition', at(instant)).length === 1).toBe(eligible);
  });

  it('leaves out the managers asked to (the one who let the lead time out)', () => {
    expect(
      eligibleManagers([manager('a'), manager('b')], 'acquisition', {
        ...at('2026-11-27T09:00:00Z'),
        exclude: ['a'],
      }).map((m) => m.id),
    ).toEqual(['b']);
  });

  it('offers a returning contact to its owner only while the owner is active and at work', () => {
    const owner = manager('owner', { workingHours: nineToSix });
    expect(availableOwner({ ownerId: 'owner' }, [owner], at('2026-11-27T09:00:00Z'))?.id).toBe(
      'owner',
    );
    expect(
      availableOwner({ ownerId: 'owner' }, [owner], at('2026-11-27T20:00:00Z')),
    ).toBeUndefined();
    expect(
      availableOwner(
        { ownerId: 'owner' },
        [{ ...owner, active: false }],
        at('2026-11-27T09:00:00Z'),
      ),
    ).toBeUndefined();
  });
});

describe('decideRouting', () => {
  const ticket = async () => 0;
  const none = new Map();

  it.each([
    ['a new contact', {}, ['acquisition']],
    ['a contact with an owner', { ownerId: 'x' }, ['accounts', 'acquisition']],
    ['a contact with a won deal', { hasWonDeal: true }, ['accounts', 'acquisition']],
  ])('tries the teams of %s in order', (_, contact, teams) => {
    expect(teamsFor(contact)).toEqual(teams);
  });

  it('sends a returning contact to the account managers when its owner is away', async () => {
    const decision = await decideRouting({
      contact: { ownerId: 'away' },
      managers: [
        manager('away', { active: false }),
        manager('keeper', { team: 'accounts' }),
        manager('hunter'),
      ],
      policies: none,
      loads: async () => none,
      eligibility: { at: noon, businessTimeZone: 'Europe/Moscow' },
      ticket,
    });
    expect(decision).toEqual({ managerId: 'keeper', reason: 'round-robin', team: 'accounts' });
  });

  it('follows the team’s strategy', async () => {
    const decision = await decideRouting({
      contact: {},
      managers: [manager('busy'), manager('free')],
      policies: new Map([['acquisition', { team: 'acquisition', strategy: 'least-loaded' }]]),
      loads: async () =>
        new Map([
          ['busy', { openLeads: 5 }],
          ['free', { openLeads: 1 }],
        ]),
      eligibility: { at: noon, businessTimeZone: 'Europe/Moscow' },
      ticket,
    });
    expect(decision).toEqual({ managerId: 'free', reason: 'least-loaded', team: 'acquisition' });
  });

  it('draws no round-robin ticket when only one manager can take the lead, and one when two can', async () => {
    const drawn: string[] = [];
    const input = {
      contact: {},
      policies: none,
      loads: async () => none,
      eligibility: { at: noon, businessTimeZone: 'Europe/Moscow' },
      ticket: async (team: string) => {
        drawn.push(team);
        return 1;
      },
    };
    const alone = await decideRouting({
      ...input,
      managers: [manager('solo'), manager('night', { active: false })],
    });
    expect(alone).toEqual({ managerId: 'solo', reason: 'round-robin', team: 'acquisition' });
    expect(drawn).toEqual([]);

    const two = await decideRouting({ ...input, managers: [manager('a'), manager('b')] });
    expect(two).toEqual({ managerId: 'b', reason: 'round-robin', team: 'acquisition' });
    expect(drawn).toEqual(['acquisition']);
  });

  it('makes the lead wait for its first team when nobody anywhere can take it', async () => {
    const decision = await decideRouting({
      contact: {},
      managers: [manager('night', { workingHours: nineToSix })],
      policies: none,
      loads: async () => none,
      eligibility: at('2026-11-27T19:00:00Z'),
      ticket,
    });
    expect(decision).toEqual({ waiting: 'acquisition' });
  });
});
