import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { QueuedEvent } from '../domain/messages';
import type { AssignmentQueue } from '../ports';
import { type BatchEntry, sendInBatches } from './send-batch';
import { toSqsBody } from './sqs-body';

/** The message as SQS carries it, alone or in a batch: its manager and type as attributes. */
const assignmentEntry = (message: QueuedEvent): BatchEntry => ({
  MessageBody: toSqsBody(message),
  MessageAttributes: {
    ...(message.managerId
      ? { managerId: { DataType: 'String', StringValue: message.managerId } }
      : {}),
    type: { DataType: 'String', StringValue: message.type },
  },
});

export const createSqsAssignmentQueue = (sqs: SQSClient, queueUrl: string): AssignmentQueue => ({
  async publish(message) {
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, ...assignmentEntry(message) }));
  },
  publishAll(messages) {
    return sendInBatches(sqs, queueUrl, messages.map(assignmentEntry));
  },
});
