import { describe, expect, it } from 'vitest';
import { toSqsBody } from '../../../shared/queue/sqs-body';

describe('toSqsBody', () => {
  it('writes plain ASCII that parses back to the very same text', () => {
    const value = { name: 'Иван 😀', text: 'a\u0000b\uFFFEc\uD800', n: 1 };

    const body = toSqsBody(value);

    expect(body).toMatch(/^[\x20-\x7e]*$/);
    expect(JSON.parse(body)).toEqual(value);
  });
});
