import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { IntakeMessageSchema } from '../../shared/domain/messages';
import { errorSummary, logger } from '../../shared/logger';
import { processFifoBatch } from '../../shared/queue/fifo-batch';
import { parseRecord } from '../../shared/queue/parse-record';
import { acceptLeadEvent } from '../../shared/usecases/accept-lead-event';
import type { CallDeps } from '../../shared/usecases/call-deps';
import { recordCallEvent } from '../../shared/usecases/record-call-event';

export type RouterDeps = CallDeps;

/**
 * The router Lambda: intake.fifo batches, each message group in order, groups side by side. A
 * failed record fails the rest of its group only (other people's events go on); SQS redelivers
 * it after the visibility timeout and moves it to the DLQ after maxReceiveCount.
 */
export const createRouterHandler = (baseDeps: RouterDeps) => {
  const handleRecord =
    (deps: RouterDeps) =>
    async (record: SQSRecord): Promise<void> => {
      const message = parseRecord(record, IntakeMessageSchema, 'an intake message');
      switch (message.kind) {
        case 'lead': {
          const result = await acceptLeadEvent(deps, message);
          logger.debug('lead event handled', { messageId: record.messageId, result });
          return;
        }
        case 'call':
          await recordCallEvent(deps, message);
          return;
        default:
          message satisfies never;
      }
    };

  return (event: SQSEvent): Promise<SQSBatchResponse> =>
    // Managers and routing policies are read once per invocation, not once per record.
    processFifoBatch(event.Records, handleRecord(withBatchCache(baseDeps)), (record, error) => {
      logger.warn('intake record failed', {
        messageId: record.messageId,
        error: errorSummary(error),
      });
    });
};

const once = <T>(read: () => Promise<T>): (() => Promise<T>) => {
  let value: Promise<T> | undefined;
  return () => {
    value ??= read().catch((error) => {
      value = undefined; // a failed read is tried again, not remembered
      throw error;
    });
    return value;
  };
};

/** The deps for one invocation: slow-changing configuration read once for the whole batch. */
const withBatchCache = (deps: RouterDeps): RouterDeps => ({
  ...deps,
  managers: { ...deps.managers, list: once(() => deps.managers.list()) },
  routing: { ...deps.routing, policies: once(() => deps.routing.policies()) },
});
