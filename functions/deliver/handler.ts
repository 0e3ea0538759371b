import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { DeliveryMessageSchema } from '../../shared/domain/messages';
import { errorSummary, logger } from '../../shared/logger';
import { attemptDelivery, type DeliverDeps } from '../../shared/notify/attempt-delivery';
import { parseRecord } from '../../shared/queue/parse-record';

export type { DeliverDeps };

/**
 * The deliver Lambda on the deliveries queue: one attempt per message, the records of a batch
 * side by side (one slow receiver holds up no other). Failed attempts are not failed records:
 * their retry is a new, delayed message. Only an outage of our own (DynamoDB, SQS) fails a
 * record, which SQS then brings back.
 */
export const createDeliverHandler = (deps: DeliverDeps) => {
  const handleRecord = async (record: SQSRecord) => {
    try {
      const message = parseRecord(record, DeliveryMessageSchema, 'a delivery');
      const outcome = await attemptDelivery(deps, message);
      logger.debug('delivery handled', { deliveryId: message.deliveryId, outcome });
    } catch (error) {
      logger.warn('delivery record failed', {
        messageId: record.messageId,
        error: errorSummary(error),
      });
      throw error;
    }
  };
  return async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> =>
    processPartialResponse(event, handleRecord, new BatchProcessor(EventType.SQS), {
      ...(context ? { context } : {}),
      throwOnFullBatchFailure: false,
    });
};
