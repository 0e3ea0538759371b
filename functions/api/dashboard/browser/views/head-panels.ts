import { type BarRow, barRows } from '../charts';
import { byId, h } from '../dom';
import { table } from '../table';
import type { Call, CallFigures, CallGroup, CallMetrics, LeadFigures } from '../types';
import type { Ui } from '../ui';

/**
 * The panels of the head of sales' board, each drawn from the API's figures into its element
 * (views/head.ts reads the figures and calls these; views/month.ts draws the month's panels).
 */

/** Pages of missed calls read at most (100 each), and rows shown at most. */
export const MAX_MISSED_PAGES = 50;
export const MAX_MISSED_ROWS = 200;

export type MissedCalls = { readonly calls: readonly Call[]; readonly complete: boolean };
type Names = ReadonlyMap<string, string>;

const managerName = (ui: Ui, names: Names, id: string) =>
  id === '-' ? ui.t.noManager : (names.get(id) ?? id);

const tile = (key: string, label: string, value: string, note?: string) =>
  h('div', { class: 'tile' }, [
    h('dt', { text: label }),
    h('dd', { 'data-kpi': key, text: value }),
    note ? h('dd', { class: 'note', text: note }) : null,
  ]);

/** The period's headline figures, one tile each. */
export const renderTotals = (byDay: CallMetrics, leads: LeadFigures, ui: Ui) => {
  const { t, f } = ui;
  const calls = byDay.totals;
  const th = byDay.thresholds;
  byId('totals').replaceChildren(
    tile(
      'calls',
      t.tileCalls,
      f.count(calls.calls),
      t.tileCallsNote(f.count(calls.inbound), f.count(calls.outbound)),
    ),
    tile(
      'answered',
      t.tileAnswered,
      f.count(calls.answered),
      t.tileAnsweredNote(f.ratio(calls.answered, calls.inbound)),
    ),
    tile(
      'missed',
      t.tileMissed,
      f.count(calls.missed),
      t.tileMissedNote(f.count(th.shortAbandonSeconds)),
    ),
    tile(
      'shortAbandoned',
      t.tileShortAbandoned,
      f.count(calls.shortAbandoned),
      t.tileShortAbandonedNote(f.count(th.shortAbandonSeconds)),
    ),
    tile(
      'effective',
      t.tileEffective,
      f.count(calls.effective),
      t.tileEffectiveNote(f.count(th.effectiveTalkSeconds)),
    ),
    tile(
      'callbackRate',
      t.tileCallbackRate,
      f.ratio(calls.calledBackWithin15Minutes, calls.missed),
      t.tileCallbackRateNote(f.count(calls.calledBackWithin15Minutes), f.count(calls.missed)),
    ),
    tile(
      'neverCalledBack',
      t.tileNeverCalledBack,
      f.count(calls.neverCalledBack),
      t.tileNeverCalledBackNote,
    ),
    tile(
      'leads',
      t.tileLeads,
      f.count(leads.leads),
      t.tileLeadsNote(leads.newContacts, f.count(leads.newContacts)),
    ),
  );
};

/** Effective conversations per manager, most first. */
export const renderEffective = (groups: readonly CallGroup[], names: Names, ui: Ui) => {
  const { t } = ui;
  const rows: BarRow[] = groups
    .map((g) => ({ key: g.key, label: managerName(ui, names, g.key), value: g.effective }))
    .sort((a, b) => b.value - a.value || a.label.localeCompare(b.label));
  byId('effective').replaceChildren(
    rows.length
      ? barRows(rows, 'effective', ui)
      : h('p', { class: 'empty', text: t.noManagerCalls }),
  );
};

