import { type ApiClient, ApiError } from '../api';
import { renderCallsPerDay } from '../charts';
import { byId, h } from '../dom';
import { addDays, isDay } from '../format';
import { clientsCsv, funnelCsv, planCsv } from '../month-csv';
import { clearError, type Message, setState, setStatus, showError, stampLoaded } from '../shell';
import type {
  Call,
  CallMetrics,
  CallPage,
  Clients,
  Funnel,
  LeadMetrics,
  ManagerPage,
  PlanProgress,
} from '../types';
import type { Ui } from '../ui';
import {
  MAX_MISSED_PAGES,
  type MissedCalls,
  renderCallbacks,
  renderChannels,
  renderEffective,
  renderMissed,
  renderSpeed,
  renderTotals,
} from './head-panels';
import { type FunnelView, renderClients, renderFunnel, renderPlan } from './month';

type Period = { readonly from: string; readonly to: string };
type Shown = {
  readonly period: Period;
  readonly managers: ManagerPage;
  readonly byDay: CallMetrics;
  readonly byManager: CallMetrics;
  readonly leads: LeadMetrics;
  readonly missed: MissedCalls;
  /** The plan of the month the period ends in, the period's funnel, clients as of its end. */
  readonly plan: PlanProgress;
  readonly funnelByChannel: Funnel;
  readonly funnelByManager: Funnel;
  readonly clients: Clients;
};

export type HeadViewDeps = {
  /** The client of the key entered; null while there is none. */
  readonly api: () => ApiClient | null;
  readonly ui: () => Ui;
  /** Today in the business time zone, by the server's clock. */
  readonly today: string;
  /** Back to the key panel, saying why (a refused key). */
  readonly askForKey: (message?: Message) => void;
};

/** Missed calls of the period whose callback is still open, oldest first. */
const openMissedCalls = async (api: ApiClient, query: string): Promise<MissedCalls> => {
  const open: Call[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const after: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page: CallPage = await api.get<CallPage>(
      `v1/calls?outcome=missed&limit=100&${query}${after}`,
    );
    for (const call of page.items) if (call.callback?.status === 'open') open.push(call);
    cursor = page.nextCursor;
    pages++;
  } while (cursor && pages < MAX_MISSED_PAGES);
  open.sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : 0));
  return { calls: open, complete: !cursor };
};

/**
 * The head of sales' board: the figures of a period (the last 7 days by default, kept in the
 * URL's #from=…&to=…), read from the API with the key and drawn; CSV downloads of the period.
 */
