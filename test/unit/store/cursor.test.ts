import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, InvalidCursorError } from '../../../shared/store/cursor';

describe('page cursors', () => {
  it('round-trips a DynamoDB key', () => {
    const key = { pk: 'LEAD#1', sk: 'LEAD', gsi1pk: 'LEADS', gsi1sk: '2026#1' };
    expect(decodeCursor(encodeCursor(key) ?? undefined)).toEqual(key);
  });

  it.each([
    ['not base64 JSON', 'bm90LWEtY3Vyc29y'],
    ['an array', Buffer.from('[1]').toString('base64url')],
    ['a foreign attribute', Buffer.from('{"password":"x"}').toString('base64url')],
    ['a number value', Buffer.from('{"pk":1}').toString('base64url')],
    ['a prototype key', Buffer.from('{"__proto__":{"pk":"x"}}').toString('base64url')],
  ])('refuses %s', (_, cursor) => {
    expect(() => decodeCursor(cursor)).toThrowError(InvalidCursorError);
  });
});
