import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { IntakeMessageSchema } from '../../shared/domain/messages';
import { errorSummary, logger } from '../../shared/logger';
import { onceRead } from '../../shared/once';
import { processFifoBatch } from '../../shared/queue/fifo-batch';
import { createFollowUpBatch } from '../../shared/queue/follow-up-batch';
import { parseRecord } from '../../shared/queue/parse-record';
import { acceptLeadEvent } from '../../shared/usecases/accept-lead-event';
import type { CallDeps } from '../../shared/usecases/call-deps';
import { recordCallEvent } from '../../shared/usecases/record-call-event';
import { shareTickets } from '../../shared/usecases/shared-tickets';

export type RouterDeps = CallDeps;

/**
 * The router Lambda: intake.fifo batches, each message group in order, groups side by side. A
 * failed record fails the rest of its group only (other people's events go on); SQS redelivers
 * it after the visibility timeout and moves it to the DLQ after maxReceiveCount. The records'
 * follow-ups (accept deadlines, announcements) are sent together at the end of the batch; a
 * record whose follow-ups did not go out fails likewise, and its redelivery sends them again.
 */
export const createRouterHandler = (baseDeps: RouterDeps) => {
  const handleRecord = async (deps: RouterDeps, record: SQSRecord): Promise<void> => {
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

  return (event: SQSEvent): Promise<SQSBatchResponse> => {
    // Managers and routing policies are read once per invocation, not once per record.
    const deps = withBatchCache(baseDeps);
    // The records' follow-ups go out together once all have run (follow-up-batch.ts).
    const followUps = createFollowUpBatch(baseDeps);
    return processFifoBatch(
      event.Records,
      (record) => handleRecord({ ...deps, ...followUps.of(record.messageId) }, record),
      (record, error) => {
        logger.warn('intake record failed', {
          messageId: record.messageId,
          error: errorSummary(error),
        });
      },
      followUps.send,
    );
  };
};

/**
 * The deps for one invocation: slow-changing configuration read once for the whole batch, and
 * round-robin tickets drawn together by the batch's leads (shared-tickets.ts).
 */
const withBatchCache = (deps: RouterDeps): RouterDeps => {
  const ticket = shareTickets((team, count) => deps.routing.nextTicket(team, count));
  return {
    ...deps,
    managers: { ...deps.managers, list: onceRead(() => deps.managers.list()) },
    routing: {
      ...deps.routing,
      policies: onceRead(() => deps.routing.policies()),
      nextTicket: (team) => ticket(team),
    },
  };
};
