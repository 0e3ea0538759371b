import { z } from '@hono/zod-openapi';
import { CATEGORIES } from '../../shared/domain/clients/abc';
import {
  BASE_CURRENCY,
  CURRENCY,
  hasAtMostTwoDecimals,
  MAX_AMOUNT,
} from '../../shared/domain/deals/money';
import { FUNNEL_STAGES } from '../../shared/domain/leads/funnel';
import { EVENT_TYPES } from '../../shared/domain/notify/events';
import {
  BITRIX24_EVENTS,
  DELIVERY_STATUSES,
  WEBHOOK_FORMATS,
} from '../../shared/domain/notify/types';
import { HELD_REASONS, HELD_STATUSES } from '../../shared/domain/quarantine';
import { ROUTING_STRATEGIES } from '../../shared/domain/routing';
import { isCalendarDate } from '../../shared/domain/time';
import {
  LEAD_CHANNELS,
  LEAD_OUTCOMES,
  LEAD_STATUSES,
  MESSENGERS,
  ROLES,
  TEAMS,
  WEEK_DAYS,
} from '../../shared/domain/types';

/** The sales-head API's schemas: request validation and the OpenAPI document, from one source. */

export const ProblemSchema = z
  .object({
    error: z.string().openapi({ example: 'invalid_payload' }),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

export const errorResponses = {
  '4XX': {
    description: 'Refused: `invalid_payload`, `unauthorized`, `forbidden`, `not_found`, …',
    content: { 'application/json': { schema: ProblemSchema } },
  },
  '5XX': {
    description: '`internal` or `unavailable`: retry later',
    content: { 'application/json': { schema: ProblemSchema } },
  },
} as const;

export const IdParam = <N extends string>(name: N, description: string) =>
  z.object({
    [name]: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, "_", "-" or ".", at most 64')
      .openapi({ param: { name, in: 'path' }, description }),
  } as Record<N, z.ZodString>);

const Origin = z
  .string()
  .max(200)
  .regex(/^https?:\/\/[^/\s?#]+$/, 'an origin: scheme and host, such as https://example.com')
  .openapi({ example: 'https://example.com' });

export const SiteInputSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    allowedOrigins: z.array(Origin).max(50).default([]),
    token: z
      .string()
      .min(16, 'at least 16 characters')
      .max(200)
      .optional()
      .openapi({ description: 'Secret for server-to-server posts; stored only as a hash' }),
    honeypotField: z.string().min(1).max(100).optional().openapi({
      description:
        'A field no visible input uses (e.g. `_hp`); filled, the post is held as spam. Leave it out for none.',
    }),
  })
  .openapi('SiteInput');

export const SiteSchema = z
  .object({
    siteKey: z.string(),
    name: z.string(),
    allowedOrigins: z.array(z.string()),
    hasToken: z.boolean(),
    honeypotField: z.string().optional(),
    updatedAt: z.string(),
  })
  .openapi('Site');

const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM');
const Interval = z
  .tuple([Time, Time])
  .refine(([from, to]) => from < to, 'an interval ends after it starts');

const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

export const WorkingHoursSchema = z
  .strictObject({
    timeZone: z.string().refine(isTimeZone, 'an IANA time zone such as Europe/Moscow').optional(),
    days: z.strictObject(
      Object.fromEntries(WEEK_DAYS.map((day) => [day, z.array(Interval).max(6).optional()])) as {
        [K in (typeof WEEK_DAYS)[number]]: z.ZodOptional<z.ZodArray<typeof Interval>>;
      },
    ),
  })
  .openapi('WorkingHours');

/** A Telegram chat id: an integer (groups' are negative, up to 52 bits), or its decimal string. */
const TelegramChatId = z
  .union([
    z
      .number()
      .int()
      .min(-(2 ** 53) + 1)
      .max(2 ** 53 - 1),
    z.string().regex(/^-?\d{1,16}$/),
  ])
  .transform((id) => String(id));

const Bitrix24UserId = z
  .union([
    z
      .number()
      .int()
      .min(1)
      .max(2 ** 31 - 1),
    z.string().regex(/^[1-9]\d{0,9}$/),
  ])
  .transform((id) => String(id));

export const ManagerInputSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    team: z.enum(TEAMS),
    extensions: z.array(z.string().trim().min(1).max(64)).max(20),
    phones: z.array(z.string().trim().min(1).max(64)).max(10).optional(),
    weight: z.number().int().min(1).max(100).default(1),
    active: z.boolean(),
    workingHours: WorkingHoursSchema.optional(),
    telegramChatId: TelegramChatId.nullable().optional().openapi({
      description:
        'The chat the notification bot writes to (or bind it with POST /v1/managers/{managerId}/telegram-link). Absent: kept as it is; null: unbound',
      example: 123456789,
    }),
    bitrix24UserId: Bitrix24UserId.nullable().optional().openapi({
      description:
        'The manager in Bitrix24 (ASSIGNED_BY_ID of the leads a bitrix24 webhook creates). Absent: kept; null: removed',
      example: 7,
    }),
  })
  .openapi('ManagerInput');

