import { describe, expect, it } from 'vitest';
import type { DeliveryMessage } from '../../../shared/domain/messages';
import { TEXTS } from '../../../shared/domain/notify/texts';
import type { Webhook } from '../../../shared/domain/notify/types';
import { attemptDelivery, type DeliverDeps } from '../../../shared/notify/attempt-delivery';
import type { DeliverySettlement } from '../../../shared/ports';

const NOW = '2026-11-27T07:00:00.000Z';

const message = (extra: Partial<DeliveryMessage> = {}): DeliveryMessage => ({
  deliveryId: 'dlv-1',
  destination: 'webhook',
  target: 'crm',
  eventId: 'lead.accepted:l-1',
  type: 'lead.accepted',
  at: NOW,
  createdAt: NOW,
  payload: { data: { id: 'l-1' } },
  seq: 1,
  retry: 0,
  since: NOW,
  dueAt: NOW,
  ...extra,
});

const webhook: Webhook = {
  name: 'crm',
  url: 'https://crm.example/hook',
  secret: 'whsec_0123456789abcdef',
  events: ['lead.accepted'],
  format: 'switchboard',
  active: true,
  updatedAt: NOW,
};

/** The deliver function's deps over memory, a receiver answering `status`. */
const depsAnswering = (status: number, now = NOW) => {
  const sent: DeliveryMessage[] = [];
  const deadLetters: DeliveryMessage[] = [];
  const settlements: DeliverySettlement[] = [];
  const deps = {
    now: () => new Date(now),
    sleep: async () => {},
    fetch: (async () => new Response('{}', { status })) as typeof fetch,
    webhooks: {
      get: async () => webhook,
      list: async () => [webhook],
      put: async () => {},
      delete: async () => 'deleted' as const,
    },
    deliveries: {
      claim: async () => true,
      settle: async (_id: string, _seq: number, s: DeliverySettlement) => {
        settlements.push(s);
      },
      reopen: async () => {},
      get: async () => undefined,
      listForWebhook: async () => [],
    },
    queue: {
      send: async (m: DeliveryMessage) => {
        sent.push(m);
      },
      deadLetter: async (m: DeliveryMessage) => {
        deadLetters.push(m);
      },
    },
    texts: TEXTS.en,
    leaseSeconds: 90,
  } as unknown as DeliverDeps;
  return { deps, sent, deadLetters, settlements };
};

describe('attemptDelivery', () => {
  it('sends a message that came early on again, untouched, without an attempt', async () => {
    const { deps, sent, settlements } = depsAnswering(200);
    const early = message({ dueAt: '2026-11-27T08:00:00.000Z' });

    expect(await attemptDelivery(deps, early)).toBe('early');

    expect(sent).toEqual([early]);
    expect(settlements).toEqual([]);
  });

  it('sends the next attempt with the schedule’s first delay after a failure', async () => {
    const { deps, sent, settlements } = depsAnswering(502);

    expect(await attemptDelivery(deps, message())).toBe('retrying');

    expect(sent).toEqual([
      expect.objectContaining({ seq: 2, retry: 1, dueAt: '2026-11-27T07:00:30.000Z' }),
    ]);
    expect(settlements).toEqual([
      expect.objectContaining({ status: 'pending', statusCode: 502, attempted: true }),
    ]);
  });

  it('dead-letters the delivery when its last retry fails', async () => {
    const { deps, sent, deadLetters, settlements } = depsAnswering(500);

    expect(await attemptDelivery(deps, message({ seq: 16, retry: 15 }))).toBe('dead-lettered');

    expect(sent).toEqual([]);
    expect(deadLetters).toEqual([expect.objectContaining({ seq: 16 })]);
    expect(settlements).toEqual([expect.objectContaining({ status: 'failed', statusCode: 500 })]);
  });

  it('starts a new run of attempts for a delivery replayed from the DLQ', async () => {
    const { deps, settlements } = depsAnswering(200);

    expect(await attemptDelivery(deps, message({ seq: 16, retry: 15, deadLettered: true }))).toBe(
      'delivered',
    );

    expect(settlements).toEqual([
      expect.objectContaining({ status: 'delivered', statusCode: 200 }),
    ]);
  });
});
