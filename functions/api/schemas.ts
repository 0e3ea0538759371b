import * as z from 'zod/mini';
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
  ROLES,
  TEAMS,
  WEEK_DAYS,
} from '../../shared/domain/types';
import { CallSchema } from '../../shared/http/api/call-schemas';
import { apiDoc } from '../../shared/http/api/doc';
import { LeadDetailSchema, LeadSchema } from '../../shared/http/api/lead-schemas';
import type { ResponseSpec } from './openapi/spec';

/**
 * The sales-head API's schemas (zod/mini): request validation and, through their registration
 * in `apiDoc`, the OpenAPI document, from one source. The lead and call views' own schemas are in
 * shared/http/api/ (the notify function sends the same views).
 */

export { CallSchema, LeadDetailSchema, LeadSchema };

export const ProblemSchema = z
  .object({
    error: z.string().register(apiDoc, { example: 'invalid_payload' }),
    message: z.string(),
    issues: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
  })
  .register(apiDoc, { id: 'Problem' });

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
export const itemsOf = <S extends z.core.$ZodType>(item: S) => z.object({ items: z.array(item) });

export const IdParam = <N extends string>(name: N, description: string) =>
  z.object({
    [name]: z
      .string()
      .check(z.regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, "_", "-" or ".", at most 64'))
      .register(apiDoc, { description }),
  } as Record<N, z.ZodMiniString<string>>);

const Origin = z
  .string()
  .check(
    z.maxLength(200),
    z.regex(/^https?:\/\/[^/\s?#]+$/, 'an origin: scheme and host, such as https://example.com'),
  )
  .register(apiDoc, { example: 'https://example.com' });

/** A name: trimmed, 1–200 characters. */
const Name = () => z.string().check(z.trim(), z.minLength(1), z.maxLength(200));

export const SiteInputSchema = z
  .strictObject({
    name: Name(),
    allowedOrigins: z._default(z.array(Origin).check(z.maxLength(50)), []),
    token: z
      .optional(z.string().check(z.minLength(16, 'at least 16 characters'), z.maxLength(200)))
      .register(apiDoc, {
        description: 'Secret for server-to-server posts; stored only as a hash',
      }),
    honeypotField: z.optional(z.string().check(z.minLength(1), z.maxLength(100))).register(apiDoc, {
      description:
        'A field no visible input uses (e.g. `_hp`); filled, the post is held as spam. Leave it out for none.',
    }),
  })
  .register(apiDoc, { id: 'SiteInput' });

export const SiteSchema = z
  .object({
    siteKey: z.string(),
    name: z.string(),
    allowedOrigins: z.array(z.string()),
    hasToken: z.boolean(),
    honeypotField: z.optional(z.string()),
    updatedAt: z.string(),
  })
  .register(apiDoc, { id: 'Site' });

const Time = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM'));
const Interval = z
  .tuple([Time, Time])
  .check(z.refine(([from, to]) => from < to, 'an interval ends after it starts'));

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
    timeZone: z.optional(
      z.string().check(z.refine(isTimeZone, 'an IANA time zone such as Europe/Moscow')),
    ),
    days: z.strictObject(
      Object.fromEntries(
        WEEK_DAYS.map((day) => [day, z.optional(z.array(Interval).check(z.maxLength(6)))]),
      ) as {
        [K in (typeof WEEK_DAYS)[number]]: z.ZodMiniOptional<z.ZodMiniArray<typeof Interval>>;
      },
    ),
  })
  .register(apiDoc, { id: 'WorkingHours' });

/** A Telegram chat id: an integer (groups' are negative, up to 52 bits), or its decimal string. */
const TelegramChatId = z.pipe(
  z.union([
    z.number().check(z.int(), z.minimum(-(2 ** 53) + 1), z.maximum(2 ** 53 - 1)),
    z.string().check(z.regex(/^-?\d{1,16}$/)),
  ]),
  z.transform((id) => String(id)),
);

const Bitrix24UserId = z.pipe(
  z.union([
    z.number().check(z.int(), z.minimum(1), z.maximum(2 ** 31 - 1)),
    z.string().check(z.regex(/^[1-9]\d{0,9}$/)),
  ]),
  z.transform((id) => String(id)),
);

export const ManagerInputSchema = z
  .strictObject({
    name: Name(),
    team: z.enum(TEAMS),
    extensions: z
      .array(z.string().check(z.trim(), z.minLength(1), z.maxLength(64)))
      .check(z.maxLength(20)),
    phones: z.optional(
      z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(64))).check(z.maxLength(10)),
    ),
    weight: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(100)), 1),
    active: z.boolean(),
    workingHours: z.optional(WorkingHoursSchema),
    telegramChatId: z.optional(z.nullable(TelegramChatId)).register(apiDoc, {
      description:
        'The chat the notification bot writes to (or bind it with POST /v1/managers/{managerId}/telegram-link). Absent: kept as it is; null: unbound',
      example: 123456789,
    }),
    bitrix24UserId: z.optional(z.nullable(Bitrix24UserId)).register(apiDoc, {
      description:
        'The manager in Bitrix24 (ASSIGNED_BY_ID of the leads a bitrix24 webhook creates). Absent: kept; null: removed',
      example: 7,
    }),
  })
  .register(apiDoc, { id: 'ManagerInput' });

