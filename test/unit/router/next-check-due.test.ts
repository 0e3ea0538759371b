import { describe, expect, it } from 'vitest';
import { nextCheckDue } from '../../../shared/usecases/assign-lead';

const offer = { assignedAt: '2026-11-27T07:00:00.000Z' };
const at = (iso: string) => new Date(iso);

describe('nextCheckDue', () => {
  it('is one timeout after a check run on time', () => {
    expect(
      nextCheckDue(
        { ...offer, dueAt: '2026-11-27T07:02:00.000Z' },
        at('2026-11-27T07:02:00.300Z'),
        120,
      ),
    ).toBe('2026-11-27T07:04:00.000Z');
  });

  it('is one timeout after the check’s own due time when it runs a little early', () => {
    expect(
      nextCheckDue(
        { ...offer, dueAt: '2026-11-27T07:02:00.000Z' },
        at('2026-11-27T07:01:59.400Z'),
        120,
      ),
    ).toBe('2026-11-27T07:04:00.000Z');
  });

  it('is the offer’s first point after now when the check runs late, the same for every copy', () => {
    const check = { ...offer, dueAt: '2026-11-27T07:02:00.000Z' };
    expect(nextCheckDue(check, at('2026-11-27T07:07:10.000Z'), 120)).toBe(
      '2026-11-27T07:08:00.000Z',
    );
    expect(nextCheckDue(check, at('2026-11-27T07:07:50.000Z'), 120)).toBe(
      '2026-11-27T07:08:00.000Z',
    );
  });

  it('still moves on with a timeout of 0', () => {
    expect(
      nextCheckDue({ ...offer, dueAt: offer.assignedAt }, at('2026-11-27T07:00:00.000Z'), 0),
    ).toBe('2026-11-27T07:00:01.000Z');
  });
});
