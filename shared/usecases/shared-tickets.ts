import type { Team } from '../domain/types';
import type { RoutingStore } from '../ports';

type Waiting = {
  readonly resolve: (ticket: number) => void;
  readonly reject: (e: unknown) => void;
};

/**
 * A team's round-robin tickets drawn together: the first ticket asked for is drawn at once;
 * those asked for while a draw is on its way wait for it and are then drawn in one write of as
 * many consecutive tickets (`nextTicket(team, count)`), handed out in the order they were asked
 * for. Every ticket is still used exactly once (so the weighted sequence is the same), and the
 * leads of one batch share a few writes of the counter instead of one each.
 */
export const shareTickets = (
  nextTicket: RoutingStore['nextTicket'],
): ((team: Team) => Promise<number>) => {
  const teams = new Map<Team, { drawing: boolean; waiting: Waiting[] }>();
  const draw = (team: Team) => {
    const state = teams.get(team);
    if (!state || state.drawing || state.waiting.length === 0) return;
    const group = state.waiting.splice(0);
    state.drawing = true;
    // A draw that throws before it is on its way fails its tickets like one that fails later
    // (else the team would stay `drawing` and its next tickets would wait for ever).
    drawOnce(() => nextTicket(team, group.length))
      .then(
        (first) => {
          for (const [i, w] of group.entries()) w.resolve(first + i);
        },
        (error: unknown) => {
          for (const w of group) w.reject(error);
        },
      )
      .finally(() => {
        state.drawing = false;
        draw(team);
      });
  };
  return (team) =>
    new Promise<number>((resolve, reject) => {
      const state = teams.get(team) ?? { drawing: false, waiting: [] };
      teams.set(team, state);
      state.waiting.push({ resolve, reject });
      draw(team);
    });
};

const drawOnce = (draw: () => Promise<number>): Promise<number> => {
  try {
    return draw();
  } catch (error) {
    return Promise.reject(error);
  }
};
