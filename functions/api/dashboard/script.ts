/**
 * The dashboard's script, served as /dashboard/app.js: one ES module, no framework, no build
 * step (a string, so that esbuild bundles it into the api function as it is). Plain JavaScript
 * for the browser; it may contain neither backticks nor dollar-brace, since it lives in this
 * template literal. The browser test (test/e2e) runs it.
 */
export const DASHBOARD_JS = String.raw`// switchboard's sales dashboard: reads the API with the key typed in, computes nothing the API
// does not give except ratios it labels as such, draws plain SVG.
const KEY_ITEM = 'switchboard.apiKey';
const SVG_NS = 'http://www.w3.org/2000/svg';
const MAX_MISSED_PAGES = 50;
const MAX_MISSED_ROWS = 200;

const byId = (id) => document.getElementById(id);
const meta = (name) =>
  document.querySelector('meta[name="' + name + '"]')?.getAttribute('content') ?? '';
const ZONE = meta('sb-time-zone');
const TODAY = meta('sb-today');

// ── DOM ───────────────────────────────────────────────────────────────────────────────────

const build = (node, attrs, children) => {
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'text') node.textContent = String(value);
    else node.setAttribute(name, String(value));
  }
  for (const child of children ?? []) {
    if (child === undefined || child === null || child === false) continue;
    node.append(typeof child === 'string' || typeof child === 'number' ? String(child) : child);
  }
  return node;
};
const h = (tag, attrs, children) => build(document.createElement(tag), attrs, children);
const svg = (tag, attrs, children) => build(document.createElementNS(SVG_NS, tag), attrs, children);

// ── formats ───────────────────────────────────────────────────────────────────────────────

const INTEGER = new Intl.NumberFormat('en-US');
const count = (n) => INTEGER.format(n);
const percent = (share) =>
  share === null || share === undefined ? '—' : (Math.round(share * 1000) / 10).toFixed(1) + ' %';
/** A ratio of two figures the API gave: the only arithmetic on this page. */
const ratio = (part, whole) => (whole > 0 ? percent(part / whole) : '—');
const duration = (seconds) => {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 60) return seconds + ' s';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return minutes + ' min' + (seconds % 60 ? ' ' + (seconds % 60) + ' s' : '');
  const hours = Math.floor(minutes / 60);
  return hours + ' h' + (minutes % 60 ? ' ' + (minutes % 60) + ' min' : '');
};
const utcDay = (day) => {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
};
const addDays = (day, n) => {
  const date = utcDay(day);
  date.setUTCDate(date.getUTCDate() + n);
  return date.toISOString().slice(0, 10);
};
const DAY_SHORT = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  day: 'numeric',
  month: 'short',
});
const DAY_LONG = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});
const WEEKDAY = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short' });
const dayShort = (day) => DAY_SHORT.format(utcDay(day));
const dayLong = (day) => DAY_LONG.format(utcDay(day));
const AT = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE || undefined,
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});
const at = (iso) => AT.format(new Date(iso));
const isDay = (value) => /^\d{4}-\d{2}-\d{2}$/.test(value ?? '') && addDays(value, 0) === value;

// ── the API ───────────────────────────────────────────────────────────────────────────────

class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? 'HTTP ' + status);
    this.status = status;
    this.body = body;
  }
}

let apiKey = sessionStorage.getItem(KEY_ITEM);

const request = async (path, accept) => {
  const response = await fetch(path, {
    headers: { Authorization: 'Bearer ' + apiKey, Accept: accept },
    cache: 'no-store',
  });
  if (!response.ok) {
    let body;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    throw new ApiError(response.status, body);
  }
  return response;
};
const api = async (path) => (await request(path, 'application/json')).json();

/** Missed calls of the period whose callback is still open, oldest first. */
const openMissedCalls = async (query) => {
  const open = [];
  let cursor = null;
  let pages = 0;
  do {
    const page = await api(
      'v1/calls?outcome=missed&limit=100&' +
        query +
        (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''),
    );
    for (const call of page.items) if (call.callback?.status === 'open') open.push(call);
    cursor = page.nextCursor;
    pages++;
  } while (cursor && pages < MAX_MISSED_PAGES);
  open.sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : 0));
  return { calls: open, complete: !cursor };
};

// ── state ─────────────────────────────────────────────────────────────────────────────────

const defaultPeriod = () => ({ from: addDays(TODAY, -6), to: TODAY });
const periodFromHash = () => {
  const params = new URLSearchParams(location.hash.slice(1));
  const from = params.get('from');
  const to = params.get('to');
  return isDay(from) && isDay(to) ? { from, to } : defaultPeriod();
};

let period = periodFromHash();
let shown = null;
let loading = 0;

const setStatus = (text) => {
  byId('status').textContent = text;
};
const showError = (text) => {
  const box = byId('error');
  box.replaceChildren(h('p', { text }));
  box.hidden = false;
};
const clearError = () => {
  byId('error').hidden = true;
};

const askForKey = (message) => {
  apiKey = null;
  sessionStorage.removeItem(KEY_ITEM);
  byId('board').hidden = true;
  byId('subtitle').hidden = true;
  byId('period').hidden = true;
  byId('forget').hidden = true;
  byId('key-panel').hidden = false;
  const error = byId('key-error');
  error.textContent = message ?? '';
  error.hidden = !message;
  setStatus('');
  clearError();
  document.body.dataset.state = 'key';
  byId('key').focus();
};

const failed = (error) => {
  document.body.dataset.state = 'error';
  if (error instanceof ApiError && error.status === 401) {
    askForKey('The API refused this key (401 unauthorized). Enter it again.');
  } else if (error instanceof ApiError && error.status === 403) {
    askForKey('This key may not read the figures (403 forbidden): use a head or admin key.');
  } else {
    // The figures on screen no longer answer the period asked for: hide them, say why.
    byId('board').hidden = true;
    byId('subtitle').hidden = true;
    setStatus('');
    if (error instanceof ApiError && error.status === 400) {
      const issues = (error.body?.issues ?? []).map((i) => i.message).join('; ');
      showError('The API refused this period: ' + (issues || error.message) + '.');
    } else if (error instanceof ApiError) {
      showError(
        'The API answered ' + error.status + ' (' + (error.body?.error ?? 'error') + '): ' +
          error.message + ' Choose Show to try again.',
      );
    } else {
      showError('The API could not be reached. Check the connection, then choose Show again.');
    }
  }
};

const load = async () => {
  const ticket = ++loading;
  const query = 'from=' + period.from + '&to=' + period.to;
  document.body.dataset.state = 'loading';
  byId('board').setAttribute('aria-busy', 'true');
  setStatus('Loading ' + dayLong(period.from) + ' – ' + dayLong(period.to) + '…');
  clearError();
  try {
    const [managers, byDay, byManager, leads, missed] = await Promise.all([
      api('v1/managers'),
      api('v1/metrics/calls?' + query + '&groupBy=day'),
      api('v1/metrics/calls?' + query + '&groupBy=manager'),
      api('v1/metrics/leads?' + query),
      openMissedCalls(query),
    ]);
    if (ticket !== loading) return;
    shown = { period: { ...period }, managers, byDay, byManager, leads, missed };
    render(shown);
    setStatus('');
    byId('board').setAttribute('aria-busy', 'false');
    document.body.dataset.state = 'ready';
    document.body.dataset.loadedMs = String(Math.round(performance.now()));
  } catch (error) {
    if (ticket === loading) failed(error);
  }
};

// ── rendering ─────────────────────────────────────────────────────────────────────────────

const managerName = (names, id) => (id === '-' ? 'No manager' : (names.get(id) ?? id));

const render = (data) => {
  const names = new Map(data.managers.items.map((m) => [m.id, m.name]));
  const calls = data.byDay.totals;
  byId('zone').textContent = data.byDay.timeZone;
  byId('period-title').textContent = dayLong(data.period.from) + ' – ' + dayLong(data.period.to);
  byId('key-panel').hidden = true;
  byId('period').hidden = false;
  byId('forget').hidden = false;
  byId('subtitle').hidden = false;
  byId('board').hidden = false; // first: the charts measure their width
  renderTotals(data, calls);
  renderCallsPerDay(data.byDay);
  renderEffective(data.byManager, names);
  renderCallbacks(data.byManager, names);
  renderSpeed(data.leads.totals);
  renderChannels(data.leads.totals);
  renderMissed(data.missed, names, calls);
};

const tile = (key, label, value, note) =>
  h('div', { class: 'tile' }, [
    h('dt', { text: label }),
    h('dd', { 'data-kpi': key, text: value }),
    note ? h('dd', { class: 'note', text: note }) : null,
  ]);

const renderTotals = (data, calls) => {
  const t = data.byDay.thresholds;
  const leads = data.leads.totals;
  byId('totals').replaceChildren(
    tile(
      'calls',
      'Calls',
      count(calls.calls),
      count(calls.inbound) + ' in · ' + count(calls.outbound) + ' out',
    ),
    tile(
      'answered',
      'Answered',
      count(calls.answered),
      ratio(calls.answered, calls.inbound) + ' of inbound',
    ),
    tile('missed', 'Missed', count(calls.missed), 'waited ' + t.shortAbandonSeconds + ' s or more'),
    tile(
      'shortAbandoned',
      'Short abandoned',
      count(calls.shortAbandoned),
      'hung up within ' + t.shortAbandonSeconds + ' s',
    ),
    tile(
      'effective',
      'Effective conversations',
      count(calls.effective),
      'talk of ' + t.effectiveTalkSeconds + ' s or more',
    ),
    tile(
      'callbackRate',
      'Called back within 15 min',
      ratio(calls.calledBackWithin15Minutes, calls.missed),
      count(calls.calledBackWithin15Minutes) + ' of ' + count(calls.missed) + ' missed',
    ),
    tile(
      'neverCalledBack',
      'Not called back',
      count(calls.neverCalledBack),
      'missed, no call back yet',
    ),
    tile('leads', 'Leads', count(leads.leads), count(leads.newContacts) + ' new contacts'),
  );
};

const SERIES = [
  { key: 'answered', label: 'Answered' },
  { key: 'missed', label: 'Missed' },
  { key: 'shortAbandoned', label: 'Short abandoned' },
];

/** 1, 2 or 5 times a power of ten, at or above max / steps. */
const niceStep = (max, steps) => {
  const raw = Math.max(max, 1) / steps;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
  return Math.max(1, step);
};

const renderCallsPerDay = (byDay) => {
  const box = byId('calls-chart');
  const groups = byDay.groups;
  const width = Math.max(280, Math.floor(box.clientWidth || 600));
  const height = width < 500 ? 200 : 240;
  const m = { top: 18, right: 8, bottom: 26, left: 34 };
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom;
  const totals = groups.map((g) => g.answered + g.missed + g.shortAbandoned);
  const step = niceStep(Math.max(0, ...totals), 4);
  const top = step * Math.max(1, Math.ceil(Math.max(0, ...totals) / step));
  const y = (v) => m.top + plotH - (v / top) * plotH;
  const slot = plotW / Math.max(groups.length, 1);
  const barW = Math.max(2, Math.min(48, slot * 0.7));
  const labelEvery = Math.max(1, Math.ceil(52 / slot));

  const grid = [];
  for (let v = 0; v <= top; v += step) {
    grid.push(
      svg('line', { class: 'gridline', x1: m.left, x2: width - m.right, y1: y(v), y2: y(v) }),
      svg('text', {
        class: 'axis',
        x: m.left - 6,
        y: y(v) + 4,
        'text-anchor': 'end',
        text: count(v),
      }),
    );
  }
  const bars = groups.map((g, i) => {
    const x = m.left + slot * i + (slot - barW) / 2;
    let base = 0;
    const parts = SERIES.filter((s) => g[s.key] > 0).map((s) => {
      const rect = svg(
        'rect',
        {
          class: 'bar s-' + s.key,
          x,
          y: y(base + g[s.key]),
          width: barW,
          height: y(base) - y(base + g[s.key]),
        },
        [
          svg('title', {
            text: dayLong(g.key) + ': ' + count(g[s.key]) + ' ' + s.label.toLowerCase(),
          }),
        ],
      );
      base += g[s.key];
      return rect;
    });
    const label =
      i % labelEvery === 0
        ? svg('text', {
            class: 'axis',
            x: x + barW / 2,
            y: height - 8,
            'text-anchor': 'middle',
            text:
              groups.length <= 7 && slot > 70
                ? WEEKDAY.format(utcDay(g.key)) + ' ' + dayShort(g.key)
                : dayShort(g.key),
          })
        : null;
    const sum =
      totals[i] > 0 && barW >= 14
        ? svg('text', {
            class: 'sum',
            x: x + barW / 2,
            y: y(totals[i]) - 4,
            'text-anchor': 'middle',
            text: count(totals[i]),
          })
        : null;
    return svg('g', {}, [...parts, sum, label]);
  });
  const described = groups.map(
    (g) =>
      dayShort(g.key) +
      ': ' +
      SERIES.map((s) => count(g[s.key]) + ' ' + s.label.toLowerCase()).join(', '),
  );
  box.replaceChildren(
    svg(
      'svg',
      {
        width,
        height,
        viewBox: '0 0 ' + width + ' ' + height,
        role: 'img',
        'aria-labelledby': 'calls-chart-title calls-chart-desc',
      },
      [
        svg('title', {
          id: 'calls-chart-title',
          text: 'Inbound calls per day, answered, missed and short abandoned',
        }),
        svg('desc', { id: 'calls-chart-desc', text: described.join('; ') }),
        ...grid,
        ...bars,
        totals.every((n) => n === 0)
          ? svg('text', {
              class: 'axis',
              x: m.left + plotW / 2,
              y: m.top + plotH / 2,
              'text-anchor': 'middle',
              text: 'No inbound calls in this period',
            })
          : null,
      ],
    ),
  );
  box.dataset.width = String(width);

  byId('calls-table').replaceChildren(
    table(
      'Calls per day',
      [
        { label: 'Day' },
        ...SERIES.map((s) => ({ label: s.label, field: s.key, num: true })),
        { label: 'Outbound', field: 'outbound', num: true },
      ],
      groups.map((g) => ({
        attrs: { 'data-day': g.key },
        head: WEEKDAY.format(utcDay(g.key)) + ' ' + dayShort(g.key),
        cells: [...SERIES.map((s) => count(g[s.key])), count(g.outbound)],
      })),
      false,
    ),
  );
};

/**
 * A table whose rows turn into labelled cards on a phone (CSS: table.stack); the roles keep
 * it a table for screen readers whatever its display. The first column heads the rows.
 */
const table = (caption, columns, rows, stack) =>
  h('table', { class: stack === false ? undefined : 'stack', role: 'table' }, [
    h('caption', { class: 'sr-only', text: caption }),
    h('thead', { role: 'rowgroup' }, [
      h(
        'tr',
        { role: 'row' },
        columns.map((column) =>
          h('th', {
            scope: 'col',
            role: 'columnheader',
            class: column.num ? 'num' : undefined,
            text: column.label,
          }),
        ),
      ),
    ]),
    h(
      'tbody',
      { role: 'rowgroup' },
      rows.map((row) =>
        h('tr', { role: 'row', ...row.attrs }, [
          h('th', { scope: 'row', role: 'rowheader' }, [row.head]),
          ...row.cells.map((value, i) => {
            const column = columns[i + 1];
            return h(
              'td',
              {
                role: 'cell',
                class: column.num ? 'num' : undefined,
                'data-field': column.field,
                'data-label': column.label,
              },
              [value],
            );
          }),
        ]),
      ),
    ),
  ]);

/** Horizontal bars as rows: the label is HTML text (it wraps), the bar an SVG rect. */
const barRows = (rows, kind) =>
  h(
    'div',
    { class: 'bars ' + kind },
    rows.map((row) => {
      const max = Math.max(1, ...rows.map((r) => r.value));
      return h('div', { class: 'bar-row', 'data-key': row.key }, [
        h('span', { class: 'bar-label', text: row.label }),
        svg(
          'svg',
          {
            class: 'bar-track',
            viewBox: '0 0 100 10',
            preserveAspectRatio: 'none',
            'aria-hidden': 'true',
          },
          [svg('rect', { width: (row.value / max) * 100, height: 10 })],
        ),
        h('span', { class: 'bar-value', 'data-value': row.value, text: count(row.value) }),
      ]);
    }),
  );

const renderEffective = (byManager, names) => {
  const rows = byManager.groups
    .map((g) => ({ key: g.key, label: managerName(names, g.key), value: g.effective }))
    .sort((a, b) => b.value - a.value || a.label.localeCompare(b.label));
  byId('effective').replaceChildren(
    rows.length
      ? barRows(rows, 'effective')
      : h('p', { class: 'empty', text: 'No calls with a manager in this period.' }),
  );
};

const renderCallbacks = (byManager, names) => {
  const rows = byManager.groups.filter((g) => g.missed > 0);
  byId('callbacks').replaceChildren(
    rows.length
      ? table(
          'Call-backs of missed calls by manager',
          [
            { label: 'Manager' },
            { label: 'Missed', field: 'missed', num: true },
            { label: 'Called back ≤ 15 min', field: 'calledBackWithin15Minutes', num: true },
            { label: 'Rate ≤ 15 min*', field: 'rate', num: true },
            { label: 'Average time to call back', field: 'averageCallbackSeconds', num: true },
            { label: 'Not called back', field: 'neverCalledBack', num: true },
          ],
          rows.map((g) => ({
            attrs: { 'data-manager': g.key },
            head: managerName(names, g.key),
            cells: [
              count(g.missed),
              count(g.calledBackWithin15Minutes),
              ratio(g.calledBackWithin15Minutes, g.missed),
              duration(g.averageCallbackSeconds),
              count(g.neverCalledBack),
            ],
          })),
        )
      : h('p', { class: 'empty', text: 'No missed calls in this period.' }),
  );
};

const STAGES = [
  { key: 'timeToAccept', label: 'Accepted by the manager' },
  { key: 'timeToFirstAttempt', label: 'First call to the client' },
  { key: 'timeToFirstContact', label: 'First conversation' },
];

const renderSpeed = (totals) => {
  byId('speed').replaceChildren(
    table(
      'Speed to lead',
      [
        { label: 'From the lead to' },
        { label: 'Leads', field: 'count', num: true },
        { label: 'Median (p50)', field: 'p50Seconds', num: true },
        { label: 'p90', field: 'p90Seconds', num: true },
        { label: 'Within 15 min', field: 'within15Minutes', num: true },
      ],
      STAGES.map((stage) => {
        const s = totals[stage.key];
        return {
          attrs: { 'data-stage': stage.key },
          head: stage.label,
          cells: [
            count(s.count),
            duration(s.p50Seconds),
            duration(s.p90Seconds),
            percent(s.within15Minutes),
          ],
        };
      }),
    ),
  );
};

const CHANNEL_NAMES = {
  form: 'Website forms',
  telegram: 'Telegram',
  whatsapp: 'WhatsApp',
  vk: 'VK',
  phone: 'Phone',
};

const renderChannels = (totals) => {
  const rows = Object.entries(totals.byChannel).map(([key, value]) => ({
    key,
    label: CHANNEL_NAMES[key] ?? key,
    value,
  }));
  byId('channels').replaceChildren(barRows(rows, 'channels'));
  byId('callback-tasks').textContent =
    'Besides these leads, missed calls opened ' + count(totals.callbackTasks) + ' call-back tasks.';
};

const renderMissed = (missed, names, calls) => {
  const shownCalls = missed.calls.slice(0, MAX_MISSED_ROWS);
  byId('missed-count').textContent = count(missed.calls.length);
  const notes = [];
  if (missed.calls.length > shownCalls.length)
    notes.push('The oldest ' + count(shownCalls.length) + ' are shown.');
  if (!missed.complete)
    notes.push('Only the newest ' + count(MAX_MISSED_PAGES * 100) + ' missed calls were read.');
  if (missed.complete && missed.calls.length !== calls.neverCalledBack)
    notes.push(
      'The metrics count ' +
        count(calls.neverCalledBack) +
        ' not called back; the list may be catching up.',
    );
  byId('missed-note').textContent = notes.join(' ');
  byId('missed').replaceChildren(
    shownCalls.length
      ? table(
          'Missed calls not yet called back, oldest first',
          [
            { label: 'Called at' },
            { label: 'Client' },
            { label: 'Manager' },
            { label: 'Waited', num: true },
            { label: 'Why missed' },
          ],
          shownCalls.map((call) => ({
            attrs: { 'data-call': call.id },
            head: at(call.startedAt),
            cells: [
              call.customer
                ? h('a', { href: 'tel:' + call.customer, text: call.customer })
                : 'unknown number',
              call.managerId ? managerName(names, call.managerId) : '—',
              duration(call.waitSeconds),
              (call.missedReason ?? '').replace(/-/g, ' '),
            ],
          })),
        )
      : h('p', { class: 'empty', text: 'Every missed call of this period has been called back.' }),
  );
};

// ── CSV downloads ─────────────────────────────────────────────────────────────────────────

const download = async (what) => {
  try {
    const response = await request(
      'v1/' + what + '?from=' + period.from + '&to=' + period.to,
      'text/csv',
    );
    const name =
      /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ??
      what + '.csv';
    const url = URL.createObjectURL(await response.blob());
    const link = h('a', { href: url, download: name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (error) {
    failed(error);
  }
};

// ── wiring ────────────────────────────────────────────────────────────────────────────────

const showPeriod = () => {
  const form = byId('period');
  form.elements.from.value = period.from;
  form.elements.to.value = period.to;
};

byId('key-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const value = byId('key').value.trim();
  if (!value) return;
  apiKey = value;
  sessionStorage.setItem(KEY_ITEM, value);
  byId('key').value = '';
  byId('key-panel').hidden = true;
  load();
});

byId('period').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  const from = form.elements.from.value;
  const to = form.elements.to.value;
  if (!isDay(from) || !isDay(to)) return showError('Choose both days of the period.');
  if (from > to) return showError('The period starts after it ends.');
  period = { from, to };
  history.replaceState(null, '', '#from=' + from + '&to=' + to);
  load();
});

for (const button of document.querySelectorAll('[data-period-days]')) {
  button.addEventListener('click', () => {
    const days = Number(button.dataset.periodDays);
    period = { from: addDays(TODAY, 1 - days), to: TODAY };
    history.replaceState(null, '', '#from=' + period.from + '&to=' + period.to);
    showPeriod();
    load();
  });
}

byId('forget').addEventListener('click', () => askForKey());
byId('csv-calls').addEventListener('click', () => download('calls'));
byId('csv-leads').addEventListener('click', () => download('leads'));

let lastWidth = 0;
new ResizeObserver(() => {
  const width = byId('calls-chart').clientWidth;
  if (shown && Math.abs(width - lastWidth) > 4) {
    lastWidth = width;
    renderCallsPerDay(shown.byDay);
  }
}).observe(byId('calls-chart'));

showPeriod();
if (apiKey) load();
else askForKey();
`;
