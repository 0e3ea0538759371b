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
    logger.error('intake queue unavailable', {
      error: errorSummary(error),
      eventId: message.eventId,
    });
    return false;
  }
};
