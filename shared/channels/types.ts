/** What a channel module reports about input it refuses: a path and a human message. */
export type Issue = { readonly path: string; readonly message: string };

export type ParseResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: readonly Issue[] };

/** A webhook as received: signatures cover these exact bytes, never re-serialized JSON. */
export type RawWebhook = {
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The public URL the sender called (PUBLIC_BASE_URL + path + query). */
  readonly url: string;
};
