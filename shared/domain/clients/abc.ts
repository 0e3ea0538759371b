import { addMonths } from '../plans/forecast';

/**
 * Clients A/B/C by won revenue (the Pareto split a head of sales plans accounts by): sorted by
 * revenue, A are the clients making the first `a` % of it, B the next ones up to `b` %, C the
 * rest. The client that crosses a threshold belongs to the upper category.
 */
export const CATEGORIES = ['A', 'B', 'C'] as const;
export type Category = (typeof CATEGORIES)[number];

/** ABC_THRESHOLDS: cumulative shares of revenue in percent, A up to `a`, B up to `b`. */
export type AbcThresholds = { readonly a: number; readonly b: number };
export const DEFAULT_ABC_THRESHOLDS: AbcThresholds = { a: 80, b: 95 };

/** The months of a window: `months` months ending with `last`, oldest first. */
export const windowMonths = (last: string, months: number): string[] =>
  Array.from({ length: months }, (_, i) => addMonths(last, i - months + 1));

/**
 * Each client's category, from its revenue in the window (minor units; clients without revenue
 * have none). Ties in revenue are ordered by contact id, so the split is always the same.
 */
export const categorize = (
  revenues: ReadonlyMap<string, number>,
  thresholds: AbcThresholds,
): Map<string, Category> => {
  const ranked = [...revenues.entries()]
    .filter(([, revenue]) => revenue > 0)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));
  const total = ranked.reduce((sum, [, revenue]) => sum + revenue, 0);
  const categories = new Map<string, Category>();
  let before = 0;
  for (const [contactId, revenue] of ranked) {
    const category: Category =
      before * 100 < thresholds.a * total ? 'A' : before * 100 < thresholds.b * total ? 'B' : 'C';
    categories.set(contactId, category);
    before += revenue;
  }
  return categories;
};

/** A key of the migration matrix: "A→B", "new→A" (no category before), "B→none" (none now). */
export const migrationKey = (before: Category | undefined, now: Category | undefined): string =>
  `${before ?? 'new'}→${now ?? 'none'}`;

export type ClientRow = {
  readonly contactId: string;
  readonly category: Category;
  readonly previousCategory: Category | null;
  readonly revenue: number;
};

export type AbcReport = {
  readonly categories: Readonly<Record<Category, { clients: number; revenue: number }>>;
  readonly migration: Readonly<Record<string, number>>;
  readonly clients: readonly ClientRow[];
};

/**
 * The categories now and a month earlier (both company-wide), reported for the clients `keep`
 * selects (a manager's own): the categories' sizes and revenue, the migration between the two
 * windows (those who dropped out included, as "X→none"), and the clients, highest revenue first.
 */
export const abcReport = (
  current: ReadonlyMap<string, number>,
  previous: ReadonlyMap<string, number>,
  thresholds: AbcThresholds,
  keep: (contactId: string) => boolean = () => true,
): AbcReport => {
  const now = categorize(current, thresholds);
  const before = categorize(previous, thresholds);
  const categories = {
    A: { clients: 0, revenue: 0 },
    B: { clients: 0, revenue: 0 },
    C: { clients: 0, revenue: 0 },
  };
  const migration: Record<string, number> = {};
  const clients: ClientRow[] = [];
  for (const [contactId, category] of now) {
    if (!keep(contactId)) continue;
    const revenue = current.get(contactId) ?? 0;
    categories[category].clients++;
    categories[category].revenue += revenue;
    const previousCategory = before.get(contactId);
    const key = migrationKey(previousCategory, category);
    migration[key] = (migration[key] ?? 0) + 1;
    clients.push({ contactId, category, previousCategory: previousCategory ?? null, revenue });
  }
  for (const [contactId, category] of before) {
    if (now.has(contactId) || !keep(contactId)) continue;
    const key = migrationKey(category, undefined);
    migration[key] = (migration[key] ?? 0) + 1;
  }
  return { categories, migration, clients };
};
