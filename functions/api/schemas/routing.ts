import * as z from 'zod/mini';
import { ROUTING_STRATEGIES } from '../../../shared/domain/routing';
import { TEAMS } from '../../../shared/domain/types';
import { apiDoc } from '../../../shared/http/api/doc';
import { CalendarDate, dayRange, ManagerId, once } from './common';

/** Routing policies and the lead metrics. */

export const RoutingPolicySchema = z.lazy(() =>
  z
    .object({
      team: z.enum(TEAMS),
      strategy: z.enum(ROUTING_STRATEGIES),
    })
    .register(apiDoc, { id: 'RoutingPolicy' }),
);

export const RoutingPolicyInputSchema = z.lazy(() =>
  z
    .strictObject({
      strategy: z.enum(ROUTING_STRATEGIES).register(apiDoc, {
        description:
          'round-robin: weighted, interleaved; least-loaded: fewest open leads, ties by weight then longest idle',
      }),
    })
    .register(apiDoc, { id: 'RoutingPolicyInput' }),
);

export const TeamParam = z.lazy(() => z.object({ team: z.enum(TEAMS) }));

export const Speed = z.lazy(() =>
  z.object({
    count: z.number(),
    p50Seconds: z.nullable(z.number()),
    p90Seconds: z.nullable(z.number()),
    within5Minutes: z.nullable(z.number()).register(apiDoc, { description: 'Share (0–1)' }),
    within15Minutes: z.nullable(z.number()),
    within60Minutes: z.nullable(z.number()),
  }),
);

export const LeadFigures = once(() => ({
  leads: z.number(),
  newContacts: z.number(),
  returningContacts: z.number(),
  repeatTouches: z.number(),
  duplicatesMerged: z.object({
    sameEvent: z.number(),
    openLead: z.number(),
    crossChannel: z.number(),
  }),
  byChannel: z.record(z.string(), z.number()),
  callbackTasks: z.number(),
  accepted: z.number(),
  reassigned: z.number(),
  slaBreaches: z.number(),
  offersNotAnswered: z.number(),
  timeToAccept: Speed,
  timeToFirstAttempt: Speed,
  timeToFirstContact: Speed,
}));

export const LeadMetricsQuerySchema = z.lazy(() =>
  z
    .strictObject({
      from: CalendarDate,
      to: CalendarDate,
      managerId: ManagerId(),
      groupBy: z.optional(z.enum(['day', 'manager'])),
    })
    .check(...dayRange()),
);

export const LeadMetricsSchema = z.lazy(() =>
  z
    .object({
      from: z.string(),
      to: z.string(),
      timeZone: z.string(),
      acceptTimeoutSeconds: z.number(),
      totals: z.object(LeadFigures()),
      groups: z.optional(z.array(z.object({ key: z.string(), ...LeadFigures() }))),
    })
    .register(apiDoc, { id: 'LeadMetrics' }),
);
