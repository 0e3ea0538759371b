import { randomUUID } from 'node:crypto';
import type { SQSRecord } from 'aws-lambda';
import type { Clock, IdGenerator } from './ports';
import type { DeliveryMessage, SlaMessage } from './queue/messages';

/** Time and ids: the system's in production, injected in tests. */
export type Runtime = {
  readonly now: Clock;
  readonly newId: IdGenerator;
  /** Tests watch delayed checks go out (SQS holds them for minutes; tests move the clock). */
  readonly onSlaScheduled?: (message: SlaMessage) => void;
  /** Tests watch delayed deliveries (retries, pacing) go out, as with the sla checks. */
  readonly onDeliveryScheduled?: (message: DeliveryMessage) => void;
  /**
   * Waits a moment (pacing a send into its rate-limit second, at most 2 s); tests move their
   * clock instead. Unset: a real timer.
   */
  readonly sleep?: (ms: number) => Promise<void>;
  /** The fault suite makes the router fail on some records with this (unset in production). */
  readonly beforeRouterRecord?: (record: SQSRecord) => void;
};

export const systemRuntime: Runtime = { now: () => new Date(), newId: () => randomUUID() };
