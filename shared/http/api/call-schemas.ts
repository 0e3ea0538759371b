import * as z from 'zod/mini';
import { apiDoc } from './doc';

/** A call as the api shows it (GET /v1/calls) and outgoing webhooks send it. */
export const CallSchema = z.lazy(() =>
  z
    .object({
      id: z.string().register(apiDoc, { description: '<provider>:<provider call id>' }),
      provider: z.string(),
      callId: z.string(),
      direction: z.enum(['inbound', 'outbound']),
      customer: z.optional(z.string()),
      line: z.optional(z.string()),
      managerId: z.optional(z.string()),
      day: z.optional(z.string()),
      startedAt: z.string(),
      answeredAt: z.optional(z.string()),
      endedAt: z.optional(z.string()),
      talkSeconds: z.number(),
      waitSeconds: z.optional(z.number()),
      outcome: z.enum(['answered', 'missed', 'short_abandon', 'not_reached', 'in_progress']),
      closedBy: z.optional(z.enum(['provider', 'timeout'])).register(apiDoc, {
        description:
          'Who finished the call: the provider’s events, or switchboard from the evidence CALL_FINALIZE_AFTER_SECONDS after its last event (a later final event from the provider corrects it). Absent while in progress.',
      }),
      effective: z.boolean(),
      missedReason: z.optional(z.string()),
      disposition: z.optional(z.string()),
      callback: z.optional(
        z.object({
          status: z.enum(['open', 'called_back', 'client_recontact']),
          at: z.optional(z.string()),
          seconds: z.optional(z.number()),
          byCallId: z.optional(z.string()),
        }),
      ),
      recordingUrl: z.optional(z.string()),
      thresholds: z.optional(
        z.object({ effectiveTalkSeconds: z.number(), shortAbandonSeconds: z.number() }),
      ),
    })
    .register(apiDoc, { id: 'Call' }),
);

export type CallView = z.infer<typeof CallSchema>;