export const ManagerSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    team: z.enum(TEAMS),
    extensions: z.array(z.string()),
    phones: z.array(z.string()),
    weight: z.number(),
    active: z.boolean(),
    workingHours: z.optional(WorkingHoursSchema),
    telegramChatId: z
      .optional(z.string())
      .register(apiDoc, { description: 'Decimal Telegram chat id' }),
    bitrix24UserId: z.optional(z.string()),
    updatedAt: z.string(),
    openLeads: z
      .optional(z.number())
      .register(apiDoc, { description: 'Leads assigned or accepted, not closed' }),
  })
  .register(apiDoc, { id: 'Manager' });

export const KeyInputSchema = z
  .strictObject({
    name: Name(),
    role: z.enum(ROLES),
    managerId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  })
  .check(
    z.refine((input) => (input.role === 'manager') === (input.managerId !== undefined), {
      message: 'a manager key names its managerId; other roles do not',
      path: ['managerId'],
    }),
  )
  .register(apiDoc, { id: 'KeyInput' });

const KeyFields = {
  keyId: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  managerId: z.optional(z.string()),
  createdAt: z.string(),
  revokedAt: z.optional(z.string()),
};

export const KeySchema = z.object(KeyFields).register(apiDoc, { id: 'Key' });

export const CreatedKeySchema = z
  .object({
    ...KeyFields,
    key: z.string().register(apiDoc, { description: 'The secret, shown only in this response' }),
  })
  .register(apiDoc, { id: 'CreatedKey' });

export const MeSchema = z
  .object({
    keyId: z.string().register(apiDoc, { description: '`admin` for ADMIN_API_KEY' }),
    role: z.enum(ROLES),
    managerId: z
      .optional(z.string())
      .register(apiDoc, { description: 'For a manager key: whose it is' }),
  })
  .register(apiDoc, { id: 'Me' });

export const CalendarDate = z
  .string()
  .check(
    z.regex(/^\d{4}-\d{2}-\d{2}$/, 'a date, YYYY-MM-DD'),
    z.refine(isCalendarDate, 'a real calendar date'),
  );

/** A date described where it is used (one schema per description: metadata is per schema). */
const day = (description: string) => CalendarDate.clone().register(apiDoc, { description });
const optionalDay = (description: string) =>
  z.optional(CalendarDate).register(apiDoc, { description });

/** A whole number in a query (1 … max), `byDefault` when left out. */
const queryInt = (max: number, byDefault: number) =>
  z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(max)), byDefault);
const Cursor = () => z.optional(z.string().check(z.maxLength(2_000)));
const ManagerId = () => z.optional(z.string().check(z.minLength(1), z.maxLength(64)));

