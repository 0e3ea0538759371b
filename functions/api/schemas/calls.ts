import * as z from 'zod/mini';
import { CallSchema } from '../../../shared/http/api/call-schemas';
import { apiDoc } from '../../../shared/http/api/doc';
import { Cursor, day, dayRange, described, ManagerId, once, optionalDay, queryInt } from './common';

/** Calls and their metrics. */

export const CallListQuerySchema = z.lazy(() =>
  z.strictObject({
    from: optionalDay('First day, inclusive, in TIME_ZONE'),
    to: optionalDay('Last day, inclusive, in TIME_ZONE'),
    managerId: ManagerId(),
    direction: z.optional(z.enum(['inbound', 'outbound'])),
    outcome: z.optional(
      z.enum(['answered', 'effective', 'missed', 'short_abandon', 'not_reached']),
    ),
    limit: queryInt(100, 50),
    cursor: Cursor(),
  }),
);

export const CallPageSchema = z.lazy(() =>
  z
    .object({ items: z.array(CallSchema), nextCursor: z.nullable(z.string()) })
    .register(apiDoc, { id: 'CallPage' }),
);

/** The schema, described in the document (a new schema each: metadata is per schema). */

export const CallFigures = once(() => ({
  calls: z.number(),
  inbound: z.number(),
  outbound: z.number(),
  answered: described(z.number(), 'Inbound calls a manager answered'),
  missed: described(z.number(), 'Inbound, unanswered, waited ≥ SHORT_ABANDON_SECONDS'),
  shortAbandoned: z.number(),
  effective: described(z.number(), 'Answered calls with talk ≥ EFFECTIVE_TALK_SECONDS'),
  talkSeconds: z.number(),
  averageTalkSeconds: z.nullable(z.number()),
  averageWaitSeconds: z.nullable(z.number()),
  calledBack: described(z.number(), 'Missed calls our first attempt reached back'),
  calledBackWithin15Minutes: z.number(),
  averageCallbackSeconds: z.nullable(z.number()),
  neverCalledBack: described(
    z.number(),
    'Missed calls with no attempt yet and no client re-contact',
  ),
  clientRecontacts: z.number(),
  outboundNotReached: z.number(),
}));

export const CallMetricsQuerySchema = z.lazy(() =>
  z
    .strictObject({
      from: day('First day, inclusive, in TIME_ZONE'),
      to: day('Last day, inclusive, in TIME_ZONE'),
      managerId: ManagerId(),
      groupBy: z.optional(z.enum(['day', 'manager'])),
    })
    .check(...dayRange()),
);

export const CallMetricsSchema = z.lazy(() =>
  z
    .object({
      from: z.string(),
      to: z.string(),
      timeZone: z.string(),
      thresholds: z.object({ effectiveTalkSeconds: z.number(), shortAbandonSeconds: z.number() }),
      totals: z.object(CallFigures()),
      groups: z.optional(z.array(z.object({ key: z.string(), ...CallFigures() }))),
    })
    .register(apiDoc, { id: 'CallMetrics' }),
);
