import { type ApiClient, ApiError } from '../api';
import { byId, type Child, h } from '../dom';
import { clearError, type Message, setState, setStatus, showError, stampLoaded } from '../shell';
import type { Lead, LeadPage } from '../types';
import type { Ui } from '../ui';

/** At most this many pages of 100 per status: a manager with more open leads sees the newest. */
const MAX_PAGES = 5;
const OPEN_STATUSES = ['assigned', 'accepted'] as const;
const OUTCOMES = ['won', 'lost', 'spam'] as const;
type Outcome = (typeof OUTCOMES)[number];

export type ManagerViewDeps = {
  readonly api: () => ApiClient | null;
  readonly ui: () => Ui;
  /** Back to the key panel, saying why (a refused key). */
  readonly askForKey: (message?: Message) => void;
  /** The time by the server's clock (the page's stamp plus the time since): deadlines count from it. */
  readonly now: () => number;
};

type OpenLeads = { readonly leads: readonly Lead[]; readonly complete: boolean };

/** The manager's open leads (assigned to them or accepted, not closed), newest first. */
const openLeads = async (api: ApiClient): Promise<OpenLeads> => {
  const lists = await Promise.all(
    OPEN_STATUSES.map(async (status) => {
      const leads: Lead[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const after: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
        const page: LeadPage = await api.get<LeadPage>(
          `v1/leads?status=${status}&limit=100${after}`,
        );
        leads.push(...page.items);
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < MAX_PAGES);
      return { leads, complete: !cursor };
    }),
  );
  const leads = lists
    .flatMap((list) => list.leads)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
  return { leads, complete: lists.every((list) => list.complete) };
};

/**
 * A manager's own view, made for a phone: their open leads, newest first, each with the
 * contact, the message, the deadline to accept counting down, and buttons that accept or close
 * it through the API. A refusal (the lead went to someone else, changed, is gone) is said in
 * words and the list read again.
 */