export const LeadListQuerySchema = z.strictObject({
  status: z.optional(z.enum(LEAD_STATUSES)),
  managerId: ManagerId(),
  channel: z.optional(z.enum(LEAD_CHANNELS)),
  from: optionalDay('First day, inclusive, in TIME_ZONE'),
  to: optionalDay('Last day, inclusive, in TIME_ZONE'),
  limit: queryInt(100, 50),
  cursor: Cursor(),
});

/** Documents the CSV answer of GET /v1/calls and GET /v1/leads (routes/csv-export.ts). */
export const CsvExportSchema = z.string().register(apiDoc, {
  description:
    'With Accept: text/csv or format=csv: every matching row (limit = rows per store read), RFC 4180 with a header row and a UTF-8 BOM, as an attachment; columns in docs/api.md',
});

/** In AWS a CSV export is written to S3 and answered with a link (an HTTP API cannot stream). */
export const csvExportRedirect = {
  description:
    'In AWS, a CSV export: written whole to the exports bucket, then a redirect to a presigned download link valid for 10 minutes (Location); clients follow it without the API key',
  headers: z.object({ Location: z.url() }),
} as const satisfies ResponseSpec;

export const LeadPageSchema = z
  .object({ items: z.array(LeadSchema), nextCursor: z.nullable(z.string()) })
  .register(apiDoc, { id: 'LeadPage' });

/** An amount in currency units with at most two decimals (1234.56). */
export const AmountSchema = z
  .number()
  .check(
    z.nonnegative(),
    z.maximum(MAX_AMOUNT),
    z.refine(hasAtMostTwoDecimals, 'at most two decimals'),
  )
  .register(apiDoc, { description: 'In currency units, up to 2 decimals', example: 125000 });

export const CurrencySchema = z
  .string()
  .check(z.regex(CURRENCY, 'an ISO 4217 code such as RUB'))
  .register(apiDoc, { description: `ISO 4217; default ${BASE_CURRENCY}`, example: BASE_CURRENCY });

const Reason = z.string().check(z.trim(), z.minLength(1), z.maxLength(500));

export const CloseInputSchema = z
  .strictObject({
    outcome: z.enum(LEAD_OUTCOMES),
    amount: z.optional(AmountSchema).register(apiDoc, {
      description: `The deal's amount; a won lead's counts to its manager and its client (${BASE_CURRENCY} only in revenue; other currencies apart)`,
    }),
    currency: z.optional(CurrencySchema),
    reason: z.optional(Reason).register(apiDoc, { description: 'Why: a lost reason, a note' }),
  })
  .register(apiDoc, { id: 'CloseLeadInput' });

// ── calls and metrics ────────────────────────────────────────────────────────────────────

export const CallListQuerySchema = z.strictObject({
  from: optionalDay('First day, inclusive, in TIME_ZONE'),
  to: optionalDay('Last day, inclusive, in TIME_ZONE'),
  managerId: ManagerId(),
  direction: z.optional(z.enum(['inbound', 'outbound'])),
  outcome: z.optional(z.enum(['answered', 'effective', 'missed', 'short_abandon', 'not_reached'])),
  limit: queryInt(100, 50),
  cursor: Cursor(),
});

export const CallPageSchema = z
  .object({ items: z.array(CallSchema), nextCursor: z.nullable(z.string()) })
  .register(apiDoc, { id: 'CallPage' });

/** The schema, described in the document (a new schema each: metadata is per schema). */
const described = <S extends z.core.$ZodType>(schema: S, description: string): S => {
  apiDoc.add(schema, { description });
  return schema;
};

const CallFigures = {
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
};

type DayRange = { readonly from: string; readonly to: string };

/** Inclusive dates, `from` not after `to`, at most 366 days. */
const dayRange = () =>
  [
    z.refine<DayRange>((q) => q.from <= q.to, { message: 'from is after to', path: ['from'] }),
    z.refine<DayRange>((q) => Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000, {
      message: 'at most 366 days at once',
      path: ['to'],
    }),
  ] as const;

