import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger } from '../../shared/logger';
import { type SlaMessage, SlaMessageSchema } from '../../shared/queue/messages';
import { assignWaiting, checkAcceptance } from '../../shared/usecases/assign-lead';
import type { LeadDeps } from '../../shared/usecases/lead-deps';
import { PoisonMessageError } from '../router/handler';

/** A message this early is sent on again (SQS delays are at most 15 minutes). */
const EARLY_TOLERANCE_MS = 1_000;

const parseRecord = (record: SQSRecord): SlaMessage => {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch {
    throw new PoisonMessageError(record.messageId, 'not JSON');
  }
  const parsed = SlaMessageSchema.safeParse(body);
  if (!parsed.success) throw new PoisonMessageError(record.messageId, 'not an SLA message');
  return parsed.data;
};

/**
 * The sla Lambda: accept deadlines (reassign a lead nobody took in time) and wake-ups of a
 * team's waiting line (offer waiting leads, oldest first, once someone is at work).
 */
export const createSlaHandler = (deps: LeadDeps) => {
  const handleRecord = async (record: SQSRecord): Promise<void> => {
    const message = parseRecord(record);
    if (Date.parse(message.dueAt) - deps.now().getTime() > EARLY_TOLERANCE_MS) {
      await deps.sla.schedule(message); // a long wait travels in 15-minute hops
      return;
    }
    switch (message.type) {
      case 'accept-check': {
        const result = await checkAcceptance(deps, message);
        logger.info('accept deadline checked', { leadId: message.leadId, result });
        return;
      }
      case 'assign-waiting': {
        const assigned = await assignWaiting(deps, message.team);
        logger.info('waiting leads offered', { team: message.team, assigned });
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
