import type { SQSRecord } from 'aws-lambda';
import type * as z from 'zod/mini';

/** A queue message no consumer can ever handle: it fails every time until the DLQ takes it. */
export class PoisonMessageError extends Error {
  constructor(messageId: string, what: string, reason: string) {
    super(`Message ${messageId} is not ${what} (${reason}); it will go to the DLQ`);
    this.name = 'PoisonMessageError';
  }
}

/**
 * A record's body read with the schema its producer wrote it with; anything else is poison. The
 * reason names the fields that did not fit, never their values.
 */
export const parseRecord = <S extends z.ZodMiniType>(
  record: SQSRecord,
  schema: S,
  what: string,
): z.infer<S> => {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch {
    throw new PoisonMessageError(record.messageId, what, 'not JSON');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new PoisonMessageError(
      record.messageId,
      what,
      parsed.error.issues
        .map((issue) => issue.path.join('.'))
        .join(', ')
        .slice(0, 200),
    );
  }
  return parsed.data;
};
