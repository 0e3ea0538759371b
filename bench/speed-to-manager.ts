import { setTimeout as sleep } from 'node:timers/promises';
import { startTelegramStandIn } from '../test/support/stand-ins/telegram';
import { atLeast, type Benchmark, figuresOf } from './report';
import { startBenchStack } from './support/local-system';
import { formRequest, phoneOf, SITE_KEY, SITE_TOKEN } from './support/requests';
import { percentile } from './support/stats';

const RATE_PER_SECOND = 22;
const SECONDS = 16;
const FORMS = RATE_PER_SECOND * SECONDS;
/** Enough managers that no chat needs more than Telegram's one message a second. */
const MANAGERS = 40;
/** Receive loops per queue, like Lambda's concurrent batches. */
const POLLERS = 4;
const BOT_TOKEN = '7000000001:AAtest_notification_bot_token_0123';
const WAIT_MS = 120_000;

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export const speedToManager: Benchmark = {
  name: 'speed-to-manager',
  description: `${FORMS} forms at ${RATE_PER_SECOND}/s over HTTP through startLocalStack (pollers: ${POLLERS} per queue) to ${MANAGERS} managers' Telegram chats on a Bot API stand-in: from the form's 200 to its sendMessage arriving`,
  async run({ log, servers }) {
    const figure = figuresOf('speed-to-manager');
    const telegram = await startTelegramStandIn();
    const bench = await startBenchStack(await servers(), 'speed', {
      pollers: true,
      concurrency: POLLERS,
      env: {
        NOTIFY_TELEGRAM_BOT_TOKEN: BOT_TOKEN,
        NOTIFY_TELEGRAM_SECRET_TOKEN: 'bench-notify-secret',
        TELEGRAM_API_BASE_URL: telegram.url,
      },
    });
    try {
      for (let i = 0; i < MANAGERS; i++) {
        await bench.api('PUT', `/v1/managers/m${i + 1}`, {
          name: `Manager ${i + 1}`,
          team: 'acquisition',
          extensions: [],
          active: true,
          telegramChatId: 900_000 + i,
        });
      }
      await bench.api('PUT', `/v1/sites/${SITE_KEY}`, {
        name: 'Shop',
        allowedOrigins: [],
        token: SITE_TOKEN,
      });

      // One form every 1/RATE s, each sent without waiting for the ones before it.
      const answered = new Map<string, number>();
      const statuses: number[] = [];
      const answerMs: number[] = [];
      const started = performance.now();
      const startedAt = Date.now();
      const posts: Promise<void>[] = [];
      for (let i = 0; i < FORMS; i++) {
        const due = started + (i * 1000) / RATE_PER_SECOND;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        const request = formRequest(1_000 + i);
        posts.push(
          (async () => {
            const t0 = performance.now();
            const response = await fetch(`${bench.stack.url}${request.path}`, {
              method: 'POST',
              headers: request.headers,
              body: request.body,
            });
            await response.arrayBuffer();
            answered.set(phoneOf(1_000 + i), Date.now());
            answerMs.push(performance.now() - t0);
            statuses.push(response.status);
          })(),
        );
      }
      await Promise.all(posts);
      const postedSeconds = (Date.now() - startedAt) / 1000;
      if (statuses.some((s) => s !== 200)) {
        throw new Error(`forms refused: ${JSON.stringify(statuses.filter((s) => s !== 200))}`);
      }

      const deadline = Date.now() + WAIT_MS;
      while (telegram.sent().length < FORMS && Date.now() < deadline) await sleep(100);
      const latencies: number[] = [];
      for (const call of telegram.sent()) {
        const phone = /\+7\d{10}/.exec(String(call.body.text))?.[0];
        const at = phone ? answered.get(phone) : undefined;
        if (at !== undefined) latencies.push(call.at.getTime() - at);
      }
      if (latencies.length < FORMS) {
        throw new Error(`${latencies.length} of ${FORMS} messages arrived in ${WAIT_MS / 1000} s`);
      }
      if (telegram.problems.length > 0) throw new Error(`Bot API refused: ${telegram.problems[0]}`);
      // Where the time goes: the router (form 200 → the lead assigned) and the notify path
      // (assigned → the message at Telegram).
      const assignedAt = new Map<string, number>();
      let cursor: string | null = null;
      do {
        const page = (await bench.api(
          'GET',
          `/v1/leads?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        )) as {
          items: { contact: { phone?: string }; assignedAt?: string }[];
          nextCursor: string | null;
        };
        for (const lead of page.items) {
          if (lead.contact.phone && lead.assignedAt) {
            assignedAt.set(lead.contact.phone, Date.parse(lead.assignedAt));
          }
        }
        cursor = page.nextCursor;
      } while (cursor);
      const routing: number[] = [];
      const notifying: number[] = [];
      for (const call of telegram.sent()) {
        const phone = /\+7\d{10}/.exec(String(call.body.text))?.[0] ?? '';
        const answeredAt = answered.get(phone);
        const assigned = assignedAt.get(phone);
        if (answeredAt === undefined || assigned === undefined) continue;
        routing.push(assigned - answeredAt);
        notifying.push(call.at.getTime() - assigned);
      }
      const rate = FORMS / postedSeconds;
      const perChat = new Map<string, number[]>();
      for (const call of telegram.sent()) {
        const chat = String(call.body.chat_id);
        perChat.set(chat, [...(perChat.get(chat) ?? []), call.at.getTime()]);
      }
      const closest = Math.min(
        ...[...perChat.values()].flatMap((times) =>
          times
            .sort((a, b) => a - b)
            .slice(1)
            .map((t, i) => t - (times[i] ?? t)),
        ),
      );
      log(
        `${FORMS} forms in ${postedSeconds.toFixed(1)} s (${rate.toFixed(1)}/s), HTTP 200 p50 ${seconds(percentile(answerMs, 50))}; ` +
          `${latencies.length} messages; speed to manager p50 ${seconds(percentile(latencies, 50))}, p99 ${seconds(percentile(latencies, 99))}, max ${seconds(Math.max(...latencies))}; ` +
          `closest two messages in one chat ${closest} ms apart (arrivals; sends are spaced 1 s)`,
      );
      log(
        `of which: form 200 → lead assigned (router) p50 ${seconds(percentile(routing, 50))}, p99 ${seconds(percentile(routing, 99))}; ` +
          `assigned → sendMessage (notify, deliver) p50 ${seconds(percentile(notifying, 50))}, p99 ${seconds(percentile(notifying, 99))}`,
      );
      return [
        figure('forms posted', rate, `${rate.toFixed(1)} forms/s`, atLeast(20, '≥ 20/s')),
        figure(
          'speed to manager p50 (form 200 → sendMessage)',
          percentile(latencies, 50),
          seconds(percentile(latencies, 50)),
        ),
        figure(
          'speed to manager p99',
          percentile(latencies, 99),
          seconds(percentile(latencies, 99)),
        ),
        figure(
          'of which assigned → sendMessage p50 / p99',
          percentile(notifying, 99),
          `${seconds(percentile(notifying, 50))} / ${seconds(percentile(notifying, 99))}`,
        ),
        figure(
          'one chat: closest two messages as they arrived',
          closest,
          `${closest} ms`,
          undefined,
          'sends to one chat start ≥ 1 s apart (a spacing item in DynamoDB); arrivals jitter with the HTTP round trip',
        ),
      ];
    } finally {
      await bench.stop();
      await telegram.stop();
    }
  },
};