export const ManagerSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    team: z.enum(TEAMS),
    extensions: z.array(z.string()),
    phones: z.array(z.string()),
    weight: z.number(),
    active: z.boolean(),
    workingHours: WorkingHoursSchema.optional(),
    telegramChatId: z.string().optional().openapi({ description: 'Decimal Telegram chat id' }),
    bitrix24UserId: z.string().optional(),
    updatedAt: z.string(),
    openLeads: z
      .number()
      .optional()
      .openapi({ description: 'Leads assigned or accepted, not closed' }),
  })
  .openapi('Manager');

export const KeyInputSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    role: z.enum(ROLES),
    managerId: z.string().min(1).max(64).optional(),
  })
  .refine((input) => (input.role === 'manager') === (input.managerId !== undefined), {
    message: 'a manager key names its managerId; other roles do not',
    path: ['managerId'],
  })
  .openapi('KeyInput');

export const KeySchema = z
  .object({
    keyId: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    managerId: z.string().optional(),
    createdAt: z.string(),
    revokedAt: z.string().optional(),
  })
  .openapi('Key');

export const CreatedKeySchema = KeySchema.extend({
  key: z.string().openapi({ description: 'The secret, shown only in this response' }),
}).openapi('CreatedKey');

export const MeSchema = z
  .object({
    keyId: z.string().openapi({ description: '`admin` for ADMIN_API_KEY' }),
    role: z.enum(ROLES),
    managerId: z.string().optional().openapi({ description: 'For a manager key: whose it is' }),
  })
  .openapi('Me');

const Utm = z.object({
  source: z.string().optional(),
  medium: z.string().optional(),
  campaign: z.string().optional(),
  content: z.string().optional(),
  term: z.string().optional(),
});
const Fields = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
const Source = z.object({
  siteKey: z.string().optional(),
  formId: z.string().optional(),
  account: z.string().optional(),
  page: z.string().optional(),
  referer: z.string().optional(),
});

export const LeadContactSchema = z
  .object({
    id: z.string(),
    name: z.string().optional(),
    phone: z.string().optional(),
    email: z.string().optional(),
    phones: z.array(z.string()),
    emails: z.array(z.string()),
    messengers: z
      .array(
        z.object({ channel: z.enum(MESSENGERS), id: z.string(), username: z.string().optional() }),
      )
      .optional(),
    ownerId: z.string().optional(),
  })
  .openapi('LeadContact');

export const LeadSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['inquiry', 'callback']),
    status: z.enum(LEAD_STATUSES),
    contact: LeadContactSchema,
    channels: z.array(z.string()),
    managerId: z.string().optional(),
    createdAt: z.string(),
    assignedAt: z.string().optional(),
    acceptBy: z.string().optional().openapi({
      description:
        'While assigned: assignedAt + ACCEPT_TIMEOUT_SECONDS, the deadline to accept; past it the lead goes to the next eligible manager',
    }),
    acceptedAt: z.string().optional(),
    closedAt: z.string().optional(),
    outcome: z.enum(LEAD_OUTCOMES).optional(),
    amount: z.number().optional().openapi({ description: 'Once closed: the deal’s amount' }),
    currency: z.string().optional(),
    reason: z.string().optional(),
    dealId: z.string().optional().openapi({ description: 'The CRM’s deal that closed it' }),
    touches: z.number(),
    lastTouchAt: z.string(),
    text: z.string().optional(),
    utm: Utm.optional(),
    fields: Fields.optional(),
    source: Source.optional(),
  })
  .openapi('Lead');

