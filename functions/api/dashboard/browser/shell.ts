import { byId, h } from './dom';
import type { Dictionary } from './i18n';

/** What every view shares: the page's state for tests and the bench, its status and error lines. */
export type PageState = 'starting' | 'key' | 'loading' | 'ready' | 'error';

/** A message in whatever language the page speaks when it is shown (and again after a switch). */
export type Message = (t: Dictionary) => string;

let dictionary: () => Dictionary = () => {
  throw new Error('shell: no dictionary yet');
};
let status: Message | null = null;
let error: Message | null = null;

/** Where the messages find the language the page speaks now. */
export const useDictionary = (current: () => Dictionary): void => {
  dictionary = current;
};

export const setState = (state: PageState): void => {
  document.body.dataset.state = state;
};

/** Writes the status line and the error box in the language now spoken. */
export const renderMessages = (): void => {
  const t = dictionary();
  byId('status').textContent = status ? status(t) : '';
  const box = byId('error');
  if (error) box.replaceChildren(h('p', { text: error(t) }));
  box.hidden = !error;
};

/** The polite status line (role=status): progress, and what an action did. */
export const setStatus = (message: Message | null): void => {
  status = message;
  renderMessages();
};

/** The error box (role=alert): a refusal or failure, in words. */
export const showError = (message: Message): void => {
  error = message;
  renderMessages();
};

export const clearError = (): void => {
  error = null;
  renderMessages();
};

/** Stamps the time from navigation start to every figure on screen (`npm run bench -- dashboard`). */
export const stampLoaded = (): void => {
  document.body.dataset.loadedMs = String(Math.round(performance.now()));
};
