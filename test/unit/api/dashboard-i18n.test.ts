import { describe, expect, it } from 'vitest';
import { createFormat } from '../../../functions/api/dashboard/browser/format';
import { en } from '../../../functions/api/dashboard/browser/i18n/en';
import {
  DICTIONARIES,
  LANGUAGES,
  pickLanguage,
} from '../../../functions/api/dashboard/browser/i18n/index';
import { ru } from '../../../functions/api/dashboard/browser/i18n/ru';
import { DASHBOARD_HTML } from '../../../functions/api/dashboard/page';

type Entry = { readonly path: string; readonly value: unknown };

/** Every leaf of a dictionary with its path: "tileCalls", "channels.form", … */
const leaves = (dictionary: object, prefix = ''): Entry[] =>
  Object.entries(dictionary).flatMap(([key, value]) =>
    value && typeof value === 'object'
      ? leaves(value, `${prefix}${key}.`)
      : [{ path: `${prefix}${key}`, value }],
  );
const paths = (dictionary: object) => leaves(dictionary).map((entry) => entry.path);
const lookup = (dictionary: object, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], dictionary);

describe('the dashboard’s dictionaries', () => {
  it('speak Russian and English, Russian first on the switch', () => {
    expect(LANGUAGES).toEqual(['ru', 'en']);
    expect(DICTIONARIES).toEqual({ ru, en });
  });

  it('have every key in both languages, no more in either', () => {
    expect(paths(ru).sort()).toEqual(paths(en).sort());
    expect(paths(en).length).toBeGreaterThan(100);
  });

  it.each(LANGUAGES)('has in %s a text of the same kind for every key, none empty', (language) => {
    for (const { path, value } of leaves(DICTIONARIES[language])) {
      const english = lookup(en, path);
      expect(typeof value, path).toBe(typeof english);
      if (typeof value === 'string') expect(value.trim(), path).not.toBe('');
      if (typeof value === 'function' && typeof english === 'function') {
        expect(value.length, path).toBe(english.length);
        expect(value(1, '1', '1'), path).not.toBe('');
      }
    }
  });

  it('has a Russian text for every English one, not a copy (names and codes aside)', () => {
    const SAME = new Set(['locale', 'channels.telegram', 'channels.whatsapp', 'p90']);
    const strings = leaves(ru).filter(
      (entry): entry is { path: string; value: string } =>
        typeof entry.value === 'string' && !SAME.has(entry.path),
    );

    expect(strings.filter(({ path, value }) => value === lookup(en, path))).toEqual([]);
    expect(strings.filter(({ value }) => !/[а-яё]/i.test(value))).toEqual([]);
  });

  it.each([
    [1, '1 новый контакт'],
    [3, '3 новых контакта'],
    [5, '5 новых контактов'],
    [21, '21 новый контакт'],
  ])('agrees a Russian noun with its number (%i)', (n, expected) => {
    expect(ru.tileLeadsNote(n, String(n))).toBe(expected);
  });

  it('names, in the page’s HTML, only texts both dictionaries have', () => {
    const keys = [...DASHBOARD_HTML.matchAll(/data-i18n(?:-aria-label)?="([^"]+)"/g)].map(
      (match) => match[1] ?? '',
    );

    expect(keys.length).toBeGreaterThan(30);
    for (const key of keys) {
      expect(typeof lookup(en, key), key).toBe('string');
      expect(typeof lookup(ru, key), key).toBe('string');
    }
  });

  it('leaves no word in the page’s HTML outside the dictionaries (no half-translated page)', () => {
    const words = DASHBOARD_HTML.replace(/<noscript>[\s\S]*?<\/noscript>/, '') // both languages
      .replace(/<title>[\s\S]*?<\/title>/, '') // replaced by the script's pageTitle
      .replace(/<[^>]*>/g, ' ')
      .replace(/\{\{\w+\}\}/g, ' ')
      .replace(/[\s·]+/g, '');

    expect(words).toBe('');
  });
});

describe('pickLanguage', () => {
  it.each([
    { chosen: 'en', browser: ['ru-RU'], fallback: 'ru', language: 'en', why: 'the switch wins' },
    {
      chosen: null,
      browser: ['de-DE', 'en-US'],
      fallback: 'ru',
      language: 'en',
      why: 'the browser’s first it speaks',
    },
    { chosen: null, browser: ['RU'], fallback: 'en', language: 'ru', why: 'any case, no region' },
    {
      chosen: null,
      browser: ['de-DE'],
      fallback: 'en',
      language: 'en',
      why: 'else the server’s default',
    },
    {
      chosen: 'fr',
      browser: [],
      fallback: 'ru',
      language: 'ru',
      why: 'an unknown choice is no choice',
    },
    { chosen: null, browser: [], fallback: '', language: 'ru', why: 'Russian without a default' },
  ])('picks $language when $why', ({ chosen, browser, fallback, language }) => {
    expect(pickLanguage(chosen, browser, fallback)).toBe(language);
  });
});

describe('createFormat', () => {
  it('writes English figures exactly as the page always did', () => {
    const f = createFormat(en, 'Europe/Moscow');

    expect(f.count(12345)).toBe('12,345');
    expect(f.percent(0.6957)).toBe('69.6 %');
    expect(f.ratio(1, 0)).toBe('—');
    expect([f.duration(45), f.duration(90), f.duration(3600), f.duration(5430)]).toEqual([
      '45 s',
      '1 min 30 s',
      '1 h',
      '1 h 30 min',
    ]);
    expect(f.dayLong('2026-11-22')).toBe('Sun, 22 Nov 2026');
    expect(f.at('2026-11-23T08:00:00Z')).toBe('23 Nov, 11:00');
  });

  it('writes Russian figures with Intl for ru-RU', () => {
    const f = createFormat(ru, 'Europe/Moscow');

    expect(f.count(12345)).toBe('12\u00a0345');
    expect(f.percent(0.6957)).toBe('69,6 %');
    expect(f.duration(90)).toBe('1 мин 30 с');
    expect(f.dayLong('2026-11-22')).toBe('вс, 22 нояб. 2026 г.');
    expect(f.time('2026-11-23T08:05:00Z')).toBe('11:05');
  });
});
