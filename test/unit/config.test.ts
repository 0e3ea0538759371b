import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      timeZone: 'Europe/Moscow',
      defaultCountry: 'RU',
      thresholds: { effectiveTalkSeconds: 60, shortAbandonSeconds: 5 },
      acceptTimeoutSeconds: 120,
      callFinalizeAfterSeconds: 14_400,
    });
    expect(config.secret('TWILIO_AUTH_TOKEN')).toBeUndefined();
    expect(Object.isFrozen(config.thresholds)).toBe(true);
  });

  it('treats empty values as unset', () => {
    const config = loadConfig({ TIME_ZONE: '', TWILIO_AUTH_TOKEN: '', ZADARMA_API_SECRET: 'z' });
    expect(config.timeZone).toBe('Europe/Moscow');
    expect(config.secret('TWILIO_AUTH_TOKEN')).toBeUndefined();
    expect(config.secret('ZADARMA_API_SECRET')).toBe('z');
    expect(
      loadConfig({ AWS_SECRET_ACCESS_KEY: 'x' }).secret('AWS_SECRET_ACCESS_KEY'),
    ).toBeUndefined();
  });

  it('names the invalid variables and never echoes their values', () => {
    const attempt = () =>
      loadConfig({
        TIME_ZONE: 'Mars/Olympus',
        ADMIN_API_KEY: 'short-secret',
        EFFECTIVE_TALK_SECONDS: '-1',
      });
    expect(attempt).toThrowError(/TIME_ZONE/);
    expect(attempt).toThrowError(/ADMIN_API_KEY/);
    expect(attempt).toThrowError(/EFFECTIVE_TALK_SECONDS/);
    expect(attempt).not.toThrowError(/short-secret|Mars/);
  });

  it('speaks Russian unless SWITCHBOARD_LANGUAGE says English, and refuses any other language', () => {
    expect(loadConfig({}).language).toBe('ru');
    expect(loadConfig({ SWITCHBOARD_LANGUAGE: '' }).language).toBe('ru');
    expect(loadConfig({ SWITCHBOARD_LANGUAGE: 'en' }).language).toBe('en');
    expect(() => loadConfig({ SWITCHBOARD_LANGUAGE: 'de' })).toThrowError(/SWITCHBOARD_LANGUAGE/);
  });

  it('reads the managers’ bot and the language, with their defaults', () => {
    const unset = loadConfig({});
    const set = loadConfig({
      NOTIFY_TELEGRAM_BOT_TOKEN: '123456:ABCdefGHIjklMNOpqrSTUvwx',
      NOTIFY_TELEGRAM_SECRET_TOKEN: 'secret_token-1',
      TELEGRAM_API_BASE_URL: 'http://127.0.0.1:9999/',
      SWITCHBOARD_LANGUAGE: 'en',
    });

    expect(unset.language).toBe('ru');
    expect(unset.notifyTelegram).toEqual({
      botToken: undefined,
      secretToken: undefined,
      apiBaseUrl: 'https://api.telegram.org',
    });
    expect(set.language).toBe('en');
    expect(set.notifyTelegram).toEqual({
      botToken: '123456:ABCdefGHIjklMNOpqrSTUvwx',
      secretToken: 'secret_token-1',
      apiBaseUrl: 'http://127.0.0.1:9999',
    });
    expect(() => loadConfig({ SWITCHBOARD_LANGUAGE: 'de' })).toThrowError(/SWITCHBOARD_LANGUAGE/);
    expect(() => loadConfig({ NOTIFY_TELEGRAM_BOT_TOKEN: 'not a token' })).toThrowError(
      /NOTIFY_TELEGRAM_BOT_TOKEN/,
    );
  });

  it('closes unfinished calls after CALL_FINALIZE_AFTER_SECONDS, between a minute and a week', () => {
    expect(loadConfig({ CALL_FINALIZE_AFTER_SECONDS: '3600' }).callFinalizeAfterSeconds).toBe(3600);
    expect(loadConfig({ CALL_FINALIZE_AFTER_SECONDS: '' }).callFinalizeAfterSeconds).toBe(14_400);
    expect(() => loadConfig({ CALL_FINALIZE_AFTER_SECONDS: '0' })).toThrowError(
      /CALL_FINALIZE_AFTER_SECONDS/,
    );
    expect(() => loadConfig({ CALL_FINALIZE_AFTER_SECONDS: '604801' })).toThrowError(
      /CALL_FINALIZE_AFTER_SECONDS/,
    );
  });

  it('splits clients at 80 and 95 % unless ABC_THRESHOLDS says otherwise, and refuses a split backwards', () => {
    expect(loadConfig({}).abcThresholds).toEqual({ a: 80, b: 95 });
    expect(loadConfig({ ABC_THRESHOLDS: '70, 90' }).abcThresholds).toEqual({ a: 70, b: 90 });
    expect(loadConfig({ ABC_THRESHOLDS: '50,50' }).abcThresholds).toEqual({ a: 50, b: 50 });
    for (const value of ['95,80', '0,50', '80,101', '80', 'a,b']) {
      expect(() => loadConfig({ ABC_THRESHOLDS: value }), value).toThrowError(/ABC_THRESHOLDS/);
    }
  });
});

describe('hardening configuration', () => {
  it('refuses signed telephony events older than 12 hours by default, and takes 10 minutes to a week', () => {
    expect(loadConfig({}).telephonyMaxEventAgeSeconds).toBe(43_200);
    expect(
      loadConfig({ TELEPHONY_MAX_EVENT_AGE_SECONDS: '86400' }).telephonyMaxEventAgeSeconds,
    ).toBe(86_400);
    expect(() => loadConfig({ TELEPHONY_MAX_EVENT_AGE_SECONDS: '60' })).toThrow(
      /TELEPHONY_MAX_EVENT_AGE_SECONDS/,
    );
  });

  it('writes CSV exports to EXPORT_BUCKET only when it is set (in AWS)', () => {
    expect(loadConfig({}).exportBucket).toBeUndefined();
    expect(loadConfig({ EXPORT_BUCKET: 'sb-exports' }).exportBucket).toBe('sb-exports');
  });
});
