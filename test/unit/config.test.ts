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

  it('splits clients at 80 and 95 % unless ABC_THRESHOLDS says otherwise, and refuses a split backwards', () => {
    expect(loadConfig({}).abcThresholds).toEqual({ a: 80, b: 95 });
    expect(loadConfig({ ABC_THRESHOLDS: '70, 90' }).abcThresholds).toEqual({ a: 70, b: 90 });
    expect(loadConfig({ ABC_THRESHOLDS: '50,50' }).abcThresholds).toEqual({ a: 50, b: 50 });
    for (const value of ['95,80', '0,50', '80,101', '80', 'a,b']) {
      expect(() => loadConfig({ ABC_THRESHOLDS: value }), value).toThrowError(/ABC_THRESHOLDS/);
    }
  });
});
