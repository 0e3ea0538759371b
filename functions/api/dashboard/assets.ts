import type { DashboardAssets } from './build';

export type { DashboardAssets };

/*
 * In the Lambda bundle these two are string constants: infra/constructs/bundling.ts builds the
 * browser code once and hands the result to esbuild's `define`, so the branch below that builds
 * it is dead code esbuild drops (and esbuild with it). Under `npm start` and vitest they are
 * not defined, and the browser code is built on first use.
 */
declare const SWITCHBOARD_DASHBOARD_JS: string | undefined;
declare const SWITCHBOARD_DASHBOARD_CSS: string | undefined;

/** The dashboard's script and style sheet, exactly as served. */
export const dashboardAssets = (): Promise<DashboardAssets> => {
  if (
    typeof SWITCHBOARD_DASHBOARD_JS === 'string' &&
    typeof SWITCHBOARD_DASHBOARD_CSS === 'string'
  ) {
    return Promise.resolve({ js: SWITCHBOARD_DASHBOARD_JS, css: SWITCHBOARD_DASHBOARD_CSS });
  } else {
    // An if/else, not an early return: esbuild drops a dead `else`, import() included.
    return import('./build').then(({ buildDashboardAssets }) => buildDashboardAssets());
  }
};
