import type { Servers } from '../local/stack';

/** A figure a benchmark prints, with the target it is held to (if any). */
export type Target = {
  readonly comparison: '<=' | '>=' | '=';
  readonly value: number;
  /** How the target reads in the table, e.g. "≤ 500 KiB". */
  readonly text: string;
};

export type Figure = {
  readonly benchmark: string;
  readonly name: string;
  readonly value: number;
  /** The value as printed, unit included. */
  readonly display: string;
  readonly target?: Target | undefined;
  readonly note?: string | undefined;
};

export type Benchmark = {
  readonly name: string;
  readonly description: string;
  run(context: BenchContext): Promise<Figure[]>;
};

export type BenchContext = {
  /** A line of progress or detail (the figures themselves are returned). */
  readonly log: (line: string) => void;
  /** DynamoDB Local and fauxqs, started on first use and shared by the benchmarks of a run. */
  readonly servers: () => Promise<Servers>;
  /** The node binary fresh processes run with (`--node=<path>`; default: this one). */
  readonly node: string;
};

export const isMet = (figure: Figure): boolean | undefined => {
  const { target } = figure;
  if (!target) return undefined;
  if (target.comparison === '<=') return figure.value <= target.value;
  if (target.comparison === '>=') return figure.value >= target.value;
  return figure.value === target.value;
};

export const atMost = (value: number, text: string): Target => ({ comparison: '<=', value, text });
export const atLeast = (value: number, text: string): Target => ({
  comparison: '>=',
  value,
  text,
});
export const equalTo = (value: number, text: string): Target => ({ comparison: '=', value, text });

/** A figure factory bound to one benchmark's name. */
export const figuresOf =
  (benchmark: string) =>
  (name: string, value: number, display: string, target?: Target, note?: string): Figure => ({
    benchmark,
    name,
    value,
    display,
    ...(target ? { target } : {}),
    ...(note ? { note } : {}),
  });

const pad = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - text.length));

/** The figures as a plain-text table: figure, value, target, met. */
export const formatTable = (figures: readonly Figure[]): string => {
  const rows = figures.map((f) => {
    const met = isMet(f);
    return [
      `${f.benchmark}: ${f.name}`,
      f.display,
      f.target?.text ?? '',
      met === undefined ? '' : met ? 'met' : 'NOT MET',
    ];
  });
  const header = ['figure', 'value', 'target', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => pad(cell, widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
};

export const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
export const ms = (value: number): string =>
  `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
export const perSecond = (value: number, what: string): string =>
  `${Math.round(value).toLocaleString('en-US')} ${what}/s`;
export const usd = (value: number): string =>
  value >= 0.01 ? `$${value.toFixed(4)}` : `$${value.toPrecision(3)}`;
