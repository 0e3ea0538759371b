import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, inject, it } from 'vitest';
import { seedManager } from '../support/seed';
import { useTestStack } from '../support/test-stack';

const run = promisify(execFile);

describe('npm run replay-dlq', () => {
  const t = useTestStack();

  const deadLead = (n: number) => {
    const receivedAt = t.clock.now().toISOString();
    return new SendMessageCommand({
      QueueUrl: t.stack.queues.intake.dlqUrl,
      MessageBody: JSON.stringify({
        kind: 'lead',
        eventId: `form:shop:tranid:dead-${n}`,
        channel: 'form',
        receivedAt,
        dedupeWindowSeconds: 86_400,
        source: { siteKey: 'shop' },
        contact: { phone: `+7999900000${n}` },
      }),
      MessageGroupId: `group-${n}`,
      MessageDeduplicationId: `dead-${n}`,
    });
  };

  it('moves dead letters back to their queue, where the router handles them, and moves nothing the second time', async () => {
    await seedManager(t, 'anna');
    for (const n of [1, 2, 3]) await t.stack.sqs.send(deadLead(n));
    const queuePrefix =
      t.stack.queues.intake.url.split('/').at(-1)?.replace('intake.fifo', '') ?? '';
    const replay = () =>
      run(
        'npx',
        [
          'tsx',
          'local/replay-dlq.ts',
          '--queue',
          'intake',
          '--endpoint',
          inject('sqsEndpoint'),
          '--prefix',
          queuePrefix,
        ],
        {
          env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        },
      );

    const first = await replay();
    const second = await replay();
    await t.drain();

    expect(first.stdout).toContain('moved 3 message(s)');
    expect(second.stdout).toContain('moved 0 message(s)');
    expect(await t.queueDepth('intake', true)).toBe(0);
    const phones = (await t.contacts()).map((c) => [...(c.phones as Set<string>)][0]);
    expect(phones).toEqual(
      expect.arrayContaining(['+79999000001', '+79999000002', '+79999000003']),
    );
    expect((await t.leads()).filter((l) => l.status === 'assigned')).toHaveLength(3);
  });
});
