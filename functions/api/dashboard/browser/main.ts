// switchboard's dashboard: reads the API with the key typed in, computes nothing the API does
// not give except ratios it labels as such, draws plain SVG. A head's or admin's key sees the
// department's figures, a manager's key their own open leads. Bundled by esbuild into one ES
// module (functions/api/dashboard/build.ts) and served as /dashboard/app.js.
import { type ApiClient, ApiError, createApiClient } from './api';
import { byId, h, meta } from './dom';
import { createFormat } from './format';
import { DICTIONARIES, LANGUAGES, type Language, pickLanguage, translatePage } from './i18n';
import {
  forgetSession,
  storedLanguage,
  storedSession,
  storeLanguage,
  storeSession,
} from './session';
import {
  clearError,
  type Message,
  renderMessages,
  setState,
  setStatus,
  useDictionary,
} from './shell';
import type { Me } from './types';
import type { Ui } from './ui';
import { createHeadView } from './views/head';
import { createManagerView } from './views/manager';

const ZONE = meta('sb-time-zone');
const TODAY = meta('sb-today');
/** The server's clock when it wrote the page, and so, with the time since, now by that clock. */
const SERVER_NOW = Date.parse(meta('sb-now'));
const serverNow = () => (Number.isNaN(SERVER_NOW) ? Date.now() : SERVER_NOW + performance.now());

// ── language ──────────────────────────────────────────────────────────────────────────────

let language: Language = pickLanguage(storedLanguage(), navigator.languages, meta('sb-language'));
let ui: Ui = { t: DICTIONARIES[language], f: createFormat(DICTIONARIES[language], ZONE) };
useDictionary(() => ui.t);

const switches = LANGUAGES.map((code) =>
  h('button', {
    type: 'button',
    class: 'language',
    lang: code,
    'data-language': code,
    'aria-label': DICTIONARIES[code].language,
    text: code.toUpperCase(),
  }),
);
byId('languages').replaceChildren(...switches);

let keyError: Message | null = null;
const speak = () => {
  translatePage(document, language);
  for (const button of switches) {
    button.setAttribute('aria-pressed', String(button.dataset.language === language));
  }
  const error = byId('key-error');
  error.textContent = keyError ? keyError(ui.t) : '';
  error.hidden = !keyError;
  renderMessages();
};

// ── the key and the two views ─────────────────────────────────────────────────────────────

let api: ApiClient | null = null;

const askForKey = (message?: Message) => {
  api = null;
  forgetSession();
  head.close();
  manager.close();
  byId('forget').hidden = true;
  byId('title').dataset.i18n = 'headTitle';
  byId('key-panel').hidden = false;
  keyError = message ?? null;
  setStatus(null);
  clearError();
  speak();
  setState('key');
  byId('key').focus();
};

const head = (() => {
  const view = createHeadView({ api: () => api, ui: () => ui, today: TODAY, askForKey });
  return {
    ...view,
    close: () => {
      byId('board').hidden = true;
      byId('subtitle').hidden = true;
      byId('period').hidden = true;
    },
  };
})();
const manager = createManagerView({ api: () => api, ui: () => ui, askForKey, now: serverNow });

/** The view for this key: a manager's own leads, or the head's figures. */
const open = (key: string, me: Me) => {
  api = createApiClient(key);
  keyError = null;
  byId('key-panel').hidden = true;
  byId('forget').hidden = false;
  byId('title').dataset.i18n = me.role === 'manager' ? 'managerTitle' : 'headTitle';
  speak();
  if (me.role === 'manager') void manager.load();
  else void head.load();
};

/** Asks the API who a key is (GET /v1/me), remembers both in the tab, opens its view. */
const identify = async (key: string) => {
  setState('loading');
  try {
    const me = await createApiClient(key).get<Me>('v1/me');
    storeSession(key, me);
    open(key, me);
  } catch (error) {
    askForKey(
      error instanceof ApiError && error.status === 401
        ? (t) => t.keyRefused
        : (t) => t.keyUnreachable,
    );
  }
};

byId<HTMLFormElement>('key-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = byId<HTMLInputElement>('key');
  const value = input.value.trim();
  if (!value) return;
  input.value = '';
  void identify(value);
});
byId('forget').addEventListener('click', () => askForKey());

for (const button of switches) {
  button.addEventListener('click', () => {
    const chosen = button.dataset.language;
    if (chosen === undefined || chosen === language) return;
    language = chosen as Language;
    storeLanguage(language);
    ui = { t: DICTIONARIES[language], f: createFormat(DICTIONARIES[language], ZONE) };
    speak();
    head.redraw();
    manager.redraw();
  });
}

speak();
const session = storedSession();
if (!session) askForKey();
else if (session.me) open(session.key, session.me);
else void identify(session.key);
