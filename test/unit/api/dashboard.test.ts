import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { dashboardAssets } from '../../../functions/api/dashboard/assets';
import { DASHBOARD_CSP, dashboardRoutes } from '../../../functions/api/dashboard/routes';

describe('GET /dashboard', () => {
  const app = dashboardRoutes({
    timeZone: 'Europe/Moscow',
    now: () => new Date('2026-11-26T21:30:00Z'), // already the 27th in Moscow
    language: 'ru',
  });

  it('serves the page with today and the time zone of the business, never cached', async () => {
    const response = await app.request('/dashboard');
    const html = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(html).toContain('<meta name="sb-today" content="2026-11-27">');
    expect(html).toContain('<meta name="sb-time-zone" content="Europe/Moscow">');
    expect(html).not.toMatch(/\{\{\w+\}\}/);
  });

  it('tells the page the time by the server’s clock and SWITCHBOARD_LANGUAGE, its default', async () => {
    const html = await (await app.request('/dashboard')).text();

    expect(html).toContain('<meta name="sb-now" content="2026-11-26T21:30:00.000Z">');
    expect(html).toContain('<meta name="sb-language" content="ru">');
    expect(html).toContain('<html lang="ru">');
  });

  it('forbids every other origin, inline code, framing and form posts with its CSP', async () => {
    const response = await app.request('/dashboard');
    const csp = response.headers.get('content-security-policy') ?? '';

    expect(csp).toBe(DASHBOARD_CSP);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'none'");
    expect(csp).not.toMatch(/unsafe-|https?:|\*/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('links only its own script and style sheet, by versioned relative URLs', async () => {
    const html = await (await app.request('/dashboard')).text();
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);

    expect(urls).toEqual([
      'data:,',
      expect.stringMatching(/^dashboard\/app\.css\?v=[0-9a-f]{12}$/),
      expect.stringMatching(/^dashboard\/app\.js\?v=[0-9a-f]{12}$/),
    ]);
  });

  it.each([
    ['app.js', /^text\/javascript/],
    ['app.css', /^text\/css/],
  ])(
    'serves %s for a year at its current version and revalidated otherwise',
    async (name, type) => {
      const html = await (await app.request('/dashboard')).text();
      const versioned = new RegExp(`dashboard/${name.replace('.', '\\.')}\\?v=(\\w+)`).exec(
        html,
      )?.[0];

      const current = await app.request(`/${versioned}`);
      const stale = await app.request(`/dashboard/${name}?v=000000000000`);

      expect(current.status).toBe(200);
      expect(current.headers.get('content-type')).toMatch(type);
      expect(current.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(stale.headers.get('cache-control')).toBe('no-cache');
    },
  );

  it('redirects /dashboard/ to /dashboard, where the relative URLs resolve', async () => {
    const response = await app.request('/dashboard/');

    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe('/dashboard');
  });

  it('has a script that parses as JavaScript and calls no external origin', async () => {
    const { js: DASHBOARD_JS } = await dashboardAssets();

    expect(() => new Script(DASHBOARD_JS)).not.toThrow();
    expect(DASHBOARD_JS).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(DASHBOARD_JS).not.toMatch(/innerHTML|eval\(|new Function/);
  });
});

describe('the dashboard’s CSP with CSV exports in S3', () => {
  it('lets the page’s fetch follow a CSV download’s 303 to the exports bucket, and nowhere else', async () => {
    const app = dashboardRoutes({
      timeZone: 'Europe/Moscow',
      now: () => new Date('2026-11-26T21:30:00Z'),
      language: 'ru',
      csvExports: {
        origin: 'https://sb-exports.s3.eu-central-1.amazonaws.com',
        save: async () => 'unused',
      },
    });

    const csp = (await app.request('/dashboard')).headers.get('content-security-policy') ?? '';

    expect(csp).toContain("connect-src 'self' https://sb-exports.s3.eu-central-1.amazonaws.com;");
    expect(csp).toContain("default-src 'none'");
  });
});
