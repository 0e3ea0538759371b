import { describe, expect, it } from 'vitest';
import { GENERIC_SECRET, genericCall, playCalls } from '../support/generic-telephony';
import { seedManager } from '../support/seed';
import { useTestStack } from '../support/test-stack';

/**
 * The announcements of one intake record reach the assignments queue in the order the record
 * makes them, although most wait for the end of the batch (follow-up-batch.ts) and a task's
 * `lead.closed` goes out at once.
 */
describe('the announcements of a missed call processed after our call back', () => {
  /** Each send to the assignments queue, in order: the types of the messages it carried. */
  const sent: string[][] = [];
  const t = useTestStack({
    env: { GENERIC_TELEPHONY_SECRET: GENERIC_SECRET },
    decorateRouter: (deps) => ({
      ...deps,
      assignments: {
        async publish(message) {
          await deps.assignments.publish(message);
          sent.push([message.type]);
        },
        async publishAll(messages) {
          const unsent = await deps.assignments.publishAll(messages);
          sent.push(messages.map((m) => m.type));
          return unsent;
        },
      },
    }),
  });

  it('sends the task’s callback.assigned before its lead.closed', async () => {
    await seedManager(t, 'boris', { extensions: ['102'] });
    const missed = genericCall('c-late-missed', {
      customer: '+79161120001',
      start: '2026-11-21T09:00:00Z',
      ringSeconds: 40,
    });
    const callBack = genericCall('c-early-callback', {
      direction: 'outbound',
      customer: '+79161120001',
      start: '2026-11-21T09:10:40Z',
      ringSeconds: 10,
      talkSeconds: 90,
      extension: '102',
    });
    // Our call back reaches the router first; the missed call's events come after it.
    await playCalls(t, callBack);
    sent.length = 0;
    await playCalls(t, missed);

    const order = sent
      .flat()
      .filter((type) => type === 'callback.assigned' || type === 'lead.closed');
    expect(order).toEqual(['callback.assigned', 'lead.closed']);
    const tasks = await t.api('GET', '/v1/leads?limit=100');
    expect(
      tasks.body.items.find(
        (lead: { kind: string; contact: { phone: string } }) =>
          lead.kind === 'callback' && lead.contact.phone === '+79161120001',
      ),
    ).toMatchObject({ status: 'closed' });
  });
});