export const LeadDetailSchema = LeadSchema.extend({
  touchHistory: z.array(
    z.object({
      eventId: z.string(),
      channel: z.string(),
      at: z.string(),
      text: z.string().optional(),
      utm: Utm.optional(),
      fields: Fields.optional(),
      source: Source.optional(),
      contact: z
        .object({
          name: z.string().optional(),
          phone: z.string().optional(),
          email: z.string().optional(),
        })
        .optional(),
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
}).openapi('LeadDetail');

export const CalendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date, YYYY-MM-DD')
  .refine(isCalendarDate, 'a real calendar date');

export const LeadListQuerySchema = z.strictObject({
  status: z.enum(LEAD_STATUSES).optional(),
  managerId: z.string().min(1).max(64).optional(),
  channel: z.enum(LEAD_CHANNELS).optional(),
  from: CalendarDate.optional().openapi({ description: 'First day, inclusive, in TIME_ZONE' }),
  to: CalendarDate.optional().openapi({ description: 'Last day, inclusive, in TIME_ZONE' }),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2_000).optional(),
});

/** Documents the CSV answer of GET /v1/calls and GET /v1/leads (routes/csv-export.ts). */
export const CsvExportSchema = z.string().openapi({
  description:
    'With Accept: text/csv or format=csv: every matching row (limit = rows per store read), RFC 4180 with a header row and a UTF-8 BOM, as an attachment; columns in the README',
});

/** In AWS a CSV export is written to S3 and answered with a link (an HTTP API cannot stream). */
export const csvExportRedirect = {
  description:
    'In AWS, a CSV export: written whole to the exports bucket, then a redirect to a presigned download link valid for 10 minutes (Location); clients follow it without the API key',
  headers: z.object({ Location: z.string().url() }),
} as const;

export const LeadPageSchema = z
  .object({ items: z.array(LeadSchema), nextCursor: z.string().nullable() })
  .openapi('LeadPage');

/** An amount in currency units with at most two decimals (1234.56). */
export const AmountSchema = z
  .number()
  .nonnegative()
  .max(MAX_AMOUNT)
  .refine(hasAtMostTwoDecimals, 'at most two decimals')
  .openapi({ description: 'In currency units, up to 2 decimals', example: 125000 });

export const CurrencySchema = z
  .string()
  .regex(CURRENCY, 'an ISO 4217 code such as RUB')
  .openapi({ description: `ISO 4217; default ${BASE_CURRENCY}`, example: BASE_CURRENCY });

const Reason = z.string().trim().min(1).max(500);

export const CloseInputSchema = z
  .strictObject({
    outcome: z.enum(LEAD_OUTCOMES),
    amount: AmountSchema.optional().openapi({
      description: `The deal's amount; a won lead's counts to its manager and its client (${BASE_CURRENCY} only in revenue; other currencies apart)`,
    }),
    currency: CurrencySchema.optional(),
    reason: Reason.optional().openapi({ description: 'Why: a lost reason, a note' }),
  })
  .openapi('CloseLeadInput');

// ── calls and metrics ────────────────────────────────────────────────────────────────────

export const CallSchema = z
  .object({
    id: z.string().openapi({ description: '<provider>:<provider call id>' }),
    provider: z.string(),
    callId: z.string(),
    direction: z.enum(['inbound', 'outbound']),
    customer: z.string().optional(),
    line: z.string().optional(),
    managerId: z.string().optional(),
    day: z.string().optional(),
    startedAt: z.string(),
    answeredAt: z.string().optional(),
    endedAt: z.string().optional(),
    talkSeconds: z.number(),
    waitSeconds: z.number().optional(),
    outcome: z.enum(['answered', 'missed', 'short_abandon', 'not_reached', 'in_progress']),
    closedBy: z.enum(['provider', 'timeout']).optional().openapi({
      description:
        'Who finished the call: the provider’s events, or switchboard from the evidence CALL_FINALIZE_AFTER_SECONDS after its last event (a later final event from the provider corrects it). Absent while in progress.',
    }),
    effective: z.boolean(),
    missedReason: z.string().optional(),
    disposition: z.string().optional(),
    callback: z
      .object({
        status: z.enum(['open', 'called_back', 'client_recontact']),
        at: z.string().optional(),
        seconds: z.number().optional(),
        byCallId: z.string().optional(),
      })
      .optional(),
    recordingUrl: z.string().optional(),
    thresholds: z
      .object({ effectiveTalkSeconds: z.number(), shortAbandonSeconds: z.number() })
      .optional(),
  })
  .openapi('Call');

export const CallListQuerySchema = z.strictObject({
  from: CalendarDate.optional().openapi({ description: 'First day, inclusive, in TIME_ZONE' }),
  to: CalendarDate.optional().openapi({ description: 'Last day, inclusive, in TIME_ZONE' }),
  managerId: z.string().min(1).max(64).optional(),
  direction: z.enum(['inbound', 'outbound']).optional(),
  outcome: z.enum(['answered', 'effective', 'missed', 'short_abandon', 'not_reached']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2_000).optional(),
});

export const CallPageSchema = z
  .object({ items: z.array(CallSchema), nextCursor: z.string().nullable() })
  .openapi('CallPage');

const CallFigures = {
  calls: z.number(),
  inbound: z.number(),
  outbound: z.number(),
  answered: z.number().openapi({ description: 'Inbound calls a manager answered' }),
  missed: z
    .number()
    .openapi({ description: 'Inbound, unanswered, waited ≥ SHORT_ABANDON_SECONDS' }),
  shortAbandoned: z.number(),
  effective: z
    .number()
    .openapi({ description: 'Answered calls with talk ≥ EFFECTIVE_TALK_SECONDS' }),
  talkSeconds: z.number(),
  averageTalkSeconds: z.number().nullable(),
  averageWaitSeconds: z.number().nullable(),
  calledBack: z.number().openapi({ description: 'Missed calls our first attempt reached back' }),
  calledBackWithin15Minutes: z.number(),
  averageCallbackSeconds: z.number().nullable(),
  neverCalledBack: z
    .number()
    .openapi({ description: 'Missed calls with no attempt yet and no client re-contact' }),
  clientRecontacts: z.number(),
  outboundNotReached: z.number(),
};

export const CallMetricsQuerySchema = z
  .strictObject({
    from: CalendarDate.openapi({ description: 'First day, inclusive, in TIME_ZONE' }),
    to: CalendarDate.openapi({ description: 'Last day, inclusive, in TIME_ZONE' }),
    managerId: z.string().min(1).max(64).optional(),
    groupBy: z.enum(['day', 'manager']).optional(),
  })
  .refine((q) => q.from <= q.to, { message: 'from is after to', path: ['from'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000, {
    message: 'at most 366 days at once',
    path: ['to'],
  });

export const CallMetricsSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    timeZone: z.string(),
    thresholds: z.object({ effectiveTalkSeconds: z.number(), shortAbandonSeconds: z.number() }),
    totals: z.object(CallFigures),
    groups: z.array(z.object({ key: z.string(), ...CallFigures })).optional(),
  })
  .openapi('CallMetrics');

// ── routing and lead metrics ─────────────────────────────────────────────────────────────

export const RoutingPolicySchema = z
  .object({
    team: z.enum(TEAMS),
    strategy: z.enum(ROUTING_STRATEGIES),
  })
  .openapi('RoutingPolicy');

export const RoutingPolicyInputSchema = z
  .strictObject({
    strategy: z.enum(ROUTING_STRATEGIES).openapi({
      description:
        'round-robin: weighted, interleaved; least-loaded: fewest open leads, ties by weight then longest idle',
    }),
  })
  .openapi('RoutingPolicyInput');

export const TeamParam = z.object({
  team: z.enum(TEAMS).openapi({ param: { name: 'team', in: 'path' } }),
});

const Speed = z.object({
  count: z.number(),
  p50Seconds: z.number().nullable(),
  p90Seconds: z.number().nullable(),
  within5Minutes: z.number().nullable().openapi({ description: 'Share (0–1)' }),
  within15Minutes: z.number().nullable(),
  within60Minutes: z.number().nullable(),
});

const LeadFigures = {
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
};

export const LeadMetricsQuerySchema = z
  .strictObject({
    from: CalendarDate,
    to: CalendarDate,
    managerId: z.string().min(1).max(64).optional(),
    groupBy: z.enum(['day', 'manager']).optional(),
  })
  .refine((q) => q.from <= q.to, { message: 'from is after to', path: ['from'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000, {
    message: 'at most 366 days at once',
    path: ['to'],
  });

export const LeadMetricsSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    timeZone: z.string(),
    acceptTimeoutSeconds: z.number(),
    totals: z.object(LeadFigures),
    groups: z.array(z.object({ key: z.string(), ...LeadFigures })).optional(),
  })
  .openapi('LeadMetrics');

// ── the quarantine ───────────────────────────────────────────────────────────────────────

export const HeldListQuerySchema = z.strictObject({
  from: CalendarDate.optional().openapi({
    description: 'First day received, inclusive, in TIME_ZONE',
  }),
  to: CalendarDate.optional().openapi({
    description: 'Last day received, inclusive, in TIME_ZONE',
  }),
  route: z
    .string()
    .regex(
      /^(forms|telephony\/[a-z0-9_-]{1,40}|messengers\/[a-z0-9_-]{1,40})$/,
      'forms, telephony/<provider> or messengers/<channel>',
    )
    .optional()
    .openapi({ example: 'telephony/twilio' }),
  status: z.enum(HELD_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2_000).optional(),
});

const HeldIssueSchema = z.object({ path: z.string(), message: z.string() });

export const HeldItemSchema = z
  .object({
    id: z.string(),
    receivedAt: z.string(),
    route: z.string().openapi({ example: 'telephony/twilio' }),
    method: z.string(),
    path: z
      .string()
      .openapi({ description: 'The path as received', example: '/v1/telephony/twilio/status' }),
    contentType: z.string().optional(),
    bytes: z.number().int().openapi({ description: 'The size of the body held' }),
    status: z.enum(HELD_STATUSES),
    reason: z.enum(HELD_REASONS),
    issues: z.array(HeldIssueSchema),
    updatedAt: z.string(),
    reprocessAttempts: z.number().int(),
    eventIds: z
      .array(z.string())
      .optional()
      .openapi({ description: 'Once reprocessed: the events it became (the first 50)' }),
  })
  .openapi('HeldRequest');

export const HeldPageSchema = z
  .object({ items: z.array(HeldItemSchema), nextCursor: z.string().nullable() })
  .openapi('HeldPage');

export const HeldDetailSchema = HeldItemSchema.extend({
  query: z.string(),
  headers: z
    .record(z.string(), z.string())
    .openapi({ description: 'The headers kept to read it again' }),
  body: z.object({
    encoding: z.enum(['utf8', 'base64']),
    data: z.string(),
  }),
}).openapi('HeldRequestDetail');

export const ReprocessResultSchema = z
  .object({
    id: z.string(),
    status: z.enum(HELD_STATUSES),
    reason: z.enum(HELD_REASONS).optional(),
    issues: z.array(HeldIssueSchema).optional(),
    eventIds: z.array(z.string()).optional(),
  })
  .openapi('ReprocessResult');
// ── delivering work to managers ──────────────────────────────────────────────────────────

export const TelegramLinkSchema = z
  .object({
    code: z.string().openapi({ description: 'One-time code, [A-Za-z0-9_-]{1,64}' }),
    url: z.string().openapi({ example: 'https://t.me/acme_leads_bot?start=Xy3…' }),
    expiresAt: z.string(),
  })
  .openapi('TelegramLink');

const HttpUrl = z
  .string()
  .max(2_000)
  .url()
  .refine((url) => /^https?:\/\//i.test(url), 'an http(s) URL');

const BITRIX24_URL = /^https?:\/\/[^/\s]+\/rest\/\d+\/[A-Za-z0-9]+\/?$/;

export const WebhookInputSchema = z
  .strictObject({
    url: HttpUrl.openapi({
      description:
        "Where deliveries are POSTed; for format bitrix24 the portal's inbound webhook, https://<portal>/rest/<user>/<code>/",
    }),
    secret: z.string().min(16, 'at least 16 characters').max(200).optional().openapi({
      description:
        'Signs every delivery (HMAC-SHA256); stored to sign, never shown back. Required for format switchboard',
    }),
    events: z
      .array(z.enum(EVENT_TYPES))
      .min(1)
      .max(EVENT_TYPES.length)
      .refine((events) => new Set(events).size === events.length, 'each event once'),
    format: z.enum(WEBHOOK_FORMATS).default('switchboard'),
    active: z.boolean(),
  })
  .superRefine((input, ctx) => {
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
  })
  .openapi('WebhookInput');

export const WebhookSchema = z
  .object({
    name: z.string(),
    url: z.string().openapi({ description: "A Bitrix24 webhook's code is shown masked" }),
    events: z.array(z.enum(EVENT_TYPES)),
    format: z.enum(WEBHOOK_FORMATS),
    active: z.boolean(),
    hasSecret: z.boolean(),
    updatedAt: z.string(),
  })
  .openapi('Webhook');

export const DeliverySchema = z
  .object({
    id: z.string().openapi({ description: 'X-Switchboard-Delivery: one per webhook and event' }),
    type: z.enum(EVENT_TYPES),
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.number(),
    lastStatusCode: z.number().optional(),
    lastAttemptAt: z.string(),
    lastError: z.string().optional(),
    createdAt: z.string(),
  })
  .openapi('Delivery');

export const DeliveryListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

// ── the head of sales' month ─────────────────────────────────────────────────────────────

const DealId = z
  .string()
  .regex(/^[\x21-\x7e]{1,128}$/, 'the CRM’s deal id: 1–128 visible ASCII characters')
  .openapi({ example: 'bitrix-deal-4711' });

export const DealInputSchema = z
  .strictObject({
    dealId: DealId,
    leadId: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'a lead id')
      .optional()
      .openapi({ description: 'The lead; or give the contact’s phone' }),
    phone: z.string().trim().min(3).max(64).optional().openapi({
      description: 'The contact’s phone: its open lead, else its latest one',
      example: '+79161234567',
    }),
    outcome: z.enum(LEAD_OUTCOMES),
    amount: AmountSchema.optional(),
    currency: CurrencySchema.optional(),
    reason: Reason.optional(),
    closedAt: z.iso.datetime({ offset: true }).optional().openapi({
      description: 'When the CRM closed it (ISO 8601 with offset); default now',
      example: '2026-11-27T15:30:00+03:00',
    }),
  })
  .refine((input) => (input.leadId === undefined) !== (input.phone === undefined), {
    message: 'either leadId or phone',
    path: ['leadId'],
  })
  .openapi('DealInput');

export const DealSchema = z
  .object({
    dealId: z.string(),
    leadId: z.string(),
    contactId: z.string(),
    outcome: z.enum(LEAD_OUTCOMES),
    amount: z.number().optional(),
    currency: z.string(),
    reason: z.string().optional(),
    closedAt: z.string(),
    effect: z.enum(['closed', 'replaced', 'unchanged']).openapi({
      description:
        'closed: it closed an open lead; replaced: a won deal took the place of a closed lead’s close; unchanged: a lost or spam deal on a closed lead',
    }),
    recordedAt: z.string(),
  })
  .openapi('Deal');

export const MonthParam = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month, YYYY-MM')
    .openapi({ param: { name: 'month', in: 'path' }, example: '2026-11' }),
});