export const createHeadView = ({ api, ui, today, askForKey }: HeadViewDeps) => {
  const defaultPeriod = (): Period => ({ from: addDays(today, -6), to: today });
  const periodFromHash = (): Period => {
    const params = new URLSearchParams(location.hash.slice(1));
    const from = params.get('from');
    const to = params.get('to');
    return isDay(from) && isDay(to) ? { from, to } : defaultPeriod();
  };

  let period = periodFromHash();
  let shown: Shown | null = null;
  let loading = 0;
  let funnelView: FunnelView = 'all';

  const form = byId<HTMLFormElement>('period');
  const input = (name: 'from' | 'to') => form.elements.namedItem(name) as HTMLInputElement;
  const showPeriod = () => {
    input('from').value = period.from;
    input('to').value = period.to;
  };

  const namesOf = (data: Shown) => new Map(data.managers.items.map((m) => [m.id, m.name]));

  const failed = (error: unknown) => {
    setState('error');
    if (error instanceof ApiError && error.status === 401) {
      askForKey((t) => t.keyRefused);
    } else if (error instanceof ApiError && error.status === 403) {
      askForKey((t) => t.keyForbidden);
    } else {
      // The figures on screen no longer answer the period asked for: hide them, say why.
      byId('board').hidden = true;
      byId('subtitle').hidden = true;
      setStatus(null);
      if (error instanceof ApiError && error.status === 400) {
        const issues = (error.body?.issues ?? []).map((i) => i.message);
        showError((t) =>
          t.periodRefused(
            issues.map((issue) => t.apiIssues[issue] ?? issue).join('; ') || error.message,
          ),
        );
      } else if (error instanceof ApiError) {
        const { status, body, message } = error;
        showError((t) => t.apiAnswered(status, body?.error ?? 'error', message));
      } else {
        showError((t) => t.unreachable);
      }
    }
  };

  const load = async () => {
    const client = api();
    if (!client) return;
    const ticket = ++loading;
    const query = `from=${period.from}&to=${period.to}`;
    const asked = { ...period };
    setState('loading');
    byId('board').setAttribute('aria-busy', 'true');
    setStatus((t) => {
      const f = ui().f;
      return t.loading(`${f.dayLong(asked.from)} – ${f.dayLong(asked.to)}`);
    });
    clearError();
    try {
      const [
        managers,
        byDay,
        byManager,
        leads,
        missed,
        plan,
        funnelByChannel,
        funnelByManager,
        clients,
      ] = await Promise.all([
        client.get<ManagerPage>('v1/managers'),
        client.get<CallMetrics>(`v1/metrics/calls?${query}&groupBy=day`),
        client.get<CallMetrics>(`v1/metrics/calls?${query}&groupBy=manager`),
        client.get<LeadMetrics>(`v1/metrics/leads?${query}`),
        openMissedCalls(client, query),
        client.get<PlanProgress>(`v1/plans/${asked.to.slice(0, 7)}`),
        client.get<Funnel>(`v1/metrics/funnel?${query}&groupBy=channel`),
        client.get<Funnel>(`v1/metrics/funnel?${query}&groupBy=manager`),
        client.get<Clients>(`v1/metrics/clients?asOf=${asked.to}`),
      ]);
      if (ticket !== loading) return;
      shown = {
        period: asked,
        managers,
        byDay,
        byManager,
        leads,
        missed,
        plan,
        funnelByChannel,
        funnelByManager,
        clients,
      };
      render(shown);
      setStatus(null);
      byId('board').setAttribute('aria-busy', 'false');
      setState('ready');
      stampLoaded();
    } catch (error) {
      if (ticket === loading) failed(error);
    }
  };

  const render = (data: Shown) => {
    const { f } = ui();
    const names = namesOf(data);
    byId('zone').textContent = data.byDay.timeZone;
    byId('period-title').textContent =
      `${f.dayLong(data.period.from)} – ${f.dayLong(data.period.to)}`;
    byId('key-panel').hidden = true;
    byId('period').hidden = false;
    byId('forget').hidden = false;
    byId('subtitle').hidden = false;
    byId('board').hidden = false; // first: the charts measure their width
    renderTotals(data.byDay, data.leads.totals, ui());
    renderCallsPerDay(byId('calls-chart'), byId('calls-table'), data.byDay, ui());
    renderEffective(data.byManager.groups ?? [], names, ui());
    renderCallbacks(data.byManager.groups ?? [], names, ui());
    renderSpeed(data.leads.totals, ui());
    renderChannels(data.leads.totals, ui());
    renderMissed(data.missed, names, data.byDay.totals, ui());
    byId('plan-month').textContent = ui().f.month(data.plan.month);
    renderPlan(byId('plan'), byId('plan-note'), data.plan, names, ui());
    showFunnel(data, names);
    renderClients(
      {
        note: byId('clients-note'),
        categories: byId('abc'),
        migration: byId('migration'),
        clients: byId('clients'),
      },
      data.clients,
      names,
      ui(),
    );
  };

  const showFunnel = (data: Shown, names: ReadonlyMap<string, string>) => {
    for (const button of document.querySelectorAll<HTMLButtonElement>('[data-funnel]')) {
      button.setAttribute('aria-pressed', String(button.dataset.funnel === funnelView));
    }
    renderFunnel(
      byId('funnel'),
      funnelView,
      data.funnelByChannel,
      data.funnelByManager,
      names,
      ui(),
    );
  };

  /** Hands the browser a file to save: a CSV the API sent, or one made from the figures shown. */
  const save = (name: string, content: Blob | string) => {
    const blob =
      typeof content === 'string'
        ? new Blob([content], { type: 'text/csv;charset=utf-8' })
        : content;
    const url = URL.createObjectURL(blob);
    const link = h('a', { href: url, download: name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  const download = async (what: 'calls' | 'leads') => {
    const client = api();
    if (!client) return;
    try {
      const response = await client.csv(`v1/${what}?from=${period.from}&to=${period.to}`);
      const name =
        /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ??
        `${what}.csv`;
      save(name, await response.blob());
    } catch (error) {
      failed(error);
    }
  };

  const choose = (next: Period) => {
    period = next;
    history.replaceState(null, '', `#from=${next.from}&to=${next.to}`);
    showPeriod();
    void load();
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const from = input('from').value;
    const to = input('to').value;
    if (!isDay(from) || !isDay(to)) return showError((t) => t.chooseBothDays);
    if (from > to) return showError((t) => t.periodBackwards);
    choose({ from, to });
  });
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-period-days]')) {
    button.addEventListener('click', () => {
      const days = Number(button.dataset.periodDays);
      choose({ from: addDays(today, 1 - days), to: today });
    });
  }
  byId('csv-calls').addEventListener('click', () => void download('calls'));
  byId('csv-leads').addEventListener('click', () => void download('leads'));

  byId('csv-plan').addEventListener('click', () => {
    if (shown) save(`plan_${shown.plan.month}.csv`, planCsv(shown.plan, namesOf(shown)));
  });
  byId('csv-funnel').addEventListener('click', () => {
    if (!shown) return;
    const { from, to } = shown.period;
    save(
      `funnel_from_${from}_to_${to}.csv`,
      funnelCsv(shown.funnelByChannel, shown.funnelByManager),
    );
  });
  byId('csv-clients').addEventListener('click', () => {
    if (shown) save(`clients_as_of_${shown.clients.asOf}.csv`, clientsCsv(shown.clients));
  });
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-funnel]')) {
    button.addEventListener('click', () => {
      funnelView = (button.dataset.funnel as FunnelView | undefined) ?? 'all';
      if (shown) showFunnel(shown, namesOf(shown));
    });
  }

  let lastWidth = 0;
  new ResizeObserver(() => {
    const width = byId('calls-chart').clientWidth;
    if (shown && Math.abs(width - lastWidth) > 4) {
      lastWidth = width;
      renderCallsPerDay(byId('calls-chart'), byId('calls-table'), shown.byDay, ui());
    }
  }).observe(byId('calls-chart'));

  showPeriod();

  return {
    /** Shows the figures of the period, read afresh. */
    load,
    /** Draws what is on screen again in the language now chosen (no new requests). */
    redraw: () => {
      if (shown && !byId('board').hidden) render(shown);
    },
  };
};
