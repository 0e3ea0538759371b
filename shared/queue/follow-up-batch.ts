import type { QueuedEvent, SlaMessage } from '../domain/messages';
import type { AssignmentQueue, SlaQueue, Unsent } from '../ports';

type FollowUpQueues = { readonly sla: SlaQueue; readonly assignments: AssignmentQueue };

type Held<T> = { readonly record: string; readonly message: T };

/**
 * The follow-ups of one batch of records — accept deadlines, wake-ups of a waiting line,
 * announcements — held while the records run and sent together once they all have (batched
 * requests of up to 10 per queue instead of one request each). Only what is safe to repeat may
 * wait like this: a record whose follow-up did not go out is failed, SQS delivers it again, and
 * it sends its follow-ups again. Two are not held, because a delivery again would not send them
 * again: a call's deadline check (the call's record notes it as scheduled right after it is sent,
 * record-call-event.ts) and a callback task's `lead.closed` (the number lets go of its task right
 * after, callback-task.ts): each must be out before that write.
 */
export const createFollowUpBatch = (queues: FollowUpQueues) => {
  const sla: Held<SlaMessage>[] = [];
  const assignments: Held<QueuedEvent>[] = [];
  return {
    /** The queues as the handling of one record (its SQS message id) sees them. */
    of(record: string): FollowUpQueues {
      return {
        sla: {
          async schedule(message) {
            if (message.type === 'call-finalize') return queues.sla.schedule(message);
            sla.push({ record, message });
          },
          scheduleAll: (messages) => queues.sla.scheduleAll(messages),
        },
        assignments: {
          async publish(message) {
            if (message.type === 'lead.closed') return queues.assignments.publish(message);
            assignments.push({ record, message });
          },
          publishAll: (messages) => queues.assignments.publishAll(messages),
        },
      };
    },
    /**
     * Sends what the batch holds (the two queues side by side) and lets go of it; answers the
     * records whose follow-ups did not all go out, each with the first reason.
     */
    async send(): Promise<ReadonlyMap<string, unknown>> {
      const held = { sla: sla.splice(0), assignments: assignments.splice(0) };
      const [slaUnsent, assignmentsUnsent] = await Promise.all([
        held.sla.length > 0 ? queues.sla.scheduleAll(held.sla.map((h) => h.message)) : [],
        held.assignments.length > 0
          ? queues.assignments.publishAll(held.assignments.map((h) => h.message))
          : [],
      ]);
      const failed = new Map<string, unknown>();
      const note = (from: readonly Held<unknown>[], unsent: Unsent) => {
        for (const { index, error } of unsent) {
          const record = from[index]?.record;
          if (record !== undefined && !failed.has(record)) failed.set(record, error);
        }
      };
      note(held.sla, slaUnsent);
      note(held.assignments, assignmentsUnsent);
      return failed;
    },
  };
};
