import { randomBytes } from 'node:crypto';
import type * as z from 'zod/mini';
import { sha256Hex } from '../../../shared/crypto';
import { toE164 } from '../../../shared/domain/phone';
import { type Manager, TEAMS, WEEK_DAYS } from '../../../shared/domain/types';
import { problem } from '../../../shared/http/problem';
import { hasRole } from '../auth';
import type { ApiDeps } from '../deps';
import { type ApiRoute, BEARER, defineRoute, route } from '../openapi/route';
import {
  errorResponses,
  IdParam,
  itemsOf,
  ManagerInputSchema,
  ManagerSchema,
  TelegramLinkSchema,
} from '../schemas';

const toView = (manager: Manager): z.infer<typeof ManagerSchema> => ({
  id: manager.id,
  name: manager.name,
  team: manager.team,
  extensions: [...manager.extensions],
  phones: [...manager.phones],
  weight: manager.weight,
  active: manager.active,
  ...(manager.workingHours
    ? {
        workingHours: {
          ...(manager.workingHours.timeZone ? { timeZone: manager.workingHours.timeZone } : {}),
          // In the week's order (the store keeps a map, in no order of its own).
          days: Object.fromEntries(
            WEEK_DAYS.flatMap((day) => {
              const hours = manager.workingHours?.days[day];
              return hours
                ? [[day, hours.map(([from, to]) => [from, to] as [string, string])]]
                : [];
            }),
          ),
        },
      }
    : {}),
  ...(manager.telegramChatId ? { telegramChatId: manager.telegramChatId } : {}),
  ...(manager.bitrix24UserId ? { bitrix24UserId: manager.bitrix24UserId } : {}),
  updatedAt: manager.updatedAt,
});

const managerParam = IdParam('managerId', 'Your id for the manager, e.g. an employee number');

const putManager = defineRoute({
  method: 'put',
  path: '/v1/managers/{managerId}',
  tags: ['managers'],
  summary: 'Create or update a sales manager',
  security: BEARER,
  request: {
    params: managerParam,
    body: ManagerInputSchema,
  },
  responses: {
    200: { description: 'The manager', content: { 'application/json': { schema: ManagerSchema } } },
    ...errorResponses,
  },
});

const listManagers = defineRoute({
  method: 'get',
  path: '/v1/managers',
  tags: ['managers'],
  summary: 'List managers',
  security: BEARER,
  responses: {
    200: {
      description: 'All managers',
      content: { 'application/json': { schema: itemsOf(ManagerSchema) } },
    },
    ...errorResponses,
  },
});

const getManager = defineRoute({
  method: 'get',
  path: '/v1/managers/{managerId}',
  tags: ['managers'],
  summary: 'One manager',
  security: BEARER,
  request: { params: managerParam },
  responses: {
    200: { description: 'The manager', content: { 'application/json': { schema: ManagerSchema } } },
    ...errorResponses,
  },
});

const createTelegramLink = defineRoute({
  method: 'post',
  path: '/v1/managers/{managerId}/telegram-link',
  tags: ['managers'],
  summary:
    "A one-time link (24 h) that binds the manager's Telegram chat to the notification bot: the manager opens it and taps Start",
  security: BEARER,
  request: { params: managerParam },
  responses: {
    200: {
      description: 'The link',
      content: { 'application/json': { schema: TelegramLinkSchema } },
    },
    ...errorResponses,
  },
});

/** How long a /start link works. */
export const TELEGRAM_LINK_SECONDS = 24 * 3_600;

export const managerRoutes = (deps: ApiDeps): ApiRoute[] => [
  route(putManager, async (c, { params, body: input }) => {
    if (!hasRole(c, 'head')) return problem(c, 'forbidden');
    const { managerId } = params;
    const phones: string[] = [];
    const issues: { path: string; message: string }[] = [];
    (input.phones ?? []).forEach((phone, index) => {
      const result = toE164(phone, deps.defaultCountry);
      if (result.ok) phones.push(result.e164);
      else issues.push({ path: `phones.${index}`, message: 'not a valid phone number' });
    });
    if (issues.length > 0) return problem(c, 'invalid_payload', undefined, issues);
    // The chat bound by /start and the Bitrix24 user stay unless the request names them.
    const existing =
      input.telegramChatId === undefined || input.bitrix24UserId === undefined
        ? await deps.managers.get(managerId)
        : undefined;
    const telegramChatId =
      input.telegramChatId === undefined
        ? existing?.telegramChatId
        : (input.telegramChatId ?? undefined);
    const bitrix24UserId =
      input.bitrix24UserId === undefined
        ? existing?.bitrix24UserId
        : (input.bitrix24UserId ?? undefined);
    const manager: Manager = {
      id: managerId,
      name: input.name,
      team: input.team,
      extensions: input.extensions,
      phones,
      weight: input.weight,
      active: input.active,
      workingHours: input.workingHours,
      ...(telegramChatId ? { telegramChatId } : {}),
      ...(bitrix24UserId ? { bitrix24UserId } : {}),
      updatedAt: deps.now().toISOString(),
    };
    await deps.managers.put(manager);
    // Someone may have become eligible: offer the waiting leads (both lines: owners cross teams).
    const dueAt = deps.now().toISOString();
    for (const team of TEAMS) await deps.sla?.schedule({ type: 'assign-waiting', team, dueAt });
    return c.json(toView(manager), 200);
  }),
  route(listManagers, async (c) => {
    if (!hasRole(c, 'head')) return problem(c, 'forbidden');
    const [managers, loads] = await Promise.all([deps.managers.list(), deps.routing.loads()]);
    return c.json(
      {
        items: managers.map((m) => ({
          ...toView(m),
          openLeads: loads.get(m.id)?.openLeads ?? 0,
        })),
      },
      200,
    );
  }),
  route(getManager, async (c, { params }) => {
    const { managerId } = params;
    const principal = c.get('principal');
    if (!hasRole(c, 'head') && principal.managerId !== managerId) return problem(c, 'forbidden');
    const manager = await deps.managers.get(managerId);
    if (!manager) return problem(c, 'not_found', 'No manager with this id.');
    return c.json(toView(manager), 200);
  }),
  route(createTelegramLink, async (c, { params }) => {
    const { managerId } = params;
    const principal = c.get('principal');
    if (!hasRole(c, 'head') && principal.managerId !== managerId) return problem(c, 'forbidden');
    const bot = deps.notifyTelegram?.bot;
    if (!bot) {
      return problem(
        c,
        'not_found',
        'No notification bot is configured (NOTIFY_TELEGRAM_BOT_TOKEN).',
      );
    }
    if (!(await deps.managers.get(managerId))) {
      return problem(c, 'not_found', 'No manager with this id.');
    }
    let username: string;
    try {
      username = await bot.username();
    } catch {
      return problem(
        c,
        'unavailable',
        "Telegram did not tell the bot's name (getMe); retry later.",
      );
    }
    const code = randomBytes(24).toString('base64url'); // 32 of [A-Za-z0-9_-]
    const expiresAt = new Date(deps.now().getTime() + TELEGRAM_LINK_SECONDS * 1000);
    await deps.telegramLinks.create(sha256Hex(code), managerId, expiresAt);
    return c.json(
      {
        code,
        url: `https://t.me/${encodeURIComponent(username)}?start=${code}`,
        expiresAt: expiresAt.toISOString(),
      },
      200,
    );
  }),
];