export const createManagerView = ({ api, ui, askForKey, now }: ManagerViewDeps) => {
  let shown: OpenLeads | null = null;
  let loading = 0;
  const list = byId<HTMLOListElement>('leads');

  const who = (lead: Lead) =>
    lead.contact.name ?? lead.contact.phone ?? lead.contact.email ?? ui().t.noName;

  const countdown = (acceptBy: string): { text: string; late: boolean } => {
    const { t, f } = ui();
    const left = Math.ceil((Date.parse(acceptBy) - now()) / 1000);
    return left > 0
      ? { text: t.timeLeft(f.duration(left)), late: false }
      : { text: t.timeUp, late: true };
  };

  const fact = (label: string, field: string, value: Child | readonly Child[]) =>
    h('div', { class: 'fact', 'data-field': field }, [
      h('dt', { text: label }),
      h('dd', {}, Array.isArray(value) ? value : [value as Child]),
    ]);

  const card = (lead: Lead) => {
    const { t, f } = ui();
    const { phone, email } = lead.contact;
    const left = lead.acceptBy ? countdown(lead.acceptBy) : null;
    return h('li', { class: 'lead', 'data-lead': lead.id, 'data-status': lead.status }, [
      h('div', { class: 'lead-head' }, [
        h('h3', { class: 'lead-name', text: who(lead) }),
        h('span', {
          class: `badge ${lead.status}`,
          'data-field': 'status',
          text: t.statuses[lead.status],
        }),
      ]),
      phone ? h('a', { class: 'lead-phone', href: `tel:${phone}`, text: phone }) : null,
      email ? h('a', { class: 'lead-email', href: `mailto:${email}`, text: email }) : null,
      lead.text ? h('p', { class: 'lead-text', text: lead.text }) : null,
      h('dl', { class: 'facts' }, [
        fact(t.channel, 'channel', lead.channels.map((c) => t.channels[c] ?? c).join(', ')),
        fact(
          t.created,
          'created',
          h('time', { datetime: lead.createdAt, text: f.at(lead.createdAt) }),
        ),
        lead.acceptBy && left
          ? fact(t.acceptBy, 'accept-by', [
              h('time', { datetime: lead.acceptBy, text: f.time(lead.acceptBy) }),
              ' · ',
              h('span', {
                class: left.late ? 'countdown late' : 'countdown',
                'data-accept-by': lead.acceptBy,
                text: left.text,
              }),
            ])
          : null,
      ]),
      h('div', { class: 'actions' }, [
        lead.status === 'assigned'
          ? h('button', {
              type: 'button',
              class: 'primary accept',
              'data-action': 'accept',
              text: t.accept,
            })
          : null,
        h('div', { class: 'close-as', role: 'group', 'aria-label': t.closeAs }, [
          h('span', { class: 'close-label', 'aria-hidden': 'true', text: t.closeAs }),
          ...OUTCOMES.map((outcome) =>
            h('button', {
              type: 'button',
              'data-action': 'close',
              'data-outcome': outcome,
              text: t.outcomes[outcome],
            }),
          ),
        ]),
      ]),
    ]);
  };

  const render = () => {
    if (!shown) return;
    const { t, f } = ui();
    const count = shown.leads.length;
    byId('leads-count').textContent = [
      t.leadsCount(count, f.count(count)),
      shown.complete ? '' : t.leadsTruncated(f.count(count)),
    ]
      .filter(Boolean)
      .join(' ');
    list.replaceChildren(...shown.leads.map(card));
    byId('no-leads').hidden = count > 0;
  };

  /** Rewrites the countdowns only: the cards, and a button a finger is on, stay as they are. */
  const tick = () => {
    for (const element of list.querySelectorAll<HTMLElement>('[data-accept-by]')) {
      const left = countdown(element.dataset.acceptBy ?? '');
      element.textContent = left.text;
      element.classList.toggle('late', left.late);
    }
  };
  let ticking: ReturnType<typeof setInterval> | undefined;

  const load = async () => {
    const client = api();
    if (!client) return;
    const ticket = ++loading;
    setState('loading');
    byId('manager').setAttribute('aria-busy', 'true');
    if (!shown) setStatus((t) => t.loadingLeads);
    try {
      const open = await openLeads(client);
      if (ticket !== loading) return;
      shown = open;
      byId('manager').hidden = false;
      render();
      ticking ??= setInterval(tick, 1000);
      setStatus(null);
      byId('manager').setAttribute('aria-busy', 'false');
      setState('ready');
      stampLoaded();
    } catch (error) {
      if (ticket !== loading) return;
      setState('error');
      setStatus(null);
      if (error instanceof ApiError && error.status === 401) askForKey((t) => t.keyRefused);
      else showError(error instanceof ApiError ? refusal(error) : (t) => t.leadsUnreachable);
    }
  };

  const refusal = (error: ApiError): Message => {
    if (error.status === 403) return (t) => t.leadElsewhere;
    if (error.status === 409) return (t) => t.leadChanged;
    if (error.status === 404) return (t) => t.leadMissing;
    return (t) => t.actionFailed(error.status, error.body?.error ?? 'error');
  };

  const act = async (item: HTMLElement, button: HTMLButtonElement) => {
    const client = api();
    const lead = shown?.leads.find((l) => l.id === item.dataset.lead);
    if (!client || !lead || !shown) return;
    const outcome = button.dataset.outcome as Outcome | undefined;
    for (const b of item.querySelectorAll('button')) b.disabled = true;
    item.setAttribute('aria-busy', 'true');
    clearError();
    try {
      const updated =
        button.dataset.action === 'accept'
          ? await client.post<Lead>(`v1/leads/${encodeURIComponent(lead.id)}/accept`)
          : await client.post<Lead>(`v1/leads/${encodeURIComponent(lead.id)}/close`, { outcome });
      const name = who(updated);
      shown = {
        ...shown,
        leads: shown.leads.flatMap((l) =>
          l.id !== updated.id ? [l] : updated.status === 'closed' ? [] : [updated],
        ),
      };
      render();
      setStatus(
        updated.status === 'closed' && outcome
          ? (t) => t.leadClosed(name, t.outcomes[outcome])
          : (t) => t.leadAccepted(name),
      );
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return askForKey((t) => t.keyRefused);
      const message: Message =
        error instanceof ApiError ? refusal(error) : (t) => t.leadsUnreachable;
      // What the list showed was out of date: read it again, then say what happened.
      if (error instanceof ApiError) await load();
      else for (const b of item.querySelectorAll('button')) b.disabled = false;
      if (!api()) return; // reading it again found the key refused: the key panel says so
      item.removeAttribute('aria-busy');
      showError(message);
    }
  };

  list.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>('button[data-action]');
    const item = button?.closest<HTMLElement>('li[data-lead]');
    if (button && item && !button.disabled) void act(item, button);
  });
  byId('refresh').addEventListener('click', () => {
    clearError();
    setStatus(null);
    void load();
  });
  // Back to the tab after a while: what it shows may be stale.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && shown && !byId('manager').hidden) void load();
  });

  return {
    /** Shows the manager's open leads, read afresh. */
    load,
    /** Draws what is on screen again in the language now chosen (no new requests). */
    redraw: () => {
      if (shown && !byId('manager').hidden) render();
    },
    /** Leaves the view (the key is forgotten): nothing of it stays on screen or ticking. */
    close: () => {
      shown = null;
      loading++;
      clearInterval(ticking);
      ticking = undefined;
      list.replaceChildren();
      byId('manager').hidden = true;
    },
  };
};
