import { describe, expect, it } from 'vitest';
import { bitrix24LeadFields, bitrix24Status } from '../../../shared/domain/notify/bitrix24';
import {
  MAX_ATTEMPTS,
  RETRY_DELAYS_SECONDS,
  RETRY_WINDOW_SECONDS,
} from '../../../shared/domain/notify/retry';
import {
  acceptData,
  cutText,
  escapeHtml,
  formatTime,
  renderLeadMessage,
  TELEGRAM_TEXT_LIMIT,
} from '../../../shared/domain/notify/telegram-text';
import { TEXTS } from '../../../shared/domain/notify/texts';
import { parseTelegramHtml } from '../../support/stand-ins/telegram';

const facts = {
  type: 'lead.assigned' as const,
  contact: { name: 'Ivan', phone: '+79991234567' },
  channel: 'form',
};

describe('the retry schedule', () => {
  it('retries the first time within a minute and keeps trying for more than 24 hours', () => {
    expect(RETRY_DELAYS_SECONDS[0]).toBeLessThanOrEqual(60);
    expect(RETRY_WINDOW_SECONDS).toBeGreaterThanOrEqual(24 * 3_600);
    expect(MAX_ATTEMPTS).toBe(RETRY_DELAYS_SECONDS.length + 1);
  });

  it('never shortens the wait from one retry to the next', () => {
    const shorter = RETRY_DELAYS_SECONDS.filter(
      (delay, i) => i > 0 && delay < (RETRY_DELAYS_SECONDS[i - 1] ?? 0),
    );
    expect(shorter).toEqual([]);
  });
});

describe('Telegram messages', () => {
  it.each([
    ['<b>&', '&lt;b&gt;&amp;'],
    ['a > b', 'a &gt; b'],
    ['"quoted"', '"quoted"'],
  ])('escapes %j for parse_mode HTML as %j', (text, escaped) => {
    expect(escapeHtml(text)).toBe(escaped);
  });

  it('renders every value escaped, in tags Telegram accepts', () => {
    const html = renderLeadMessage(
      { ...facts, contact: { name: '</b><script>', email: 'a&b@example.com' }, text: '1 < 2' },
      { texts: TEXTS.en, timeZone: 'Europe/Moscow' },
    );

    const parsed = parseTelegramHtml(html);
    expect(parsed).toEqual({ text: expect.stringContaining('</b><script>') });
    expect('text' in parsed && parsed.text).toContain('a&b@example.com');
    expect('text' in parsed && parsed.text).toContain('1 < 2');
  });

  it('shortens the client’s text so the message stays within 4096 characters, never splitting an emoji', () => {
    const text = `${'x'.repeat(4_090)}😀😀😀😀😀`;

    const html = renderLeadMessage(
      { ...facts, text },
      { texts: TEXTS.ru, timeZone: 'Europe/Moscow' },
    );

    const parsed = parseTelegramHtml(html);
    if (!('text' in parsed)) throw new Error(parsed.error);
    expect(parsed.text.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
    expect(parsed.text).toContain('…');
    expect(parsed.text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('cuts text to the budget, marking the cut', () => {
    expect(cutText('abcdef', 10)).toBe('abcdef');
    expect(cutText('abcdef', 4)).toBe('abc…');
    expect(cutText('ab😀cd', 4)).toBe('ab…');
  });

  it('gives the deadline in the business time zone', () => {
    expect(formatTime('2026-11-27T07:02:00.000Z', 'Europe/Moscow')).toBe('10:02 (27.11)');
    expect(formatTime('2026-11-27T22:30:00.000Z', 'Europe/Moscow')).toBe('01:30 (28.11)');
  });

  it('makes an Accept button only when its data fits Telegram’s 64 bytes', () => {
    expect(acceptData('0b8f4a52-6a0e-4b5e-9d7f-3c2a1b0e9f8d')).toBe(
      'accept:0b8f4a52-6a0e-4b5e-9d7f-3c2a1b0e9f8d',
    );
    expect(acceptData('я'.repeat(40))).toBeUndefined();
  });
});

describe('Bitrix24 lead fields', () => {
  it('leaves out what the lead does not have, and names the source', () => {
    const fields = bitrix24LeadFields(
      { leadId: 'l-1', kind: 'callback', contact: { phone: '+79990000000' }, channel: 'phone' },
      TEXTS.en,
    );

    expect(fields).toEqual({
      TITLE: 'Call back: +79990000000',
      PHONE: [{ VALUE: '+79990000000', VALUE_TYPE: 'WORK' }],
      SOURCE_ID: 'CALL',
      SOURCE_DESCRIPTION: 'switchboard: phone',
      STATUS_ID: 'NEW',
      OPENED: 'Y',
      ORIGINATOR_ID: 'switchboard',
      ORIGIN_ID: 'l-1',
    });
  });

  it.each([
    [{ type: 'lead.accepted' } as const, 'IN_PROCESS'],
    [{ type: 'lead.closed', outcome: 'won' } as const, 'CONVERTED'],
    [{ type: 'lead.closed', outcome: 'lost' } as const, 'JUNK'],
    [{ type: 'lead.closed', outcome: 'spam' } as const, 'JUNK'],
  ])('moves the lead to the stage of %j: %s', (event, status) => {
    expect(bitrix24Status(event)).toBe(status);
  });
});
