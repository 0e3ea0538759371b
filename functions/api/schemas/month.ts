import * as z from 'zod/mini';
import { CATEGORIES } from '../../../shared/domain/clients/abc';
import { BASE_CURRENCY } from '../../../shared/domain/deals/money';
import { FUNNEL_STAGES } from '../../../shared/domain/leads/funnel';
import { LEAD_OUTCOMES } from '../../../shared/domain/types';
import { apiDoc } from '../../../shared/http/api/doc';
import { day, dayRange, described, ManagerId, optionalDay, queryInt } from './common';
import { AmountSchema, CurrencySchema, Reason } from './leads';

/** The head of sales' month: deals, plans, the funnel, clients A/B/C. */

export const DealId = z.lazy(() =>
  z
    .string()
    .check(z.regex(/^[\x21-\x7e]{1,128}$/, 'the CRM’s deal id: 1–128 visible ASCII characters'))
    .register(apiDoc, { example: 'bitrix-deal-4711' }),
);

export const DealInputSchema = z.lazy(() =>
  z
    .strictObject({
      dealId: DealId,
      leadId: z
        .optional(z.string().check(z.regex(/^[A-Za-z0-9_.-]{1,64}$/, 'a lead id')))
        .register(apiDoc, { description: 'The lead; or give the contact’s phone' }),
      phone: z
        .optional(z.string().check(z.trim(), z.minLength(3), z.maxLength(64)))
        .register(apiDoc, {
          description: 'The contact’s phone: its open lead, else its latest one',
          example: '+79161234567',
        }),
      outcome: z.enum(LEAD_OUTCOMES),
      amount: z.optional(AmountSchema),
      currency: z.optional(CurrencySchema),
      reason: z.optional(Reason),
      closedAt: z.optional(z.iso.datetime({ offset: true })).register(apiDoc, {
        description: 'When the CRM closed it (ISO 8601 with offset); default now',
        example: '2026-11-27T15:30:00+03:00',
      }),
    })
    .check(
      z.refine((input) => (input.leadId === undefined) !== (input.phone === undefined), {
        message: 'either leadId or phone',
        path: ['leadId'],
      }),
    )
    .register(apiDoc, { id: 'DealInput' }),
);

export const DealSchema = z.lazy(() =>
  z
    .object({
      dealId: z.string(),
      leadId: z.string(),
      contactId: z.string(),
      outcome: z.enum(LEAD_OUTCOMES),
      amount: z.optional(z.number()),
      currency: z.string(),
      reason: z.optional(z.string()),
      closedAt: z.string(),
      effect: z.enum(['closed', 'replaced', 'added', 'unchanged']).register(apiDoc, {
        description:
          'closed: it closed an open lead; replaced: a won deal took the place of a closed lead’s close; added: a won deal on a lead another deal won, counted as a sale of its own beside it; unchanged: a lost or spam deal on a closed lead',
      }),
      recordedAt: z.string(),
    })
    .register(apiDoc, { id: 'Deal' }),
);

export const MonthParam = z.lazy(() =>
  z.object({
    month: z
      .string()
      .check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month, YYYY-MM'))
      .register(apiDoc, { example: '2026-11' }),
  }),
);

export const Count = () =>
  z.optional(z.number().check(z.int(), z.nonnegative(), z.maximum(10_000_000)));

export const TargetsSchema = z.lazy(() =>
  z
    .strictObject({
      leads: Count(),
      calls: Count(),
      effectiveConversations: Count(),
      won: Count(),
      revenue: z.optional(AmountSchema).register(apiDoc, { description: `In ${BASE_CURRENCY}` }),
    })
    .register(apiDoc, { id: 'Targets' }),
);

export const PlanInputSchema = z.lazy(() =>
  z
    .strictObject({
      managers: z
        .record(z.string().check(z.regex(/^[A-Za-z0-9_.-]{1,64}$/, 'a manager id')), TargetsSchema)
        .check(
          z.refine((managers) => Object.keys(managers).length <= 1_000, 'at most 1000 managers'),
        ),
      team: z.optional(TargetsSchema).register(apiDoc, {
        description: 'The team’s own targets; a target left out is the sum of the managers’',
      }),
    })
    .register(apiDoc, { id: 'PlanInput' }),
);

