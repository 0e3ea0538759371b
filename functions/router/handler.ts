import { processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger } from '../../shared/logger';
import { type IntakeMessage, IntakeMessageSchema } from '../../shared/queue/messages';
import { acceptLeadEvent } from '../../shared/usecases/accept-lead-event';
import { type CallDeps, recordCallEvent } from '../../shared/usecases/record-call-event';

export type RouterDeps = CallDeps;

export class PoisonMessageError extends Error {
  constructor(messageId: string, reason: string) {
    super(`Message ${messageId} is not an intake message (${reason}); it will go to the DLQ`);
    this.name = 'PoisonMessageError';
  }
}

const parseRecord = (record: SQSRecord): IntakeMessage => {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch {
    throw new PoisonMessageError(record.messageId, 'not JSON');
  }
  const parsed = IntakeMessageSchema.safeParse(body);
  if (!parsed.success) {
    throw new PoisonMessageError(
      record.messageId,
      parsed.error.issues
        .map((i) => i.path.join('.'))
        .join(', ')
        .slice(0, 200),
    );
  }
  return parsed.data;
};

/**
 * The router Lambda: intake.fifo batches, one record at a time per message group. A failed
 * record fails the rest of its group only (other people's events go on); SQS redelivers it
 * after the visibility timeout and moves it to the DLQ after maxReceiveCount.
 */
export const createRouterHandler = (deps: RouterDeps) => {
  const handleRecord = async (record: SQSRecord): Promise<void> => {
    const message = parseRecord(record);
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

  return async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> => {
    // One processor per invocation: it holds the batch's state, and the local pollers (like
    // Lambda's concurrent instances) run invocations side by side.
    const processor = new SqsFifoPartialProcessorAsync();
    const response = await processPartialResponse(event, handleRecord, processor, {
      ...(context ? { context } : {}),
      skipGroupOnError: true,
      throwOnFullBatchFailure: false,
    });
    for (const failure of processor.errors) {
      logger.warn('intake record failed', {
        error:
          failure instanceof Error
            ? { name: failure.name, message: failure.message.slice(0, 300) }
            : String(failure),
      });
    }
    return response;
  };
};