const Count = z.number().int().nonnegative().max(10_000_000);

export const TargetsSchema = z
  .strictObject({
    leads: Count.optional(),
    calls: Count.optional(),
    effectiveConversations: Count.optional(),
    won: Count.optional(),
    revenue: AmountSchema.optional().openapi({ description: `In ${BASE_CURRENCY}` }),
  })
  .openapi('Targets');

export const PlanInputSchema = z
  .strictObject({
    managers: z
      .record(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'a manager id'), TargetsSchema)
      .refine((managers) => Object.keys(managers).length <= 1_000, 'at most 1000 managers'),
    team: TargetsSchema.optional().openapi({
      description: 'The team’s own targets; a target left out is the sum of the managers’',
    }),
  })
  .openapi('PlanInput');

const TargetProgressSchema = z
  .object({
    plan: z.number().nullable(),
    fact: z.number(),
    percent: z.number().nullable().openapi({ description: '100 × fact ÷ plan, one decimal' }),
    forecast: z.number().nullable().openapi({
      description:
        'fact + pace × remaining working days (a past month: the fact; null before a working day is behind)',
    }),
  })
  .openapi('TargetProgress');

const ProgressSchema = z
  .object({
    leads: TargetProgressSchema,
    calls: TargetProgressSchema,
    effectiveConversations: TargetProgressSchema,
    won: TargetProgressSchema,
    revenue: TargetProgressSchema,
  })
  .openapi('PlanProgressByTarget');

