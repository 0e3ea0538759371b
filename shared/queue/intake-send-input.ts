import { sha256Hex as sha256 } from '../crypto';
import { primaryIdentityKey } from '../domain/identity';
import type { IntakeMessage } from '../domain/messages';
import { toSqsBody } from './sqs-body';

/**
 * The FIFO group of a message: one sender's lead events, or one call's events, are processed
 * in order; different senders and calls in parallel. (A call is grouped by itself, not by the
 * client's number: not every leg event carries that number. The same person reaching us on
 * several channels, or calls of one number, meet in conditional writes instead.) Hashed, so no
 * phone number or e-mail sits in SQS metadata.
 */
export const messageGroupOf = (message: IntakeMessage): string => {
  if (message.kind === 'call') {
    return sha256(`call:${message.event.provider}:${message.event.callId}`).slice(0, 40);
  }
  // A messenger account is the one key every message of its sender carries (a phone only
  // sometimes): its messages stay in order. Forms go by phone, else e-mail.
  const messenger = message.contact.messenger;
  return sha256(
    messenger
      ? `${messenger.channel}:${messenger.id}`
      : (primaryIdentityKey(message.contact) ?? message.eventId),
  ).slice(0, 40);
};

/**
 * The SendMessage input of an intake message (both senders use it: the SDK's, and ingest's
 * light client's, createLiteIntakeQueue in shared/aws/lite-clients.ts).
 */
export const intakeSendInput = (queueUrl: string, message: IntakeMessage) => ({
  QueueUrl: queueUrl,
  MessageBody: toSqsBody(message),
  MessageGroupId: messageGroupOf(message),
  // Retries of one event within SQS's 5-minute window are dropped by SQS itself;
  // later ones by the durable event marker in DynamoDB.
  MessageDeduplicationId: sha256(message.eventId),
});