export const CallMetricsQuerySchema = z
  .strictObject({
    from: day('First day, inclusive, in TIME_ZONE'),
    to: day('Last day, inclusive, in TIME_ZONE'),
    managerId: ManagerId(),
    groupBy: z.optional(z.enum(['day', 'manager'])),
  })
  .check(...dayRange());

export const CallMetricsSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    timeZone: z.string(),
    thresholds: z.object({ effectiveTalkSeconds: z.number(), shortAbandonSeconds: z.number() }),
    totals: z.object(CallFigures),
    groups: z.optional(z.array(z.object({ key: z.string(), ...CallFigures }))),
  })
  .register(apiDoc, { id: 'CallMetrics' });

// ── routing and lead metrics ─────────────────────────────────────────────────────────────

export const RoutingPolicySchema = z
  .object({
    team: z.enum(TEAMS),
    strategy: z.enum(ROUTING_STRATEGIES),
  })
  .register(apiDoc, { id: 'RoutingPolicy' });

export const RoutingPolicyInputSchema = z
  .strictObject({
    strategy: z.enum(ROUTING_STRATEGIES).register(apiDoc, {
      description:
        'round-robin: weighted, interleaved; least-loaded: fewest open leads, ties by weight then longest idle',
    }),
  })
  .register(apiDoc, { id: 'RoutingPolicyInput' });

export const TeamParam = z.object({ team: z.enum(TEAMS) });

const Speed = z.object({
  count: z.number(),
  p50Seconds: z.nullable(z.number()),
  p90Seconds: z.nullable(z.number()),
  within5Minutes: z.nullable(z.number()).register(apiDoc, { description: 'Share (0–1)' }),
  within15Minutes: z.nullable(z.number()),
  within60Minutes: z.nullable(z.number()),
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
    managerId: ManagerId(),
    groupBy: z.optional(z.enum(['day', 'manager'])),
  })
  .check(...dayRange());

export const LeadMetricsSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    timeZone: z.string(),
    acceptTimeoutSeconds: z.number(),
    totals: z.object(LeadFigures),
    groups: z.optional(z.array(z.object({ key: z.string(), ...LeadFigures }))),
  })
  .register(apiDoc, { id: 'LeadMetrics' });

// ── the quarantine ───────────────────────────────────────────────────────────────────────

export const HeldListQuerySchema = z.strictObject({
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
});

const HeldIssueSchema = z.object({ path: z.string(), message: z.string() });

const HeldItemFields = {
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
};

export const HeldItemSchema = z.object(HeldItemFields).register(apiDoc, { id: 'HeldRequest' });

export const HeldPageSchema = z
  .object({ items: z.array(HeldItemSchema), nextCursor: z.nullable(z.string()) })
  .register(apiDoc, { id: 'HeldPage' });

export const HeldDetailSchema = z
  .object({
    ...HeldItemFields,
    query: z.string(),
    headers: described(z.record(z.string(), z.string()), 'The headers kept to read it again'),
    body: z.object({
      encoding: z.enum(['utf8', 'base64']),
      data: z.string(),
    }),
  })
  .register(apiDoc, { id: 'HeldRequestDetail' });

export const ReprocessResultSchema = z
  .object({
    id: z.string(),
    status: z.enum(HELD_STATUSES),
    reason: z.optional(z.enum(HELD_REASONS)),
    issues: z.optional(z.array(HeldIssueSchema)),
    eventIds: z.optional(z.array(z.string())),
  })
  .register(apiDoc, { id: 'ReprocessResult' });

// ── delivering work to managers ──────────────────────────────────────────────────────────

export const TelegramLinkSchema = z
  .object({
    code: described(z.string(), 'One-time code, [A-Za-z0-9_-]{1,64}'),
    url: z.string().register(apiDoc, { example: 'https://t.me/acme_leads_bot?start=Xy3…' }),
    expiresAt: z.string(),
  })
  .register(apiDoc, { id: 'TelegramLink' });

const BITRIX24_URL = /^https?:\/\/[^/\s]+\/rest\/\d+\/[A-Za-z0-9]+\/?$/;

export const WebhookInputSchema = z
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
  .register(apiDoc, { id: 'WebhookInput' });