export const PlanProgressSchema = z
  .object({
    month: z.string(),
    timeZone: z.string(),
    currency: z.string().openapi({ description: 'Of every revenue figure' }),
    asOf: z.string().openapi({ description: 'The instant the facts and the pace are read at' }),
    managers: z.record(z.string(), ProgressSchema),
    team: ProgressSchema,
    workingDays: z.record(
      z.string(),
      z.object({ working: z.number(), elapsed: z.number(), remaining: z.number() }),
    ),
    otherCurrencies: z
      .record(z.string(), z.record(z.string(), z.number()))
      .openapi({ description: 'Won revenue in other currencies, per manager: never added in' }),
    updatedAt: z.string().nullable().openapi({ description: 'When the plan was last set' }),
  })
  .openapi('PlanProgress');

const DaysQuery = {
  from: CalendarDate.openapi({ description: 'First creation day, inclusive, in TIME_ZONE' }),
  to: CalendarDate.openapi({ description: 'Last creation day, inclusive, in TIME_ZONE' }),
  managerId: z.string().min(1).max(64).optional(),
};

export const FunnelQuerySchema = z
  .strictObject({ ...DaysQuery, groupBy: z.enum(['channel', 'manager']).optional() })
  .refine((q) => q.from <= q.to, { message: 'from is after to', path: ['from'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000, {
    message: 'at most 366 days at once',
    path: ['to'],
  });

const FunnelStageSchema = z
  .object({
    stage: z.enum(FUNNEL_STAGES),
    count: z.number(),
    conversionFromPrevious: z.number().nullable(),
  })
  .openapi('FunnelStage');

export const FunnelSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    timeZone: z.string(),
    stages: z.array(FunnelStageSchema),
    groups: z.array(z.object({ key: z.string(), stages: z.array(FunnelStageSchema) })).optional(),
  })
  .openapi('Funnel');

