import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { dayInZone } from '../shared/domain/time';
import { atMost, type Benchmark, figuresOf } from './report';
import { ingestAll, routeAll, seedDepartment, startBenchStack } from './support/local-system';
import {
  BENCH_SECRETS,
  callEvents,
  formRequest,
  phoneOf,
  telephonyRequest,
} from './support/requests';
import { median, percentile } from './support/stats';

const CHROMIUM = '/usr/bin/chromium';
const MANAGERS = 10;
const DAYS = 7;
const CALLS = 420;
const FORMS = 70;
const LOADS = 20;

/**
 * How long the head of sales waits for the page: a week of a 10-manager department (calls
 * answered and missed, leads) through ingest and the router, then the dashboard opened in
 * headless Chromium and reloaded; each load is timed by the page itself, from navigation start
 * to every figure drawn (`data-loaded-ms`, set when the last API answer is on screen).
 */
export const dashboard: Benchmark = {
  name: 'dashboard',
  description: `GET /dashboard in headless Chromium (${CHROMIUM}) on the local stack, ${LOADS} loads with the key in the tab, after a week of ${CALLS} calls and ${FORMS} leads over ${MANAGERS} managers`,
  async run({ log, servers }) {
    const figure = figuresOf('dashboard');
    if (!existsSync(CHROMIUM)) {
      log(`skipped: no ${CHROMIUM} (apt-get install -y chromium)`);
      return [];
    }
    const bench = await startBenchStack(await servers(), 'dashboard', { pollers: false });
    const profile = await mkdtemp(join(tmpdir(), 'switchboard-bench-chromium-'));
    try {
      const { extensions } = await seedDepartment(bench, MANAGERS);
      const { timeZone } = bench.stack.config;
      const today = Date.parse(`${dayInZone(new Date(), timeZone)}T07:00:00Z`); // 10:00 Moscow
      const events = Array.from({ length: CALLS }, (_, i) => {
        // The six days before today (the page's default period is the last seven, today included).
        const start = new Date(today - (1 + (i % (DAYS - 1))) * 86_400_000 + (i % 480) * 60_000);
        return callEvents(`dash-${i}`, phoneOf(500_000 + i), start, {
          extension: extensions[i % MANAGERS] ?? '101',
          answered: i % 4 !== 0,
        });
      }).flat();
      const now = new Date();
      await ingestAll(
        bench,
        [
          ...Array.from({ length: FORMS }, (_, i) => formRequest(700_000 + i)),
          ...events.map((event) => telephonyRequest(event, now)),
        ],
        16,
      );
      await routeAll(bench, (error) => log(`router: ${String(error)}`));
      log(`seeded ${FORMS} forms and ${CALLS} calls (${events.length} events)`);

      const context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
        viewport: { width: 1280, height: 900 },
      });
      try {
        const page = context.pages()[0] ?? (await context.newPage());
        const ready = () =>
          page.waitForFunction(() => document.body.dataset.state === 'ready', undefined, {
            timeout: 30_000,
          });
        await page.goto(`${bench.stack.url}/dashboard`);
        await page.fill('#key', BENCH_SECRETS.ADMIN_API_KEY);
        await page.click('#key-form button[type=submit]');
        await ready();
        const loads: number[] = [];
        for (let i = 0; i < LOADS; i++) {
          await page.reload();
          await ready();
          loads.push(Number(await page.evaluate(() => document.body.dataset.loadedMs)));
        }
        // A fast empty page would prove nothing: the week must be on it.
        const shown = (await page.locator('[data-kpi=calls]').first().textContent()) ?? '';
        if (Number(shown.replace(/\D/g, '')) !== CALLS) {
          throw new Error(`the page shows ${shown} calls, not the ${CALLS} seeded`);
        }
        log(
          `${shown} calls on the page; loads (ms): ${loads.map((ms) => ms.toFixed(0)).join(' ')}`,
        );
        return [
          figure(
            'load, navigation to every figure drawn, p50 / p90',
            percentile(loads, 90),
            `${median(loads).toFixed(0)} / ${percentile(loads, 90).toFixed(0)} ms`,
          ),
          figure(
            `load, the slowest of ${LOADS}`,
            Math.max(...loads),
            `${Math.max(...loads).toFixed(0)} ms`,
            atMost(1_000, '< 1 s'),
          ),
        ];
      } finally {
        await context.close();
      }
    } finally {
      await rm(profile, { recursive: true, force: true });
      await bench.stop();
    }
  },
};
