import { createHash } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { dayInZone } from '../../../shared/domain/time';
import type { ApiDeps } from '../deps';
import { type DashboardAssets, dashboardAssets } from './assets';
import { DASHBOARD_HTML } from './page';

/**
 * Only this origin: the page's own script and style, and fetches to this API. No inline code,
 * no external origin, no framing, no form posted anywhere (the key form is handled by script).
 */
const cspWith = (connect: readonly string[]) =>
  [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    ["connect-src 'self'", ...connect].join(' '),
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');

export const DASHBOARD_CSP = cspWith([]);

/**
 * The headers of the page and its assets. In AWS a CSV download is a 303 to a presigned S3 link:
 * the page's fetch may follow it to that one origin (the exports bucket), and nowhere else.
 */
const securityHeaders = (exportsOrigin: string | undefined) => ({
  'Content-Security-Policy': exportsOrigin ? cspWith([exportsOrigin]) : DASHBOARD_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
});

const version = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);

type AssetName = 'app.js' | 'app.css';
type Served = Record<AssetName, { body: string; type: string; version: string }>;

const toServed = ({ js, css }: DashboardAssets): Served => ({
  'app.js': { body: js, type: 'text/javascript; charset=utf-8', version: version(js) },
  'app.css': { body: css, type: 'text/css; charset=utf-8', version: version(css) },
});

let served: Promise<Served> | undefined;
/** The built script and style sheet with their versions, worked out once per process. */
const servedAssets = (): Promise<Served> => {
  served ??= dashboardAssets()
    .then(toServed)
    .catch((error: unknown) => {
      served = undefined; // a failed build is tried again by the next request
      throw error;
    });
  return served;
};

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);

/**
 * The page with the business time zone, today's date in it and the time by the server's clock,
 * and the default language.
 */
export const dashboardPage = (
  settings: Pick<ApiDeps, 'timeZone' | 'language'>,
  now: Date,
  versions: { readonly js: string; readonly css: string },
): string => {
  const values: Record<string, string> = {
    timeZone: settings.timeZone,
    today: dayInZone(now, settings.timeZone),
    now: now.toISOString(),
    language: settings.language,
    jsVersion: versions.js,
    cssVersion: versions.css,
  };
  return DASHBOARD_HTML.replace(/\{\{(\w+)\}\}/g, (_, name: string) =>
    escapeHtml(values[name] ?? ''),
  );
};

/** A versioned URL may be kept for a year; any other one is revalidated. */
const asset = async (c: Context, name: AssetName, headers: Record<string, string>) => {
  const { body, type, version } = (await servedAssets())[name];
  return c.body(body, 200, {
    ...headers,
    'Content-Type': type,
    'Cache-Control':
      c.req.query('v') === version ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
};

/**
 * GET /dashboard: the head of sales' figures, or a manager's own open leads, by the key typed
 * in; served by the api function itself (no separate hosting). It holds no data: the script
 * asks for an API key and reads the API with it.
 */
export const dashboardRoutes = (
  deps: Pick<ApiDeps, 'timeZone' | 'now' | 'language' | 'csvExports'>,
) => {
  const headers = securityHeaders(deps.csvExports?.origin);
  return new Hono()
    .get('/dashboard', async (c) => {
      const assets = await servedAssets();
      const versions = { js: assets['app.js'].version, css: assets['app.css'].version };
      return c.html(dashboardPage(deps, deps.now(), versions), 200, {
        ...headers,
        'Cache-Control': 'no-store',
      });
    })
    .get('/dashboard/', (c) => c.redirect('/dashboard', 301))
    .get('/dashboard/app.js', (c) => asset(c, 'app.js', headers))
    .get('/dashboard/app.css', (c) => asset(c, 'app.css', headers));
};
