import { createHash } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { dayInZone } from '../../../shared/domain/time';
import type { ApiDeps } from '../deps';
import { DASHBOARD_HTML } from './page';
import { DASHBOARD_JS } from './script';
import { DASHBOARD_CSS } from './style';

/**
 * Only this origin: the page's own script and style, and fetches to this API. No inline code,
 * no external origin, no framing, no form posted anywhere (the key form is handled by script).
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS = {
  'Content-Security-Policy': DASHBOARD_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

const version = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);

const ASSETS = {
  'app.js': { body: DASHBOARD_JS, type: 'text/javascript; charset=utf-8' },
  'app.css': { body: DASHBOARD_CSS, type: 'text/css; charset=utf-8' },
} as const;
const VERSIONS = { 'app.js': version(DASHBOARD_JS), 'app.css': version(DASHBOARD_CSS) };

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);

/** The page with the business time zone and today's date in it, by the server's clock. */
export const dashboardPage = (timeZone: string, now: Date): string => {
  const values: Record<string, string> = {
    timeZone,
    today: dayInZone(now, timeZone),
    jsVersion: VERSIONS['app.js'],
    cssVersion: VERSIONS['app.css'],
  };
  return DASHBOARD_HTML.replace(/\{\{(\w+)\}\}/g, (_, name: string) =>
    escapeHtml(values[name] ?? ''),
  );
};

/** A versioned URL may be kept for a year; any other one is revalidated. */
const asset = (c: Context, name: keyof typeof ASSETS) =>
  c.body(ASSETS[name].body, 200, {
    ...SECURITY_HEADERS,
    'Content-Type': ASSETS[name].type,
    'Cache-Control':
      c.req.query('v') === VERSIONS[name] ? 'public, max-age=31536000, immutable' : 'no-cache',
  });

/**
 * GET /dashboard: the head of sales' page, served by the api function itself (no separate
 * hosting). It holds no data: the script asks for an API key and reads the API with it.
 */
export const dashboardRoutes = (deps: Pick<ApiDeps, 'timeZone' | 'now'>) =>
  new Hono()
    .get('/dashboard', (c) =>
      c.html(dashboardPage(deps.timeZone, deps.now()), 200, {
        ...SECURITY_HEADERS,
        'Cache-Control': 'no-store',
      }),
    )
    .get('/dashboard/', (c) => c.redirect('/dashboard', 301))
    .get('/dashboard/app.js', (c) => asset(c, 'app.js'))
    .get('/dashboard/app.css', (c) => asset(c, 'app.css'));
