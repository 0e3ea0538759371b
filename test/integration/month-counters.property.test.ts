import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toSqsRecord } from '../../local/poller';
import { messageGroupOf } from '../../shared/queue/sqs-intake-queue';
import { genericCallMessages } from '../support/calls';
import { createTestClock } from '../support/clock';
import { expectFunnelEqualsRecount, recountFacts, wonCloses } from '../support/month';
import { postForm, seedManager, seedSite } from '../support/seed';
import { useTestStack } from '../support/test-stack';

type Action =
  | { kind: 'accept'; number: number }
  | {
      kind: 'call';
      number: number;
      outbound: boolean;
      talkSeconds: number;
      extension: '101' | '102';
      minute: number;
    }
  | { kind: 'close'; number: number; outcome: 'won' | 'lost' | 'spam'; amount?: number }
  | {
      kind: 'deal';
      number: number;
      deal: number;
      outcome: 'won' | 'lost';
      amount: number;
      currency: 'RUB' | 'USD';
      day: number;
    };

const number = fc.integer({ min: 0, max: 2 });
const anAction: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('accept' as const), number }),
  fc.record({
    kind: fc.constant('call' as const),
    number,
    outbound: fc.boolean(),
    talkSeconds: fc.constantFrom(0, 30, 90),
    extension: fc.constantFrom('101' as const, '102' as const),
    minute: fc.integer({ min: 1, max: 300 }),
  }),
  fc.record(
    {
      kind: fc.constant('close' as const),
      number,
      outcome: fc.constantFrom('won' as const, 'lost' as const, 'spam' as const),
      amount: fc.integer({ min: 0, max: 1_000_000 }).map((kopecks) => kopecks / 100),
    },
    { requiredKeys: ['kind', 'number', 'outcome'] },
  ),
  {
    // Deals twice as often, favouring one client and wins: a second won deal id on a lead a
    // deal won is added beside it.
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('deal' as const),
      number: fc.constantFrom(0, 0, 1, 2),
      deal: fc.integer({ min: 0, max: 2 }),
      outcome: fc.constantFrom('won' as const, 'won' as const, 'lost' as const),
      amount: fc.integer({ min: 1, max: 1_000_000 }).map((kopecks) => kopecks / 100),
      currency: fc.constantFrom('RUB' as const, 'RUB' as const, 'USD' as const),
      day: fc.integer({ min: 1, max: 30 }),
    }),
  },
);

/** The generic provider's events of one call, through the real module's parse. */
const callMessages = (
  id: string,
  customer: string,
  startAt: string,
  a: Action & { kind: 'call' },
) => {
  const start = Date.parse(startAt);
  const at = (s: number) => new Date(start + s * 1000).toISOString();
  const base = {
    callId: id,
    direction: a.outbound ? 'outbound' : 'inbound',
    from: a.outbound ? '+74950000000' : customer,
    to: a.outbound ? customer : '+74950000000',
  };
  const answered = a.talkSeconds > 0;
  const raw = [
    { ...base, eventId: `${id}-s`, event: 'started', at: at(0), extension: a.extension },
    ...(answered
      ? [{ ...base, eventId: `${id}-a`, event: 'answered', at: at(10), extension: a.extension }]
      : []),
    {
      ...base,
      eventId: `${id}-e`,
      event: 'ended',
      at: at(10 + a.talkSeconds),
      startedAt: at(0),
      extension: a.extension,
      disposition: answered ? 'answered' : 'no-answer',
      talkSeconds: a.talkSeconds,
    },
  ];
  return genericCallMessages(raw);
};

