import type { Context } from 'hono';
import type * as z from 'zod/mini';
import { dayRangeToInstants } from '../../shared/domain/time';
import { problem } from '../../shared/http/problem';
import type { CallListQuery, LeadListQuery } from '../../shared/ports';
import type { InvalidCursorError } from '../../shared/store/cursor';
import type { Principal } from './auth';
import type { CallListQuerySchema, LeadListQuerySchema } from './schemas';

/**
 * What GET /v1/calls and GET /v1/leads ask the stores, from their validated queries: shared by
 * the JSON routes and the CSV export, so that both filter exactly alike.
 */

/** Inclusive dates in TIME_ZONE as the [start, end) instants the stores filter on. */
export const instants = (from: string | undefined, to: string | undefined, timeZone: string) => {
  const range =
    from || to ? dayRangeToInstants(from ?? '1970-01-01', to ?? '9999-12-30', timeZone) : undefined;
  return {
    from: from && range ? range.start.toISOString() : undefined,
    to: to && range ? range.end.toISOString() : undefined,
  };
};

export const toCallListQuery = (
  query: z.infer<typeof CallListQuerySchema>,
  timeZone: string,
): CallListQuery => ({
  ...instants(query.from, query.to, timeZone),
  managerId: query.managerId,
  direction: query.direction,
  outcome: query.outcome,
  limit: query.limit,
  cursor: query.cursor,
});

/** The leads a caller may list: a manager key only its own (undefined: it asked for another's). */
export const toLeadListQuery = (
  query: z.infer<typeof LeadListQuerySchema>,
  principal: Principal,
  timeZone: string,
): LeadListQuery | undefined => {
  const manager = principal.role === 'manager';
  if (manager && query.managerId && query.managerId !== principal.managerId) return undefined;
  return {
    status: query.status,
    managerId: manager ? principal.managerId : query.managerId,
    channel: query.channel,
    ...instants(query.from, query.to, timeZone),
    limit: query.limit,
    cursor: query.cursor,
  };
};

/** zod's refusal as the same 400 problem as every other refused request. */
export const invalidPayload = (c: Context, error: z.core.$ZodError) =>
  problem(
    c,
    'invalid_payload',
    undefined,
    error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
  );

/** A cursor this API never returned: the same 400 wherever a cursor is read. */
export const invalidCursor = (c: Context, error: InvalidCursorError) =>
  problem(c, 'invalid_payload', error.message, [{ path: 'cursor', message: error.message }]);
