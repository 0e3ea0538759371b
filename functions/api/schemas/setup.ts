import * as z from 'zod/mini';
import { ROLES, TEAMS, WEEK_DAYS } from '../../../shared/domain/types';
import { apiDoc } from '../../../shared/http/api/doc';
import { Name, Origin, once } from './common';

/** Sites, managers and their working hours, API keys, who the caller is. */

export const SiteInputSchema = z.lazy(() =>
  z
    .strictObject({
      name: Name(),
      allowedOrigins: z._default(z.array(Origin).check(z.maxLength(50)), []),
      token: z
        .optional(z.string().check(z.minLength(16, 'at least 16 characters'), z.maxLength(200)))
        .register(apiDoc, {
          description: 'Secret for server-to-server posts; stored only as a hash',
        }),
      honeypotField: z
        .optional(z.string().check(z.minLength(1), z.maxLength(100)))
        .register(apiDoc, {
          description:
            'A field no visible input uses (e.g. `_hp`); filled, the post is held as spam. Leave it out for none.',
        }),
    })
    .register(apiDoc, { id: 'SiteInput' }),
);

export const SiteSchema = z.lazy(() =>
  z
    .object({
      siteKey: z.string(),
      name: z.string(),
      allowedOrigins: z.array(z.string()),
      hasToken: z.boolean(),
      honeypotField: z.optional(z.string()),
      updatedAt: z.string(),
    })
    .register(apiDoc, { id: 'Site' }),
);

export const Time = z.lazy(() =>
  z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM')),
);
export const Interval = z.lazy(() =>
  z
    .tuple([Time, Time])
    .check(z.refine(([from, to]) => from < to, 'an interval ends after it starts')),
);

export const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

export const WorkingHoursSchema = z.lazy(() =>
  z
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
    .register(apiDoc, { id: 'WorkingHours' }),
);

/** A Telegram chat id: an integer (groups' are negative, up to 52 bits), or its decimal string. */
export const TelegramChatId = z.lazy(() =>
  z.pipe(
    z.union([
      z.number().check(z.int(), z.minimum(-(2 ** 53) + 1), z.maximum(2 ** 53 - 1)),
      z.string().check(z.regex(/^-?\d{1,16}$/)),
    ]),
    z.transform((id) => String(id)),
  ),
);

export const Bitrix24UserId = z.lazy(() =>
  z.pipe(
    z.union([
      z.number().check(z.int(), z.minimum(1), z.maximum(2 ** 31 - 1)),
      z.string().check(z.regex(/^[1-9]\d{0,9}$/)),
    ]),
    z.transform((id) => String(id)),
  ),
);

export const ManagerInputSchema = z.lazy(() =>
  z
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
    .register(apiDoc, { id: 'ManagerInput' }),
);

export const ManagerSchema = z.lazy(() =>
  z
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
    .register(apiDoc, { id: 'Manager' }),
);

export const KeyInputSchema = z.lazy(() =>
  z
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
    .register(apiDoc, { id: 'KeyInput' }),
);

export const KeyFields = once(() => ({
  keyId: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  managerId: z.optional(z.string()),
  createdAt: z.string(),
  revokedAt: z.optional(z.string()),
}));

export const KeySchema = z.lazy(() => z.object(KeyFields()).register(apiDoc, { id: 'Key' }));

export const CreatedKeySchema = z.lazy(() =>
  z
    .object({
      ...KeyFields(),
      key: z.string().register(apiDoc, { description: 'The secret, shown only in this response' }),
    })
    .register(apiDoc, { id: 'CreatedKey' }),
);

export const MeSchema = z.lazy(() =>
  z
    .object({
      keyId: z.string().register(apiDoc, { description: '`admin` for ADMIN_API_KEY' }),
      role: z.enum(ROLES),
      managerId: z
        .optional(z.string())
        .register(apiDoc, { description: 'For a manager key: whose it is' }),
    })
    .register(apiDoc, { id: 'Me' }),
);
