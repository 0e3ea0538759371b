import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { IntakeQueue } from '../ports';
import { intakeSendInput } from './intake-send-input';

export { messageGroupOf } from './intake-send-input';

export const createSqsIntakeQueue = (sqs: SQSClient, queueUrl: string): IntakeQueue => ({
  async send(message) {
    await sqs.send(new SendMessageCommand(intakeSendInput(queueUrl, message)));
  },
});