describe('month counters', () => {
  const t = useTestStack({ clock: createTestClock('2026-11-01T06:00:00.000Z') });
  let run = 0;

  it('always equal a recount of the stored leads and calls, whatever leads, accepts, calls, closes and deals run side by side', async () => {
    await seedSite(t);
    await seedManager(t, 'anna', { extensions: ['101'] });
    await seedManager(t, 'boris', { extensions: ['102'] });
    const router = t.stack.consumers.router.handler;

    await fc.assert(
      fc.asyncProperty(
        fc.array(number, { minLength: 1, maxLength: 3 }),
        fc.array(anAction, { minLength: 1, maxLength: 8 }),
        async (openings, actions) => {
          run++;
          const day = `2026-11-${String(1 + (run % 28)).padStart(2, '0')}`;
          const phone = (n: number) => `+7916${String(run).padStart(3, '0')}000${n}`;
          const leadOf = new Map<number, string>();
          for (const [i, n] of openings.entries()) {
            t.clock.set(`${day}T07:0${i}:00.000Z`);
            await postForm(t, 'shop', { name: `Client ${n}`, phone: phone(n) });
            await t.drain();
            if (!leadOf.has(n)) {
              const listed = (await t.api('GET', `/v1/leads?from=${day}&to=${day}&limit=100`)).body;
              const lead = listed.items.find(
                (l: { kind: string; contact: { phone?: string } }) =>
                  l.kind === 'inquiry' && l.contact.phone === phone(n),
              );
              leadOf.set(n, lead.id);
            }
          }
          t.clock.set(`${day}T07:10:00.000Z`);

          const perform = async (action: Action, index: number) => {
            const leadId = leadOf.get(action.number);
            if (action.kind === 'call') {
              const start = new Date(Date.parse(`${day}T07:10:00Z`) + action.minute * 60_000);
              const messages = callMessages(
                `r${run}-${index}`,
                phone(action.number),
                start.toISOString(),
                action,
              );
              for (const message of messages) {
                const record = toSqsRecord(
                  {
                    MessageId: `m-${run}-${index}-${message.eventId}`,
                    ReceiptHandle: 'r',
                    Body: JSON.stringify(message),
                    Attributes: { MessageGroupId: messageGroupOf(message) },
                  },
                  'arn:aws:sqs:us-east-1:000000000000:intake.fifo',
                );
                expect((await router({ Records: [record] }))?.batchItemFailures).toEqual([]);
              }
              return;
            }
            if (action.kind === 'deal') {
              // To a client who has a lead (a phone nobody has is a 404: month-api.test.ts).
              const client = leadOf.has(action.number) ? action.number : (openings[0] ?? 0);
              const response = await t.api('POST', '/v1/deals', {
                dealId: `r${run}-deal-${action.deal}`,
                phone: phone(client),
                outcome: action.outcome,
                amount: action.amount,
                currency: action.currency,
                closedAt: `2026-11-${String(action.day).padStart(2, '0')}T12:00:00+03:00`,
              });
              expect(response.status).toBe(200);
              return;
            }
            if (!leadId) return;
            if (action.kind === 'accept') {
              const response = await t.api('POST', `/v1/leads/${leadId}/accept`);
              expect([200, 409]).toContain(response.status);
              return;
            }
            const response = await t.api('POST', `/v1/leads/${leadId}/close`, {
              outcome: action.outcome,
              ...(action.amount !== undefined ? { amount: action.amount } : {}),
            });
            expect([200, 409]).toContain(response.status);
          };

          // Two lanes side by side, as an API request and a call's record do in production.
          const lanes: [Action, number][][] = [[], []];
          for (const [i, action] of actions.entries()) lanes[i % 2]?.push([action, i]);
          await Promise.all(
            lanes.map(async (lane) => {
              for (const [action, i] of lane) await perform(action, i);
            }),
          );
          await t.drain();

          await expectFunnelEqualsRecount(t, '2026-11-01', '2026-11-30');
          const plan = (await t.api('GET', '/v1/plans/2026-11')).body;
          const facts = await recountFacts(t, '2026-11', ['anna', 'boris']);
          for (const id of ['anna', 'boris']) {
            const recounted = facts.get(id) as Record<string, number>;
            for (const [target, fact] of Object.entries(recounted)) {
              expect(plan.managers[id][target].fact, `${id} ${target}`).toBeCloseTo(fact, 2);
            }
          }
          await expectClientRevenueEqualsRecount();
        },
      ),
      { numRuns: 14, seed: 20261115, endOnFailure: true },
    );
  }, 120_000);

  /** Every client-month item equals the won closes' amounts of that client and month. */
  const expectClientRevenueEqualsRecount = async () => {
    const day = (iso: unknown) =>
      new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow' }).format(new Date(String(iso)));
    const expected: Record<string, Record<string, number>> = {};
    for (const lead of await wonCloses(t)) {
      const key = `${day(lead.closedAt).slice(0, 7)}|${lead.contactId}`;
      const values = expected[key] ?? {};
      values.won = (values.won ?? 0) + 1;
      const amount = Number(lead.amountMinor ?? 0);
      if (amount) {
        const name = `revenue_${lead.currency ?? 'RUB'}`;
        values[name] = (values[name] ?? 0) + amount;
      }
      expected[key] = values;
    }
    const stored: Record<string, Record<string, number>> = {};
    for (const item of await t.items('CLIENTS#')) {
      const values = Object.fromEntries(
        Object.entries(item).filter(
          ([name, v]) => /^(won|revenue_[A-Z]{3})$/.test(name) && v !== 0,
        ),
      ) as Record<string, number>;
      if (Object.keys(values).length > 0) stored[`${item.month}|${item.contactId}`] = values;
    }
    expect(stored).toEqual(expected);
  };
});
