import * as z from 'zod/mini';
import { isCalendarDate } from '../../../shared/domain/time';
import { apiDoc } from '../../../shared/http/api/doc';
import type { ResponseSpec } from '../openapi/spec';

/** What the API's schemas share: the problem answer, ids, names, days, pages, numbers in queries. */

export const ProblemSchema = z.lazy(() =>
  z
    .object({
      error: z.string().register(apiDoc, { example: 'invalid_payload' }),
      message: z.string(),
      issues: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
    })
    .register(apiDoc, { id: 'Problem' }),
);

export const errorResponses = {
  '4XX': {
    description: 'Refused: `invalid_payload`, `unauthorized`, `forbidden`, `not_found`, …',
    content: { 'application/json': { schema: ProblemSchema } },
  },
  '5XX': {
    description: '`internal` or `unavailable`: retry later',
    content: { 'application/json': { schema: ProblemSchema } },
  },
} as const satisfies Record<string, ResponseSpec>;

/** `{ items: [...] }`: the lists that have no pages. */
export const itemsOf = <S extends z.core.$ZodType>(item: S) =>
  z.lazy(() => z.object({ items: z.array(item) }));

export { once } from '../../../shared/once';

export const IdParam = <N extends string>(name: N, description: string) =>
  z.lazy(() =>
    z.object({
      [name]: z
        .string()
        .check(z.regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, "_", "-" or ".", at most 64'))
        .register(apiDoc, { description }),
    } as Record<N, z.ZodMiniString<string>>),
  );

export const Origin = z.lazy(() =>
  z
    .string()
    .check(
      z.maxLength(200),
      z.regex(/^https?:\/\/[^/\s?#]+$/, 'an origin: scheme and host, such as https://example.com'),
    )
    .register(apiDoc, { example: 'https://example.com' }),
);

/** A name: trimmed, 1–200 characters. */
export const Name = () => z.string().check(z.trim(), z.minLength(1), z.maxLength(200));

const calendarDate = () =>
  z
    .string()
    .check(
      z.regex(/^\d{4}-\d{2}-\d{2}$/, 'a date, YYYY-MM-DD'),
      z.refine(isCalendarDate, 'a real calendar date'),
    );
export const CalendarDate = z.lazy(calendarDate);

/** A date described where it is used (one schema per description: metadata is per schema). */
export const day = (description: string) => calendarDate().register(apiDoc, { description });
export const optionalDay = (description: string) =>
  z.optional(CalendarDate).register(apiDoc, { description });

/** A whole number in a query (1 … max), `byDefault` when left out. */
export const queryInt = (max: number, byDefault: number) =>
  z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(max)), byDefault);
export const Cursor = () => z.optional(z.string().check(z.maxLength(2_000)));
export const ManagerId = () => z.optional(z.string().check(z.minLength(1), z.maxLength(64)));

export const described = <S extends z.core.$ZodType>(schema: S, description: string): S => {
  apiDoc.add(schema, { description });
  return schema;
};

export type DayRange = { readonly from: string; readonly to: string };

/** Inclusive dates, `from` not after `to`, at most 366 days. */
export const dayRange = () =>
  [
    z.refine<DayRange>((q) => q.from <= q.to, { message: 'from is after to', path: ['from'] }),
    z.refine<DayRange>((q) => Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000, {
      message: 'at most 366 days at once',
      path: ['to'],
    }),
  ] as const;
