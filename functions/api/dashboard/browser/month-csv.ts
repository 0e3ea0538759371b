// The month's panels as CSV files, made in the browser from the API's JSON, with the same
// conventions as the API's own exports (functions/api/csv.ts, the very code): a UTF-8 BOM, CRLF,
// RFC 4180 quoting, and a text cell a spreadsheet would run as a formula shown as text.

import { PLAN_TARGETS } from '../../../../shared/domain/plans/progress';
import { type CsvValue, csvLine, UTF8_BOM } from '../../csv';
import type { Clients, Funnel, PlanProgress } from './types';

const document = (header: readonly string[], rows: readonly (readonly CsvValue[])[]): string =>
  UTF8_BOM + csvLine(header) + rows.map(csvLine).join('');

/** One row per manager (then the team) and target: plan, fact, percent, forecast. */
export const planCsv = (plan: PlanProgress, names: ReadonlyMap<string, string>): string =>
  document(
    ['month', 'managerId', 'manager', 'target', 'plan', 'fact', 'percent', 'forecast', 'currency'],
    [
      ...Object.entries(plan.managers).map(([id, targets]) => ({
        id,
        name: names.get(id),
        targets,
      })),
      { id: '', name: 'team', targets: plan.team },
    ].flatMap(({ id, name, targets }) =>
      PLAN_TARGETS.map((target) => {
        const p = targets[target];
        return [
          plan.month,
          id,
          name ?? id,
          target,
          p.plan,
          p.fact,
          p.percent,
          p.forecast,
          target === 'revenue' ? plan.currency : undefined,
        ];
      }),
    ),
  );

/** One row per stage of all leads, then of each channel and each manager. */
export const funnelCsv = (byChannel: Funnel, byManager: Funnel): string =>
  document(
    ['from', 'to', 'groupBy', 'key', 'stage', 'count', 'conversionFromPrevious'],
    [
      { groupBy: 'all', key: '', stages: byChannel.stages },
      ...(byChannel.groups ?? []).map((g) => ({ groupBy: 'channel', ...g })),
      ...(byManager.groups ?? []).map((g) => ({ groupBy: 'manager', ...g })),
    ].flatMap(({ groupBy, key, stages }) =>
      stages.map((s) => [
        byChannel.from,
        byChannel.to,
        groupBy,
        key,
        s.stage,
        s.count,
        s.conversionFromPrevious,
      ]),
    ),
  );

/** One row per client, highest revenue first. */
export const clientsCsv = (clients: Clients): string =>
  document(
    [
      'asOf',
      'windowFrom',
      'windowTo',
      'contactId',
      'name',
      'category',
      'previousCategory',
      'revenue',
      'currency',
      'managerId',
    ],
    clients.clients.map((c) => [
      clients.asOf,
      clients.window.from,
      clients.window.to,
      c.contactId,
      c.name,
      c.category,
      c.previousCategory,
      c.revenue,
      clients.currency,
      c.managerId,
    ]),
  );
