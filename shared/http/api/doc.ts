import * as z from 'zod/mini';

/** What the OpenAPI document says of a schema besides its shape. */
export type ApiMeta = {
  /** Its name under components.schemas (`Lead`, `Problem`, …): it is referenced by `$ref`. */
  readonly id?: string;
  readonly description?: string;
  readonly example?: unknown;
};

/**
 * The documentation of the api's zod/mini schemas: names, descriptions, examples. Schemas are
 * registered where they are defined (`schema.register(apiDoc, { … })`); the OpenAPI document is
 * generated from the same schemas the routes validate with (functions/api/openapi/document.ts).
 */
export const apiDoc = z.registry<ApiMeta>();
