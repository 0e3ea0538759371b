import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { IntakeMessageSchema } from '../../shared/domain/messages';
import { errorSummary, logger } from '../../shared/logger';
import { onceRead } from '../../shared/once';
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

/** The deps for one invocation: slow-changing configuration read once for the whole batch. */
const withBatchCache = (deps: RouterDeps): RouterDeps => ({
  ...deps,
  managers: { ...deps.managers, list: onceRead(() => deps.managers.list()) },
  routing: { ...deps.routing, policies: onceRead(() => deps.routing.policies()) },
});
