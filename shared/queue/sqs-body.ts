/**
 * A message body as JSON in plain ASCII: every other character as a \u escape. SQS accepts only
 * some Unicode (no lone surrogates, no U+FFFE/FFFF; the local server refuses even emoji), and a
 * client's name or message may hold anything; JSON.parse gives back the very same text.
 */
export const toSqsBody = (value: unknown): string =>
  JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
