import { describe, expect, it } from 'vitest';
import type { QueuedEvent, SlaMessage } from '../../../shared/domain/messages';
import type { AssignmentQueue, SlaQueue, Unsent } from '../../../shared/ports';
import { createFollowUpBatch } from '../../../shared/queue/follow-up-batch';

const announcement = (type: QueuedEvent['type'], leadId: string): QueuedEvent =>
  ({
    type,
    leadId,
    managerId: 'anna',
    contact: { id: 'contact-1' },
    channel: 'phone',
    at: '2026-11-27T07:00:00.000Z',
  }) as QueuedEvent;

const acceptCheck = (leadId: string): SlaMessage => ({
  type: 'accept-check',
  leadId,
  managerId: 'anna',
  assignedAt: '2026-11-27T07:00:00.000Z',
  dueAt: '2026-11-27T07:02:00.000Z',
});

const callFinalize: SlaMessage = {
  type: 'call-finalize',
  provider: 'generic',
  callId: 'c-1',
  lastEventAt: '2026-11-27T07:00:00.000Z',
  dueAt: '2026-11-27T11:00:00.000Z',
};

/** Queues that note every request in order; `refuse` picks the messages SQS does not take. */
const recordingQueues = (refuse: (leadId: string) => boolean = () => false) => {
  const requests: string[][] = [];
  const unsentOf = (messages: readonly (QueuedEvent | SlaMessage)[]): Unsent =>
    messages.flatMap((m, index) =>
      'leadId' in m && refuse(m.leadId) ? [{ index, error: new Error(`refused ${m.leadId}`) }] : [],
    );
  const name = (m: QueuedEvent | SlaMessage) => `${m.type}${'leadId' in m ? `:${m.leadId}` : ''}`;
  const assignments: AssignmentQueue = {
    async publish(message) {
      requests.push([name(message)]);
    },
    async publishAll(messages) {
      requests.push(messages.map(name));
      return unsentOf(messages);
    },
  };
  const sla: SlaQueue = {
    async schedule(message) {
      requests.push([name(message)]);
    },
    async scheduleAll(messages) {
      requests.push(messages.map(name));
      return unsentOf(messages);
    },
  };
  return { requests, queues: { assignments, sla } };
};

describe('the follow-ups of a batch', () => {
  it('sends a record’s held announcements before its lead.closed, and only that record’s', async () => {
    const { requests, queues } = recordingQueues();
    const batch = createFollowUpBatch(queues);
    const one = batch.of('m-1');
    const two = batch.of('m-2');
    await two.assignments.publish(announcement('lead.assigned', 'lead-2'));
    await one.assignments.publish(announcement('callback.assigned', 'task-1'));
    await one.sla.schedule(acceptCheck('task-1'));

    await one.assignments.publish(announcement('lead.closed', 'task-1'));

    expect(requests).toEqual([['callback.assigned:task-1'], ['lead.closed:task-1']]);
    expect(await batch.send()).toEqual(new Map());
    expect(requests.slice(2).sort()).toEqual([['accept-check:task-1'], ['lead.assigned:lead-2']]);
  });

  it('throws, without sending the lead.closed, when one of the record’s held messages is not sent', async () => {
    const { requests, queues } = recordingQueues((leadId) => leadId === 'task-1');
    const batch = createFollowUpBatch(queues);
    const one = batch.of('m-1');
    await one.assignments.publish(announcement('callback.assigned', 'task-1'));

    await expect(one.assignments.publish(announcement('lead.closed', 'task-1'))).rejects.toThrow(
      'refused task-1',
    );

    expect(requests).toEqual([['callback.assigned:task-1']]);
  });

  it('sends a record’s held checks before its call deadline, which goes out at once', async () => {
    const { requests, queues } = recordingQueues();
    const batch = createFollowUpBatch(queues);
    const one = batch.of('m-1');
    await one.sla.schedule(acceptCheck('task-1'));

    await one.sla.schedule(callFinalize);

    expect(requests).toEqual([['accept-check:task-1'], ['call-finalize']]);
    expect(await batch.send()).toEqual(new Map());
    expect(requests).toHaveLength(2);
  });

  it('takes a record’s several messages each as one, leaving none unsent to ignore', async () => {
    const { requests, queues } = recordingQueues((leadId) => leadId === 'lead-1');
    const batch = createFollowUpBatch(queues);
    const one = batch.of('m-1');

    expect(
      await one.assignments.publishAll([
        announcement('lead.assigned', 'lead-1'),
        announcement('lead.touched', 'lead-1'),
      ]),
    ).toEqual([]);
    expect(await one.sla.scheduleAll([acceptCheck('lead-1')])).toEqual([]);
    expect(requests).toEqual([]);

    const failed = await batch.send();

    expect([...failed.keys()]).toEqual(['m-1']);
  });
});
