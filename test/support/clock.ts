/**
 * A clock tests control. Every reading moves it forward by one millisecond, so events keep
 * their order without anyone waiting; `advance` jumps (a retry six minutes later, a new day).
 */
export const createTestClock = (start = '2026-11-27T07:00:00.000Z') => {
  let current = Date.parse(start);
  return {
    now: (): Date => new Date(current++),
    advance: (ms: number): void => {
      current += ms;
    },
    set: (iso: string): void => {
      current = Date.parse(iso);
    },
    peek: (): Date => new Date(current),
  };
};

export type TestClock = ReturnType<typeof createTestClock>;

/** Ids that read well in failures: prefix-000001, prefix-000002, … */
export const createTestIds = (prefix = 'id') => {
  let n = 0;
  return () => `${prefix}-${String(++n).padStart(6, '0')}`;
};
