import type { IntakeMessage, QueuedEvent, SlaMessage } from '../domain/messages';

export interface IntakeQueue {
  /** Resolves only once the message is durably queued; throws when the queue is unreachable. */
  send(message: IntakeMessage): Promise<void>;
}

export interface AssignmentQueue {
  /** Announcements for managers (lead.assigned, …) and the events webhooks publish. */
  publish(message: QueuedEvent): Promise<void>;
  /** Several at once (batched requests); never throws: answers the messages not sent. */
  publishAll(messages: readonly QueuedEvent[]): Promise<Unsent>;
}

/** Delayed checks: a lead's accept deadline, waking a team's waiting line, a call's deadline. */
export interface SlaQueue {
  /** Delivers the message at its `dueAt` (hops of at most 15 minutes, SQS's longest delay). */
  schedule(message: SlaMessage): Promise<void>;
  /** Several at once (batched requests); never throws: answers the messages not sent. */
  scheduleAll(messages: readonly SlaMessage[]): Promise<Unsent>;
}

/** The messages of a send of several that did not go out: their positions, and why. */
export type Unsent = readonly { readonly index: number; readonly error: unknown }[];
