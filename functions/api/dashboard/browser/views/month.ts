import { PLAN_TARGETS } from '../../../../../shared/domain/plans/progress';
import { type Child, h, svg } from '../dom';
import { table } from '../table';
import type { Clients, Funnel, FunnelStage, PlanProgress, TargetProgress } from '../types';
import type { Ui } from '../ui';

// The head of sales' month on the board: plan progress per manager (bars with the plan and the
// forecast marked), the funnel of the period's leads, clients A/B/C and how they moved. Every
// figure is the API's; the page only draws them.

type Target = (typeof PLAN_TARGETS)[number];

/** A figure with its raw value for readers and tests (`data-value`), formatted as text. */
const figure = (field: string, value: number | null, text: string) =>
  h('span', { 'data-field': field, 'data-value': value ?? '', text });

/** A bar of the fact, a line at the plan, a dashed line at the forecast; all on one scale. */
const progressBar = (p: TargetProgress) => {
  const scale = Math.max(p.plan ?? 0, p.fact, p.forecast ?? 0) || 1;
  const at = (value: number) => Math.min(100, (100 * value) / scale);
  return svg(
    'svg',
    {
      class: 'progress-track',
      viewBox: '0 0 100 10',
      preserveAspectRatio: 'none',
      'aria-hidden': 'true',
    },
    [
      svg('rect', { class: 'fact', width: at(p.fact), height: 10 }),
      p.forecast !== null
        ? svg('line', {
            class: 'forecast',
            x1: at(p.forecast),
            x2: at(p.forecast),
            y1: 0,
            y2: 10,
            'vector-effect': 'non-scaling-stroke',
          })
        : null,
      p.plan !== null
        ? svg('line', {
            class: 'plan',
            x1: at(p.plan),
            x2: at(p.plan),
            y1: 0,
            y2: 10,
            'vector-effect': 'non-scaling-stroke',
          })
        : null,
    ],
  );
};

const progressCell = (target: Target, p: TargetProgress, currency: string, { t, f }: Ui) => {
  const value = (n: number | null) =>
    target === 'revenue' ? f.money(n, currency) : n === null ? '—' : f.count(n);
  return h('div', { class: 'progress', 'data-target': target }, [
    progressBar(p),
    h('span', { class: 'progress-text' }, [
      figure('fact', p.fact, value(p.fact)),
      p.plan !== null ? ' ' : null,
      p.plan !== null
        ? h('span', { 'data-field': 'plan', 'data-value': p.plan, text: t.ofPlan(value(p.plan)) })
        : null,
      p.percent !== null ? ' · ' : null,
      p.percent !== null ? figure('percent', p.percent, f.percent(p.percent / 100)) : null,
    ]),
    h('span', { class: 'progress-forecast' }, [
      figure(
        'forecast',
        p.forecast,
        p.forecast === null ? t.noForecast : t.forecastIs(value(p.forecast)),
      ),
    ]),
  ]);
};

/** Plan progress: a row per manager and the team, a column per target. */
export const renderPlan = (
  box: HTMLElement,
  note: HTMLElement,
  plan: PlanProgress,
  names: ReadonlyMap<string, string>,
  ui: Ui,
): void => {
  const { t, f } = ui;
  const planned = PLAN_TARGETS.some(
    (target) =>
      plan.team[target].plan !== null ||
      Object.values(plan.managers).some((m) => m[target].plan !== null),
  );
  const rows = [
    ...Object.entries(plan.managers).map(([id, targets]) => ({
      id,
      label: names.get(id) ?? id,
      targets,
    })),
    { id: 'team', label: t.team, targets: plan.team },
  ];
  box.replaceChildren(
    table(
      t.planTitle,
      [
        { label: t.manager },
        ...PLAN_TARGETS.map((target) => ({ label: t.targets[target] ?? target })),
      ],
      rows.map((row) => ({
        attrs: { 'data-plan-manager': row.id },
        head: row.label,
        cells: PLAN_TARGETS.map((target) =>
          progressCell(target, row.targets[target], plan.currency, ui),
        ),
      })),
    ),
  );
  const other = Object.entries(plan.otherCurrencies).flatMap(([id, amounts]) =>
    Object.entries(amounts).map(
      ([currency, amount]) => `${names.get(id) ?? id}: ${f.money(amount, currency)}`,
    ),
  );
  note.replaceChildren(
    ...[
      t.planNote(f.month(plan.month)),
      planned ? '' : ` ${t.planNone}`,
      other.length ? ` ${t.otherCurrencies(other.join(', '))}` : '',
    ].filter(Boolean),
  );
};

export type FunnelView = 'all' | 'channel' | 'manager';

const conversionText = (stage: FunnelStage, { f }: Ui) =>
  stage.conversionFromPrevious === null ? '—' : f.percent(stage.conversionFromPrevious / 100);

