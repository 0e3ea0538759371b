import {
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';

export type ReplayResult = { readonly moved: number };

/**
 * Moves every message of a dead-letter queue back to its source queue, for another try once the
 * cause is fixed. Each message is sent first and deleted after, so an interrupted run loses
 * nothing; running it again moves what is left. A FIFO message keeps its group and its
 * deduplication id (SQS drops a second copy within 5 minutes; the router is idempotent after).
 */
export const replayDlq = async (
  sqs: SQSClient,
  queues: { readonly dlqUrl: string; readonly targetUrl: string; readonly fifo: boolean },
  onMoved: (messageId: string) => void = () => {},
): Promise<ReplayResult> => {
  let moved = 0;
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queues.dlqUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        VisibilityTimeout: 60,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    if (Messages.length === 0) return { moved };
    for (const message of Messages) {
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: queues.targetUrl,
          MessageBody: message.Body ?? '',
          ...(message.MessageAttributes && Object.keys(message.MessageAttributes).length > 0
            ? { MessageAttributes: message.MessageAttributes }
            : {}),
          ...(queues.fifo
            ? {
                MessageGroupId: message.Attributes?.MessageGroupId ?? message.MessageId,
                MessageDeduplicationId:
                  message.Attributes?.MessageDeduplicationId ?? message.MessageId,
              }
            : {}),
        }),
      );
      await sqs.send(
        new DeleteMessageCommand({ QueueUrl: queues.dlqUrl, ReceiptHandle: message.ReceiptHandle }),
      );
      moved++;
      onMoved(message.MessageId ?? '');
    }
  }
};
