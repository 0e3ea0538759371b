import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../functions/api/dashboard/browser/i18n/en';
import { ru } from '../../functions/api/dashboard/browser/i18n/ru';
import { createTestClock } from '../support/clock';
import { csvRecords } from '../support/csv';
import { GENERIC_SECRET, genericCall, playCalls } from '../support/generic-telephony';
import { MESSENGER_SECRETS, postTelegram, telegramUpdate } from '../support/messengers';
import { postForm, seedManager, seedSite } from '../support/seed';
import { type TestStack, useTestStack } from '../support/test-stack';

/** Debian's chromium (CI installs it; see .ci/run); playwright-core never downloads one. */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SCREENSHOT = join(import.meta.dirname, '../../docs/dashboard.png');
const PHONE_SCREENSHOT = join(import.meta.dirname, '../../test-results/dashboard-phone.png');
const MANAGER_SCREENSHOT = join(import.meta.dirname, '../../docs/dashboard-manager.png');

/** The texts of a dictionary (nested ones too; functions are left out: their words vary). */
const textsOf = (dictionary: object): string[] =>
  Object.values(dictionary).flatMap((value) =>
    typeof value === 'string' ? [value] : value && typeof value === 'object' ? textsOf(value) : [],
  );
/** Everything a reader sees on the page, as rendered. */
const renderedText = (page: Page) =>
  // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator; rendered text is the point
  page.locator('body').innerText();
/** English texts that are not also Russian ones (names such as Telegram are both). */
const ENGLISH_ONLY = textsOf(en).filter(
  (text) => !textsOf(ru).includes(text) && /[a-z]{3}/i.test(text) && text !== en.locale,
);

const MANAGERS = [
  { id: 'anna', name: 'Anna Smirnova', ext: '101' },
  { id: 'boris', name: 'Boris Petrov', ext: '102' },
  { id: 'vera', name: 'Vera Kim', ext: '103' },
] as const;

const DAYS = 7; // 2026-11-21 … 2026-11-27, today by the test clock
const at = (day: number, hh: number, mm: number, ss = 0) =>
  new Date(Date.UTC(2026, 10, 21 + day, hh - 3, mm, ss)).toISOString(); // Moscow wall time

// The page's presentation of the API's figures, spelled out independently of its script.
const count = (n: number) => new Intl.NumberFormat('en-US').format(n);
const percent = (share: number | null) =>
  share === null ? '—' : `${(Math.round(share * 1000) / 10).toFixed(1)} %`;
const shownOrEmpty = (n: number | null) => (n === null ? '' : String(n));
const duration = (seconds: number | null): string => {
  if (seconds === null) return '—';
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min${seconds % 60 ? ` ${seconds % 60} s` : ''}`;
  return `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
};

/**
 * A week of a small sales department, through the real inbound routes with the test clock:
 * website forms and Telegram messages become leads, some accepted minutes later and called;
 * calls come from the generic PBX: answered (short and long talks), missed and called back
 * within 15 minutes, later, or not at all, short abandons; one call before the period.
 */
