import type { DeliveryMessage } from '../domain/messages';
import { RETRY_WINDOW_SECONDS, retryDelay } from '../domain/notify/retry';
import { logger } from '../logger';
import type { DeliveryQueue, DeliveryStore } from '../ports';
import { destinations } from './destinations';
import type { AttemptDeps, AttemptResult } from './destinations/types';

export type DeliverDeps = AttemptDeps & {
  readonly deliveries: DeliveryStore;
  readonly queue: DeliveryQueue;
  /** How long a claimed attempt is its claimer's: longer than the deliver function may run. */
  readonly leaseSeconds: number;
};

export type DeliveryOutcome =
  | 'early'
  | 'duplicate'
  | 'delivered'
  | 'retrying'
  | 'waiting'
  | 'dead-lettered'
  | 'stopped';

/** A message this early is sent on again (SQS delays are at most 15 minutes). */
const EARLY_TOLERANCE_MS = 1_000;

export class BadDeliveryError extends Error {
  constructor(deliveryId: string, reason: string) {
    super(`Delivery ${deliveryId} cannot be attempted (${reason}); it will go to the DLQ`);
    this.name = 'BadDeliveryError';
  }
}

const later = (now: Date, seconds: number) =>
  new Date(now.getTime() + seconds * 1000).toISOString();

/**
 * One attempt of one delivery. Claims the attempt (a copy of the message, or an older attempt's
 * message, changes nothing), lets the destination try, and records the end: delivered; failed,
 * with the next attempt sent to the queue with the schedule's delay (before the record says so,
 * so an interruption repeats an attempt rather than losing one); waiting, when the destination
 * asked for it; or, with the schedule used up, dead-lettered.
 */
export const attemptDelivery = async (
  deps: DeliverDeps,
  message: DeliveryMessage,
): Promise<DeliveryOutcome> => {
  const now = deps.now();
  if (Date.parse(message.dueAt) - now.getTime() > EARLY_TOLERANCE_MS) {
    await deps.queue.send(message); // a long wait travels in 15-minute hops
    return 'early';
  }
  const destination = destinations.get(message.destination);
  if (!destination) throw new BadDeliveryError(message.deliveryId, 'unknown destination');
  const payload = destination.payload.safeParse(message.payload);
  if (!payload.success) throw new BadDeliveryError(message.deliveryId, 'payload');

  let current: DeliveryMessage = message;
  if (message.deadLettered) {
    // Replayed from the DLQ by an operator: a new run of attempts.
    await deps.deliveries.reopen(message.deliveryId);
    const { deadLettered: _replayed, ...rest } = message;
    current = { ...rest, seq: message.seq + 1, retry: 0, since: now.toISOString() };
  }

  const claimed = await deps.deliveries.claim({
    id: current.deliveryId,
    seq: current.seq,
    now,
    leaseSeconds: deps.leaseSeconds,
    destination: current.destination,
    target: current.target,
    eventId: current.eventId,
    type: current.type,
    createdAt: current.createdAt,
    webhook: current.destination === 'telegram' ? undefined : current.target,
  });
  if (!claimed) return 'duplicate';

  const result: AttemptResult = await destination.attempt(
    {
      id: current.deliveryId,
      target: current.target,
      type: current.type,
      eventId: current.eventId,
      at: current.at,
      seq: current.seq,
      payload: payload.data,
    },
    deps,
  );
  const ended = deps.now();
  const at = ended.toISOString();
  const log = {
    deliveryId: current.deliveryId,
    destination: current.destination,
    target: current.target,
    type: current.type,
    seq: current.seq,
  };

  switch (result.outcome) {
    case 'delivered':
      await deps.deliveries.settle(current.deliveryId, current.seq, {
        status: 'delivered',
        attempted: true,
        statusCode: result.statusCode,
        at,
      });
      logger.info('delivered', log);
      return 'delivered';

    case 'stop':
      await deps.deliveries.settle(current.deliveryId, current.seq, {
        status: 'failed',
        attempted: false,
        error: result.error,
        at,
      });
      logger.info('delivery stopped', { ...log, reason: result.error });
      return 'stopped';

    case 'wait': {
      const waited = (ended.getTime() - Date.parse(current.since)) / 1000;
      if (waited + result.afterSeconds > RETRY_WINDOW_SECONDS) {
        return deadLetter(deps, current, result, at, log);
      }
      await deps.queue.send({
        ...current,
        seq: current.seq + 1,
        dueAt: later(ended, result.afterSeconds),
      });
      await deps.deliveries.settle(current.deliveryId, current.seq, {
        status: 'pending',
        attempted: result.attempted,
        statusCode: result.statusCode,
        error: result.error,
        at,
      });
      logger.info('delivery waits', {
        ...log,
        afterSeconds: result.afterSeconds,
        reason: result.error,
      });
      return 'waiting';
    }

    case 'failed': {
      const delay = result.permanent ? undefined : retryDelay(current.retry);
      if (delay === undefined) return deadLetter(deps, current, result, at, log);
      await deps.queue.send({
        ...current,
        seq: current.seq + 1,
        retry: current.retry + 1,
        dueAt: later(ended, delay),
      });
      await deps.deliveries.settle(current.deliveryId, current.seq, {
        status: 'pending',
        attempted: true,
        statusCode: result.statusCode,
        error: result.error,
        at,
      });
      logger.warn('delivery attempt failed', {
        ...log,
        statusCode: result.statusCode,
        reason: result.error,
        retryInSeconds: delay,
      });
      return 'retrying';
    }

    default:
      return result satisfies never;
  }
};

const deadLetter = async (
  deps: DeliverDeps,
  message: DeliveryMessage,
  result: {
    readonly statusCode?: number | undefined;
    readonly error: string;
    readonly attempted?: boolean;
  },
  at: string,
  log: Record<string, unknown>,
): Promise<DeliveryOutcome> => {
  await deps.queue.deadLetter(message);
  await deps.deliveries.settle(message.deliveryId, message.seq, {
    status: 'failed',
    attempted: result.attempted ?? true,
    statusCode: result.statusCode,
    error: result.error,
    at,
  });
  logger.warn('delivery attempt failed', {
    ...log,
    statusCode: result.statusCode,
    reason: result.error,
  });
  logger.error('delivery dead-lettered', { ...log, reason: result.error });
  return 'dead-lettered';
};