export const TargetProgressSchema = z.lazy(() =>
  z
    .object({
      plan: z.nullable(z.number()),
      fact: z.number(),
      percent: z
        .nullable(z.number())
        .register(apiDoc, { description: '100 × fact ÷ plan, one decimal' }),
      forecast: z.nullable(z.number()).register(apiDoc, {
        description:
          'fact + pace × remaining working days (a past month: the fact; null before a working day is behind)',
      }),
    })
    .register(apiDoc, { id: 'TargetProgress' }),
);

export const ProgressSchema = z.lazy(() =>
  z
    .object({
      leads: TargetProgressSchema,
      calls: TargetProgressSchema,
      effectiveConversations: TargetProgressSchema,
      won: TargetProgressSchema,
      revenue: TargetProgressSchema,
    })
    .register(apiDoc, { id: 'PlanProgressByTarget' }),
);

export const PlanProgressSchema = z.lazy(() =>
  z
    .object({
      month: z.string(),
      timeZone: z.string(),
      currency: described(z.string(), 'Of every revenue figure'),
      asOf: described(z.string(), 'The instant the facts and the pace are read at'),
      managers: z.record(z.string(), ProgressSchema),
      team: ProgressSchema,
      workingDays: z.record(
        z.string(),
        z.object({ working: z.number(), elapsed: z.number(), remaining: z.number() }),
      ),
      otherCurrencies: described(
        z.record(z.string(), z.record(z.string(), z.number())),
        'Won revenue in other currencies, per manager: never added in',
      ),
      updatedAt: described(z.nullable(z.string()), 'When the plan was last set'),
    })
    .register(apiDoc, { id: 'PlanProgress' }),
);

export const FunnelQuerySchema = z.lazy(() =>
  z
    .strictObject({
      from: day('First creation day, inclusive, in TIME_ZONE'),
      to: day('Last creation day, inclusive, in TIME_ZONE'),
      managerId: ManagerId(),
      groupBy: z.optional(z.enum(['channel', 'manager'])),
    })
    .check(...dayRange()),
);

export const FunnelStageSchema = z.lazy(() =>
  z
    .object({
      stage: z.enum(FUNNEL_STAGES),
      count: z.number(),
      conversionFromPrevious: z.nullable(z.number()),
    })
    .register(apiDoc, { id: 'FunnelStage' }),
);

export const FunnelSchema = z.lazy(() =>
  z
    .object({
      from: z.string(),
      to: z.string(),
      timeZone: z.string(),
      stages: z.array(FunnelStageSchema),
      groups: z.optional(
        z.array(z.object({ key: z.string(), stages: z.array(FunnelStageSchema) })),
      ),
    })
    .register(apiDoc, { id: 'Funnel' }),
);

export const ClientsQuerySchema = z.lazy(() =>
  z.strictObject({
    asOf: optionalDay('Default today in TIME_ZONE'),
    months: queryInt(36, 12),
    managerId: ManagerId().register(apiDoc, {
      description: 'Only the clients this manager owns (categories stay company-wide)',
    }),
  }),
);

export const CategorySchema = z.lazy(() => z.enum(CATEGORIES));
export const CategoryFigures = z.lazy(() => z.object({ clients: z.number(), revenue: z.number() }));

export const ClientsSchema = z.lazy(() =>
  z
    .object({
      asOf: z.string(),
      months: z.number(),
      window: z.object({ from: z.string(), to: z.string() }),
      previousWindow: z.object({ from: z.string(), to: z.string() }),
      currency: z.string(),
      thresholds: z.object({ a: z.number(), b: z.number() }),
      categories: z.object({ A: CategoryFigures, B: CategoryFigures, C: CategoryFigures }),
      migration: described(
        z.record(z.string(), z.number()),
        'Clients by "<before>→<now>": A→B, new→A (no category before), B→none (none now)',
      ),
      clients: z.array(
        z.object({
          contactId: z.string(),
          name: z.optional(z.string()),
          category: CategorySchema,
          previousCategory: z.nullable(CategorySchema),
          revenue: z.number(),
          managerId: described(z.optional(z.string()), 'The contact’s owner'),
        }),
      ),
    })
    .register(apiDoc, { id: 'Clients' }),
);
