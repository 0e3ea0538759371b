import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { SlaMessageSchema } from '../../shared/domain/messages';
import { logger } from '../../shared/logger';
import { parseRecord } from '../../shared/queue/parse-record';
import { assignWaiting, checkAcceptance } from '../../shared/usecases/assign-lead';
import type { CallDeps } from '../../shared/usecases/call-deps';
import { finalizeCall, isDeadlineCheckNeeded } from '../../shared/usecases/finalize-call';

/** What the sla function works with: the lead deps, and the calls' for call deadlines. */
export type SlaDeps = CallDeps;

/** A message this early is sent on again (SQS delays are at most 15 minutes). */
const EARLY_TOLERANCE_MS = 1_000;

/**
 * The sla Lambda: accept deadlines (reassign a lead nobody took in time), wake-ups of a team's
 * waiting line (offer waiting leads, oldest first, once someone is at work), and call deadlines
 * (close a call whose provider never sent its final event, from the evidence).
 */
export const createSlaHandler = (deps: SlaDeps) => {
  const handleRecord = async (record: SQSRecord): Promise<void> => {
    const message = parseRecord(record, SlaMessageSchema, 'an SLA message');
    if (Date.parse(message.dueAt) - deps.now().getTime() > EARLY_TOLERANCE_MS) {
      // A long wait travels in 15-minute hops; a call's check stops once the call is over.
      if (message.type === 'call-finalize' && !(await isDeadlineCheckNeeded(deps, message))) {
        return;
      }
      await deps.sla.schedule(message);
      return;
    }
    switch (message.type) {
      case 'accept-check': {
        const result = await checkAcceptance(deps, message, record.messageId);
        logger.info('accept deadline checked', { leadId: message.leadId, result });
        return;
      }
      case 'assign-waiting': {
        const assigned = await assignWaiting(deps, message.team);
        logger.info('waiting leads offered', { team: message.team, assigned });
        return;
      }
      case 'call-finalize': {
        const result = await finalizeCall(deps, message);
        logger.info('call deadline checked', { callId: message.callId, result });
        return;
      }
      default:
        message satisfies never;
    }
  };

  return async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> =>
    processPartialResponse(event, handleRecord, new BatchProcessor(EventType.SQS), {
      ...(context ? { context } : {}),
      throwOnFullBatchFailure: false,
    });
};
