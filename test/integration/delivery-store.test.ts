import { describe, expect, inject, it } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/local-aws';
import type { DeliveryClaim } from '../../shared/ports';
import { createDocumentClient } from '../../shared/store/client';
import { createDynamoDeliveryStore } from '../../shared/store/dynamo-delivery-store';
import { useTestStack } from '../support/test-stack';

describe('the delivery store’s fencing', () => {
  const t = useTestStack();
  const store = () =>
    createDynamoDeliveryStore(
      createDocumentClient({
        endpoint: inject('dynamoEndpoint'),
        region: LOCAL_REGION,
        credentials: LOCAL_CREDENTIALS,
      }),
      t.stack.config.tableName ?? '',
    );
  let n = 0;
  const claimOf = (id: string, seq: number, now: string): DeliveryClaim => ({
    id,
    seq,
    now: new Date(now),
    leaseSeconds: 90,
    destination: 'webhook',
    target: 'crm',
    eventId: 'lead.accepted:l-1',
    type: 'lead.accepted',
    createdAt: '2026-11-27T07:00:00.000Z',
    webhook: 'crm',
  });
  const settled = (at: string) => ({
    status: 'pending' as const,
    attempted: true,
    statusCode: 500,
    at,
  });

  it('lets one copy of an attempt run, and turns the others away while it runs and after', async () => {
    const id = `dlv-${++n}`;

    const first = await store().claim(claimOf(id, 1, '2026-11-27T07:00:00Z'));
    const copyWhileRunning = await store().claim(claimOf(id, 1, '2026-11-27T07:00:05Z'));
    await store().settle(id, 1, settled('2026-11-27T07:00:06Z'));
    const copyAfter = await store().claim(claimOf(id, 1, '2026-11-27T07:10:00Z'));
    const next = await store().claim(claimOf(id, 2, '2026-11-27T07:00:40Z'));

    expect([first, copyWhileRunning, copyAfter, next]).toEqual([true, false, false, true]);
    expect(await store().get(id)).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastStatusCode: 500,
    });
  });

  it('gives an attempt whose function died to the next copy once its lease ran out', async () => {
    const id = `dlv-${++n}`;

    await store().claim(claimOf(id, 1, '2026-11-27T07:00:00Z'));
    const tooSoon = await store().claim(claimOf(id, 1, '2026-11-27T07:01:00Z'));
    const afterLease = await store().claim(claimOf(id, 1, '2026-11-27T07:06:00Z'));

    expect([tooSoon, afterLease]).toEqual([false, true]);
  });

  it('ignores the end of an attempt a later one has taken over, and claims nothing once delivered', async () => {
    const id = `dlv-${++n}`;
    await store().claim(claimOf(id, 1, '2026-11-27T07:00:00Z'));
    await store().settle(id, 1, settled('2026-11-27T07:00:01Z'));
    await store().claim(claimOf(id, 2, '2026-11-27T07:00:31Z'));

    await store().settle(id, 1, { status: 'failed', attempted: true, at: '2026-11-27T07:00:32Z' });
    await store().settle(id, 2, {
      status: 'delivered',
      attempted: true,
      statusCode: 204,
      at: '2026-11-27T07:00:33Z',
    });
    const later = await store().claim(claimOf(id, 3, '2026-11-27T08:00:00Z'));

    expect(later).toBe(false);
    expect(await store().get(id)).toMatchObject({
      status: 'delivered',
      attempts: 2,
      lastStatusCode: 204,
    });
    expect((await store().listForWebhook('crm', 10)).map((d) => d.id)).toContain(id);
  });
});
