import type * as z from 'zod/mini';

/**
 * How a route of the api is written down: what it takes and what it answers. Types only (and
 * `BEARER`), so that the schemas and the dashboard's browser types can name them without the
 * server code that runs the routes (route.ts).
 */

export type Schema = z.core.$ZodType;
/**
 * Path parameters and queries are objects: the document lists each of their fields. An object
 * schema may be a `z.lazy` of one (the api's schemas are built on first use).
 */
export type ObjectSchema = z.core.$ZodObject | z.core.$ZodLazy<z.core.$ZodObject>;

/** One answer of a route, as the document shows it. */
export type ResponseSpec = {
  readonly description: string;
  /** Media type → the schema of the body (JSON, or a CSV export described as a string). */
  readonly content?: Readonly<Record<string, { readonly schema: Schema }>>;
  readonly headers?: ObjectSchema;
};

/** A route: how it is called, what it takes (validated before the handler runs), what it answers. */
export type RouteSpec = {
  readonly method: 'get' | 'post' | 'put' | 'delete';
  /** OpenAPI's form: `/v1/leads/{leadId}`. */
  readonly path: `/${string}`;
  readonly tags: readonly string[];
  readonly summary: string;
  readonly description?: string;
  /** `BEARER` for an API key; absent for a route that authenticates its own way. */
  readonly security?: readonly Readonly<Record<string, readonly string[]>>[];
  readonly request?: {
    readonly params?: ObjectSchema;
    readonly query?: ObjectSchema;
    /** A JSON body, required. */
    readonly body?: Schema;
  };
  readonly responses: Readonly<Record<string, ResponseSpec>>;
};

/** An API key in `Authorization: Bearer` (the `bearer` security scheme). */
export const BEARER = [{ bearer: [] }] as const;

/** The route as written, its schemas' types kept (`defineRoute({ … })`). */
export const defineRoute = <const R extends RouteSpec>(spec: R): R => spec;
