import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { AssignmentQueue } from '../ports';

export const createSqsAssignmentQueue = (sqs: SQSClient, queueUrl: string): AssignmentQueue => ({
  async publish(message) {
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: JSON.stringify(message),
        MessageAttributes: {
          managerId: { DataType: 'String', StringValue: message.managerId },
          type: { DataType: 'String', StringValue: message.type },
        },
      }),
    );
  },
});
