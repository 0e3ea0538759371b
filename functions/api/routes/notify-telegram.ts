import { bodyLimit } from 'hono/body-limit';
import { safeEqual } from '../../../shared/crypto';
import { problem } from '../../../shared/http/problem';
import { logger } from '../../../shared/logger';
import {
  handleTelegramUpdate,
  TelegramUpdateSchema,
} from '../../../shared/notify/telegram-updates';
import type { ApiDeps } from '../deps';
import { type ApiRoute, defineRoute, route } from '../openapi/route';
import { errorResponses } from '../schemas';

export const NOTIFY_TELEGRAM_PATH = '/v1/notify/telegram';
const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

/**
 * `POST /v1/notify/telegram`: the managers' bot's updates (its setWebhook points here), checked
 * by the secret_token Telegram sends in a header — an inbound webhook, so no API key. 404 with
 * no bot configured; 401 with a wrong or missing secret; 200 once the update was handled (a
 * failure of our own answers 5xx, and Telegram sends the update again).
 */
const notifyTelegram = defineRoute({
  method: 'post',
  path: NOTIFY_TELEGRAM_PATH,
  tags: ['notifications'],
  summary:
    "Updates of the managers' notification bot (Telegram calls it): /start <code> binds a chat, the Accept button accepts",
  description:
    'Authenticated by the header X-Telegram-Bot-Api-Secret-Token = NOTIFY_TELEGRAM_SECRET_TOKEN (setWebhook secret_token). 404 when no bot is configured.',
  responses: { 200: { description: 'Handled' }, ...errorResponses },
});

export const notifyTelegramRoute = (deps: ApiDeps): ApiRoute =>
  route(
    notifyTelegram,
    async (c) => {
      const telegram = deps.notifyTelegram;
      if (!telegram) return problem(c, 'not_found', 'No notification bot is configured.');
      const given = c.req.header(SECRET_HEADER);
      if (!telegram.secretToken || !given || !safeEqual(given, telegram.secretToken)) {
        logger.warn('notify bot update refused', { reason: 'secret token' });
        return problem(c, 'unauthorized', 'The secret token header is missing or wrong.');
      }
      let body: unknown;
      try {
        body = await c.req.json();
      } catch {
        return problem(c, 'invalid_payload', 'The body is not JSON.');
      }
      const update = TelegramUpdateSchema.safeParse(body);
      if (!update.success) {
        return problem(
          c,
          'invalid_payload',
          undefined,
          update.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        );
      }
      await handleTelegramUpdate(
        {
          leads: deps.leads,
          leadWrites: deps.leadWrites,
          contacts: deps.contacts,
          managers: deps.managers,
          telegramLinks: deps.telegramLinks,
          assignments: deps.assignments,
          bot: telegram.bot,
          texts: deps.texts,
          timeZone: deps.timeZone,
          now: deps.now,
        },
        update.data,
      );
      return c.json({ ok: true }, 200);
    },
    {
      middleware: [
        bodyLimit({
          maxSize: 256 * 1024,
          onError: (c) => problem(c, 'payload_too_large', 'Webhook bodies are limited to 256 KB.'),
        }),
      ],
    },
  );
