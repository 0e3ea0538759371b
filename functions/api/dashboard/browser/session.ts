import type { Me } from './types';

/**
 * The API key of this tab and who it is (GET /v1/me): sessionStorage only, so both go when the
 * tab does. A key's role never changes, so a reload needs not ask again.
 */
const KEY_ITEM = 'switchboard.apiKey';
const ME_ITEM = 'switchboard.me';

export type Session = { readonly key: string; readonly me: Me | null };

const ROLES: readonly string[] = ['admin', 'head', 'manager'];

const parseMe = (text: string | null): Me | null => {
  try {
    const me: unknown = JSON.parse(text ?? 'null');
    if (!me || typeof me !== 'object') return null;
    const { keyId, role, managerId } = me as Record<string, unknown>;
    if (typeof keyId !== 'string' || typeof role !== 'string' || !ROLES.includes(role)) return null;
    return {
      keyId,
      role: role as Me['role'],
      ...(typeof managerId === 'string' ? { managerId } : {}),
    };
  } catch {
    return null;
  }
};

export const storedSession = (): Session | null => {
  const key = sessionStorage.getItem(KEY_ITEM);
  return key ? { key, me: parseMe(sessionStorage.getItem(ME_ITEM)) } : null;
};

export const storeSession = (key: string, me: Me): void => {
  sessionStorage.setItem(KEY_ITEM, key);
  sessionStorage.setItem(ME_ITEM, JSON.stringify(me));
};

export const forgetSession = (): void => {
  sessionStorage.removeItem(KEY_ITEM);
  sessionStorage.removeItem(ME_ITEM);
};

/** The language chosen on the page's switch: kept in this browser (localStorage). */
const LANGUAGE_ITEM = 'switchboard.language';

export const storedLanguage = (): string | null => {
  try {
    return localStorage.getItem(LANGUAGE_ITEM);
  } catch {
    return null; // storage refused (a privacy setting): the choice lasts for this page only
  }
};

export const storeLanguage = (language: string): void => {
  try {
    localStorage.setItem(LANGUAGE_ITEM, language);
  } catch {
    // as above
  }
};
