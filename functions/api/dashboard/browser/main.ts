// switchboard's dashboard: reads the API with the key typed in, computes nothing the API does
// not give except ratios it labels as such, draws plain SVG. Bundled by esbuild into one ES
// module (functions/api/dashboard/build.ts) and served as /dashboard/app.js.
import { type ApiClient, createApiClient } from './api';
import { byId, meta } from './dom';
import { createFormat } from './format';
import { DICTIONARIES, type Language, translatePage } from './i18n';
import { forgetKey, storedKey, storeKey } from './session';
import { clearError, setState, setStatus } from './shell';
import type { Ui } from './ui';
import { createHeadView } from './views/head';

const ZONE = meta('sb-time-zone');
const TODAY = meta('sb-today');

const language: Language = 'en';
const ui: Ui = { t: DICTIONARIES[language], f: createFormat(DICTIONARIES[language], ZONE) };
translatePage(document, language);

let api: ApiClient | null = null;
const useKey = (key: string | null) => {
  api = key ? createApiClient(key) : null;
};
useKey(storedKey());

const askForKey = (message?: string) => {
  useKey(null);
  forgetKey();
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
  setState('key');
  byId('key').focus();
};

const head = createHeadView({ api: () => api, ui: () => ui, today: TODAY, askForKey });

byId<HTMLFormElement>('key-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = byId<HTMLInputElement>('key');
  const value = input.value.trim();
  if (!value) return;
  useKey(value);
  storeKey(value);
  input.value = '';
  byId('key-panel').hidden = true;
  void head.load();
});
byId('forget').addEventListener('click', () => askForKey());

if (api) void head.load();
else askForKey();
