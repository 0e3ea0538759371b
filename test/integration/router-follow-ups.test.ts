import { GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { postForm, seedManager, seedSite } from '../support/seed';
import { useTestStack } from '../support/test-stack';

/**
 * The router sends a batch's follow-ups together at its end (SendMessageBatch per queue): every
 * lead's accept deadline and announcement arrive, each with its own delay and attributes.
 */
describe('the follow-ups of a batch of new leads', () => {
  const t = useTestStack();

  it('all reach the sla and assignments queues, each with its own delay and attributes', async () => {
    await seedSite(t);
    await seedManager(t, 'vera', { weight: 1 });
    await seedManager(t, 'oleg', { weight: 1 });
    await t.purge('assignments');
    await t.purge('sla');
    const phones = Array.from({ length: 12 }, (_, n) => `+7999603${String(n).padStart(4, '0')}`);
    for (const phone of phones) await postForm(t, 'shop', { name: 'Batch', phone });

    expect(await t.drain()).toBe(12); // two invocations: 10 records, then 2

    const leads = await t.leads();
    expect(leads).toHaveLength(12);
    const owners = new Map(leads.map((lead) => [String(lead.id), String(lead.managerId)]));
    const { Attributes } = await t.stack.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: t.stack.queues.sla.url,
        AttributeNames: ['ApproximateNumberOfMessagesDelayed'],
      }),
    );
    expect(Number(Attributes?.ApproximateNumberOfMessagesDelayed)).toBe(12);
    const checks = t.sla.scheduled.filter((m) => m.type === 'accept-check');
    expect(new Set(checks.map((m) => m.leadId))).toEqual(new Set(owners.keys()));
    const announced = new Map<string, unknown>();
    for (;;) {
      const { Messages = [] } = await t.stack.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: t.stack.queues.assignments.url,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 0,
          MessageAttributeNames: ['All'],
        }),
      );
      if (Messages.length === 0) break;
      for (const message of Messages) {
        const body = JSON.parse(message.Body ?? '{}');
        announced.set(body.leadId, {
          managerId: message.MessageAttributes?.managerId?.StringValue,
          type: message.MessageAttributes?.type?.StringValue,
        });
      }
    }
    expect(announced).toEqual(
      new Map(
        [...owners].map(([leadId, managerId]) => [leadId, { managerId, type: 'lead.assigned' }]),
      ),
    );
  });
});
