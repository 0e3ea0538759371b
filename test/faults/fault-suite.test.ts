import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { type DynamoDbLocal, freePort, startDynamoDbLocal } from '../../local/dynamodb-local';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/local-aws';
import type { SqsHandler } from '../../local/poller';
import { WEBHOOK_SIGNERS } from '../../local/signers';
import { startSqsLocal } from '../../local/sqs-local';
import { type LocalStack, startLocalStack } from '../../local/stack';
import { messengerChannels } from '../../shared/channels/messengers';
import { telephonyChannels } from '../../shared/channels/telephony';
import { contributionOf, sumValues } from '../../shared/domain/calls/counters';
import { logger } from '../../shared/logger';
import type { StoredCall } from '../../shared/ports';
import { processFifoBatch } from '../../shared/queue/fifo-batch';
import { createDocumentClient } from '../../shared/store/client';
import { foldCounterItems } from '../../shared/store/counter-rows';
import { expectMetricsEqualRecount } from '../support/calls';
import {
  MESSENGER_SECRETS,
  metaJson,
  signMeta,
  telegramUpdate,
  vkMessageNew,
  whatsappMessages,
} from '../support/messengers';
import { SITE_ORIGIN } from '../support/seed';
import { TEST_TELEPHONY_SECRETS } from '../support/telephony-signers/secrets';
import { bindStack, TEST_ADMIN_KEY } from '../support/test-stack';

/**
 * The fault suite: ≥ 10,000 mixed events (forms, each telephony provider, each messenger; with
 * duplicates, in shuffled order) sent over HTTP by senders that retry as providers do, while the
 * suite restarts DynamoDB, makes the router throw on a random 5% of records, and stops SQS for a
 * while. Afterwards every accepted event is reflected exactly once (or held, when it could not be
 * read as events), no lead is duplicated, the
 * metric counters equal a full recount, and the DLQ holds only the poison messages planted.
 */
/**
 * The router as a crash on some records would leave it: each record `fails()` picks is failed
 * before the router sees it, with the rest of its message group (as a FIFO batch requires); the
 * other records go to the router as the batch they were in.
 */
const failingSome =
  (handler: SqsHandler, fails: () => boolean): SqsHandler =>
  async (event) => {
    const passed: SQSRecord[] = [];
    const injected = await processFifoBatch(event.Records, async (record) => {
      if (fails()) throw new Error('injected router fault');
      passed.push(record);
    });
    const handled = passed.length > 0 ? await handler({ Records: passed }) : undefined;
    const failed = new Set(
      [...injected.batchItemFailures, ...(handled?.batchItemFailures ?? [])].map(
        (failure) => failure.itemIdentifier,
      ),
    );
    return {
      batchItemFailures: event.Records.filter((record) => failed.has(record.messageId)).map(
        (record) => ({ itemIdentifier: record.messageId }),
      ),
    };
  };

const EVENTS = Number(process.env.FAULT_EVENTS ?? 10_000);
const SEED = Number(process.env.FAULT_SEED ?? 20261127);
const KEY = TEST_ADMIN_KEY;
const SECRETS = { ...TEST_TELEPHONY_SECRETS, ...MESSENGER_SECRETS };

type Request = {
  readonly kind:
    | 'form'
    | 'telegram'
    | 'whatsapp'
    | 'vk'
    | 'twilio'
    | 'zadarma'
    | 'mango'
    | 'generic';
  readonly path: string;
  readonly contentType: string;
  readonly body: string;
  readonly headers?: Record<string, string>;
};

/** A seeded random source, so a failing run can be run again exactly. */
const random = (seed: number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};

// ── the events ───────────────────────────────────────────────────────────────────────────

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'telephony');
/**
 * The suite's clock: it runs in real time (the faults and retries are real), but starts where
 * the recorded provider scenarios were signed (2026-11-27, 10:00–12:00 UTC), so that their
 * signed times stay inside TELEPHONY_MAX_EVENT_AGE_SECONDS whatever day the suite runs on.
 */
const SCENARIOS_SIGNED_UNTIL = Date.parse('2026-11-27T12:30:00Z');
const startedAt = Date.now();
const suiteNow = () => new Date(SCENARIOS_SIGNED_UNTIL + (Date.now() - startedAt));
const scenarios = (provider: string) =>
  readdirSync(join(FIXTURES, provider))
    .filter((f) => f.endsWith('.json'))
    .map(
      (f) =>
        JSON.parse(readFileSync(join(FIXTURES, provider, f), 'utf8')) as {
          requests: { method: string; path: string; contentType?: string; body: string }[];
          expect: { callId: string }[];
        },
    )
    .filter((s) => s.requests.every((r) => r.method === 'POST'));