const seedWeek = async (t: TestStack) => {
  await seedSite(t);
  for (const m of MANAGERS) await seedManager(t, m.id, { name: m.name, extensions: [m.ext] });
  const keys = new Map<string, string>();
  for (const m of MANAGERS) {
    const created = await t.api('POST', '/v1/keys', {
      name: m.name,
      role: 'manager',
      managerId: m.id,
    });
    keys.set(m.id, created.body.key);
  }
  const leadByPhone = async (phone: string) =>
    (await t.api('GET', '/v1/leads?limit=100')).body.items.find(
      (lead: { contact: { phone?: string } }) => lead.contact.phone === phone,
    );
  const ext = (n: number) => MANAGERS[n % MANAGERS.length]?.ext ?? '101';

  await playCalls(
    t,
    genericCall('before-period', {
      customer: '+79169990000',
      start: '2026-11-10T08:00:00Z',
      ringSeconds: 4,
      talkSeconds: 120,
      extension: '101',
    }),
  );

  for (let day = 0; day < DAYS; day++) {
    // A website form at 09:00, accepted 1–13 minutes later, then called back at 09:20.
    const phone = `+791670000${day}1`;
    t.clock.set(at(day, 9, 0));
    // Named unlike any of the page's English words: the A/B/C table shows the clients' names.
    await postForm(t, 'shop', { name: `Buyer ${day}`, phone, utm_source: 'yandex' });
    await t.drain();
    const lead = await leadByPhone(phone);
    t.clock.set(at(day, 9, 1 + 2 * day));
    await t.api('POST', `/v1/leads/${lead.id}/accept`, undefined, keys.get(lead.managerId));
    const manager = MANAGERS.find((m) => m.id === lead.managerId);
    await playCalls(
      t,
      genericCall(`lead-call-${day}`, {
        direction: 'outbound',
        customer: phone,
        start: at(day, 9, 20),
        ringSeconds: 8,
        talkSeconds: 90,
        extension: manager?.ext ?? '101',
      }),
    );

    // Some leads end the same day: won (a manager's close with the amount, or the CRM's deal
    // by phone), or lost.
    t.clock.set(at(day, 16, 0));
    if (day % 3 === 0) {
      await t.api(
        'POST',
        `/v1/leads/${lead.id}/close`,
        { outcome: 'won', amount: 10_000 + day * 2_500.5 },
        keys.get(lead.managerId),
      );
    } else if (day === 4) {
      await t.api('POST', '/v1/deals', {
        dealId: 'crm-4',
        phone,
        outcome: 'won',
        amount: 48_000,
        closedAt: at(day, 17, 0),
      });
    } else if (day === 1) {
      await t.api('POST', `/v1/leads/${lead.id}/close`, { outcome: 'lost', reason: 'no budget' });
    }

    // Inbound calls from 10:00, 2–4 a day, some too short to be effective.
    for (let k = 0; k < 2 + (day % 3); k++) {
      await playCalls(
        t,
        genericCall(`in-${day}-${k}`, {
          customer: `+79161${day}${k}00000`.slice(0, 12),
          start: at(day, 10, 10 * k),
          ringSeconds: 3 + k * 4,
          talkSeconds: 25 + ((day * 37 + k * 53) % 180),
          extension: ext(day + k),
        }),
      );
    }

    // A missed call at 11:00; called back after 10 min, after 40 min, or not at all.
    const missedPhone = `+791680000${day}0`;
    await playCalls(
      t,
      genericCall(`missed-${day}`, {
        customer: missedPhone,
        start: at(day, 11, 0),
        ringSeconds: 40,
      }),
    );
    if (day % 3 !== 2) {
      await playCalls(
        t,
        genericCall(`callback-${day}`, {
          direction: 'outbound',
          customer: missedPhone,
          start: at(day, 11, day % 3 === 0 ? 10 : 40, 40),
          ringSeconds: 6,
          talkSeconds: 50,
          extension: ext(day),
        }),
      );
    }
    if (day % 2 === 0) {
      await playCalls(
        t,
        genericCall(`abandon-${day}`, {
          customer: `+791690000${day}0`,
          start: at(day, 12, 0),
          ringSeconds: 2,
          disposition: 'canceled',
        }),
      );
    }
    if (day === 3 || day === 5) {
      t.clock.set(at(day, 13, 0));
      await postTelegram(
        t,
        telegramUpdate({ updateId: 9000 + day, fromId: 7000 + day, text: 'Hi' }),
      );
      await t.drain();
    }
  }
  // The month's plan: some targets per manager, the team's deals.
  await t.api('PUT', '/v1/plans/2026-11', {
    managers: {
      anna: { calls: 40, effectiveConversations: 15, won: 3, revenue: 60_000 },
      boris: { leads: 5, calls: 30 },
    },
    team: { won: 8 },
  });
  t.clock.set(at(6, 18, 0)); // today, 18:00 in Moscow
};

