import { describe, expect, it } from 'vitest';
import type { Team } from '../../../shared/domain/types';
import { shareTickets } from '../../../shared/usecases/shared-tickets';

/** A counter like the store's: ADD count, answering the first ticket drawn; each draw noted. */
const counter = () => {
  const draws: { team: Team; count: number }[] = [];
  const next = new Map<Team, number>();
  let release: (() => void)[] = [];
  return {
    draws,
    /** Lets the draws on their way finish. */
    settle: () => {
      const pending = release;
      release = [];
      for (const go of pending) go();
    },
    nextTicket: (team: Team, count = 1) =>
      new Promise<number>((resolve) => {
        draws.push({ team, count });
        release.push(() => {
          const first = next.get(team) ?? 0;
          next.set(team, first + count);
          resolve(first);
        });
      }),
  };
};

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('shareTickets', () => {
  it('draws the tickets asked for while a draw is on its way together, each used once', async () => {
    const store = counter();
    const ticket = shareTickets(store.nextTicket);

    const first = ticket('acquisition');
    const rest = [ticket('acquisition'), ticket('acquisition'), ticket('acquisition')];
    store.settle();
    await tick();
    store.settle();

    expect(await first).toBe(0);
    expect(await Promise.all(rest)).toEqual([1, 2, 3]);
    expect(store.draws).toEqual([
      { team: 'acquisition', count: 1 },
      { team: 'acquisition', count: 3 },
    ]);
  });

  it('keeps each team’s counter apart', async () => {
    const store = counter();
    const ticket = shareTickets(store.nextTicket);

    const tickets = [ticket('acquisition'), ticket('accounts'), ticket('accounts')];
    store.settle();
    await tick();
    store.settle();

    expect(await Promise.all(tickets)).toEqual([0, 0, 1]);
    expect(store.draws).toEqual([
      { team: 'acquisition', count: 1 },
      { team: 'accounts', count: 1 },
      { team: 'accounts', count: 1 },
    ]);
  });

  it('fails the tickets of a failed draw and draws again for the ones after it', async () => {
    let fail = true;
    const draws: number[] = [];
    const ticket = shareTickets(async (_team, count = 1) => {
      draws.push(count);
      if (fail) throw new Error('throttled');
      return 7;
    });

    const failed = [ticket('acquisition'), ticket('acquisition')];
    const outcomes = await Promise.allSettled(failed);
    fail = false;
    const after = await ticket('acquisition');

    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(after).toBe(7);
    expect(draws).toEqual([1, 1, 1]);
  });

  it('fails the tickets of a draw that throws at once and draws again for the ones after it', async () => {
    let fail = true;
    const ticket = shareTickets((_team, count = 1) => {
      if (fail) throw new Error('no client');
      return Promise.resolve(count * 10);
    });

    const failed = [ticket('acquisition'), ticket('acquisition')];
    const outcomes = await Promise.allSettled(failed);
    fail = false;

    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(await ticket('acquisition')).toBe(10);
  });
});
