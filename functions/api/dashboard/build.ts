import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

export type DashboardAssets = { readonly js: string; readonly css: string };

const BROWSER = fileURLToPath(new URL('./browser/', import.meta.url));

/**
 * The dashboard's browser code as served: browser/main.ts and the modules it imports bundled
 * into one ES module, browser/style.css into one style sheet, both minified, for the browsers
 * of the last few years. Run at build time by infra/constructs/bundling.ts (the Lambda bundle
 * gets the result as constants), and on first use by `npm start` and the tests (assets.ts).
 */
export const buildDashboardAssets = (): DashboardAssets => {
  const result = buildSync({
    entryPoints: { app: `${BROWSER}main.ts`, style: `${BROWSER}style.css` },
    outdir: 'dashboard', // nothing is written: the files come back in memory
    write: false,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2020', 'chrome100', 'edge100', 'firefox100', 'safari15'],
    minify: true,
    charset: 'utf8', // Cyrillic as UTF-8 bytes, not \u escapes
    legalComments: 'none',
    tsconfig: `${BROWSER}tsconfig.json`,
    logLevel: 'silent',
  });
  const output = (extension: string) => {
    const file = result.outputFiles.find((f) => f.path.endsWith(extension));
    if (!file) throw new Error(`esbuild built no ${extension} for the dashboard`);
    return file.text;
  };
  return { js: output('.js'), css: output('.css') };
};