/** A provider scenario with its calls renamed, so each copy is calls of its own. */
const instantiate = (
  provider: string,
  scenario: ReturnType<typeof scenarios>[number],
  n: number,
): Request[] => {
  const renames: (readonly [string, string])[] = scenario.expect.map(
    (e) => [e.callId, `${e.callId}f${n}`] as const,
  );
  if (provider === 'zadarma') {
    // Zadarma's calls are keyed by the signed client number and call_start, not pbx_call_id:
    // a copy is a call of its own with the client's number made the copy's.
    const clients = new Set(
      scenario.requests.map((r) => {
        const f = new URLSearchParams(r.body);
        return (f.get('event') ?? '').startsWith('NOTIFY_OUT_')
          ? f.get('destination')
          : f.get('caller_id');
      }),
    );
    for (const client of clients) {
      if (client && /^\+?\d{11,}$/.test(client)) {
        renames.push([client, `${client.slice(0, -6)}${String(n % 1_000_000).padStart(6, '0')}`]);
      }
    }
  }
  const rename = (value: string) =>
    renames.reduce((v, [from, to]) => v.split(from).join(to), value);
  return scenario.requests.map((r) => {
    const body = r.contentType?.includes('json')
      ? rename(r.body)
      : new URLSearchParams(
          [...new URLSearchParams(r.body)].map(([k, v]) => [k, rename(v)]),
        ).toString();
    return {
      kind: provider as Request['kind'],
      path: r.path,
      contentType: r.contentType ?? 'application/x-www-form-urlencoded',
      body,
    };
  });
};

const buildEvents = (next: () => number): Request[] => {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const people = Array.from({ length: 1_500 }, (_, i) => ({
    phone: `+7916${String(1_000_000 + i).slice(1)}`.padEnd(12, '0').slice(0, 12),
    tg: 800_000_000 + i,
    vk: 600_000_000 + i,
  }));
  const requests: Request[] = [];
  const providerScenarios = Object.fromEntries(
    ['twilio', 'zadarma', 'mango'].map((p) => [p, scenarios(p)]),
  );
  let n = 0;
  while (requests.length < EVENTS) {
    n++;
    const person = pick(people);
    const roll = next();
    if (roll < 0.3) {
      requests.push({
        kind: 'form',
        path: '/v1/forms/shop',
        contentType: next() < 0.5 ? 'application/json' : 'application/x-www-form-urlencoded',
        headers: { Origin: SITE_ORIGIN },
        body: '',
      });
      const fields = {
        name: `Person ${person.tg}`,
        phone: person.phone,
        message: `form ${n}`,
        tranid: `t${n}`,
      };
      const last = requests[requests.length - 1] as Request;
      requests[requests.length - 1] = {
        ...last,
        body:
          last.contentType === 'application/json'
            ? JSON.stringify(fields)
            : new URLSearchParams(fields).toString(),
      };
    } else if (roll < 0.45) {
      const update = telegramUpdate({
        updateId: n,
        fromId: person.tg,
        text: `telegram ${n}`,
        ...(next() < 0.3
          ? { contact: { phone_number: person.phone.slice(1), user_id: person.tg } }
          : {}),
      });
      requests.push({
        kind: 'telegram',
        path: '/v1/messengers/telegram',
        contentType: 'application/json',
        headers: { 'X-Telegram-Bot-Api-Secret-Token': MESSENGER_SECRETS.TELEGRAM_SECRET_TOKEN },
        body: JSON.stringify(update),
      });
    } else if (roll < 0.58) {
      const body = metaJson(
        whatsappMessages({ id: `wamid.F${n}`, from: person.phone.slice(1), text: `whatsapp ${n}` }),
      );
      requests.push({
        kind: 'whatsapp',
        path: '/v1/messengers/whatsapp',
        contentType: 'application/json',
        headers: { 'X-Hub-Signature-256': signMeta(body) },
        body,
      });
    } else if (roll < 0.68) {
      requests.push({
        kind: 'vk',
        path: '/v1/messengers/vk',
        contentType: 'application/json',
        body: JSON.stringify(
          vkMessageNew({ eventId: `vk${n}`, fromId: person.vk, text: `vk ${n}` }),
        ),
      });
    } else if (roll < 0.76) {
      const at = new Date(
        Date.parse('2026-11-20T06:00:00Z') + Math.floor(next() * 5 * 86_400) * 1000,
      );
      const talk = next() < 0.6 ? Math.floor(next() * 300) + 1 : 0;
      const direction = next() < 0.7 ? 'inbound' : 'outbound';
      const common = {
        callId: `g${n}`,
        direction,
        from: direction === 'inbound' ? person.phone : '+74950000000',
        to: direction === 'inbound' ? '+74950000000' : person.phone,
        extension: pick(['101', '102', '103']),
      };
      for (const event of [
        { ...common, eventId: `g${n}s`, event: 'started', at: at.toISOString() },
        ...(talk > 0
          ? [
              {
                ...common,
                eventId: `g${n}a`,
                event: 'answered',
                at: new Date(at.getTime() + 9_000).toISOString(),
              },
            ]
          : []),
        {
          ...common,
          eventId: `g${n}e`,
          event: 'ended',
          at: new Date(at.getTime() + 9_000 + talk * 1000).toISOString(),
          disposition: talk > 0 ? 'answered' : pick(['no-answer', 'busy', 'canceled']),
          talkSeconds: talk,
        },
      ]) {
        requests.push({
          kind: 'generic',
          path: '/v1/telephony/generic',
          contentType: 'application/json',
          body: JSON.stringify(event),
        });
      }
    } else {
      const provider = pick(['twilio', 'zadarma', 'mango']);
      requests.push(...instantiate(provider, pick(providerScenarios[provider] ?? []), n));
    }
  }
  // Signed events no parser reads yet (a new disposition): held, under the same faults.
  for (let h = 0; h < Math.max(3, Math.floor(EVENTS / 500)); h++) {
    requests.push({
      kind: 'generic',
      path: '/v1/telephony/generic',
      contentType: 'application/json',
      body: JSON.stringify({
        eventId: `held${h}e`,
        callId: `held${h}`,
        event: 'ended',
        direction: 'inbound',
        from: '+79160000000',
        to: '+74950000000',
        at: '2026-11-20T06:00:00Z',
        disposition: 'transferred',
      }),
    });
  }
  // Duplicates: 5% of the requests again (providers retry; browsers double-submit).
  const duplicates = requests.filter(() => next() < 0.05);
  const all = [...requests, ...duplicates];
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [all[i], all[j]] = [all[j] as Request, all[i] as Request];
  }
  return all;
};

