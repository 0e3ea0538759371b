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
 * after, callback-task.ts): each must be out before that write. Before one of those goes out, the
 * record's messages held for the same queue go out first, so that queue gets the record's
 * messages in the order the record sent them (a task's `callback.assigned` before its
 * `lead.closed` when the call back was processed before the missed call); if one of them is not
 * sent, the record fails there.
 */
export const createFollowUpBatch = (queues: FollowUpQueues) => {
  const sla: Held<SlaMessage>[] = [];
  const assignments: Held<QueuedEvent>[] = [];
  return {
    /**
     * The queues as the handling of one record (its SQS message id) sees them. `scheduleAll` and
     * `publishAll` take each message as `schedule` and `publish` do (held, or sent at once), so
     * they answer nothing unsent: what is held is the batch's to send, and one sent at once that
     * does not go out throws.
     */
    of(record: string): FollowUpQueues {
      const schedule = async (message: SlaMessage) => {
        if (message.type !== 'call-finalize') {
          sla.push({ record, message });
          return;
        }
        await sendHeld(sla, record, (held) => queues.sla.scheduleAll(held));
        await queues.sla.schedule(message);
      };
      const publish = async (message: QueuedEvent) => {
        if (message.type !== 'lead.closed') {
          assignments.push({ record, message });
          return;
        }
        await sendHeld(assignments, record, (held) => queues.assignments.publishAll(held));
        await queues.assignments.publish(message);
      };
      return {
        sla: {
          schedule,
          async scheduleAll(messages) {
            for (const message of messages) await schedule(message);
            return [];
          },
        },
        assignments: {
          publish,
          async publishAll(messages) {
            for (const message of messages) await publish(message);
            return [];
          },
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

/** Sends one record's held messages now and lets go of them; throws if one is not sent. */
const sendHeld = async <T>(
  held: Held<T>[],
  record: string,
  sendAll: (messages: readonly T[]) => Promise<Unsent>,
): Promise<void> => {
  const mine = held.filter((h) => h.record === record);
  if (mine.length === 0) return;
  for (const h of mine) held.splice(held.indexOf(h), 1);
  const [unsent] = await sendAll(mine.map((h) => h.message));
  if (unsent) throw unsent.error;
};