export const ClientsQuerySchema = z.strictObject({
  asOf: CalendarDate.optional().openapi({ description: 'Default today in TIME_ZONE' }),
  months: z.coerce.number().int().min(1).max(36).default(12),
  managerId: z.string().min(1).max(64).optional().openapi({
    description: 'Only the clients this manager owns (categories stay company-wide)',
  }),
});

const CategorySchema = z.enum(CATEGORIES);
const CategoryFigures = z.object({ clients: z.number(), revenue: z.number() });

export const ClientsSchema = z
  .object({
    asOf: z.string(),
    months: z.number(),
    window: z.object({ from: z.string(), to: z.string() }),
    previousWindow: z.object({ from: z.string(), to: z.string() }),
    currency: z.string(),
    thresholds: z.object({ a: z.number(), b: z.number() }),
    categories: z.object({ A: CategoryFigures, B: CategoryFigures, C: CategoryFigures }),
    migration: z.record(z.string(), z.number()).openapi({
      description:
        'Clients by "<before>→<now>": A→B, new→A (no category before), B→none (none now)',
    }),
    clients: z.array(
      z.object({
        contactId: z.string(),
        name: z.string().optional(),
        category: CategorySchema,
        previousCategory: CategorySchema.nullable(),
        revenue: z.number(),
        managerId: z.string().optional().openapi({ description: 'The contact’s owner' }),
      }),
    ),
  })
  .openapi('Clients');
