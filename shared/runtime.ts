import { randomUUID } from 'node:crypto';
import type { SQSRecord } from 'aws-lambda';
import type { SlaMessage } from './domain/messages';
import type { Clock, IdGenerator } from './ports';

/** Time and ids: the system's in production, injected in tests. */
export type Runtime = {
  readonly now: Clock;
  readonly newId: IdGenerator;
  /** Tests watch delayed checks go out (SQS holds them for minutes; tests move the clock). */
  readonly onSlaScheduled?: (message: SlaMessage) => void;
  /** The fault suite makes the router fail on some records with this (unset in production). */
  readonly beforeRouterRecord?: (record: SQSRecord) => void;
};

export const systemRuntime: Runtime = { now: () => new Date(), newId: () => randomUUID() };