/** The funnel: every stage with its bar for all leads, or a table of groups × stages. */
export const renderFunnel = (
  box: HTMLElement,
  view: FunnelView,
  byChannel: Funnel,
  byManager: Funnel,
  names: ReadonlyMap<string, string>,
  ui: Ui,
): void => {
  const { t, f } = ui;
  const stages = byChannel.stages;
  const first = stages[0]?.count ?? 0;
  if (first === 0) {
    box.replaceChildren(h('p', { class: 'empty', text: t.noLeadsInPeriod }));
    return;
  }
  if (view === 'all') {
    box.replaceChildren(
      table(
        t.funnelCaption,
        [
          { label: t.stage },
          { label: t.leads, field: 'count', num: true },
          { label: t.conversion, field: 'conversion', num: true },
          { label: '' },
        ],
        stages.map((stage) => ({
          attrs: { 'data-stage': stage.stage },
          head: t.funnelStages[stage.stage] ?? stage.stage,
          cells: [
            figure('count', stage.count, f.count(stage.count)),
            figure('conversion', stage.conversionFromPrevious, conversionText(stage, ui)),
            svg(
              'svg',
              {
                class: 'bar-track funnel-bar',
                viewBox: '0 0 100 10',
                preserveAspectRatio: 'none',
                'aria-hidden': 'true',
              },
              [
                svg('rect', {
                  class: 'funnel-fill',
                  width: (100 * stage.count) / first,
                  height: 10,
                }),
              ],
            ),
          ],
        })),
      ),
    );
    return;
  }
  const groups = (view === 'channel' ? byChannel.groups : byManager.groups) ?? [];
  const label = (key: string) =>
    view === 'channel' ? (t.channels[key] ?? key) : (names.get(key) ?? key);
  box.replaceChildren(
    table(
      t.funnelGroupsCaption,
      [
        { label: view === 'channel' ? t.channel : t.manager },
        ...stages.map((s) => ({
          label: t.funnelStages[s.stage] ?? s.stage,
          field: s.stage,
          num: true,
        })),
      ],
      groups.map((group) => ({
        attrs: { 'data-group': group.key },
        head: label(group.key),
        cells: group.stages.map(
          (stage): Child =>
            h('span', { 'data-stage': stage.stage }, [
              figure('count', stage.count, f.count(stage.count)),
              h('small', { class: 'conversion', text: ` ${conversionText(stage, ui)}` }),
            ]),
        ),
      })),
    ),
  );
};

const MAX_CLIENT_ROWS = 50;
const CATEGORIES = ['A', 'B', 'C'] as const;

/** Clients A/B/C: the categories, the migration matrix, the clients with the most revenue. */
export const renderClients = (
  boxes: {
    readonly note: HTMLElement;
    readonly categories: HTMLElement;
    readonly migration: HTMLElement;
    readonly clients: HTMLElement;
  },
  clients: Clients,
  names: ReadonlyMap<string, string>,
  ui: Ui,
): void => {
  const { t, f } = ui;
  boxes.note.textContent = t.clientsNote(
    f.month(clients.window.from),
    f.month(clients.window.to),
    f.count(clients.thresholds.a),
    f.count(clients.thresholds.b),
  );
  boxes.categories.replaceChildren(
    table(
      t.categoriesCaption,
      [
        { label: t.category },
        { label: t.clientsCount, field: 'clients', num: true },
        { label: t.revenue, field: 'revenue', num: true },
      ],
      CATEGORIES.map((category) => {
        const figures = clients.categories[category];
        return {
          attrs: { 'data-category': category },
          head: category,
          cells: [
            figure('clients', figures.clients, f.count(figures.clients)),
            figure('revenue', figures.revenue, f.money(figures.revenue, clients.currency)),
          ],
        };
      }),
      false,
    ),
  );
  const befores = ['new', ...CATEGORIES] as const;
  const nows = [...CATEGORIES, 'none'] as const;
  const name = (key: string) =>
    key === 'new' ? t.categoryNew : key === 'none' ? t.categoryNone : key;
  boxes.migration.replaceChildren(
    table(
      t.migrationCaption,
      [{ label: t.before }, ...nows.map((now) => ({ label: name(now), num: true }))],
      befores.map((before) => ({
        attrs: { 'data-before': before },
        head: name(before),
        cells: nows.map((now) => {
          const n =
            before === 'new' && now === 'none'
              ? null
              : (clients.migration[`${before}→${now}`] ?? 0);
          return n === null
            ? ''
            : h('span', { 'data-move': `${before}→${now}`, 'data-value': n, text: f.count(n) });
        }),
      })),
      false,
    ),
  );
  if (clients.clients.length === 0) {
    boxes.clients.replaceChildren(h('p', { class: 'empty', text: t.noClients }));
    return;
  }
  const shown = clients.clients.slice(0, MAX_CLIENT_ROWS);
  boxes.clients.replaceChildren(
    table(
      t.clientsCaption,
      [
        { label: t.client },
        { label: t.category, field: 'category' },
        { label: t.previousCategory, field: 'previousCategory' },
        { label: t.revenue, field: 'revenue', num: true },
        { label: t.manager, field: 'manager' },
      ],
      shown.map((client) => ({
        attrs: { 'data-client': client.contactId },
        head: client.name ?? client.contactId,
        cells: [
          client.category,
          client.previousCategory ?? t.categoryNew,
          figure('revenue', client.revenue, f.money(client.revenue, clients.currency)),
          client.managerId ? (names.get(client.managerId) ?? client.managerId) : '—',
        ],
      })),
    ),
    ...(shown.length < clients.clients.length
      ? [
          h('p', {
            class: 'note',
            text: t.clientsShown(f.count(shown.length), f.count(clients.clients.length)),
          }),
        ]
      : []),
  );
};
