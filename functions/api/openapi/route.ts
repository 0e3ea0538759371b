import type { Context, Hono, MiddlewareHandler } from 'hono';
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { problem } from '../../../shared/http/problem';
import type { ApiEnv } from '../auth';
import { invalidPayload } from '../list-queries';
import type { RouteSpec, Schema } from './spec';

export { BEARER, defineRoute, type ResponseSpec, type RouteSpec } from './spec';

// zod/mini loads no locale (its messages are a bare "Invalid input"): the api's refusals keep
// the English messages clients had from the whole zod, with only that one locale in the bundle.
z.config(en());

type Output<S> = S extends Schema ? z.output<S> : undefined;
type Request<R extends RouteSpec> = NonNullable<R['request']>;

/** What the handler gets, validated: each part the route declares, as its schema outputs it. */
export type RouteInput<R extends RouteSpec> = {
  readonly params: Output<Request<R>['params']>;
  readonly query: Output<Request<R>['query']>;
  readonly body: Output<Request<R>['body']>;
};

export type RouteHandler<R extends RouteSpec> = (
  c: Context<ApiEnv>,
  input: RouteInput<R>,
) => Response | Promise<Response>;

/** A route ready to be mounted on the app and listed in the OpenAPI document. */
export type ApiRoute = {
  readonly spec: RouteSpec;
  readonly mount: (app: Hono<ApiEnv>) => void;
};

/** A JSON media type, with parameters (what @hono/zod-openapi accepted). */
const JSON_TYPE = /^application\/([a-z-.]+\+)?json(;\s*[a-zA-Z0-9-]+=([^;]+))*$/i;

const notJson = (c: Context, why: 'media_type' | 'syntax') =>
  why === 'media_type'
    ? problem(
        c,
        'unsupported_media_type',
        'The request body must be JSON: Content-Type: application/json.',
      )
    : problem(c, 'invalid_payload', 'The request body is not valid JSON.');

/** Repeated query names become arrays, as hono's validator hands them over. */
const queryOf = (c: Context) =>
  Object.fromEntries(
    Object.entries(c.req.queries()).map(([name, values]) => [
      name,
      values.length === 1 ? values[0] : values,
    ]),
  );

/**
 * The body as JSON: a JSON content type and well-formed JSON, or no content type and no body at
 * all (read as `{}`, so that the schema names what is missing). A body of another content type
 * (or of none) is refused 415, as the JSON channels of ingest do; malformed JSON 400.
 */
const jsonBody = async (
  c: Context,
): Promise<{ ok: true; value: unknown } | { ok: false; why: 'media_type' | 'syntax' }> => {
  const type = c.req.header('content-type');
  if (!type) {
    return (await c.req.text()).length > 0
      ? { ok: false, why: 'media_type' }
      : { ok: true, value: {} };
  }
  if (!JSON_TYPE.test(type)) return { ok: false, why: 'media_type' };
  try {
    return { ok: true, value: await c.req.json() };
  } catch {
    return { ok: false, why: 'syntax' };
  }
};

/**
 * The request's parts, each validated by its schema in the order @hono/zod-openapi used (query,
 * path, body): the first refusal is the answer, a 400 `invalid_payload` with zod's issues.
 */
const readInput = async (
  c: Context<ApiEnv>,
  request: RouteSpec['request'],
): Promise<Response | Record<'params' | 'query' | 'body', unknown>> => {
  const input: Record<'params' | 'query' | 'body', unknown> = {
    params: undefined,
    query: undefined,
    body: undefined,
  };
  if (request?.query) {
    const result = z.safeParse(request.query, queryOf(c));
    if (!result.success) return invalidPayload(c, result.error);
    input.query = result.data;
  }
  if (request?.params) {
    const result = z.safeParse(request.params, c.req.param());
    if (!result.success) return invalidPayload(c, result.error);
    input.params = result.data;
  }
  if (request?.body) {
    const body = await jsonBody(c);
    if (!body.ok) return notJson(c, body.why);
    const result = z.safeParse(request.body, body.value);
    if (!result.success) return invalidPayload(c, result.error);
    input.body = result.data;
  }
  return input;
};

/**
 * A route of the api: `spec` says what it takes and answers (and goes into the OpenAPI document),
 * `handler` runs with the inputs validated. `middleware` runs first (a body limit, say).
 */
export const route = <R extends RouteSpec>(
  spec: R,
  handler: RouteHandler<R>,
  options: { readonly middleware?: readonly MiddlewareHandler<ApiEnv>[] } = {},
): ApiRoute => ({
  spec,
  mount: (app) => {
    const path = spec.path.replaceAll(/\{(\w+)\}/g, ':$1');
    app.on(spec.method.toUpperCase(), [path], ...(options.middleware ?? []), async (c) => {
      const input = await readInput(c, spec.request);
      if (input instanceof Response) return input;
      return handler(c, input as RouteInput<R>);
    });
  },
});
