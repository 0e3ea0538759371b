import * as z from 'zod/mini';
import { LEAD_OUTCOMES, LEAD_STATUSES, MESSENGERS } from '../../domain/types';
import { apiDoc } from './doc';

const Utm = z.lazy(() =>
  z.object({
    source: z.optional(z.string()),
    medium: z.optional(z.string()),
    campaign: z.optional(z.string()),
    content: z.optional(z.string()),
    term: z.optional(z.string()),
  }),
);
const Fields = z.lazy(() => z.record(z.string(), z.union([z.string(), z.array(z.string())])));
const Source = z.lazy(() =>
  z.object({
    siteKey: z.optional(z.string()),
    formId: z.optional(z.string()),
    account: z.optional(z.string()),
    page: z.optional(z.string()),
    referer: z.optional(z.string()),
  }),
);

export const LeadContactSchema = z.lazy(() =>
  z
    .object({
      id: z.string(),
      name: z.optional(z.string()),
      phone: z.optional(z.string()),
      email: z.optional(z.string()),
      phones: z.array(z.string()),
      emails: z.array(z.string()),
      messengers: z.optional(
        z.array(
          z.object({
            channel: z.enum(MESSENGERS),
            id: z.string(),
            username: z.optional(z.string()),
          }),
        ),
      ),
      ownerId: z.optional(z.string()),
    })
    .register(apiDoc, { id: 'LeadContact' }),
);

/** A lead as the api shows it (GET /v1/leads) with its contact joined in. */
export const LeadSchema = z.lazy(() =>
  z
    .object({
      id: z.string(),
      kind: z.enum(['inquiry', 'callback']),
      status: z.enum(LEAD_STATUSES),
      contact: LeadContactSchema,
      channels: z.array(z.string()),
      managerId: z.optional(z.string()),
      createdAt: z.string(),
      assignedAt: z.optional(z.string()),
      acceptBy: z.optional(z.string()).register(apiDoc, {
        description:
          'While assigned: assignedAt + ACCEPT_TIMEOUT_SECONDS, the deadline to accept; past it the lead goes to the next eligible manager',
      }),
      acceptedAt: z.optional(z.string()),
      firstAttemptAt: z.optional(z.string()).register(apiDoc, {
        description: 'Our first outbound call to the contact after the lead came (speed to lead)',
      }),
      firstContactAt: z.optional(z.string()).register(apiDoc, {
        description: 'The first answered call with the contact, either direction',
      }),
      firstEffectiveAt: z.optional(z.string()).register(apiDoc, {
        description: 'The first call with talk of at least EFFECTIVE_TALK_SECONDS',
      }),
      closedAt: z.optional(z.string()),
      outcome: z.optional(z.enum(LEAD_OUTCOMES)),
      amount: z
        .optional(z.number())
        .register(apiDoc, { description: 'Once closed: the deal’s amount' }),
      currency: z.optional(z.string()),
      reason: z.optional(z.string()),
      dealId: z
        .optional(z.string())
        .register(apiDoc, { description: 'The CRM’s deal that closed it' }),
      touches: z.number(),
      lastTouchAt: z.string(),
      text: z.optional(z.string()),
      utm: z.optional(Utm),
      fields: z.optional(Fields),
      source: z.optional(Source),
    })
    .register(apiDoc, { id: 'Lead' }),
);

/** A lead with its touches and assignment history (GET /v1/leads/{leadId}, webhooks' data). */
export const LeadDetailSchema = z.lazy(() =>
  z
    .extend(LeadSchema._zod.innerType, {
      touchHistory: z.array(
        z.object({
          eventId: z.string(),
          channel: z.string(),
          at: z.string(),
          text: z.optional(z.string()),
          utm: z.optional(Utm),
          fields: z.optional(Fields),
          source: z.optional(Source),
          contact: z.optional(
            z.object({
              name: z.optional(z.string()),
              phone: z.optional(z.string()),
              email: z.optional(z.string()),
            }),
          ),
        }),
      ),
      assignments: z.array(
        z.object({
          managerId: z.string(),
          at: z.string(),
          reason: z.string(),
          type: z.enum(['assigned', 'reassigned']),
        }),
      ),
    })
    .register(apiDoc, { id: 'LeadDetail' }),
);

export type LeadView = z.infer<typeof LeadSchema>;
export type LeadDetailView = z.infer<typeof LeadDetailSchema>;
