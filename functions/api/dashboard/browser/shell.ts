import { byId, h } from './dom';

/** What every view shares: the page's state for tests and the bench, its status and error lines. */
export type PageState = 'starting' | 'key' | 'loading' | 'ready' | 'error';

export const setState = (state: PageState): void => {
  document.body.dataset.state = state;
};

export const setStatus = (text: string): void => {
  byId('status').textContent = text;
};

export const showError = (text: string): void => {
  const box = byId('error');
  box.replaceChildren(h('p', { text }));
  box.hidden = false;
};

export const clearError = (): void => {
  byId('error').hidden = true;
};

/** Stamps the time from navigation start to every figure on screen (`npm run bench -- dashboard`). */
export const stampLoaded = (): void => {
  document.body.dataset.loadedMs = String(Math.round(performance.now()));
};
