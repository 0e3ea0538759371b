import { h, svg } from './dom';
import { type Column, table } from './table';
import type { CallMetrics } from './types';
import type { Ui } from './ui';

/** The stacked series of the calls chart, bottom up (= the legend's order). */
export const SERIES = ['answered', 'missed', 'shortAbandoned'] as const;

/** 1, 2 or 5 times a power of ten, at or above max / steps. */
export const niceStep = (max: number, steps: number): number => {
  const raw = Math.max(max, 1) / steps;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  return Math.max(1, step);
};

/**
 * Inbound calls per day as stacked SVG bars, as wide as their box, and the same figures as a
 * table. Plain SVG: two kinds of chart do not justify a chart library.
 */
export const renderCallsPerDay = (
  box: HTMLElement,
  tableBox: HTMLElement,
  byDay: CallMetrics,
  { t, f }: Ui,
): void => {
  const groups = byDay.groups ?? [];
  const width = Math.max(280, Math.floor(box.clientWidth || 600));
  const height = width < 500 ? 200 : 240;
  const m = { top: 18, right: 8, bottom: 26, left: 34 };
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom;
  const totals = groups.map((g) => g.answered + g.missed + g.shortAbandoned);
  const highest = Math.max(0, ...totals);
  const step = niceStep(highest, 4);
  const top = step * Math.max(1, Math.ceil(highest / step));
  const y = (v: number) => m.top + plotH - (v / top) * plotH;
  const slot = plotW / Math.max(groups.length, 1);
  const barW = Math.max(2, Math.min(48, slot * 0.7));
  const labelEvery = Math.max(1, Math.ceil(52 / slot));
  const lower = (text: string) => text.toLocaleLowerCase(t.locale);

  const grid: SVGElement[] = [];
  for (let v = 0; v <= top; v += step) {
    grid.push(
      svg('line', { class: 'gridline', x1: m.left, x2: width - m.right, y1: y(v), y2: y(v) }),
      svg('text', {
        class: 'axis',
        x: m.left - 6,
        y: y(v) + 4,
        'text-anchor': 'end',
        text: f.count(v),
      }),
    );
  }
  const bars = groups.map((g, i) => {
    const x = m.left + slot * i + (slot - barW) / 2;
    let base = 0;
    const parts = SERIES.filter((key) => g[key] > 0).map((key) => {
      const rect = svg(
        'rect',
        {
          class: `bar s-${key}`,
          x,
          y: y(base + g[key]),
          width: barW,
          height: y(base) - y(base + g[key]),
        },
        [svg('title', { text: `${f.dayLong(g.key)}: ${f.count(g[key])} ${lower(t[key])}` })],
      );
      base += g[key];
      return rect;
    });
    const total = totals[i] ?? 0;
    const label =
      i % labelEvery === 0
        ? svg('text', {
            class: 'axis',
            x: x + barW / 2,
            y: height - 8,
            'text-anchor': 'middle',
            text: groups.length <= 7 && slot > 70 ? f.weekdayAndDay(g.key) : f.dayShort(g.key),
          })
        : null;
    const sum =
      total > 0 && barW >= 14
        ? svg('text', {
            class: 'sum',
            x: x + barW / 2,
            y: y(total) - 4,
            'text-anchor': 'middle',
            text: f.count(total),
          })
        : null;
    return svg('g', {}, [...parts, sum, label]);
  });
  const described = groups.map(
    (g) =>
      `${f.dayShort(g.key)}: ${SERIES.map((key) => `${f.count(g[key])} ${lower(t[key])}`).join(', ')}`,
  );
  box.replaceChildren(
    svg(
      'svg',
      {
        width,
        height,
        viewBox: `0 0 ${width} ${height}`,
        role: 'img',
        'aria-labelledby': 'calls-chart-title calls-chart-desc',
      },
      [
        svg('title', { id: 'calls-chart-title', text: t.callsChartTitle }),
        svg('desc', { id: 'calls-chart-desc', text: described.join('; ') }),
        ...grid,
        ...bars,
        totals.every((n) => n === 0)
          ? svg('text', {
              class: 'axis',
              x: m.left + plotW / 2,
              y: m.top + plotH / 2,
              'text-anchor': 'middle',
              text: t.noInboundCalls,
            })
          : null,
      ],
    ),
  );
  box.dataset.width = String(width);

  const columns: Column[] = [
    { label: t.day },
    ...SERIES.map((key) => ({ label: t[key], field: key, num: true })),
    { label: t.outbound, field: 'outbound', num: true },
  ];
  tableBox.replaceChildren(
    table(
      t.callsPerDay,
      columns,
      groups.map((g) => ({
        attrs: { 'data-day': g.key },
        head: f.weekdayAndDay(g.key),
        cells: [...SERIES.map((key) => f.count(g[key])), f.count(g.outbound)],
      })),
      false,
    ),
  );
};

export type BarRow = { readonly key: string; readonly label: string; readonly value: number };

/** Horizontal bars as rows: the label is HTML text (it wraps), the bar an SVG rect. */
export const barRows = (rows: readonly BarRow[], kind: string, { f }: Ui): HTMLElement => {
  const max = Math.max(1, ...rows.map((r) => r.value));
  return h(
    'div',
    { class: `bars ${kind}` },
    rows.map((row) =>
      h('div', { class: 'bar-row', 'data-key': row.key }, [
        h('span', { class: 'bar-label', text: row.label }),
        svg(
          'svg',
          {
            class: 'bar-track',
            viewBox: '0 0 100 10',
            preserveAspectRatio: 'none',
            'aria-hidden': 'true',
          },
          [svg('rect', { width: (row.value / max) * 100, height: 10 })],
        ),
        h('span', { class: 'bar-value', 'data-value': row.value, text: f.count(row.value) }),
      ]),
    ),
  );
};
