/** Opaque page cursors: a DynamoDB LastEvaluatedKey, base64url JSON of string values only. */
export const encodeCursor = (key: Record<string, unknown> | undefined): string | null =>
  key ? Buffer.from(JSON.stringify(key)).toString('base64url') : null;

export class InvalidCursorError extends Error {
  constructor() {
    super('The cursor is not one this API returned.');
    this.name = 'InvalidCursorError';
  }
}

export const decodeCursor = (cursor: string | undefined): Record<string, string> | undefined => {
  if (cursor === undefined) return undefined;
  try {
    if (cursor.length > 2_000) throw new InvalidCursorError();
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new InvalidCursorError();
    const entries = Object.entries(value);
    if (entries.length === 0 || entries.length > 6) throw new InvalidCursorError();
    const key: Record<string, string> = {};
    for (const [name, v] of entries) {
      if (!/^(pk|sk|gsi[12]pk|gsi[12]sk|scope)$/.test(name) || typeof v !== 'string') {
        throw new InvalidCursorError();
      }
      key[name] = v;
    }
    return key;
  } catch {
    throw new InvalidCursorError();
  }
};
