import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { composeIngest } from '../../functions/ingest/compose';
import { freePort, startDynamoDbLocal } from '../../local/dynamodb-local';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/local-aws';
import { startLocalStack } from '../../local/stack';
import { createDocumentClient } from '../../shared/store/client';
import { eventually } from '../support/eventually';
import { postForm, SITE_ORIGIN, seedManager, seedSite } from '../support/seed';
import { bindStack, TEST_ADMIN_KEY, useTestStack } from '../support/test-stack';

describe('when SQS is unreachable', () => {
  const t = useTestStack();

  it('answers 503 unavailable and stores nothing, so the sender retries', async () => {
    await seedSite(t);
    const config = t.stack.config;
    // The same ingest function, configured with an SQS endpoint where nothing listens.
    const ingest = composeIngest({
      ...config,
      endpoints: { ...config.endpoints, sqs: 'http://127.0.0.1:9' },
    });

    const response = await ingest.request('/v1/forms/shop', {
      method: 'POST',
      headers: { Origin: SITE_ORIGIN, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Lost?', phone: '+79993000001' }),
    });

    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: 'unavailable' });
    expect(await t.queueDepth('intake')).toBe(0);
    await t.drain();
    expect(await t.leads()).toEqual([]);
  });
});

describe('when DynamoDB dies while forms arrive', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-ddb-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('loses no accepted lead: SQS redelivers once DynamoDB is back', async () => {
    const port = await freePort();
    let dynamo = await startDynamoDbLocal({ port, dbPath: dataDir });
    const stack = await startLocalStack({
      servers: { dynamo, sqs: { endpoint: inject('sqsEndpoint') } },
      port: 0,
      tableName: 'restart',
      queuePrefix: `restart${Date.now()}-`,
      visibilityTimeoutSeconds: 1,
      env: { ADMIN_API_KEY: TEST_ADMIN_KEY, RATE_LIMIT_FORMS_PER_IP: '0' },
      pollers: true,
    });
    const db = createDocumentClient({
      endpoint: dynamo.endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    });
    const t = bindStack(
      () => stack,
      () => db,
      {},
    );
    try {
      await seedSite(t);
      await seedSite(t, 'unread'); // never posted to: not in ingest's cache
      await seedManager(t, 'anna');
      const accepted: string[] = [];
      const send = async (n: number) => {
        const phone = `+7999400${String(n).padStart(4, '0')}`;
        const response = await postForm(t, 'shop', { name: `Client ${n}`, phone });
        if (response.status === 200) accepted.push(phone);
        return response.status;
      };

      for (let n = 0; n < 10; n++) await send(n);
      await dynamo.stop(); // the router's writes now fail; the messages stay in SQS
      // Ingest read the site a moment ago (its 60 s site cache): the posts still reach SQS.
      const duringOutage = await Promise.all([10, 11, 12].map(send));
      const unread = await postForm(t, 'unread', { name: 'Nobody', phone: '+79994009999' });
      dynamo = await startDynamoDbLocal({ port, dbPath: dataDir });
      for (let n = 13; n < 20; n++) await send(n);

      expect(duringOutage).toEqual([200, 200, 200]);
      expect(unread.status).toBe(503); // a site ingest cannot read: the sender retries
      expect(accepted).toHaveLength(20);
      await eventually(
        async () => {
          const leads = await t.api('GET', '/v1/leads?limit=100');
          const phones = leads.body.items.map(
            (lead: { contact: { phone: string } }) => lead.contact.phone,
          );
          expect(phones.sort()).toEqual([...accepted].sort());
          expect(
            leads.body.items.every((lead: { status: string }) => lead.status === 'assigned'),
          ).toBe(true);
        },
        { timeoutMs: 30_000, intervalMs: 200 },
      );
    } finally {
      await stack.stop();
      await dynamo.stop();
      db.destroy();
    }
  });
});
