import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import type { Context as HonoContext } from 'hono';

const UTF8 = new TextDecoder();

type FetchApp = {
  fetch(request: Request, env?: unknown): Response | Promise<Response>;
};

/**
 * A request of an HTTP API (payload 2.0) event, as hono reads it: its URL, method and headers,
 * and its body from the bytes the event already holds. hono's own Lambda adapter builds a
 * WHATWG `Request` per event and reads the body back through web streams, which on the ingest
 * path cost more CPU than the rest of a request's handling together (docs/performance.md).
 * Everything else a `Request` has (its stream, `clone()`, `signal`…) is the real one, built
 * only when something asks for it.
 */
class EventRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly #bytes: Uint8Array<ArrayBuffer> | undefined;
  #real: Request | undefined;
  #used = false;

  constructor(
    url: string,
    method: string,
    headers: Headers,
    bytes: Uint8Array<ArrayBuffer> | undefined,
  ) {
    this.url = url;
    this.method = method;
    this.headers = headers;
    this.#bytes = bytes;
  }

  /** The real `Request`, for what this one does not answer itself. */
  get #request(): Request {
    this.#real ??= new Request(this.url, {
      method: this.method,
      headers: this.headers,
      ...(this.#bytes ? { body: this.#bytes } : {}),
    });
    return this.#real;
  }

  get body(): ReadableStream<Uint8Array> | null {
    return this.#bytes ? this.#request.body : null;
  }

  get bodyUsed(): boolean {
    return this.#used || (this.#real?.bodyUsed ?? false);
  }

  get signal(): AbortSignal {
    return this.#request.signal;
  }

  #take(): Uint8Array {
    if (this.bodyUsed) throw new TypeError('Body is unusable: Body has already been read');
    this.#used = true;
    return this.#bytes ?? new Uint8Array();
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = this.#take();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  async text(): Promise<string> {
    return UTF8.decode(this.#take());
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  blob(): Promise<Blob> {
    return this.#request.blob();
  }

  formData(): Promise<FormData> {
    return this.#request.formData();
  }

  clone(): Request {
    return this.#request.clone();
  }
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const EDGE_WHITESPACE = /^[\t ]+|[\t ]+$/g;

/**
 * An event's headers, read as a `Headers` object reads them (names in lower case, given back
 * sorted by name, values trimmed; a name that is not a token refused), for what hono and the
 * routes call of them (`get`, `has`, `forEach`, iteration). undici's `Headers` validated and
 * copied each of an event's ~10 headers per request. A real `Request`, when one is built, gets
 * a real `Headers` made from these.
 */
class EventHeaders {
  readonly #map = new Map<string, string>();
  #sorted: [string, string][] | undefined;

  set(name: string, value: string): void {
    if (!TOKEN.test(name)) throw new TypeError(`Invalid header name: ${name}`);
    this.#map.set(name.toLowerCase(), value.replace(EDGE_WHITESPACE, ''));
    this.#sorted = undefined;
  }

  append(name: string, value: string): void {
    const previous = this.#map.get(name.toLowerCase());
    this.set(name, previous === undefined ? value : `${previous}, ${value}`);
  }

  delete(name: string): void {
    this.#map.delete(name.toLowerCase());
    this.#sorted = undefined;
  }

  get(name: string): string | null {
    return this.#map.get(name.toLowerCase()) ?? null;
  }

  has(name: string): boolean {
    return this.#map.has(name.toLowerCase());
  }

  getSetCookie(): string[] {
    const cookie = this.#map.get('set-cookie');
    return cookie === undefined ? [] : [cookie];
  }

  #entries(): [string, string][] {
    this.#sorted ??= [...this.#map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return this.#sorted;
  }

  forEach(callback: (value: string, name: string, headers: this) => void, thisArg?: unknown) {
    for (const [name, value] of this.#entries()) callback.call(thisArg, value, name, this);
  }

  entries(): IterableIterator<[string, string]> {
    return this.#entries()[Symbol.iterator]();
  }

  keys(): IterableIterator<string> {
    return this.#entries()
      .map(([name]) => name)
      [Symbol.iterator]();
  }

  values(): IterableIterator<string> {
    return this.#entries()
      .map(([, value]) => value)
      [Symbol.iterator]();
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

/** Which answers go back base64-encoded: as hono's adapter decides it. */
const isBinary = (contentType: string | null, contentEncoding: string | null): boolean =>
  (contentType !== null &&
    (/^application\/vnd\.(?:apple\.installer|mozilla\.xul)\+xml\s*(?:;|$)/i.test(contentType) ||
      !/^text\/(?:plain|html|css|javascript|csv)|(?:\/|\+)(?:json|xml)\s*(?:;|$)/i.test(
        contentType,
      ))) ||
  (contentEncoding !== null && !/^identity$/i.test(contentEncoding));

/** The request an HTTP API event stands for, with the body's bytes as API Gateway gave them. */
const requestOf = (event: APIGatewayProxyEventV2): Request => {
  const headers = new EventHeaders();
  if (event.cookies?.length) headers.set('cookie', event.cookies.join('; '));
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    // A header value must be printable ASCII: anything else is percent-encoded (as hono's adapter does).
    if (value) headers.set(name, /[^ -~\t]/.test(value) ? encodeURIComponent(value) : value);
  }
  let bytes: Uint8Array<ArrayBuffer> | undefined;
  if (event.body) {
    bytes = Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
    headers.set('content-length', String(bytes.byteLength));
  }
  const host = event.requestContext?.domainName ?? event.headers?.host ?? 'localhost';
  const query = event.rawQueryString ? `?${event.rawQueryString}` : '';
  const url = `https://${host}${event.rawPath}${query}`;
  // hono reads url, method, headers and the body methods; see EventRequest.
  return new EventRequest(
    url,
    event.requestContext.http.method,
    headers as unknown as Headers,
    bytes,
  ) as unknown as Request;
};

/** The Lambda result of a response: text as text, anything else base64, cookies apart. */
const resultOf = async (response: Response): Promise<APIGatewayProxyStructuredResultV2> => {
  const binary = isBinary(
    response.headers.get('content-type'),
    response.headers.get('content-encoding'),
  );
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  return {
    statusCode: response.status,
    headers,
    ...(cookies.length > 0 ? { cookies } : {}),
    body: binary
      ? Buffer.from(await response.arrayBuffer()).toString('base64')
      : await response.text(),
    isBase64Encoded: binary,
  };
};

/** Set in the env lambdaHandler gives the app: answers may be plain (see `answer`). */
const PLAIN_ANSWERS = Symbol('plain answers');

/**
 * An answer lambdaHandler turns into the Lambda result itself: hono's `c.body()` makes an undici
 * `Response` (its `Headers`, a web stream for the body) that the handler then reads back, a
 * sizeable share of a hot request's CPU (docs/performance.md, "Ingest overhead").
 */
class PlainAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | null;
  constructor(status: number, headers: Readonly<Record<string, string>>, body: string | null) {
    this.status = status;
    this.headers = headers;
    this.body = body;
  }
}

/**
 * `c.body(body, status, headers)`; under lambdaHandler, the same answer without a `Response`,
 * which lambdaHandler reads as it would read the `Response` (byte for byte the same result:
 * test/unit/ingest/lambda-handler.test.ts). `headers` must be all of the answer's headers:
 * headers set before with `c.header()` are hono's own and only a `Response` carries them, so a
 * caller that uses `c.header()` (or middleware that does) answers with `c.body()`. A cookie
 * goes through `c.body()` too. Anywhere else (the local server, `app.request()` in tests) this
 * is `c.body()`.
 */
export const answer = (
  c: HonoContext,
  body: string | null,
  status: 200 | 201 | 202 | 204,
  headers: Readonly<Record<string, string>> = {},
): Response => {
  const viaHono = () =>
    body === null ? c.body(null, status, headers) : c.body(body, status as 200, headers);
  const env = c.env as { [PLAIN_ANSWERS]?: true } | undefined;
  if (env?.[PLAIN_ANSWERS] !== true || c.finalized) return viaHono();
  // As a `Headers` object gives them back: lower-case names in order, values trimmed.
  const given: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower === 'set-cookie') return viaHono();
    given[lower] = value.trim();
  }
  const normalized: Record<string, string> = {};
  for (const name of Object.keys(given).sort()) normalized[name] = given[name] as string;
  return new PlainAnswer(status, normalized, body) as unknown as Response;
};

