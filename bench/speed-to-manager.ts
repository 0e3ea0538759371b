import { setTimeout as sleep } from 'node:timers/promises';
import { startTelegramStandIn, type TelegramStandIn } from '../test/support/stand-ins/telegram';
import { atLeast, type Benchmark, figuresOf } from './report';
import { type BenchStack, startBenchStack } from './support/local-system';
import { formRequest, phoneOf, SITE_KEY, SITE_TOKEN } from './support/requests';
import { percentile } from './support/stats';

/** The load the issue asks for (≥ 20 forms/s), and a quiet run beside it: the path's own cost. */
const PHASES = [
  { name: 'quiet', perSecond: 2, seconds: 10 },
  { name: 'loaded', perSecond: 22, seconds: 16 },
] as const;
/** Enough managers that no chat needs more than Telegram's one message a second. */
const MANAGERS = 40;
/** Receive loops per queue, like Lambda's concurrent batches. */
const POLLERS = 4;
const BOT_TOKEN = '7000000001:AAtest_notification_bot_token_0123';
const WAIT_MS = 120_000;

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const PHONE = /\+7\d{10}/;

type Phase = (typeof PHASES)[number];

/** Posts a phase's forms at its rate and waits for every message; times in epoch ms. */
const runPhase = async (
  bench: BenchStack,
  telegram: TelegramStandIn,
  phase: Phase,
  offset: number,
) => {
  const count = phase.perSecond * phase.seconds;
  const answered = new Map<string, number>();
  const statuses: number[] = [];
  const started = performance.now();
  const startedAt = Date.now();
  const posts: Promise<void>[] = [];
  // One form every 1/rate s, each sent without waiting for the ones before it.
  for (let i = 0; i < count; i++) {
    const wait = started + (i * 1000) / phase.perSecond - performance.now();
    if (wait > 0) await sleep(wait);
    const request = formRequest(offset + i);
    posts.push(
      (async () => {
        const response = await fetch(`${bench.stack.url}${request.path}`, {
          method: 'POST',
          headers: request.headers,
          body: request.body,
        });
        await response.arrayBuffer();
        answered.set(phoneOf(offset + i), Date.now());
        statuses.push(response.status);
      })(),
    );
  }
  await Promise.all(posts);
  const rate = count / ((Date.now() - startedAt) / 1000);
  if (statuses.some((s) => s !== 200)) throw new Error(`forms refused: ${statuses.join(',')}`);

  const mine = () =>
    telegram.sent().filter((c) => answered.has(PHONE.exec(String(c.body.text))?.[0] ?? ''));
  const deadline = Date.now() + WAIT_MS;
  while (mine().length < count && Date.now() < deadline) await sleep(100);
  if (mine().length < count) {
    throw new Error(`${mine().length} of ${count} messages arrived in ${WAIT_MS / 1000} s`);
  }

  // Where the time goes: the router (form 200 → lead assigned), then notify and deliver.
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
  const total: number[] = [];
  const notifying: number[] = [];
  for (const call of mine()) {
    const phone = PHONE.exec(String(call.body.text))?.[0] ?? '';
    const answer = answered.get(phone) ?? 0;
    total.push(call.at.getTime() - answer);
    notifying.push(call.at.getTime() - (assignedAt.get(phone) ?? answer));
  }
  return { count, rate, total, notifying };
};

export const speedToManager: Benchmark = {
  name: 'speed-to-manager',
  description: `forms over HTTP through startLocalStack (pollers: ${POLLERS} per queue) to ${MANAGERS} managers' Telegram chats on a Bot API stand-in, from the form's 200 to its sendMessage arriving: ${PHASES.map((p) => `${p.perSecond * p.seconds} at ${p.perSecond}/s`).join(', then ')}`,
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

      const figures = [];
      let offset = 1_000;
      for (const phase of PHASES) {
        const result = await runPhase(bench, telegram, phase, offset);
        offset += result.count;
        const p = (values: number[], n: number) => seconds(percentile(values, n));
        log(
          `${phase.name}: ${result.count} forms at ${result.rate.toFixed(1)}/s; form 200 → sendMessage p50 ${p(result.total, 50)}, p99 ${p(result.total, 99)}, ` +
            `of which lead assigned → sendMessage (notify, deliver) p50 ${p(result.notifying, 50)}, p99 ${p(result.notifying, 99)}`,
        );
        figures.push(
          figure(
            `${phase.name}: forms posted`,
            result.rate,
            `${result.rate.toFixed(1)} forms/s`,
            phase.name === 'loaded' ? atLeast(20, '≥ 20/s') : undefined,
          ),
          figure(
            `${phase.name}: form 200 → sendMessage p50 / p99`,
            percentile(result.total, 99),
            `${p(result.total, 50)} / ${p(result.total, 99)}`,
          ),
          figure(
            `${phase.name}: of which assigned → sendMessage p50 / p99`,
            percentile(result.notifying, 99),
            `${p(result.notifying, 50)} / ${p(result.notifying, 99)}`,
          ),
        );
      }
      if (telegram.problems.length > 0) throw new Error(`Bot API refused: ${telegram.problems[0]}`);
      return figures;
    } finally {
      await bench.stop();
      await telegram.stop();
    }
  },
};