export const WebhookSchema = z
  .object({
    name: z.string(),
    url: described(z.string(), "A Bitrix24 webhook's code is shown masked"),
    events: z.array(z.enum(EVENT_TYPES)),
    format: z.enum(WEBHOOK_FORMATS),
    active: z.boolean(),
    hasSecret: z.boolean(),
    updatedAt: z.string(),
  })
  .register(apiDoc, { id: 'Webhook' });

export const DeliverySchema = z
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
  .register(apiDoc, { id: 'Delivery' });

export const DeliveryListQuerySchema = z.strictObject({ limit: queryInt(100, 20) });

// ── the head of sales' month ─────────────────────────────────────────────────────────────

const DealId = z
  .string()
  .check(z.regex(/^[\x21-\x7e]{1,128}$/, 'the CRM’s deal id: 1–128 visible ASCII characters'))
  .register(apiDoc, { example: 'bitrix-deal-4711' });

export const DealInputSchema = z
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
  .register(apiDoc, { id: 'DealInput' });

export const DealSchema = z
  .object({
    dealId: z.string(),
    leadId: z.string(),
    contactId: z.string(),
    outcome: z.enum(LEAD_OUTCOMES),
    amount: z.optional(z.number()),
    currency: z.string(),
    reason: z.optional(z.string()),
    closedAt: z.string(),
    effect: z.enum(['closed', 'replaced', 'unchanged']).register(apiDoc, {
      description:
        'closed: it closed an open lead; replaced: a won deal took the place of a closed lead’s close; unchanged: a lost or spam deal on a closed lead',
    }),
    recordedAt: z.string(),
  })
  .register(apiDoc, { id: 'Deal' });

export const MonthParam = z.object({
  month: z
    .string()
    .check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month, YYYY-MM'))
    .register(apiDoc, { example: '2026-11' }),
});

const Count = () => z.optional(z.number().check(z.int(), z.nonnegative(), z.maximum(10_000_000)));

export const TargetsSchema = z
  .strictObject({
    leads: Count(),
    calls: Count(),
    effectiveConversations: Count(),
    won: Count(),
    revenue: z.optional(AmountSchema).register(apiDoc, { description: `In ${BASE_CURRENCY}` }),
  })
  .register(apiDoc, { id: 'Targets' });

export const PlanInputSchema = z
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
  .register(apiDoc, { id: 'PlanInput' });

const TargetProgressSchema = z
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
  .register(apiDoc, { id: 'TargetProgress' });

const ProgressSchema = z
  .object({
    leads: TargetProgressSchema,
    calls: TargetProgressSchema,
    effectiveConversations: TargetProgressSchema,
    won: TargetProgressSchema,
    revenue: TargetProgressSchema,
  })
  .register(apiDoc, { id: 'PlanProgressByTarget' });

export const PlanProgressSchema = z
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
  .register(apiDoc, { id: 'PlanProgress' });

export const FunnelQuerySchema = z
  .strictObject({
    from: day('First creation day, inclusive, in TIME_ZONE'),
    to: day('Last creation day, inclusive, in TIME_ZONE'),
    managerId: ManagerId(),
    groupBy: z.optional(z.enum(['channel', 'manager'])),
  })
  .check(...dayRange());

const FunnelStageSchema = z
  .object({
    stage: z.enum(FUNNEL_STAGES),
    count: z.number(),
    conversionFromPrevious: z.nullable(z.number()),
  })
  .register(apiDoc, { id: 'FunnelStage' });

export const FunnelSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    timeZone: z.string(),
    stages: z.array(FunnelStageSchema),
    groups: z.optional(z.array(z.object({ key: z.string(), stages: z.array(FunnelStageSchema) }))),
  })
  .register(apiDoc, { id: 'Funnel' });

export const ClientsQuerySchema = z.strictObject({
  asOf: optionalDay('Default today in TIME_ZONE'),
  months: queryInt(36, 12),
  managerId: ManagerId().register(apiDoc, {
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
  .register(apiDoc, { id: 'Clients' });
