import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { AssignmentQueue } from '../ports';
import { toSqsBody } from './sqs-body';

export const createSqsAssignmentQueue = (sqs: SQSClient, queueUrl: string): AssignmentQueue => ({
  async publish(message) {
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: toSqsBody(message),
        MessageAttributes: {
          ...(message.managerId
            ? { managerId: { DataType: 'String', StringValue: message.managerId } }
            : {}),
          type: { DataType: 'String', StringValue: message.type },
        },
      }),
    );
  },
});
