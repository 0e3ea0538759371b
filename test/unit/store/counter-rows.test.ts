import { describe, expect, it } from 'vitest';
import { counterRowChanges, foldCounterItems } from '../../../shared/store/counter-rows';

const DAY = '2026-12-06';
const row = (
  sk: string,
  values: Record<string, number>,
  managerId?: string,
): Record<string, unknown> => ({
  pk: `METRIC#leads#${DAY}`,
  sk,
  day: DAY,
  ...(managerId ? { managerId } : {}),
  ...values,
});

/** The rows a sequence of changes leaves: every change's updates added up per item. */
type Change = {
  readonly total: Record<string, number>;
  readonly managers: Record<string, Record<string, number>>;
};

const applied = (changes: readonly Change[]) => {
  const items = new Map<string, Record<string, unknown>>();
  for (const change of changes) {
    for (const { managerId, values } of counterRowChanges(change.total, change.managers)) {
      const sk = managerId === undefined ? 'UNASSIGNED' : `MANAGER#${managerId}`;
      const item = items.get(sk) ?? row(sk, {}, managerId);
      for (const [name, n] of Object.entries(values)) item[name] = Number(item[name] ?? 0) + n;
      items.set(sk, item);
    }
  }
  return [...items.values()];
};

const totalOf = (rows: ReturnType<typeof foldCounterItems>) =>
  rows.find((r) => r.managerId === undefined)?.values;

describe('counter rows summed at read time', () => {
  it('writes a change with a manager as that one row: its own counters and its share of the total', () => {
    expect(
      counterRowChanges(
        { leads: 1, ch_form: 1, f_leads: 1, f_leads_form: 1 },
        { anna: { f_leads: 1, f_leads_form: 1 } },
      ),
    ).toEqual([
      { managerId: 'anna', values: { f_leads: 1, f_leads_form: 1, t_leads: 1, t_ch_form: 1 } },
    ]);
  });

  it('writes what no manager takes to the unassigned row, and nothing for a change that adds up to zero', () => {
    expect(counterRowChanges({ touches: 1, dupOpenLead: 1 }, {})).toEqual([
      { values: { t_touches: 1, t_dupOpenLead: 1 } },
    ]);
    expect(counterRowChanges({ touches: 0 }, { anna: { accepted: 0 } })).toEqual([]);
  });

  it('puts the share in one of the rows a move between managers writes anyway', () => {
    const changes = counterRowChanges(
      { reassigned: 1, offersNotAnswered: 1 },
      { anna: { offersNotAnswered: 1, f_leads: -1 }, boris: { f_leads: 1 } },
    );
    expect(changes).toEqual([
      { managerId: 'anna', values: { offersNotAnswered: 1, f_leads: -1, t_reassigned: 1 } },
      { managerId: 'boris', values: { f_leads: 1 } },
    ]);
  });

  it('sums a day total equal to the totals of every change, and gives each manager only their own', () => {
    const changes: Change[] = [
      // a lead routed at once to anna
      { total: { leads: 1, ch_form: 1, f_leads: 1 }, managers: { anna: { f_leads: 1 } } },
      // a lead left waiting, then a touch
      { total: { leads: 1, ch_vk: 1, f_leads: 1 }, managers: {} },
      { total: { touches: 1 }, managers: {} },
      // anna accepts; her lead is reassigned to boris
      { total: { accepted: 1, accept_1: 1 }, managers: { anna: { accepted: 1, accept_1: 1 } } },
      {
        total: { reassigned: 1, offersNotAnswered: 1 },
        managers: { anna: { offersNotAnswered: 1, f_leads: -1 }, boris: { f_leads: 1 } },
      },
    ];
    const expected: Record<string, number> = {};
    for (const { total } of changes)
      for (const [name, n] of Object.entries(total)) expected[name] = (expected[name] ?? 0) + n;

    const rows = foldCounterItems(applied(changes), 'add');
    expect(totalOf(rows)).toEqual(expected);
    expect(rows.filter((r) => r.managerId !== undefined)).toEqual([
      {
        day: DAY,
        managerId: 'anna',
        values: { accepted: 1, accept_1: 1, offersNotAnswered: 1 },
      },
      { day: DAY, managerId: 'boris', values: { f_leads: 1 } },
    ]);
  });

  it('reads a day counted before the upgrade from its total item, plus the shares written since', () => {
    const items = [
      row('MANAGER#anna', { accepted: 2, t_leads: 1 }, 'anna'),
      row('TOTAL', { leads: 5, accepted: 2 }),
      row('UNASSIGNED', { t_touches: 1 }),
    ];
    expect(totalOf(foldCounterItems(items, 'add'))).toEqual({ leads: 6, accepted: 2, touches: 1 });
  });

  it('ignores a total item where the rows always added up to it (calls)', () => {
    const items = [
      row('MANAGER#-', { calls: 1 }, '-'),
      row('MANAGER#anna', { calls: 2 }, 'anna'),
      row('TOTAL', { calls: 3 }),
    ];
    expect(totalOf(foldCounterItems(items, 'ignore'))).toEqual({ calls: 3 });
  });

  it('keeps days apart and answers an empty total for a day whose counts cancel out', () => {
    const other = { ...row('MANAGER#anna', { f_leads: 1 }, 'anna'), day: '2026-12-07' };
    const rows = foldCounterItems(
      [row('MANAGER#anna', { f_leads: 1, t_f_leads: -1 }, 'anna'), other],
      'add',
    );
    expect(rows.filter((r) => r.managerId === undefined)).toEqual([
      { day: DAY, values: {} },
      { day: '2026-12-07', values: { f_leads: 1 } },
    ]);
  });
});
