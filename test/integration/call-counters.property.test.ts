import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toSqsRecord } from '../../local/poller';
import type { CallMessage, SlaMessage } from '../../shared/domain/messages';
import { messageGroupOf } from '../../shared/queue/sqs-intake-queue';
import { expectMetricsEqualRecount, genericCallMessages } from '../support/calls';
import { seedManager } from '../support/seed';
import { useTestStack } from '../support/test-stack';

type GeneratedCall = {
  direction: 'inbound' | 'outbound';
  number: number; // index into a small pool, so calls of one number meet (callbacks)
  startMinute: number;
  ringSeconds: number;
  talkSeconds: number;
  disposition: 'no-answer' | 'busy' | 'canceled' | 'rejected';
  extension: '101' | '102' | '999';
  sendStart: boolean;
  /** The provider's final event: delivered, never delivered, or delivered after the deadline. */
  final: 'sent' | 'lost' | 'late';
};

const aCall = fc.record<GeneratedCall>({
  direction: fc.constantFrom('inbound', 'inbound', 'outbound'),
  number: fc.integer({ min: 0, max: 2 }),
  startMinute: fc.integer({ min: 0, max: 600 }),
  ringSeconds: fc.integer({ min: 0, max: 60 }),
  talkSeconds: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 400 })),
  disposition: fc.constantFrom('no-answer', 'busy', 'canceled', 'rejected'),
  extension: fc.constantFrom('101', '102', '999'),
  sendStart: fc.boolean(),
  final: fc.constantFrom('sent', 'sent', 'lost', 'late'),
});

/** The generic provider's events for a call, through the real module's parse. */
const messagesOf = (run: number, index: number, call: GeneratedCall): CallMessage[] => {
  const customer = `+7916${String(run).padStart(3, '0')}000${call.number}`;
  const start = Date.parse('2026-11-10T06:00:00Z') + call.startMinute * 60_000;
  const at = (s: number) => new Date(start + s * 1000).toISOString();
  const callId = `p${run}-${index}`;
  const base = {
    callId,
    direction: call.direction,
    from: call.direction === 'inbound' ? customer : '+74950000000',
    to: call.direction === 'inbound' ? '+74950000000' : customer,
  };
  const answered = call.talkSeconds > 0;
  // A call whose final event does not come in time still has some event that came.
  const sendStart = call.sendStart || (call.final !== 'sent' && !answered);
  const raw = [
    ...(sendStart
      ? [
          {
            ...base,
            eventId: `${callId}-s`,
            event: 'started',
            at: at(0),
            extension: call.extension,
          },
        ]
      : []),
    ...(answered
      ? [
          {
            ...base,
            eventId: `${callId}-a`,
            event: 'answered',
            at: at(call.ringSeconds),
            extension: call.extension,
          },
        ]
      : []),
    {
      ...base,
      eventId: `${callId}-e`,
      event: 'ended',
      at: at(call.ringSeconds + call.talkSeconds),
      startedAt: at(0),
      extension: call.extension,
      disposition: answered ? 'answered' : call.disposition,
      talkSeconds: call.talkSeconds,
    },
  ];
  return genericCallMessages(raw);
};

const isFinal = (message: CallMessage) => message.event.kind === 'ended';

describe('call counters', () => {
  const t = useTestStack();
  let run = 0;
  let generated = 0;
  /** What the runs went through, so the property is known to cover deadlines and late finals. */
  const seen = { closedByTimeout: 0, correctedLate: 0 };

  it('always equal a recount of the stored calls, however events are shuffled, repeated, run side by side, lost or late after the calls’ deadlines', async () => {
    await seedManager(t, 'anna', { extensions: ['101'] });
    await seedManager(t, 'boris', { extensions: ['102'] });
    const router = t.stack.consumers.router.handler;

    await fc.assert(
      fc.asyncProperty(
        fc.array(aCall, { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 0, max: 1_000 }), { minLength: 0, maxLength: 6 }),
        fc.infiniteStream(fc.integer({ min: 0, max: 1_000_000 })),
        async (calls, repeats, randomness) => {
          run++;
          generated += calls.length;
          const byCall = calls.map((call, index) => messagesOf(run, index, call));
          // Final events that never come, and those that come only after the deadline passed.
          const withheld = (index: number) => (calls[index]?.final ?? 'sent') !== 'sent';
          const late = byCall.flatMap((messages, index) =>
            calls[index]?.final === 'late' ? messages.filter(isFinal) : [],
          );
          const delivered = byCall.map((messages, index) =>
            withheld(index) ? messages.filter((m) => !isFinal(m)) : messages,
          );
          const all = delivered.flat();
          const extra = repeats.map((n) => all[n % all.length] as CallMessage);
          const ids = new Set(byCall.flat().map((m) => m.event.callId));
          const ours = (m: SlaMessage) => m.type === 'call-finalize' && ids.has(m.callId);
          // Shuffle each call's events (and repeats) and split the calls over two parallel lanes,
          // as FIFO groups per call let Lambda run different calls side by side.
          const lanes: CallMessage[][] = [[], []];
          for (const [i, messages] of delivered.entries()) {
            const mine = [
              ...messages,
              ...extra.filter((m) => messages.some((x) => x.event.callId === m.event.callId)),
            ];
            const shuffled = mine
              .map((m) => ({ m, key: randomness.next().value }))
              .sort((a, b) => a.key - b.key)
              .map(({ m }) => m);
            lanes[i % 2]?.push(...shuffled);
          }
          const route = async (message: CallMessage, n: number) => {
            const record = toSqsRecord(
              {
                MessageId: `m-${run}-${n}-${message.eventId}`,
                ReceiptHandle: 'r',
                Body: JSON.stringify(message),
                Attributes: { MessageGroupId: messageGroupOf(message) },
              },
              'arn:aws:sqs:us-east-1:000000000000:intake.fifo',
            );
            const response = await router({ Records: [record] });
            expect(response?.batchItemFailures).toEqual([]);
          };
          // The test clock is days past these calls: every deadline check is due as soon as it
          // is scheduled, so checks run between events too (a router backlog), closing calls
          // early that their later events then correct.
          await Promise.all(
            lanes.map(async (lane) => {
              for (const [n, message] of lane.entries()) {
                await route(message, n);
                if (randomness.next().value % 3 === 0) await t.runDueSla(ours);
              }
            }),
          );
          while ((await t.runDueSla(ours)) > 0);
          for (const [n, message] of [...late, ...late.slice(0, 1)].entries()) {
            await route(message, 1_000 + n);
          }
          while ((await t.runDueSla(ours)) > 0);

          const { calls: stored, metrics } = await expectMetricsEqualRecount(
            t,
            '2026-11-09',
            '2026-11-11',
          );
          // Every call finished, and counted exactly once: by the provider, or by its deadline.
          expect(metrics.totals.calls).toBe(generated);
          for (const [index, call] of calls.entries()) {
            const record = stored.find((c) => c.callId === `p${run}-${index}`);
            expect(record?.classification, `p${run}-${index}`).toBeDefined();
            expect(record?.closedBy).toBe(call.final === 'lost' ? 'timeout' : 'provider');
            if (record?.closedBy === 'timeout') seen.closedByTimeout++;
            if (record?.closedBy === 'provider' && record.timedOutAt) seen.correctedLate++;
          }
        },
      ),
      { numRuns: 12, seed: 20261127, endOnFailure: true },
    );
    expect(seen.closedByTimeout).toBeGreaterThan(0);
    expect(seen.correctedLate).toBeGreaterThan(0);
  });
});
