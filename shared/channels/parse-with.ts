import * as z from 'zod/mini';
import type { Issue, ParseResult } from './types';

/** Runs a zod schema and maps the result, or reports its issues as our Issue list. */
export const parseWith = <S extends z.ZodMiniType, T>(
  schema: S,
  input: unknown,
  map: (data: z.output<S>) => T,
): ParseResult<T> => {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: map(result.data) };
  return { ok: false, issues: toIssues(result.error.issues) };
};

export const toIssues = (
  issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[],
): Issue[] =>
  issues.slice(0, 20).map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));

/**
 * An integer sent as a JSON number or as a string of digits (providers and their docs differ),
 * read as a number. Like every schema piece the channels share at module level, a `z.lazy`:
 * built on the first request that parses it, not at every cold start.
 */
export const lenientInt = z.lazy(() =>
  z.pipe(
    z.union(
      [z.number().check(z.int()), z.string().check(z.trim(), z.regex(/^-?\d{1,15}$/))],
      'expected an integer, as a number or a string of digits',
    ),
    z.transform((value: number | string) => Number(value)),
  ),
);

/** A URL we keep (a recording's): one that is not a URL, or too long, is left out, not refused. */
export const optionalUrl = z.lazy(() =>
  z.pipe(
    z.optional(z.unknown()),
    z.transform((value: unknown) =>
      typeof value === 'string' && value.length <= 2_000 && URL.canParse(value) ? value : undefined,
    ),
  ),
);

/** Form fields as a plain record of first values (providers post urlencoded forms). */
export const formFields = (body: string): Record<string, string> => {
  const fields: Record<string, string> = Object.create(null);
  for (const [name, value] of new URLSearchParams(body)) {
    if (!(name in fields)) fields[name] = value;
  }
  return fields;
};
