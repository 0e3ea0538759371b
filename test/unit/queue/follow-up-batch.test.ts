import { describe, expect, it } from 'vitest';
import type { QueuedEvent, SlaMessage } from '../../../shared/domain/messages';
import type { AssignmentQueue, SlaQueue } from '../../../shared/ports';
import { createFollowUpBatch } from '../../../shared/queue/follow-up-batch';

const recording = () => {
  const sent: { how: 'at once' | 'batched'; type: string }[] = [];
  const send = async (message: { type: string }) => {
    sent.push({ how: 'at once', type: message.type });
  };
  const sendAll = async (messages: readonly { type: string }[]) => {
    for (const m of messages) sent.push({ how: 'batched', type: m.type });
    return [];
  };
  const sla: SlaQueue = { schedule: send, scheduleAll: sendAll };
  const assignments: AssignmentQueue = { publish: send, publishAll: sendAll };
  return { sent, queues: { sla, assignments } };
};

const event = (type: QueuedEvent['type']) =>
  ({
    type,
    leadId: 'l1',
    managerId: 'anna',
    contact: { id: 'c1' },
    channel: 'form',
    at: '2026-12-06T10:00:00.000Z',
  }) as QueuedEvent;

describe('a batch’s follow-ups', () => {
  it('holds what a redelivery sends again until the batch ends, and sends at once what it would not', async () => {
    const { sent, queues } = recording();
    const batch = createFollowUpBatch(queues);
    const record = batch.of('m1');

    await record.assignments.publish(event('lead.assigned'));
    await record.sla.schedule({
      type: 'accept-check',
      leadId: 'l1',
      managerId: 'anna',
      assignedAt: '2026-12-06T10:00:00.000Z',
      dueAt: '2026-12-06T10:02:00.000Z',
    } as SlaMessage);
    // A callback task's close: its number lets go of the task right after, so a redelivery
    // would not announce it again.
    await record.assignments.publish(event('lead.closed'));
    await record.sla.schedule({
      type: 'call-finalize',
      provider: 'generic',
      callId: 'c1',
      dueAt: '2026-12-06T14:00:00.000Z',
    } as SlaMessage);

    // Each message sent at once goes after what its record holds for the same queue, so the
    // record's announcements keep their order (test/unit/router/follow-up-batch.test.ts).
    expect(sent).toEqual([
      { how: 'batched', type: 'lead.assigned' },
      { how: 'at once', type: 'lead.closed' },
      { how: 'batched', type: 'accept-check' },
      { how: 'at once', type: 'call-finalize' },
    ]);
    expect(await batch.send()).toEqual(new Map());
    expect(sent).toHaveLength(4);
  });
});
