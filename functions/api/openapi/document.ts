import * as z from 'zod/mini';
import { apiDoc } from '../../../shared/http/api/doc';
import type { ResponseSpec, RouteSpec } from './spec';

type Json = Record<string, unknown>;
type Schema = z.core.$ZodType;

/** The document's `info` and security schemes: what no route says. */
export type DocumentHead = {
  readonly info: { readonly title: string; readonly version: string; readonly description: string };
  readonly securitySchemes: Readonly<Record<string, Json>>;
};

const COMPONENT = '#/components/schemas/';

/**
 * Converts every schema the routes name in one pass of zod's own JSON Schema conversion: a schema
 * registered with an `id` in `apiDoc` comes out once, under `$defs` (the document's
 * components.schemas), and wherever it is used as a `$ref` to it. Request schemas are read as
 * their input (a field with a default is not required; a transform shows what it accepts).
 */
const convertAll = (schemas: readonly Schema[]) => {
  const keys = new Map<Schema, string>(schemas.map((schema, i) => [schema, `s${i}`]));
  const root = z.object(Object.fromEntries([...keys].map(([schema, key]) => [key, schema])));
  const converted = z.toJSONSchema(root, {
    metadata: apiDoc,
    io: 'input',
    target: 'draft-2020-12',
    // A refinement has no JSON Schema: the document shows the shape it refines.
    unrepresentable: 'any',
  }) as Json & { properties: Record<string, Json>; $defs?: Record<string, Json> };
  // `#/$defs/Lead` → `#/components/schemas/Lead`.
  const relinked = JSON.parse(JSON.stringify(converted), (name, value) =>
    name === '$ref' && typeof value === 'string' ? value.replace('#/$defs/', COMPONENT) : value,
  ) as typeof converted;
  return {
    jsonOf: (schema: Schema): Json => relinked.properties[keys.get(schema) ?? ''] ?? {},
    components: relinked.$defs ?? {},
  };
};

/** Every schema a route names: its inputs and its answers' bodies and headers. */
const schemasOf = (spec: RouteSpec): Schema[] => [
  ...[spec.request?.params, spec.request?.query, spec.request?.body].filter(
    (schema): schema is Schema => schema !== undefined,
  ),
  ...Object.values(spec.responses).flatMap((response) => [
    ...Object.values(response.content ?? {}).map((media) => media.schema),
    ...(response.headers ? [response.headers] : []),
  ]),
];

/** An object schema's fields, each as the document lists a parameter or a header. */
const fieldsOf = (object: Json) => {
  const required = new Set((object.required as string[] | undefined) ?? []);
  return Object.entries((object.properties ?? {}) as Record<string, Json>).map(
    ([name, schema]) => ({ name, schema, required: required.has(name) }),
  );
};

/**
 * The OpenAPI 3.1 document of the routes, from the very schemas they validate with: each route's
 * path and query fields as parameters, its JSON body, its answers; the named schemas as
 * components.
 */
export const openApiDocument = (routes: readonly RouteSpec[], head: DocumentHead) => {
  const { jsonOf, components } = convertAll([...new Set(routes.flatMap(schemasOf))]);
  const content = (media: ResponseSpec['content']) =>
    Object.fromEntries(
      Object.entries(media ?? {}).map(([type, { schema }]) => [type, { schema: jsonOf(schema) }]),
    );
  const parameters = (where: 'path' | 'query', schema: Schema | undefined) =>
    schema === undefined
      ? []
      : fieldsOf(jsonOf(schema)).map(({ name, schema: field, required }) => ({
          schema: field,
          required,
          ...(field.description === undefined ? {} : { description: field.description }),
          name,
          in: where,
        }));

  const paths: Record<string, Record<string, Json>> = {};
  for (const spec of routes) {
    const params = [
      ...parameters('path', spec.request?.params),
      ...parameters('query', spec.request?.query),
    ];
    const body = spec.request?.body;
    const operations = paths[spec.path] ?? {};
    paths[spec.path] = operations;
    operations[spec.method] = {
      tags: spec.tags,
      summary: spec.summary,
      ...(spec.description === undefined ? {} : { description: spec.description }),
      ...(spec.security === undefined ? {} : { security: spec.security }),
      ...(params.length > 0 ? { parameters: params } : {}),
      ...(body === undefined
        ? {}
        : {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonOf(body) } },
            },
          }),
      responses: Object.fromEntries(
        Object.entries(spec.responses).map(([status, response]) => [
          status,
          {
            description: response.description,
            ...(response.content ? { content: content(response.content) } : {}),
            ...(response.headers
              ? {
                  headers: Object.fromEntries(
                    fieldsOf(jsonOf(response.headers)).map(({ name, schema, required }) => [
                      name,
                      { schema, required },
                    ]),
                  ),
                }
              : {}),
          },
        ]),
      ),
    };
  }

  return {
    openapi: '3.1.0',
    info: head.info,
    components: { securitySchemes: head.securitySchemes, schemas: components },
    paths,
  };
};
