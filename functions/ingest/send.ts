import type { IntakeMessage } from '../../shared/domain/messages';
import { errorSummary, logger } from '../../shared/logger';
import type { IngestDeps } from './deps';

/**
 * Queues an accepted event. Returns false when the queue is unreachable: the caller answers
 * 503 so that the sender retries. Nothing is acknowledged before SQS has it.
 */
export const sendOr503 = async (deps: IngestDeps, message: IntakeMessage): Promise<boolean> => {
  try {
    await deps.intake.send(message);
    return true;
  } catch (error) {
    // The kind only: event ids may carry a person's data (WhatsApp message ids hold the phone).
    logger.error('intake queue unavailable', { error: errorSummary(error), kind: message.kind });
    return false;
  }
};
