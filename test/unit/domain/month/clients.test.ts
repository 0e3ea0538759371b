import { describe, expect, it } from 'vitest';
import {
  abcReport,
  categorize,
  DEFAULT_ABC_THRESHOLDS,
  migrationKey,
  windowMonths,
} from '../../../../shared/domain/clients/abc';

const revenues = (entries: Record<string, number>) => new Map(Object.entries(entries));

describe('categorize', () => {
  it('puts the clients making the first 80 % in A, the next 15 % in B, the rest in C', () => {
    const categories = categorize(
      revenues({ a: 50, b: 30, c: 10, d: 5, e: 5 }),
      DEFAULT_ABC_THRESHOLDS,
    );

    expect(Object.fromEntries(categories)).toEqual({ a: 'A', b: 'A', c: 'B', d: 'B', e: 'C' });
  });

  it('gives the client that crosses a threshold the upper category', () => {
    const categories = categorize(
      revenues({ big: 70, mid: 20, small: 10 }),
      DEFAULT_ABC_THRESHOLDS,
    );

    expect(Object.fromEntries(categories)).toEqual({ big: 'A', mid: 'A', small: 'B' });
  });

  it('orders equal revenue by contact id, and leaves out clients without revenue', () => {
    const categories = categorize(revenues({ z: 10, y: 10, x: 0 }), { a: 50, b: 90 });

    expect([...categories]).toEqual([
      ['y', 'A'],
      ['z', 'B'],
    ]);
  });

  it('follows configured thresholds', () => {
    const categories = categorize(revenues({ a: 50, b: 30, c: 20 }), { a: 50, b: 50 });

    expect(Object.fromEntries(categories)).toEqual({ a: 'A', b: 'C', c: 'C' });
  });
});

describe('abcReport', () => {
  const now = revenues({ a: 600, b: 300, c: 60, d: 40 });
  const before = revenues({ a: 100, b: 700, c: 150, e: 50 });

  it('counts categories and migrations company-wide, newcomers and leavers included', () => {
    const report = abcReport(now, before, DEFAULT_ABC_THRESHOLDS);

    expect(report.categories).toEqual({
      A: { clients: 2, revenue: 900 },
      B: { clients: 1, revenue: 60 },
      C: { clients: 1, revenue: 40 },
    });
    expect(report.migration).toEqual({ 'B→A': 1, 'A→A': 1, 'A→B': 1, 'new→C': 1, 'C→none': 1 });
    expect(report.clients).toEqual([
      { contactId: 'a', category: 'A', previousCategory: 'B', revenue: 600 },
      { contactId: 'b', category: 'A', previousCategory: 'A', revenue: 300 },
      { contactId: 'c', category: 'B', previousCategory: 'A', revenue: 60 },
      { contactId: 'd', category: 'C', previousCategory: null, revenue: 40 },
    ]);
  });

  it('reports one manager’s clients with the categories they have among all', () => {
    const report = abcReport(now, before, DEFAULT_ABC_THRESHOLDS, (id) => id === 'c' || id === 'e');

    expect(report.clients.map((c) => [c.contactId, c.category])).toEqual([['c', 'B']]);
    expect(report.migration).toEqual({ 'A→B': 1, 'C→none': 1 });
  });

  it('names windows and migrations', () => {
    expect(windowMonths('2026-11', 3)).toEqual(['2026-09', '2026-10', '2026-11']);
    expect(windowMonths('2026-02', 12)[0]).toBe('2025-03');
    expect(migrationKey(undefined, 'A')).toBe('new→A');
    expect(migrationKey('B', undefined)).toBe('B→none');
  });
});
