import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { postForm, seedManager, seedSite } from '../support/seed';
import { useTestStack } from '../support/test-stack';

const run = promisify(execFile);

describe('npm run reprocess-quarantine', () => {
  const t = useTestStack();

  it('reprocesses every held request it can read now, leaves the rest held, and finds nothing left the second time', async () => {
    await seedManager(t, 'anna');
    await seedSite(t, 'shop', { honeypotField: 'website' });
    for (const n of [1, 2]) {
      await postForm(
        t,
        'shop',
        `name=B2B${n}&phone=8916555000${n}&website=https://b2b${n}.example`,
      );
    }
    await postForm(t, 'shop', '{"name":"Cut', { contentType: 'application/json' }); // never readable
    await seedSite(t, 'shop'); // the honeypot was a real field: none from now on
    const queuePrefix =
      t.stack.queues.intake.url.split('/').at(-1)?.replace('intake.fifo', '') ?? '';
    const reprocess = () =>
      run(
        'npx',
        [
          'tsx',
          'local/reprocess-quarantine.ts',
          '--dynamodb-endpoint',
          inject('dynamoEndpoint'),
          '--sqs-endpoint',
          inject('sqsEndpoint'),
          '--table',
          t.stack.config.tableName ?? '',
          '--prefix',
          queuePrefix,
        ],
        { env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } },
      );

    const first = await reprocess();
    const second = await reprocess();
    await t.drain();

    expect(first.stdout).toContain(
      'reprocessed 2 held request(s) into 2 event(s); 1 still held; 0 failed',
    );
    expect(second.stdout).toContain(
      'reprocessed 0 held request(s) into 0 event(s); 1 still held; 0 failed',
    );
    const phones = (await t.api('GET', '/v1/leads?limit=100')).body.items.map(
      (lead: { contact: { phone?: string } }) => lead.contact.phone,
    );
    expect(phones).toEqual(expect.arrayContaining(['+79165550001', '+79165550002']));
    const held = await t.api('GET', '/v1/quarantine?status=held');
    expect(held.body.items).toEqual([expect.objectContaining({ reason: 'unreadable' })]);
  });
});
