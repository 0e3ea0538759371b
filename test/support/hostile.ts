import fc from 'fast-check';

/**
 * What hostile request bodies look like: random bytes, wrong types, huge strings, deep nesting,
 * prototype keys, unicode edge cases, form-shaped noise with the field names our parsers look
 * for — and the content types they may come with.
 */
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];
const nasty = fc.constantFrom(
  '\u0000',
  '\ud800', // a lone surrogate
  '\udfff',
  '\u202e', // right-to-left override
  '\u200b', // zero-width space
  '\ufeff',
  '𝟘𝟙𝟚',
  'é'.normalize('NFD'),
  '%00',
  '%ZZ',
  '=+-@',
  "'; DROP TABLE leads; --",
  '<script>alert(1)</script>',
  '8 (999) 123-45-67',
);
const text = fc.oneof(
  { weight: 5, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: nasty },
  { weight: 1, arbitrary: fc.constantFrom(...PROTO_KEYS) },
);
const { tree } = fc.letrec((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('tree'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(text, fc.constantFrom(...PROTO_KEYS)), tie('tree'), { maxKeys: 4 }),
  ),
}));
const deep = fc
  .integer({ min: 10, max: 2_000 })
  .map((depth) => `${'['.repeat(depth)}1${']'.repeat(depth)}`);
const huge = fc.constantFrom(70_000, 300_000).map((n) => 'x'.repeat(n));
const formish = fc
  .array(
    fc.tuple(
      fc.oneof(
        text,
        fc.constantFrom(
          'phone',
          'Phone',
          'email',
          'name',
          'tranid',
          'test',
          'website',
          'token',
          'event',
          'json',
          'CallSid',
        ),
      ),
      text,
    ),
    { maxLength: 8 },
  )
  .map((pairs) => new URLSearchParams(pairs).toString());

export const hostileBody = fc.oneof(
  { weight: 4, arbitrary: tree.map((value) => JSON.stringify(value) ?? 'null') },
  { weight: 3, arbitrary: formish },
  { weight: 2, arbitrary: text },
  {
    weight: 2,
    arbitrary: fc
      .uint8Array({ maxLength: 200 })
      .map((bytes) => Buffer.from(bytes).toString('latin1')),
  },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: fc.constant('') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '{"__proto__":{"polluted":true}}',
      '{"constructor":{"prototype":{"polluted":true}}}',
    ),
  },
  // Rare: bodies over the limits.
  {
    weight: 1,
    arbitrary: fc.integer({ min: 0, max: 40 }).chain((n) => (n === 0 ? huge : fc.constant('{}'))),
  },
);
export const hostileContentType = fc.constantFrom(
  'application/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'text/plain',
  'application/xml',
  'application/json; charset=utf-8',
  '',
  'ünïcode/type',
);
