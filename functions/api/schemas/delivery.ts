import * as z from 'zod/mini';
import { EVENT_TYPES } from '../../../shared/domain/notify/events';
import {
  BITRIX24_EVENTS,
  DELIVERY_STATUSES,
  WEBHOOK_FORMATS,
} from '../../../shared/domain/notify/types';
import { apiDoc } from '../../../shared/http/api/doc';
import { described, queryInt } from './common';

/** Delivering work to managers: Telegram links, outgoing webhooks, deliveries. */

export const TelegramLinkSchema = z.lazy(() =>
  z
    .object({
      code: described(z.string(), 'One-time code, [A-Za-z0-9_-]{1,64}'),
      url: z.string().register(apiDoc, { example: 'https://t.me/acme_leads_bot?start=Xy3…' }),
      expiresAt: z.string(),
    })
    .register(apiDoc, { id: 'TelegramLink' }),
);

export const BITRIX24_URL = /^https?:\/\/[^/\s]+\/rest\/\d+\/[A-Za-z0-9]+\/?$/;

export const WebhookInputSchema = z.lazy(() =>
  z
    .strictObject({
      url: z
        .string()
        .check(
          z.maxLength(2_000),
          z.url(),
          z.refine((url) => /^https?:\/\//i.test(url), 'an http(s) URL'),
        )
        .register(apiDoc, {
          description:
            "Where deliveries are POSTed; for format bitrix24 the portal's inbound webhook, https://<portal>/rest/<user>/<code>/",
        }),
      secret: z
        .optional(z.string().check(z.minLength(16, 'at least 16 characters'), z.maxLength(200)))
        .register(apiDoc, {
          description:
            'Signs every delivery (HMAC-SHA256); stored to sign, never shown back. Required for format switchboard',
        }),
      events: z.array(z.enum(EVENT_TYPES)).check(
        z.minLength(1),
        z.maxLength(EVENT_TYPES.length),
        z.refine((events) => new Set(events).size === events.length, 'each event once'),
      ),
      format: z._default(z.enum(WEBHOOK_FORMATS), 'switchboard'),
      active: z.boolean(),
    })
    .check(
      z.superRefine((input, ctx) => {
        if (input.format === 'switchboard' && input.secret === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['secret'],
            message: 'required: it signs every delivery',
          });
        }
        if (input.format === 'bitrix24') {
          if (!BITRIX24_URL.test(input.url)) {
            ctx.addIssue({
              code: 'custom',
              path: ['url'],
              message: 'a Bitrix24 inbound webhook: https://<portal>/rest/<user>/<code>/',
            });
          }
          input.events.forEach((event, i) => {
            if (!(BITRIX24_EVENTS as readonly string[]).includes(event)) {
              ctx.addIssue({
                code: 'custom',
                path: ['events', i],
                message: 'a bitrix24 webhook takes lead events only',
              });
            }
          });
        }
      }),
    )
    .register(apiDoc, { id: 'WebhookInput' }),
);

export const WebhookSchema = z.lazy(() =>
  z
    .object({
      name: z.string(),
      url: described(z.string(), "A Bitrix24 webhook's code is shown masked"),
      events: z.array(z.enum(EVENT_TYPES)),
      format: z.enum(WEBHOOK_FORMATS),
      active: z.boolean(),
      hasSecret: z.boolean(),
      updatedAt: z.string(),
    })
    .register(apiDoc, { id: 'Webhook' }),
);

export const DeliverySchema = z.lazy(() =>
  z
    .object({
      id: described(z.string(), 'X-Switchboard-Delivery: one per webhook and event'),
      type: z.enum(EVENT_TYPES),
      status: z.enum(DELIVERY_STATUSES),
      attempts: z.number(),
      lastStatusCode: z.optional(z.number()),
      lastAttemptAt: z.string(),
      lastError: z.optional(z.string()),
      createdAt: z.string(),
    })
    .register(apiDoc, { id: 'Delivery' }),
);

export const DeliveryListQuerySchema = z.lazy(() => z.strictObject({ limit: queryInt(100, 20) }));
