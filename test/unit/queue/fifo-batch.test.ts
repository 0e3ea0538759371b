import { describe, expect, it } from 'vitest';
import { toSqsRecord } from '../../../local/poller';
import { processFifoBatch } from '../../../shared/queue/fifo-batch';

const record = (id: string, group: string) =>
  toSqsRecord(
    { MessageId: id, ReceiptHandle: id, Body: id, Attributes: { MessageGroupId: group } },
    'arn',
  );

/** Records named by their group's letter and their place in it: 'a1' is group a's first. */
const batchOf = (...ids: string[]) => ids.map((id) => record(id, id.slice(0, 1)));

describe('processFifoBatch', () => {
  it('keeps each group in order while groups run side by side', async () => {
    const log: string[] = [];
    let running = 0;
    let most = 0;
    const batch = batchOf('a1', 'b1', 'a2', 'b2');

    const result = await processFifoBatch(batch, async (r) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setImmediate(resolve));
      log.push(r.messageId);
      running--;
    });

    expect(result.batchItemFailures).toEqual([]);
    expect(log.filter((id) => id.startsWith('a'))).toEqual(['a1', 'a2']);
    expect(log.filter((id) => id.startsWith('b'))).toEqual(['b1', 'b2']);
    expect(most).toBe(2);
  });

  it('fails the rest of a failing group, in batch order, and lets the other groups finish', async () => {
    const handled: string[] = [];
    const failures: string[] = [];
    const batch = batchOf('a1', 'b1', 'a2', 'b2', 'a3');

    const result = await processFifoBatch(
      batch,
      async (r) => {
        if (r.messageId === 'a2') throw new Error('boom');
        handled.push(r.messageId);
      },
      (r) => failures.push(r.messageId),
    );

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'a2' }, { itemIdentifier: 'a3' }]);
    expect(handled.sort()).toEqual(['a1', 'b1', 'b2']);
    expect(failures).toEqual(['a2']);
  });

  it('fails a record whose part of the completing step failed, with the rest of its group only', async () => {
    const failures: [string, unknown][] = [];
    const batch = batchOf('a1', 'b1', 'a2', 'b2', 'a3', 'c1');

    const result = await processFifoBatch(
      batch,
      async (r) => {
        if (r.messageId === 'b2') throw new Error('thrown');
      },
      (r, error) => failures.push([r.messageId, (error as Error).message]),
      async () =>
        new Map([
          ['a2', new Error('not sent')],
          ['a3', new Error('not sent either')],
          ['b2', new Error('not sent')],
        ]),
    );

    expect(result.batchItemFailures).toEqual([
      { itemIdentifier: 'a2' },
      { itemIdentifier: 'b2' },
      { itemIdentifier: 'a3' },
    ]);
    expect(failures).toEqual([
      ['b2', 'thrown'],
      ['a2', 'not sent'],
    ]);
  });
});
