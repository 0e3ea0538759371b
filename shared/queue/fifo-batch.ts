import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';

/**
 * Processes a FIFO batch as Lambda requires — one message group in order, a failure failing the
 * rest of its group (reported, not thrown, so other groups are not retried) — but with the
 * groups side by side. Powertools' FIFO processor runs every record one after another; here a
 * batch of ten people takes as long as the slowest person, not the sum of them.
 *
 * `complete`, when given, runs once every group is done: what the handled records left to do
 * together (their follow-ups, sent in batched requests). It answers the records whose part of it
 * failed; each fails as if its handling had thrown, with the rest of its group. (Should it throw,
 * the invocation fails and Lambda delivers the whole batch again.)
 */
export const processFifoBatch = async (
  records: readonly SQSRecord[],
  handle: (record: SQSRecord) => Promise<void>,
  onFailure: (record: SQSRecord, error: unknown) => void = () => {},
  complete?: () => Promise<ReadonlyMap<string, unknown>>,
): Promise<SQSBatchResponse> => {
  const groups = new Map<string, SQSRecord[]>();
  for (const record of records) {
    const group = record.attributes.MessageGroupId ?? record.messageId;
    const list = groups.get(group);
    if (list) list.push(record);
    else groups.set(group, [record]);
  }
  const failed = new Set<string>();
  const failFrom = (group: readonly SQSRecord[], i: number, error: unknown) => {
    const record = group[i];
    if (!record || failed.has(record.messageId)) return;
    onFailure(record, error);
    for (const rest of group.slice(i)) failed.add(rest.messageId);
  };
  await Promise.all(
    [...groups.values()].map(async (group) => {
      for (const [i, record] of group.entries()) {
        try {
          await handle(record);
        } catch (error) {
          failFrom(group, i, error);
          return;
        }
      }
    }),
  );
  if (complete) {
    const incomplete = await complete();
    for (const group of groups.values()) {
      const i = group.findIndex((record) => incomplete.has(record.messageId));
      const record = group[i];
      if (record) failFrom(group, i, incomplete.get(record.messageId));
    }
  }
  // Failures in the order the batch had them, as Lambda's checkpointing expects.
  return {
    batchItemFailures: records
      .filter((record) => failed.has(record.messageId))
      .map((record) => ({ itemIdentifier: record.messageId })),
  };
};
