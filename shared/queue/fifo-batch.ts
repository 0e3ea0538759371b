import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';

/**
 * Processes a FIFO batch as Lambda requires — one message group in order, a failure failing the
 * rest of its group (reported, not thrown, so other groups are not retried) — but with the
 * groups side by side. Powertools' FIFO processor runs every record one after another; here a
 * batch of ten people takes as long as the slowest person, not the sum of them.
 */
export const processFifoBatch = async (
  records: readonly SQSRecord[],
  handle: (record: SQSRecord) => Promise<void>,
  onFailure: (record: SQSRecord, error: unknown) => void = () => {},
): Promise<SQSBatchResponse> => {
  const groups = new Map<string, SQSRecord[]>();
  for (const record of records) {
    const group = record.attributes.MessageGroupId ?? record.messageId;
    const list = groups.get(group);
    if (list) list.push(record);
    else groups.set(group, [record]);
  }
  const failed = new Set<string>();
  await Promise.all(
    [...groups.values()].map(async (group) => {
      for (const [i, record] of group.entries()) {
        try {
          await handle(record);
        } catch (error) {
          onFailure(record, error);
          for (const rest of group.slice(i)) failed.add(rest.messageId);
          return;
        }
      }
    }),
  );
  // Failures in the order the batch had them, as Lambda's checkpointing expects.
  return {
    batchItemFailures: records
      .filter((record) => failed.has(record.messageId))
      .map((record) => ({ itemIdentifier: record.messageId })),
  };
};
