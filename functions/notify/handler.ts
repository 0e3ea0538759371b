import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { QueuedEventSchema } from '../../shared/domain/messages';
import { errorSummary, logger } from '../../shared/logger';
import { onceRead } from '../../shared/once';
import { parseRecord } from '../../shared/queue/parse-record';
import { type FanOutDeps, fanOut } from './fan-out';

export type NotifyDeps = FanOutDeps;

/**
 * The notify Lambda on the assignments queue: each event fanned out into deliveries. A failed
 * record (a store or SQS outage) is retried by SQS; its deliveries already sent are duplicates
 * that their records turn away.
 */
export const createNotifyHandler = (deps: FanOutDeps) => {
  return async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> => {
    // The webhooks are read once per invocation, not once per record.
    const batchDeps: FanOutDeps = {
      ...deps,
      webhooks: { ...deps.webhooks, list: onceRead(() => deps.webhooks.list()) },
    };
    const handleRecord = async (record: SQSRecord) => {
      try {
        const message = parseRecord(record, QueuedEventSchema, 'an assignments event');
        const deliveries = await fanOut(batchDeps, message);
        logger.info('event fanned out', { type: message.type, deliveries });
      } catch (error) {
        logger.warn('assignments record failed', {
          messageId: record.messageId,
          error: errorSummary(error),
        });
        throw error;
      }
    };
    return processPartialResponse(event, handleRecord, new BatchProcessor(EventType.SQS), {
      ...(context ? { context } : {}),
      throwOnFullBatchFailure: false,
    });
  };
};
