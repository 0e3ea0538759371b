import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger } from '../../shared/logger';
import { attemptDelivery, type DeliverDeps } from '../../shared/notify/attempt-delivery';
import { type DeliveryMessage, DeliveryMessageSchema } from '../../shared/queue/messages';
import { errorSummary } from '../ingest/send';
import { PoisonMessageError } from '../router/handler';

const parseRecord = (record: SQSRecord): DeliveryMessage => {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch {
    throw new PoisonMessageError(record.messageId, 'not JSON');
  }
  const parsed = DeliveryMessageSchema.safeParse(body);
  if (!parsed.success) throw new PoisonMessageError(record.messageId, 'not a delivery');
  return parsed.data;
};

/**
 * The deliver Lambda on the deliveries queue: one attempt per message, the records of a batch
 * side by side (one slow receiver holds up no other). Failed attempts are not failed records:
 * their retry is a new, delayed message. Only an outage of our own (DynamoDB, SQS) fails a
 * record, which SQS then brings back.
 */
export const createDeliverHandler = (deps: DeliverDeps) => {
  const handleRecord = async (record: SQSRecord) => {
    try {
      const message = parseRecord(record);
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