const resultOfPlain = (answer: PlainAnswer): APIGatewayProxyStructuredResultV2 => {
  const binary = isBinary(
    answer.headers['content-type'] ?? null,
    answer.headers['content-encoding'] ?? null,
  );
  const body = answer.body ?? '';
  return {
    statusCode: answer.status,
    headers: { ...answer.headers },
    body: binary ? Buffer.from(body, 'utf8').toString('base64') : body,
    isBase64Encoded: binary,
  };
};

/**
 * A hono app as the handler of an HTTP API (payload 2.0) route: the lean counterpart of
 * `handle()` from hono/aws-lambda, for the hot inbound routes. The app gets the event and the
 * Lambda context as its env, as with hono's adapter.
 */
export const lambdaHandler =
  (app: FetchApp) =>
  async (
    event: APIGatewayProxyEventV2,
    lambdaContext: Context,
  ): Promise<APIGatewayProxyStructuredResultV2> => {
    let request: Request;
    try {
      request = requestOf(event);
    } catch {
      return { statusCode: 400, body: 'Invalid request', isBase64Encoded: false };
    }
    const response: Response | PlainAnswer = await app.fetch(request, {
      event,
      requestContext: event.requestContext,
      lambdaContext,
      [PLAIN_ANSWERS]: true,
    });
    return response instanceof PlainAnswer ? resultOfPlain(response) : resultOf(response);
  };