// ── the suite ────────────────────────────────────────────────────────────────────────────

describe('under faults', () => {
  // DynamoDB Local keeps its files here across the restart: on tmpfs when the machine has it
  // (its SQLite syncs every write; on a disk that is a third of the suite's time).
  const dataDir = mkdtempSync(
    join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'switchboard-faults-'),
  );
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`loses nothing, counts nothing twice, and sends only the planted poison to the DLQ — ${EVENTS} events`, async () => {
    const next = random(SEED);
    const dynamoPort = await freePort();
    let dynamo: DynamoDbLocal = await startDynamoDbLocal({ port: dynamoPort, dbPath: dataDir });
    cleanup.push(() => dynamo.stop());
    const sqs = await startSqsLocal({ port: 0 });
    cleanup.push(() => sqs.stop());
    let routerFaults = 0;
    // What made records fail, besides the injected faults: the suite prints it.
    const failures = new Map<string, number>();
    vi.spyOn(logger, 'warn').mockImplementation((message: unknown, ...rest: unknown[]) => {
      if (message !== 'intake record failed') return;
      const error = (rest[0] as { error?: { name?: string; message?: string } } | undefined)?.error;
      const name = `${error?.name ?? '?'}: ${(error?.message ?? '').slice(0, 80)}`;
      failures.set(name, (failures.get(name) ?? 0) + 1);
    });
    const stack: LocalStack = await startLocalStack({
      servers: { dynamo: { endpoint: dynamo.endpoint }, sqs },
      port: 0,
      tableName: 'faults',
      // In AWS a failed record comes back after 180 s and goes to the DLQ after 10 receives:
      // a 30-minute outage is survived. Here time is compressed, but not below what the suite
      // does: the DynamoDB restart takes up to ~15 s on a loaded 2-core machine, so 8 s × 10.
      visibilityTimeoutSeconds: 8,
      env: {
        ADMIN_API_KEY: KEY,
        ...SECRETS,
        RATE_LIMIT_FORMS_PER_IP: '0',
        RATE_LIMIT_FORMS_PER_SITE: '0',
        RATE_LIMIT_WEBHOOKS_PER_IP: '0',
      },
      runtime: { now: suiteNow, newId: () => crypto.randomUUID() },
      decorate: {
        handler: (consumer, handler) =>
          consumer === 'router'
            ? failingSome(handler, () => {
                if (next() >= 0.05) return false;
                routerFaults++;
                return true;
              })
            : handler,
      },
      pollers: true,
      concurrency: 6,
    });
    cleanup.push(() => stack.stop());
    const db = createDocumentClient({
      endpoint: dynamo.endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
      maxAttempts: 10,
    });
    cleanup.push(async () => db.destroy());
    const t = bindStack(
      () => stack,
      () => db,
      {},
    );

    // The site and the managers.
    const admin = { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' };
    await fetch(`${stack.url}/v1/sites/shop`, {
      method: 'PUT',
      headers: admin,
      body: JSON.stringify({ name: 'Shop', allowedOrigins: [SITE_ORIGIN] }),
    });
    for (const [id, ext] of [
      ['anna', '101'],
      ['boris', '102'],
      ['vera', '103'],
    ]) {
      await fetch(`${stack.url}/v1/managers/${id}`, {
        method: 'PUT',
        headers: admin,
        body: JSON.stringify({ name: id, team: 'acquisition', extensions: [ext], active: true }),
      });
    }

    // Poison: messages no router can ever handle.
    const poison = ['not json at all', '{"kind":"unknown"}', '{"kind":"lead","eventId":""}'];
    for (const [i, body] of poison.entries()) {
      await stack.sqs.send(
        new SendMessageCommand({
          QueueUrl: stack.queues.intake.url,
          MessageBody: body,
          MessageGroupId: `poison-${i}`,
          MessageDeduplicationId: `poison-${i}`,
        }),
      );
    }

    // Send, with retries, while the faults happen.
    const requests = buildEvents(next);
    const figures = { sent: requests.length, accepted: 0, attempts: 0, retried: 0, refused: 0 };
    const acceptedRequests: Request[] = [];
    const send = async (request: Request) => {
      for (let attempt = 0; attempt < 12; attempt++) {
        figures.attempts++;
        if (attempt > 0) figures.retried++;
        try {
          const signer = WEBHOOK_SIGNERS[request.kind];
          const signed = signer
            ? signer(
                {
                  at: suiteNow().toISOString(),
                  method: 'POST',
                  path: request.path,
                  body: request.body,
                },
                `${stack.url}${request.path}`,
                (n) => SECRETS[n as keyof typeof SECRETS] ?? '',
                suiteNow(),
              )
            : { headers: {}, body: request.body };
          const response = await fetch(`${stack.url}${request.path}`, {
            method: 'POST',
            headers: { 'Content-Type': request.contentType, ...request.headers, ...signed.headers },
            body: signed.body,
          });
          await response.arrayBuffer();
          if (response.ok) {
            figures.accepted++;
            acceptedRequests.push(request);
            return;
          }
          if (response.status < 500) {
            figures.refused++;
            throw new Error(
              `refused ${response.status}: ${request.kind} ${request.body.slice(0, 120)}`,
            );
          }
        } catch (error) {
          if (error instanceof Error && error.message.startsWith('refused')) throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, 50 * 2 ** attempt)));
      }
    };
    let done = 0;
    let restartedDynamo = false;
    let dynamoDownSeconds = 0;
    let pausedSqs = false;
    const faults: Promise<void>[] = [];
    const worker = async (queue: Request[]) => {
      for (let request = queue.shift(); request; request = queue.shift()) {
        await send(request);
        done++;
        if (!restartedDynamo && done > requests.length * 0.25) {
          restartedDynamo = true;
          faults.push(
            (async () => {
              const down = Date.now();
              await dynamo.stop();
              dynamo = await startDynamoDbLocal({ port: dynamoPort, dbPath: dataDir });
              dynamoDownSeconds = (Date.now() - down) / 1000;
            })(),
          );
        }
        if (!pausedSqs && done > requests.length * 0.55) {
          pausedSqs = true;
          faults.push(
            (async () => {
              await sqs.pause();
              await new Promise((resolve) => setTimeout(resolve, 3_000)); // SQS is down for 3 s
              await sqs.resume();
            })(),
          );
        }
      }
    };
    const queue = [...requests];
    const started = Date.now();
    await Promise.all(Array.from({ length: 8 }, () => worker(queue)));
    await Promise.all(faults);
    const sentIn = (Date.now() - started) / 1000;

    // Wait until the router has worked everything off (failed records come back after 8 s).
    const deadline = Date.now() + 8 * 60_000;
    for (let quiet = 0; quiet < 3; ) {
      const { Attributes } = await stack.sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: stack.queues.intake.url,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      const left =
        Number(Attributes?.ApproximateNumberOfMessages ?? 0) +
        Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
      quiet = left === 0 ? quiet + 1 : 0;
      if (Date.now() > deadline) throw new Error(`intake did not drain: ${left} left`);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    const processedIn = (Date.now() - started) / 1000;

    // 1. Every accepted event is reflected exactly once.
    const expectedLeadEvents = new Set<string>();
    const expectedCallEvents = new Set<string>();
    // Accepted but not readable as events: these must be held (the quarantine), not lost.
    const expectedHeld = new Set<string>();
    for (const request of acceptedRequests) {
      if (request.kind === 'form') {
        const fields =
          request.contentType === 'application/json'
            ? JSON.parse(request.body)
            : Object.fromEntries(new URLSearchParams(request.body));
        expectedLeadEvents.add(`form:shop:browser:tranid:${fields.tranid}`); // posted by a browser (Origin)
      } else if (
        request.kind === 'telegram' ||
        request.kind === 'whatsapp' ||
        request.kind === 'vk'
      ) {
        const channel = messengerChannels.get(request.kind);
        const parsed = channel?.parse(
          {
            method: 'POST',
            body: request.body,
            bytes: new TextEncoder().encode(request.body),
            json: JSON.parse(request.body),
            headers: {},
            url: `http://localhost${request.path}`,
            query: new URLSearchParams(),
            account: undefined,
          },
          { receivedAt: suiteNow(), defaultCountry: 'RU' },
        );
        if (parsed?.ok) for (const event of parsed.value) expectedLeadEvents.add(event.eventId);
        else expectedHeld.add(`${request.path}\n${request.body}`);
      } else {
        const channel = telephonyChannels.get(request.kind);
        const url = `http://localhost${request.path}`;
        const signed = WEBHOOK_SIGNERS[request.kind]?.(
          { at: '', method: 'POST', path: request.path, body: request.body },
          url,
          (n) => SECRETS[n as keyof typeof SECRETS] ?? '',
          suiteNow(),
        );
        const parsed = channel?.parse(
          {
            method: 'POST',
            body: signed?.body ?? request.body,
            headers: {},
            url,
            subPath: request.path.replace(`/v1/telephony/${request.kind}`, ''),
            query: new URLSearchParams(),
            signedUrls: [url],
          },
          { receivedAt: suiteNow(), defaultCountry: 'RU', timeZone: 'Europe/Moscow' },
        );
        if (parsed?.ok)
          for (const event of parsed.value)
            expectedCallEvents.add(`${event.provider}#${event.callId}#${event.eventKey}`);
        else expectedHeld.add(`${request.path}\n${request.body}`);
      }
    }
    const touches = await t.items('LEAD#');
    // A lead's first touch is carried by the lead item itself (it has no touch item of its own).
    const allTouches = [
      ...touches.filter((i) => i.type === 'touch'),
      ...touches
        .filter((i) => i.type === 'lead' && typeof i.firstEventId === 'string')
        .map((lead) => ({ eventId: lead.firstEventId })),
    ];
    const touchCounts = new Map<string, number>();
    for (const touch of allTouches) {
      const id = String(touch.eventId);
      touchCounts.set(id, (touchCounts.get(id) ?? 0) + 1);
    }
    const storedCallEvents = new Set(
      (await t.items('CALL#'))
        .filter((i) => i.type === 'callEvent')
        .map((i) => {
          const e = i.event as { provider: string; callId: string; eventKey: string };
          return `${e.provider}#${e.callId}#${e.eventKey}`;
        }),
    );
    const missingLeadEvents = [...expectedLeadEvents].filter(
      (id) => (touchCounts.get(id) ?? 0) === 0,
    );
    const twiceLeadEvents = [...touchCounts.entries()].filter(([, count]) => count > 1);
    const missingCallEvents = [...expectedCallEvents].filter((key) => !storedCallEvents.has(key));
    const held = (await t.items('HELD#')).filter((item) => item.status === 'held');
    const lost =
      missingLeadEvents.length +
      missingCallEvents.length +
      Math.max(0, expectedHeld.size - held.length);

    // 2. No lead is duplicated: one contact, at most one open inquiry each.
    const leads = touches.filter((i) => i.type === 'lead' && i.kind === 'inquiry');
    const perContact = new Map<string, number>();
    for (const lead of leads)
      perContact.set(String(lead.contactId), (perContact.get(String(lead.contactId)) ?? 0) + 1);
    const duplicatedLeads = [...perContact.values()].filter((n) => n > 1).length;
    const phoneIdentities = (await t.items('IDENTITY#phone:')).length;
    const phoneContacts = (await t.contacts()).filter(
      (c) => c.phones instanceof Set && c.phones.size > 0,
    );

    // 3. Counters equal a full recount (calls; and leads, touches per day).
    const calls = (await t.items('CALL#', 'CALL')) as unknown as StoredCall[];
    const days = [...new Set(calls.map((c) => c.day).filter((d): d is string => !!d))].sort();
    if (days.length > 0)
      await expectMetricsEqualRecount(t, days[0] as string, days.at(-1) as string);
    const recount = sumValues(calls.map((c) => contributionOf(c)?.values ?? {}));
    const leadCounters = { leads: 0, touches: 0 };
    const leadRows = foldCounterItems(await t.items('METRIC#leads#'), 'add');
    for (const { values: row } of leadRows.filter((r) => r.managerId === undefined)) {
      leadCounters.leads += Number(row.leads ?? 0);
      leadCounters.touches += Number(row.touches ?? 0);
    }
    const inquiryTouches = allTouches.filter(
      (i) => !String(i.eventId).startsWith('callback:'),
    ).length;

    // 4. The DLQ holds only the poison.
    const dead: string[] = [];
    for (;;) {
      const { Messages = [] } = await stack.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: stack.queues.intake.dlqUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
        }),
      );
      if (Messages.length === 0) break;
      for (const m of Messages) {
        dead.push(m.Body ?? '');
        await stack.sqs.send(
          new DeleteMessageCommand({
            QueueUrl: stack.queues.intake.dlqUrl,
            ReceiptHandle: m.ReceiptHandle,
          }),
        );
      }
    }

    console.log(
      [
        '',
        'fault suite',
        `  events sent        ${figures.sent} (requests incl. ${Math.max(figures.sent - EVENTS, 0)}+ duplicates; seed ${SEED})`,
        `  accepted           ${figures.accepted}`,
        `  retried            ${figures.retried} (503s and refused connections while SQS/DynamoDB were down)`,
        `  outages            DynamoDB down ${dynamoDownSeconds.toFixed(1)} s (restart), SQS down 3 s (paused)`,
        `  refused            ${figures.refused}`,
        `  router faults      ${routerFaults} injected; record failures: ${[...failures.entries()].map(([k, v]) => `${v}× ${k}`).join('; ')}`,
        `  stored             ${expectedLeadEvents.size} lead events as touches, ${storedCallEvents.size} call events, ${calls.length} calls, ${leads.length} leads`,
        `  held               ${held.length} (accepted, not readable as events: the quarantine)`,
        `  lost               ${lost}`,
        `  counted twice      ${twiceLeadEvents.length}`,
        `  duplicated leads   ${duplicatedLeads}`,
        `  DLQ                ${dead.length} (planted ${poison.length})`,
        `  time               ${sentIn.toFixed(0)} s to send, ${processedIn.toFixed(0)} s until all processed`,
        '',
      ].join('\n'),
    );

    expect(figures.refused).toBe(0);
    expect(figures.accepted).toBe(figures.sent);
    expect(missingLeadEvents).toEqual([]);
    expect(missingCallEvents).toEqual([]);
    expect(held.length).toBe(expectedHeld.size);
    expect(twiceLeadEvents).toEqual([]);
    expect(duplicatedLeads).toBe(0);
    expect(phoneContacts.length).toBe(phoneIdentities);
    expect(leadCounters.leads).toBe(leads.length);
    expect(leadCounters.touches).toBe(inquiryTouches - leads.length);
    expect(recount.calls).toBe(calls.filter((c) => c.classification).length);
    expect(dead.sort()).toEqual([...poison].sort());
    expect(restartedDynamo && pausedSqs && routerFaults > 0).toBe(true);
  });
});