/** Callbacks per manager who missed calls: how many, how fast, how many never. */
export const renderCallbacks = (groups: readonly CallGroup[], names: Names, ui: Ui) => {
  const { t, f } = ui;
  const rows = groups.filter((g) => g.missed > 0);
  byId('callbacks').replaceChildren(
    rows.length
      ? table(
          t.callbacksTitle,
          [
            { label: t.manager },
            { label: t.missed, field: 'missed', num: true },
            { label: t.calledBack15, field: 'calledBackWithin15Minutes', num: true },
            { label: t.rate15, field: 'rate', num: true },
            { label: t.averageCallback, field: 'averageCallbackSeconds', num: true },
            { label: t.notCalledBack, field: 'neverCalledBack', num: true },
          ],
          rows.map((g) => ({
            attrs: { 'data-manager': g.key },
            head: managerName(ui, names, g.key),
            cells: [
              f.count(g.missed),
              f.count(g.calledBackWithin15Minutes),
              f.ratio(g.calledBackWithin15Minutes, g.missed),
              f.duration(g.averageCallbackSeconds),
              f.count(g.neverCalledBack),
            ],
          })),
        )
      : h('p', { class: 'empty', text: t.noMissedCalls }),
  );
};

const STAGES = ['timeToAccept', 'timeToFirstAttempt', 'timeToFirstContact'] as const;

/** Speed to lead, stage by stage. */
export const renderSpeed = (totals: LeadFigures, ui: Ui) => {
  const { t, f } = ui;
  byId('speed').replaceChildren(
    table(
      t.speedTitle,
      [
        { label: t.speedFrom },
        { label: t.leads, field: 'count', num: true },
        { label: t.median, field: 'p50Seconds', num: true },
        { label: t.p90, field: 'p90Seconds', num: true },
        { label: t.within15, field: 'within15Minutes', num: true },
      ],
      STAGES.map((stage) => {
        const s = totals[stage];
        return {
          attrs: { 'data-stage': stage },
          head: t.stages[stage],
          cells: [
            f.count(s.count),
            f.duration(s.p50Seconds),
            f.duration(s.p90Seconds),
            f.percent(s.within15Minutes),
          ],
        };
      }),
    ),
  );
};

/** Leads per channel, and the callback tasks missed calls opened. */
export const renderChannels = (totals: LeadFigures, ui: Ui) => {
  const { t, f } = ui;
  const rows = Object.entries(totals.byChannel).map(([key, value]) => ({
    key,
    label: t.channels[key] ?? key,
    value,
  }));
  byId('channels').replaceChildren(barRows(rows, 'channels', ui));
  byId('callback-tasks').textContent = t.callbackTasks(
    totals.callbackTasks,
    f.count(totals.callbackTasks),
  );
};

/** Missed calls still waiting for their callback, oldest first. */
export const renderMissed = (missed: MissedCalls, names: Names, calls: CallFigures, ui: Ui) => {
  const { t, f } = ui;
  const shownCalls = missed.calls.slice(0, MAX_MISSED_ROWS);
  byId('missed-count').textContent = f.count(missed.calls.length);
  const notes: string[] = [];
  if (missed.calls.length > shownCalls.length)
    notes.push(t.missedOldestShown(f.count(shownCalls.length)));
  if (!missed.complete) notes.push(t.missedNewestRead(f.count(MAX_MISSED_PAGES * 100)));
  if (missed.complete && missed.calls.length !== calls.neverCalledBack) {
    notes.push(t.missedCatchingUp(f.count(calls.neverCalledBack)));
  }
  byId('missed-note').textContent = notes.join(' ');
  byId('missed').replaceChildren(
    shownCalls.length
      ? table(
          t.missedCaption,
          [
            { label: t.calledAt },
            { label: t.client },
            { label: t.manager },
            { label: t.waited, num: true },
            { label: t.whyMissed },
          ],
          shownCalls.map((call) => ({
            attrs: { 'data-call': call.id },
            head: f.at(call.startedAt),
            cells: [
              call.customer
                ? h('a', { href: `tel:${call.customer}`, text: call.customer })
                : t.unknownNumber,
              call.managerId ? managerName(ui, names, call.managerId) : '—',
              f.duration(call.waitSeconds),
              call.missedReason
                ? (t.missedReasons[call.missedReason] ?? call.missedReason.replace(/-/g, ' '))
                : '',
            ],
          })),
        )
      : h('p', { class: 'empty', text: t.allCalledBack }),
  );
};
