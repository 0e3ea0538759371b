import * as z from 'zod/mini';
import { HELD_REASONS, HELD_STATUSES } from '../../../shared/domain/quarantine';
import { apiDoc } from '../../../shared/http/api/doc';
import { Cursor, described, once, optionalDay, queryInt } from './common';

/** The quarantine: held requests. */

export const HeldListQuerySchema = z.lazy(() =>
  z.strictObject({
    from: optionalDay('First day received, inclusive, in TIME_ZONE'),
    to: optionalDay('Last day received, inclusive, in TIME_ZONE'),
    route: z
      .optional(
        z
          .string()
          .check(
            z.regex(
              /^(forms|telephony\/[a-z0-9_-]{1,40}|messengers\/[a-z0-9_-]{1,40})$/,
              'forms, telephony/<provider> or messengers/<channel>',
            ),
          ),
      )
      .register(apiDoc, { example: 'telephony/twilio' }),
    status: z.optional(z.enum(HELD_STATUSES)),
    limit: queryInt(100, 50),
    cursor: Cursor(),
  }),
);

export const HeldIssueSchema = z.lazy(() => z.object({ path: z.string(), message: z.string() }));

export const HeldItemFields = once(() => ({
  id: z.string(),
  receivedAt: z.string(),
  route: z.string().register(apiDoc, { example: 'telephony/twilio' }),
  method: z.string(),
  path: z.string().register(apiDoc, {
    description: 'The path as received',
    example: '/v1/telephony/twilio/status',
  }),
  contentType: z.optional(z.string()),
  bytes: described(z.number().check(z.int()), 'The size of the body held'),
  status: z.enum(HELD_STATUSES),
  reason: z.enum(HELD_REASONS),
  issues: z.array(HeldIssueSchema),
  updatedAt: z.string(),
  reprocessAttempts: z.number().check(z.int()),
  eventIds: described(
    z.optional(z.array(z.string())),
    'Once reprocessed: the events it became (the first 50)',
  ),
}));

export const HeldItemSchema = z.lazy(() =>
  z.object(HeldItemFields()).register(apiDoc, { id: 'HeldRequest' }),
);

export const HeldPageSchema = z.lazy(() =>
  z
    .object({ items: z.array(HeldItemSchema), nextCursor: z.nullable(z.string()) })
    .register(apiDoc, { id: 'HeldPage' }),
);

export const HeldDetailSchema = z.lazy(() =>
  z
    .object({
      ...HeldItemFields(),
      query: z.string(),
      headers: described(z.record(z.string(), z.string()), 'The headers kept to read it again'),
      body: z.object({
        encoding: z.enum(['utf8', 'base64']),
        data: z.string(),
      }),
    })
    .register(apiDoc, { id: 'HeldRequestDetail' }),
);

export const ReprocessResultSchema = z.lazy(() =>
  z
    .object({
      id: z.string(),
      status: z.enum(HELD_STATUSES),
      reason: z.optional(z.enum(HELD_REASONS)),
      issues: z.optional(z.array(HeldIssueSchema)),
      eventIds: z.optional(z.array(z.string())),
    })
    .register(apiDoc, { id: 'ReprocessResult' }),
);