describe('the dashboard', () => {
  const t = useTestStack({
    clock: createTestClock('2026-11-20T06:00:00.000Z'),
    env: {
      GENERIC_TELEPHONY_SECRET: GENERIC_SECRET,
      TELEGRAM_SECRET_TOKEN: MESSENGER_SECRETS.TELEGRAM_SECRET_TOKEN,
    },
  });
  const browser: { context?: BrowserContext; profile?: string } = {};
  const problems: string[] = [];
  const origins = new Set<string>();
  let page: Page;
  let headKey: { key: string; keyId: string };

  beforeAll(async () => {
    await seedWeek(t);
    headKey = (await t.api('POST', '/v1/keys', { name: 'Head of sales', role: 'head' })).body;
    browser.profile = await mkdtemp(join(tmpdir(), 'switchboard-chromium-'));
    browser.context = await chromium.launchPersistentContext(browser.profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 900 },
      locale: 'en-US', // the browser's language wins over SWITCHBOARD_LANGUAGE (ru by default)
      acceptDownloads: true,
    });
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('request', (request) => origins.add(new URL(request.url()).origin));
  });

  afterAll(async () => {
    await browser.context?.close();
    if (browser.profile) await rm(browser.profile, { recursive: true, force: true });
  });

  /** Waits for the page's state (functions, not strings: the page's CSP forbids eval). */
  const state = (name: string, titleStart = '') =>
    page.waitForFunction(
      ([expected, title]) =>
        document.body.dataset.state === expected &&
        (document.getElementById('period-title')?.textContent ?? '').startsWith(title ?? ''),
      [name, titleStart] as const,
      { timeout: 10_000 },
    );
  const ready = (titleStart = '') => state('ready', titleStart);
  /** The text as rendered (what a reader sees), of the first element a selector finds. */
  const text = (selector: string) =>
    // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator; rendered text is the point
    page.locator(selector).first().innerText();

  /** Every figure the page shows for a period, against what the API answers for it. */
  const expectPageToShowApi = async (from: string, to: string) => {
    const query = `from=${from}&to=${to}`;
    const byDay = (await t.api('GET', `/v1/metrics/calls?${query}&groupBy=day`)).body;
    const byManager = (await t.api('GET', `/v1/metrics/calls?${query}&groupBy=manager`)).body;
    const leads = (await t.api('GET', `/v1/metrics/leads?${query}`)).body;
    const missed = (await t.api('GET', `/v1/calls?outcome=missed&limit=100&${query}`)).body;
    const names = new Map<string, string>(MANAGERS.map((m) => [m.id, m.name]));
    const c = byDay.totals;

    expect(await page.inputValue('#period input[name=from]')).toBe(from);
    expect(await page.inputValue('#period input[name=to]')).toBe(to);
    expect(await text('#zone')).toBe(byDay.timeZone);
    for (const [kpi, value] of [
      ['calls', count(c.calls)],
      ['answered', count(c.answered)],
      ['missed', count(c.missed)],
      ['shortAbandoned', count(c.shortAbandoned)],
      ['effective', count(c.effective)],
      ['neverCalledBack', count(c.neverCalledBack)],
      ['callbackRate', percent(c.missed ? c.calledBackWithin15Minutes / c.missed : null)],
      ['leads', count(leads.totals.leads)],
    ]) {
      expect.soft(await text(`[data-kpi=${kpi}]`), kpi).toBe(value);
    }

    // Calls per day: the chart's table (opened as a reader would), one bar per non-zero figure.
    if (!(await page.locator('#calls-table').isVisible())) await page.click('summary');
    const series = ['answered', 'missed', 'shortAbandoned'] as const;
    for (const group of byDay.groups) {
      for (const field of [...series, 'outbound']) {
        expect
          .soft(await text(`#calls-table tr[data-day="${group.key}"] [data-field=${field}]`))
          .toBe(count(group[field]));
      }
    }
    for (const field of series) {
      const nonZero = byDay.groups.filter((g: Record<string, number>) => (g[field] ?? 0) > 0);
      expect(await page.locator(`#calls-chart rect.s-${field}`).count()).toBe(nonZero.length);
    }

    // Per manager: effective conversations; call-backs within 15 minutes, time to call back.
    for (const group of byManager.groups) {
      expect
        .soft(await text(`#effective [data-key="${group.key}"] .bar-value`))
        .toBe(count(group.effective));
      expect(await text(`#effective [data-key="${group.key}"] .bar-label`)).toBe(
        group.key === '-' ? 'No manager' : (names.get(group.key) ?? group.key),
      );
      if (group.missed === 0) continue;
      const row = `#callbacks tr[data-manager="${group.key}"]`;
      expect.soft(await text(`${row} [data-field=missed]`)).toBe(count(group.missed));
      expect
        .soft(await text(`${row} [data-field=calledBackWithin15Minutes]`))
        .toBe(count(group.calledBackWithin15Minutes));
      expect
        .soft(await text(`${row} [data-field=rate]`))
        .toBe(percent(group.calledBackWithin15Minutes / group.missed));
      expect
        .soft(await text(`${row} [data-field=averageCallbackSeconds]`))
        .toBe(duration(group.averageCallbackSeconds));
    }

    // Speed to lead and leads by channel.
    for (const stage of ['timeToAccept', 'timeToFirstAttempt', 'timeToFirstContact']) {
      const figures = leads.totals[stage];
      const row = `#speed tr[data-stage=${stage}]`;
      expect.soft(await text(`${row} [data-field=count]`)).toBe(count(figures.count));
      expect.soft(await text(`${row} [data-field=p50Seconds]`)).toBe(duration(figures.p50Seconds));
      expect.soft(await text(`${row} [data-field=p90Seconds]`)).toBe(duration(figures.p90Seconds));
    }
    expect(await text('#callback-tasks')).toContain(` ${count(leads.totals.callbackTasks)} `);
    for (const [channel, n] of Object.entries(leads.totals.byChannel)) {
      expect
        .soft(await text(`#channels [data-key="${channel}"] .bar-value`))
        .toBe(count(n as number));
    }

    // Missed calls not called back: the API's list, filtered to open, oldest first.
    const open = missed.items
      .filter((call: { callback?: { status: string } }) => call.callback?.status === 'open')
      .map((call: { id: string; startedAt: string }) => call)
      .sort((a: { startedAt: string }, b: { startedAt: string }) =>
        a.startedAt.localeCompare(b.startedAt),
      );
    expect(missed.nextCursor).toBeNull();
    expect(
      await page
        .locator('#missed tr[data-call]')
        .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-call'))),
    ).toEqual(open.map((call: { id: string }) => call.id));
    expect(await text('#missed-count')).toBe(count(open.length));
    expect(open.length).toBe(c.neverCalledBack);

    return { byDay, byManager, leads, open };
  };

  it('asks for the key, refuses a wrong one, and shows the last 7 days by the server’s clock', async () => {
    const response = await page.goto(`${t.stack.url}/dashboard`);
    await state('key');

    expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");
    expect(await page.locator('#key-panel').isVisible()).toBe(true);
    expect(await text('label[for=key]')).toBe('API key');

    await page.fill('#key', 'sb_not_a_key_at_all_000');
    await page.click('#key-form button[type=submit]');
    await page.waitForFunction(() =>
      document.getElementById('key-error')?.textContent?.includes('401'),
    );
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);

    await page.fill('#key', headKey.key);
    await page.click('#key-form button[type=submit]');
    await ready();

    const shown = await expectPageToShowApi('2026-11-21', '2026-11-27');
    expect(shown.byDay.totals.calls).toBeGreaterThan(20);
  });

  it('shows exactly the API’s figures for a period the head of sales chooses', async () => {
    await page.fill('#period input[name=from]', '2026-11-22');
    await page.fill('#period input[name=to]', '2026-11-26');
    await page.click('#period button[type=submit]');
    await ready('Sun, 22 Nov');

    const shown = await expectPageToShowApi('2026-11-22', '2026-11-26');

    expect(shown.open.length).toBeGreaterThan(0);
    expect(shown.byManager.groups.length).toBeGreaterThan(1);
    await mkdir(join(SCREENSHOT, '..'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  it('shows the month: plan progress with its forecasts, the funnel three ways, clients A/B/C — the API’s figures', async () => {
    const period = 'from=2026-11-22&to=2026-11-26';
    const plan = (await t.api('GET', '/v1/plans/2026-11')).body;
    const byChannel = (await t.api('GET', `/v1/metrics/funnel?${period}&groupBy=channel`)).body;
    const byManager = (await t.api('GET', `/v1/metrics/funnel?${period}&groupBy=manager`)).body;
    const clients = (await t.api('GET', '/v1/metrics/clients?asOf=2026-11-26')).body;
    const value = (selector: string) => page.getAttribute(selector, 'data-value');
    const shown = (n: number | null | undefined) =>
      n === null || n === undefined ? '' : String(n);

    // Plan progress: every manager and the team, every target — fact, plan, percent, forecast.
    expect(await text('#plan-month')).toBe('November 2026');
    const rows = { ...plan.managers, team: plan.team } as Record<string, Record<string, any>>;
    for (const [id, targets] of Object.entries(rows)) {
      for (const [target, p] of Object.entries(targets)) {
        const cell = `#plan tr[data-plan-manager="${id}"] [data-target=${target}]`;
        expect
          .soft(await value(`${cell} [data-field=fact]`), `${id} ${target}`)
          .toBe(shown(p.fact));
        expect
          .soft(await value(`${cell} [data-field=forecast]`), `${id} ${target}`)
          .toBe(shown(p.forecast));
        expect
          .soft(await page.locator(`${cell} [data-field=plan]`).count())
          .toBe(p.plan === null ? 0 : 1);
        if (p.plan !== null)
          expect.soft(await value(`${cell} [data-field=plan]`)).toBe(shown(p.plan));
        if (p.percent !== null) {
          expect.soft(await text(`${cell} [data-field=percent]`)).toBe(percent(p.percent / 100));
        }
        if (target !== 'revenue' && p.fact !== null) {
          expect.soft(await text(`${cell} [data-field=fact]`)).toBe(count(p.fact));
        }
      }
    }
    const forecasts = Object.values(rows).flatMap((targets) =>
      Object.values(targets).filter((p) => p.forecast !== null),
    );
    expect(await page.locator('#plan line.forecast').count()).toBe(forecasts.length);
    expect(plan.managers.anna.calls.plan).toBe(40);
    expect(plan.team.won.fact).toBeGreaterThan(0);

    // The funnel of all leads, then by channel, then by manager.
    for (const stage of byChannel.stages) {
      const row = `#funnel tr[data-stage=${stage.stage}]`;
      expect.soft(await text(`${row} span[data-field=count]`)).toBe(count(stage.count));
      expect
        .soft(await text(`${row} span[data-field=conversion]`))
        .toBe(
          stage.conversionFromPrevious === null ? '—' : percent(stage.conversionFromPrevious / 100),
        );
    }
    expect(byChannel.stages[0].count).toBeGreaterThan(0);
    for (const [view, funnel] of [
      ['channel', byChannel],
      ['manager', byManager],
    ] as const) {
      await page.click(`[data-funnel=${view}]`);
      expect(await page.getAttribute(`[data-funnel=${view}]`, 'aria-pressed')).toBe('true');
      for (const group of funnel.groups) {
        for (const stage of group.stages) {
          const cell = `#funnel tr[data-group="${group.key}"] [data-stage=${stage.stage}]`;
          expect.soft(await value(`${cell} [data-field=count]`)).toBe(shown(stage.count));
        }
      }
      expect(await page.locator('#funnel tr[data-group]').count()).toBe(funnel.groups.length);
    }
    await page.click('[data-funnel=all]');

    // Clients: the categories, the moves, the clients by revenue.
    for (const category of ['A', 'B', 'C'] as const) {
      const row = `#abc tr[data-category=${category}]`;
      expect
        .soft(await value(`${row} span[data-field=clients]`))
        .toBe(shown(clients.categories[category].clients));
      expect
        .soft(await value(`${row} span[data-field=revenue]`))
        .toBe(shown(clients.categories[category].revenue));
    }
    for (const [move, n] of Object.entries(clients.migration)) {
      expect.soft(await value(`#migration [data-move="${move}"]`), move).toBe(shown(n as number));
    }
    expect(
      await page
        .locator('#clients tr[data-client]')
        .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-client'))),
    ).toEqual(clients.clients.map((c: { contactId: string }) => c.contactId));
    expect(clients.clients.length).toBeGreaterThan(1);
  });

  it('downloads the plan, the funnel and the clients as CSV made from the same figures', async () => {
    const plan = (await t.api('GET', '/v1/plans/2026-11')).body;
    const byChannel = (
      await t.api('GET', '/v1/metrics/funnel?from=2026-11-22&to=2026-11-26&groupBy=channel')
    ).body;
    const clients = (await t.api('GET', '/v1/metrics/clients?asOf=2026-11-26')).body;
    const file = async (button: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
      const raw = await readFile((await download.path()) as string, 'utf8');
      return { name: download.suggestedFilename(), raw, rows: csvRecords(raw) };
    };

    const planFile = await file('#csv-plan');
    const funnelFile = await file('#csv-funnel');
    const clientsFile = await file('#csv-clients');

    expect(planFile.name).toBe('plan_2026-11.csv');
    expect(planFile.raw.startsWith('\uFEFFmonth,')).toBe(true);
    expect(planFile.raw).toContain('\r\n');
    const annaCalls = planFile.rows.find((r) => r.managerId === 'anna' && r.target === 'calls');
    expect(annaCalls).toMatchObject({
      manager: 'Anna Smirnova',
      plan: '40',
      fact: String(plan.managers.anna.calls.fact),
      forecast: shownOrEmpty(plan.managers.anna.calls.forecast),
    });
    expect(planFile.rows.filter((r) => r.manager === 'team')).toHaveLength(5);
    expect(funnelFile.name).toBe('funnel_from_2026-11-22_to_2026-11-26.csv');
    expect(funnelFile.rows.filter((r) => r.groupBy === 'all').map((r) => Number(r.count))).toEqual(
      byChannel.stages.map((s: { count: number }) => s.count),
    );
    expect(clientsFile.name).toBe('clients_as_of_2026-11-26.csv');
    expect(clientsFile.rows.map((r) => [r.contactId, r.category, Number(r.revenue)])).toEqual(
      clients.clients.map((c: { contactId: string; category: string; revenue: number }) => [
        c.contactId,
        c.category,
        c.revenue,
      ]),
    );
  });

  it('fits a phone screen without sideways scrolling, charts redrawn to its width', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForFunction(
      () => Number(document.getElementById('calls-chart')?.dataset.width) < 390,
    );

    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBe(0);
    await mkdir(join(PHONE_SCREENSHOT, '..'), { recursive: true });
    await page.screenshot({ path: PHONE_SCREENSHOT, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('keeps the key and the period in the tab across a reload, and stamps its load time', async () => {
    await page.reload();
    await ready();

    // How fast is a benchmark's business (`npm run bench -- dashboard`), not a test's.
    const loadedMs = Number(await page.evaluate(() => document.body.dataset.loadedMs));
    expect(await page.inputValue('#period input[name=from]')).toBe('2026-11-22');
    expect(Number.isFinite(loadedMs) && loadedMs > 0).toBe(true);
  });

  it('downloads the period’s calls as CSV, the same calls the API lists', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#csv-calls')]);
    const rows = csvRecords(await readFile((await download.path()) as string, 'utf8'));
    const listed = (await t.api('GET', '/v1/calls?from=2026-11-22&to=2026-11-26&limit=100')).body;

    expect(download.suggestedFilename()).toBe('calls_from_2026-11-22_to_2026-11-26.csv');
    expect(rows.map((row) => row.id)).toEqual(listed.items.map((call: { id: string }) => call.id));
  });

  it('shows the API’s refusal instead of stale figures when a period is refused', async () => {
    await page.fill('#period input[name=from]', '2025-01-01');
    await page.fill('#period input[name=to]', '2026-11-27');
    await page.click('#period button[type=submit]');
    await state('error');

    expect(await text('#error')).toBe('The API refused this period: at most 366 days at once.');
    expect(await page.locator('#board').isVisible()).toBe(false);

    await page.fill('#period input[name=from]', '2026-11-22');
    await page.fill('#period input[name=to]', '2026-11-26');
    await page.click('#period button[type=submit]');
    await ready('Sun, 22 Nov');
    expect(await page.locator('#error').isVisible()).toBe(false);
  });

  it('speaks Russian after the RU switch, keeps it across a reload, and English after EN', async () => {
    const byDay = (
      await t.api('GET', '/v1/metrics/calls?from=2026-11-22&to=2026-11-26&groupBy=day')
    ).body;
    const countRu = (n: number) => new Intl.NumberFormat('ru-RU').format(n);

    await page.click('#languages [data-language=ru]');

    expect(await page.getAttribute('html', 'lang')).toBe('ru');
    expect(await page.getAttribute('#languages [data-language=ru]', 'aria-pressed')).toBe('true');
    expect(await text('#title')).toBe('Панель продаж');
    expect(await text('#period-title')).toMatch(/^вс, 22 нояб\. 2026/);
    expect(await text('[data-kpi=calls]')).toBe(countRu(byDay.totals.calls));
    expect(await text('.tile:has([data-kpi=calls]) dt')).toBe('Звонки');
    const shownRu = await renderedText(page);
    expect(ENGLISH_ONLY.filter((english) => shownRu.includes(english))).toEqual([]);

    await page.reload();
    await ready('вс, 22 нояб.');
    expect(await text('#title')).toBe('Панель продаж');

    await page.click('#languages [data-language=en]');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await text('#title')).toBe('Sales dashboard');
    expect(await text('#period-title')).toMatch(/^Sun, 22 Nov 2026/);
    expect(await page.evaluate(() => localStorage.getItem('switchboard.language'))).toBe('en');
  });

  it('asks for the key again when the API answers 401, as after the key is revoked', async () => {
    expect((await t.api('DELETE', `/v1/keys/${headKey.keyId}`)).status).toBe(204);

    await page.click('#period button[type=submit]');
    await state('key');

    expect(await page.locator('#board').isVisible()).toBe(false);
    expect(await text('#key-error')).toContain('401');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  });

  it('spoke only to its own origin, with no script error or CSP violation', () => {
    expect([...origins]).toEqual([t.stack.url]);
    // The browser logs the refusals this test provoked (401, 400); anything else is a problem.
    const provoked = /^Failed to load resource: the server responded with a status of 40[01]/;
    expect(problems.filter((p) => !provoked.test(p))).toEqual([]);
  });
});

describe('a manager’s own view, on a phone, in Russian', () => {
  // Ten minutes to accept: the newest leads still count down at the page's stamp, older ones not.
  const t = useTestStack({
    clock: createTestClock('2026-11-27T06:00:00.000Z'),
    env: { ACCEPT_TIMEOUT_SECONDS: '600' },
  });
  const browser: { context?: BrowserContext; profile?: string } = {};
  const problems: string[] = [];
  const origins = new Set<string>();
  const keys = new Map<string, string>();
  let page: Page;

  const CLIENTS = [
    'Мария Иванова',
    'Олег Смирнов',
    'Ирина Кузнецова',
    'Дмитрий Попов',
    'Анна Соколова',
    'Сергей Лебедев',
    'Елена Козлова',
    'Павел Новиков',
    'Ольга Морозова',
    'Игорь Волков',
  ];
  // The page's presentation, spelled out independently of its script (Moscow, Russian).
  const atRu = new Intl.DateTimeFormat('ru-RU', {
    timeZone: 'Europe/Moscow',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
  const timeRu = new Intl.DateTimeFormat('ru-RU', {
    timeZone: 'Europe/Moscow',
    hour: '2-digit',
    minute: '2-digit',
  });
  type ApiLead = {
    id: string;
    status: string;
    managerId?: string;
    createdAt: string;
    acceptBy?: string;
    contact: { name?: string; phone?: string };
    text?: string;
  };

  /** Anna's open leads as the API lists them: what her page must show, newest first. */
  const annasOpenLeads = async (): Promise<ApiLead[]> => {
    const all: ApiLead[] = (await t.api('GET', '/v1/leads?limit=100', undefined, keys.get('anna')))
      .body.items;
    return all
      .filter((lead) => lead.status === 'assigned' || lead.status === 'accepted')
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  };
  const lead = async (id: string): Promise<ApiLead> => (await t.api('GET', `/v1/leads/${id}`)).body;
  const text = (selector: string) =>
    // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator; rendered text is the point
    page.locator(selector).first().innerText();
  const shownIds = () =>
    page
      .locator('#leads li[data-lead]')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-lead')));
  const ready = () =>
    page.waitForFunction(() => document.body.dataset.state === 'ready', undefined, {
      timeout: 10_000,
    });

  beforeAll(async () => {
    await seedSite(t);
    for (const [id, name] of [
      ['anna', 'Anna Smirnova'],
      ['boris', 'Boris Petrov'],
    ] as const) {
      await seedManager(t, id, { name });
      const created = await t.api('POST', '/v1/keys', { name, role: 'manager', managerId: id });
      keys.set(id, created.body.key);
    }
    // Ten website forms, 09:00 to 09:36 in Moscow, offered in turn to Anna and Boris.
    for (const [i, name] of CLIENTS.entries()) {
      t.clock.set(new Date(Date.parse('2026-11-27T06:00:00Z') + i * 4 * 60_000).toISOString());
      await postForm(t, 'shop', {
        name,
        phone: `+7916555010${i}`,
        message: `Перезвоните, пожалуйста: заказ №${100 + i}`,
      });
      await t.drain();
    }
    // Anna accepted one lead and closed another before opening the page.
    const [first, second] = (await annasOpenLeads()).reverse();
    expect(first && second).toBeTruthy();
    await t.api('POST', `/v1/leads/${first?.id}/accept`, undefined, keys.get('anna'));
    await t.api('POST', `/v1/leads/${second?.id}/close`, { outcome: 'lost' }, keys.get('anna'));
    t.clock.set('2026-11-27T06:37:00Z'); // 09:37: the page's stamp, deadlines count from it

    browser.profile = await mkdtemp(join(tmpdir(), 'switchboard-chromium-'));
    browser.context = await chromium.launchPersistentContext(browser.profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 375, height: 667 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'ru-RU',
    });
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('request', (request) => origins.add(new URL(request.url()).origin));
  });

  afterAll(async () => {
    await browser.context?.close();
    if (browser.profile) await rm(browser.profile, { recursive: true, force: true });
  });

  it('shows a manager only their open leads, newest first, with contact, message and deadline', async () => {
    const open = await annasOpenLeads();
    const boris = (await t.api('GET', '/v1/leads?managerId=boris&limit=100')).body.items;

    await page.goto(`${t.stack.url}/dashboard`);
    await page.waitForFunction(() => document.body.dataset.state === 'key');
    expect(await text('label[for=key]')).toBe('API-ключ');
    await page.fill('#key', keys.get('anna') ?? '');
    await page.click('#key-form button[type=submit]');
    await ready();

    expect(await page.getAttribute('html', 'lang')).toBe('ru');
    expect(await text('#title')).toBe('Мои заявки');
    expect(open.some((l) => l.status === 'accepted')).toBe(true);
    expect(open.filter((l) => l.status === 'assigned').length).toBeGreaterThanOrEqual(3);
    expect(boris.length).toBeGreaterThan(0);
    expect(await shownIds()).toEqual(open.map((l) => l.id));
    for (const l of open) {
      const card = `#leads li[data-lead="${l.id}"]`;
      expect.soft(await text(`${card} .lead-name`)).toBe(l.contact.name);
      expect
        .soft(await page.getAttribute(`${card} a.lead-phone`, 'href'))
        .toBe(`tel:${l.contact.phone}`);
      expect.soft(await text(`${card} .lead-text`)).toBe(l.text);
      expect.soft(await text(`${card} [data-field=channel] dd`)).toBe('Формы на сайте');
      expect
        .soft(await text(`${card} [data-field=created] dd`))
        .toBe(atRu.format(new Date(l.createdAt)));
      expect
        .soft(await text(`${card} [data-field=status]`))
        .toBe(l.status === 'assigned' ? 'Назначена' : 'Принята');
      if (l.status === 'accepted') {
        expect(await page.locator(`${card} [data-field=accept-by]`).count()).toBe(0);
        expect(await page.locator(`${card} [data-action=accept]`).count()).toBe(0);
        continue;
      }
      const deadline = `${card} [data-field=accept-by] dd`;
      expect.soft(await text(`${deadline} time`)).toBe(timeRu.format(new Date(l.acceptBy ?? '')));
      // Past by the server's stamp (09:37): whatever the real time, the page says so.
      if (Date.parse(l.acceptBy ?? '') < Date.parse('2026-11-27T06:37:00Z')) {
        expect.soft(await text(`${deadline} .countdown`)).toBe('время вышло');
      }
    }
  });

  it('fits 375×667 with no sideways scrolling, buttons at least 44 px, every word Russian', async () => {
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    const small = await page
      .locator('button:visible')
      .evaluateAll((buttons) =>
        buttons
          .map((b) => ({ text: b.textContent, box: b.getBoundingClientRect() }))
          .filter(({ box }) => box.height < 44 || box.width < 44),
      );
    const shown = await renderedText(page);

    expect(overflow).toBe(0);
    expect(small).toEqual([]);
    expect(ENGLISH_ONLY.filter((english) => shown.includes(english))).toEqual([]);
    await mkdir(join(MANAGER_SCREENSHOT, '..'), { recursive: true });
    await page.screenshot({ path: MANAGER_SCREENSHOT }); // the phone's screen, as a manager sees it
  });

  it('accepts a lead with one tap: the API has it accepted and the card says so', async () => {
    const target = (await annasOpenLeads()).find((l) => l.status === 'assigned');
    const card = `#leads li[data-lead="${target?.id}"]`;

    await page.click(`${card} [data-action=accept]`);
    await page.waitForFunction(
      (selector) =>
        document.querySelector(`${selector} [data-field=status]`)?.textContent === 'Принята',
      card,
    );

    const accepted = await lead(target?.id ?? '');
    expect(accepted.status).toBe('accepted');
    expect(accepted.managerId).toBe('anna');
    expect(await page.locator(`${card} [data-action=accept]`).count()).toBe(0);
    expect(await text('#status')).toBe(`Принята: ${target?.contact.name}.`);
  });

  it('closes a lead as a success: the API has it closed and it leaves the list', async () => {
    const target = (await annasOpenLeads()).find((l) => l.status === 'accepted');
    const card = `#leads li[data-lead="${target?.id}"]`;

    await page.click(`${card} [data-action=close][data-outcome=won]`);
    await page.waitForSelector(card, { state: 'detached' });

    expect(await lead(target?.id ?? '')).toMatchObject({ status: 'closed', outcome: 'won' });
    expect(await shownIds()).toEqual((await annasOpenLeads()).map((l) => l.id));
    expect(await text('#status')).toBe(`Закрыта как «Успех»: ${target?.contact.name}.`);
  });

  it('says so when a lead went to another manager meanwhile, and shows the list as it is now', async () => {
    const target = (await annasOpenLeads()).find((l) => l.status === 'assigned');
    const card = `#leads li[data-lead="${target?.id}"]`;
    t.clock.set(target?.acceptBy ?? '');
    t.clock.advance(1_000);
    await t.runDueSla((m) => m.type === 'accept-check' && m.leadId === target?.id);
    expect((await lead(target?.id ?? '')).managerId).toBe('boris');

    await page.click(`${card} [data-action=accept]`);
    await page.waitForFunction(() => !document.getElementById('error')?.hidden);

    expect(await text('#error')).toBe('Эта заявка уже у другого менеджера.');
    expect(await page.locator(card).count()).toBe(0);
    expect(await shownIds()).toEqual((await annasOpenLeads()).map((l) => l.id));
    expect((await lead(target?.id ?? '')).status).toBe('assigned');
  });

  it('spoke only to its own origin, with no script error beyond the refusal it showed', () => {
    expect([...origins]).toEqual([t.stack.url]);
    const provoked = /^Failed to load resource: the server responded with a status of 403/;
    expect(problems.filter((p) => !provoked.test(p))).toEqual([]);
  });
});
