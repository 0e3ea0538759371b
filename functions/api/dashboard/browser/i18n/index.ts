import { type Dictionary, en } from './en';
import { ru } from './ru';

export type { Dictionary };

/** The languages the page speaks, in the order of its switch. */
export const DICTIONARIES = { ru, en } as const satisfies Record<string, Dictionary>;
export type Language = keyof typeof DICTIONARIES;
export const LANGUAGES = Object.keys(DICTIONARIES) as Language[];

export const isLanguage = (value: unknown): value is Language =>
  typeof value === 'string' && Object.hasOwn(DICTIONARIES, value);

/**
 * The page's language: the one chosen on its switch; else the first of the browser's languages
 * (navigator.languages, in the user's order) the page speaks; else the server's default
 * (SWITCHBOARD_LANGUAGE).
 */
export const pickLanguage = (
  chosen: string | null | undefined,
  browser: readonly string[],
  fallback: string,
): Language => {
  if (isLanguage(chosen)) return chosen;
  for (const tag of browser) {
    const primary = tag.toLowerCase().split('-')[0];
    if (isLanguage(primary)) return primary;
  }
  return isLanguage(fallback) ? fallback : 'ru';
};

/**
 * The texts of the page's HTML: each element with `data-i18n="<key>"` gets that text, each
 * `data-i18n-aria-label` that label; the document its title and language.
 */
export const translatePage = (root: Document, language: Language): void => {
  const t: Record<string, unknown> = DICTIONARIES[language];
  const text = (key: string | undefined) => {
    const value = key === undefined ? undefined : t[key];
    if (typeof value !== 'string')
      throw new Error(`no text "${key}" in the ${language} dictionary`);
    return value;
  };
  root.documentElement.lang = language;
  root.title = text('pageTitle');
  for (const element of root.querySelectorAll<HTMLElement>('[data-i18n]')) {
    element.textContent = text(element.dataset.i18n);
  }
  for (const element of root.querySelectorAll<HTMLElement>('[data-i18n-aria-label]')) {
    element.setAttribute('aria-label', text(element.dataset.i18nAriaLabel));
  }
};
