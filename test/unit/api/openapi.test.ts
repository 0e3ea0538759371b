import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createApiApp } from '../../../functions/api/app';
import type { ApiDeps } from '../../../functions/api/deps';

/**
 * The document as @hono/zod-openapi generated it before the api moved to zod/mini (issue 14):
 * every path, operation, parameter, response and schema name it had, the contract to keep.
 */
const BEFORE = JSON.parse(
  readFileSync(new URL('../../fixtures/openapi/v1-with-zod-openapi.json', import.meta.url), 'utf8'),
);

type Json = Record<string, unknown>;

const refName = (schema: unknown): string => {
  const ref = (schema as Json | undefined)?.$ref;
  return typeof ref === 'string' ? ref.replace('#/components/schemas/', '') : 'inline';
};

const content = (body: unknown) =>
  Object.fromEntries(
    Object.entries(((body as Json | undefined)?.content ?? {}) as Record<string, Json>).map(
      ([type, media]) => [type, refName(media.schema)],
    ),
  );

/**
 * A schema's own fields: `allOf: [{ $ref: Lead }, { …more }]` (how @hono/zod-openapi wrote an
 * extended schema) and the same fields written out flat are the same object to a client.
 */
const fieldsOf = (schema: Json, schemas: Record<string, Json>): Json => {
  const parts = schema.allOf as Json[] | undefined;
  if (!parts) return schema;
  const resolved = parts.map((part) => fieldsOf(schemas[refName(part)] ?? part, schemas));
  return {
    type: 'object',
    description: schema.description,
    properties: Object.assign({}, ...resolved.map((part) => part.properties ?? {})),
    required: resolved.flatMap((part) => (part.required ?? []) as string[]),
  };
};

/** What a client depends on: operations, their inputs and outputs, schema names and fields. */
const shapeOf = (doc: Json) => {
  const paths = doc.paths as Record<string, Record<string, Json>>;
  const schemas = (doc.components as { schemas: Record<string, Json> }).schemas;
  return {
    openapi: doc.openapi,
    info: doc.info,
    securitySchemes: (doc.components as Json).securitySchemes,
    operations: Object.fromEntries(
      Object.entries(paths).flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, op]) => [
          `${method.toUpperCase()} ${path}`,
          {
            tags: op.tags,
            summary: op.summary,
            description: op.description,
            security: op.security,
            parameters: ((op.parameters ?? []) as Json[]).map((p) => ({
              name: p.name,
              in: p.in,
              required: p.required,
              description: p.description,
              type: (p.schema as Json).type,
              enum: (p.schema as Json).enum,
              default: (p.schema as Json).default,
            })),
            requestBody: op.requestBody && {
              required: (op.requestBody as Json).required,
              content: content(op.requestBody),
            },
            responses: Object.fromEntries(
              Object.entries(op.responses as Record<string, Json>).map(([status, response]) => [
                status,
                {
                  description: response.description,
                  content: content(response),
                  headers: Object.keys(response.headers ?? {}),
                },
              ]),
            ),
          },
        ]),
      ),
    ),
    schemas: Object.fromEntries(
      Object.entries(schemas).map(([name, written]) => {
        const schema = fieldsOf(written, schemas);
        return [
          name,
          {
            type: schema.type,
            properties: Object.keys(schema.properties ?? {}),
            required: schema.required ?? [],
            description: schema.description,
          },
        ];
      }),
    ),
  };
};

const servedDocument = async (): Promise<Json> => {
  // The document needs none of the ports.
  const response = await createApiApp({} as ApiDeps).request('/v1/openapi.json');
  expect(response.status).toBe(200);
  return (await response.json()) as Json;
};

describe('GET /v1/openapi.json', () => {
  it('keeps every operation, parameter, body, response and schema of the document before zod/mini', async () => {
    const served = shapeOf(await servedDocument());
    const before = shapeOf(BEFORE);

    expect(Object.keys(served.operations).sort()).toEqual(Object.keys(before.operations).sort());
    expect(Object.keys(served.schemas).sort()).toEqual(Object.keys(before.schemas).sort());
    expect(served).toEqual(before);
  });
});
