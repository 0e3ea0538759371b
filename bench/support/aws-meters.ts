import { AsyncLocalStorage } from 'node:async_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { IngestDeps } from '../../functions/ingest/deps';
import { createTransactionUnits, type TransactionUnits } from './transaction-units';

/**
 * Meters on the real clients the functions build: a middleware on each DynamoDB and SQS client
 * (installed the first time the client sends anything, so no function code changes) that asks
 * DynamoDB for its consumed capacity (ReturnConsumedCapacity INDEXES: the table's and each
 * index's share), adds it up per operation and per kind of item written, counts items returned,
 * and counts SQS requests per action and queue.
 */

export type DynamoOperationTotals = {
  calls: number;
  /** Items written or read by name: a transaction's items, a batch's keys; 1 otherwise. */
  actions: number;
  /** Calls whose response carried ConsumedCapacity. */
  metered: number;
  failed: number;
  /** Actions in the failed calls (a transaction's items; 1 otherwise). */
  failedActions: number;
  readUnits: number;
  writeUnits: number;
  /** Items returned (Item, Items, Responses). */
  items: number;
};

/**
 * Write units by what was written: the operation and the kinds of its items (LEAD, TOUCH,
 * METRIC#leads, …, from their keys), the table's share and the indexes'.
 */
export type WriteTotals = {
  calls: number;
  failed: number;
  tableUnits: number;
  indexUnits: number;
  /** Estimated units of failed conditional writes (DynamoDB Local reports none for them). */
  failedUnits: number;
};

export type SqsActionTotals = { calls: number; messages: number; emptyReceives: number };

export type Meters = {
  readonly dynamo: Map<string, DynamoOperationTotals>;
  /** By "<Operation> <item kinds>", e.g. "TransactWriteItems EVENT+LEAD+METRIC#leads". */
  readonly writes: Map<string, WriteTotals>;
  /** By "<Action> <queue name>". */
  readonly sqs: Map<string, SqsActionTotals>;
  /** Waits until every transaction sent so far is measured. */
  settled(): Promise<void>;
  reset(): void;
};

const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);
const CAPACITY_OPERATIONS = new Set([
  ...READS,
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
]);

type Units = { CapacityUnits?: number; ReadCapacityUnits?: number; WriteCapacityUnits?: number };
type Capacity = Units & {
  Table?: Units;
  GlobalSecondaryIndexes?: Record<string, Units>;
};

type Output = {
  ConsumedCapacity?: Capacity | Capacity[];
  Item?: unknown;
  Items?: unknown[];
  Responses?: Record<string, unknown[]> | unknown[];
  Messages?: unknown[];
};

type Input = Record<string, unknown> & { QueueUrl?: string; Entries?: unknown[] };

type Stack = {
  add(
    middleware: (
      next: (args: { input: Input }) => Promise<{ output: Output }>,
      context: { commandName?: string },
    ) => (args: { input: Input }) => Promise<{ output: Output }>,
    options: { step: 'initialize'; name: string; override: boolean },
  ): void;
};

type Sender = {
  middlewareStack: Stack;
  send: (...args: unknown[]) => Promise<unknown>;
  config?: { endpoint?: unknown; region?: unknown; credentials?: unknown };
};

const operationOf = (commandName: string | undefined): string =>
  (commandName ?? 'Unknown').replace(/Command$/, '');

const queueName = (url: string | undefined): string => url?.split('/').pop() ?? '?';

const WRITES = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
]);

/** A key attribute as the document client (a string) or the low-level client ({ S }) gives it. */
const text = (value: unknown): string =>
  typeof value === 'string'
    ? value
    : typeof value === 'object' && value !== null && 'S' in value
      ? String((value as { S: unknown }).S)
      : '';

/**
 * The kind of an item from its key: the partition key's prefix (METRIC#leads, CALL, LEAD…),
 * and the sort key's when it names a different kind (LEAD/TOUCH, CALL/EVENT, NUMBER/MISSED).
 */
export const itemKind = (key: { pk?: unknown; sk?: unknown } | undefined): string => {
  const pk = text(key?.pk).split('#');
  const sort = text(key?.sk).split('#')[0] ?? '';
  const head = pk[0] === 'METRIC' ? `METRIC#${pk[1] ?? ''}` : (pk[0] ?? '?');
  return /^[A-Z]+$/.test(sort) && sort !== pk[0] ? `${head}/${sort}` : head;
};

type Action = {
  Put?: { Item?: Record<string, unknown> };
  Update?: { Key?: Record<string, unknown> };
  Delete?: { Key?: Record<string, unknown> };
  ConditionCheck?: { Key?: Record<string, unknown> };
};

/** The kinds of items a write names, in order, with how many of each (LOADS/MANAGER×2). */
const writtenKinds = (input: Input): string[] => {
  const keysOf = (action: Action) =>
    action.Put?.Item ?? action.Update?.Key ?? action.Delete?.Key ?? action.ConditionCheck?.Key;
  const found = new Map<string, number>();
  const add = (key: Record<string, unknown> | undefined, check = false) => {
    const kind = `${check ? 'check:' : ''}${itemKind(key)}`;
    found.set(kind, (found.get(kind) ?? 0) + 1);
  };
  if (Array.isArray(input.TransactItems)) {
    for (const action of input.TransactItems as Action[])
      add(keysOf(action), !!action.ConditionCheck);
  } else if (input.Item) add(input.Item as Record<string, unknown>);
  else if (input.Key) add(input.Key as Record<string, unknown>);
  else if (input.RequestItems) {
    for (const requests of Object.values(input.RequestItems as Record<string, unknown[]>)) {
      for (const request of requests as {
        PutRequest?: { Item?: Record<string, unknown> };
        DeleteRequest?: { Key?: Record<string, unknown> };
      }[]) {
        add(request.PutRequest?.Item ?? request.DeleteRequest?.Key);
      }
    }
  }
  return [...found].map(([kind, n]) => (n > 1 ? `${kind}×${n}` : kind));
};

/** Whether transaction items come as AttributeValues (the low-level client) or plain values. */
const isMarshalled = (items: unknown[]): boolean => {
  const first = items[0] as { Put?: { Item?: Record<string, unknown> } } | undefined;
  const pk =
    first?.Put?.Item?.pk ?? (Object.values(first ?? {})[0] as { Key?: { pk?: unknown } })?.Key?.pk;
  return typeof pk === 'object' && pk !== null;
};

/**
 * The meters' own time inside one function invocation: while at least one of its requests waits
 * on them (reading a transaction's items before it is sent). Run an invocation in `meterTime`
 * to learn it; its duration less this is what the function would have taken unmetered.
 */
export type MeterTime = { ms: number; active: number; since: number };
export const meterTime = new AsyncLocalStorage<MeterTime>();

const timedByMeter = async <T>(work: () => Promise<T>): Promise<T> => {
  const time = meterTime.getStore();
  if (time && time.active++ === 0) time.since = performance.now();
  try {
    return await work();
  } finally {
    if (time && --time.active === 0) time.ms += performance.now() - time.since;
  }
};

let installed: Meters | undefined;

/** Installs the meters once per process and returns them (zeroed with reset()). */
export const installMeters = (): Meters => {
  if (installed) return installed;
  const dynamo = new Map<string, DynamoOperationTotals>();
  const writes = new Map<string, WriteTotals>();
  const sqs = new Map<string, SqsActionTotals>();
  const metered = new WeakSet<object>();
  const measurers = new Map<unknown, TransactionUnits>();
  const measurerOf = (sender: Sender): TransactionUnits => {
    const endpoint = sender.config?.endpoint;
    let found = measurers.get(endpoint);
    if (!found) {
      // A client of its own for the measuring, on the same endpoint, left unmetered.
      const raw = new DynamoDBClient({
        endpoint: endpoint as string,
        region: sender.config?.region as string,
        credentials: sender.config?.credentials as { accessKeyId: string; secretAccessKey: string },
      });
      metered.add(raw.middlewareStack);
      found = createTransactionUnits(raw);
      measurers.set(endpoint, found);
    }
    return found;
  };

  const dynamoTotals = (operation: string) => {
    let totals = dynamo.get(operation);
    if (!totals) {
      totals = {
        calls: 0,
        actions: 0,
        metered: 0,
        failed: 0,
        failedActions: 0,
        readUnits: 0,
        writeUnits: 0,
        items: 0,
      };
      dynamo.set(operation, totals);
    }
    return totals;
  };

  const meterDynamo = (stack: Stack, sender: Sender) =>
    stack.add(
      (next, context) => async (args) => {
        const operation = operationOf(context.commandName);
        const totals = dynamoTotals(operation);
        totals.calls++;
        const transactItems = args.input.TransactItems;
        totals.actions += Array.isArray(transactItems) ? transactItems.length : 1;
        const input = CAPACITY_OPERATIONS.has(operation)
          ? { ...args.input, ReturnConsumedCapacity: 'INDEXES' }
          : args.input;
        const write = WRITES.has(operation)
          ? writeTotals(`${operation} ${writtenKinds(args.input).join('+')}`)
          : undefined;
        if (write) write.calls++;
        // A transaction's items are measured one by one (Local's figure for it is wrong): read
        // as they are before it is sent, written again alone on a scratch copy once it succeeded.
        const nativeTransaction =
          operation === 'TransactWriteItems' &&
          Array.isArray(transactItems) &&
          !isMarshalled(transactItems);
        let snapshot: Awaited<ReturnType<TransactionUnits['before']>> | undefined;
        if (nativeTransaction) {
          snapshot = await timedByMeter(() => measurerOf(sender).before(transactItems as never));
        }
        let result: { output: Output };
        try {
          result = await next({ ...args, input });
        } catch (error) {
          totals.failed++;
          const items = args.input.TransactItems;
          const actions = Array.isArray(items) ? items.length : 1;
          totals.failedActions += actions;
          if (write) {
            write.failed++;
            write.failedUnits += failedWriteUnits(operation, actions);
          }
          throw error;
        }
        const { output } = result;
        if (snapshot) {
          measurerOf(sender).measure(snapshot, (units) => {
            totals.writeUnits += units.tableUnits + units.indexUnits;
            if (write) {
              write.tableUnits += units.tableUnits;
              write.indexUnits += units.indexUnits;
            }
          });
        }
        const capacity = snapshot ? undefined : output.ConsumedCapacity;
        if (snapshot) totals.metered++;
        if (capacity) {
          totals.metered++;
          for (const c of Array.isArray(capacity) ? capacity : [capacity]) {
            const units = c.CapacityUnits ?? 0;
            if (c.ReadCapacityUnits !== undefined || c.WriteCapacityUnits !== undefined) {
              totals.readUnits += c.ReadCapacityUnits ?? 0;
              totals.writeUnits += c.WriteCapacityUnits ?? 0;
            } else if (READS.has(operation)) totals.readUnits += units;
            else totals.writeUnits += units;
            if (write) {
              const table = c.Table?.CapacityUnits ?? units;
              write.tableUnits += table;
              write.indexUnits += units - table;
            }
          }
        }
        if (output.Item) totals.items++;
        totals.items += output.Items?.length ?? 0;
        if (output.Responses) {
          totals.items += Array.isArray(output.Responses)
            ? output.Responses.length
            : Object.values(output.Responses).reduce((n, list) => n + list.length, 0);
        }
        return result;
      },
      { step: 'initialize', name: 'benchDynamoMeter', override: true },
    );

  function writeTotals(label: string): WriteTotals {
    let totals = writes.get(label);
    if (!totals) {
      totals = { calls: 0, failed: 0, tableUnits: 0, indexUnits: 0, failedUnits: 0 };
      writes.set(label, totals);
    }
    return totals;
  }

  const meterSqs = (stack: Stack) =>
    stack.add(
      (next, context) => async (args) => {
        const action = operationOf(context.commandName);
        const key = `${action} ${queueName(args.input.QueueUrl)}`;
        let totals = sqs.get(key);
        if (!totals) {
          totals = { calls: 0, messages: 0, emptyReceives: 0 };
          sqs.set(key, totals);
        }
        // Counted once answered: a long poll the bench's own poller aborts at its stop is not a
        // request Lambda's event source mapping would make.
        const result = await next(args);
        totals.calls++;
        if (action === 'ReceiveMessage') {
          const received = result.output.Messages?.length ?? 0;
          totals.messages += received;
          if (received === 0) totals.emptyReceives++;
        } else {
          totals.messages += args.input.Entries?.length ?? 1;
        }
        return result;
      },
      { step: 'initialize', name: 'benchSqsMeter', override: true },
    );

  const patch = (prototype: object, install: (stack: Stack, sender: Sender) => void) => {
    const original = (prototype as Sender).send;
    Object.defineProperty(prototype, 'send', {
      configurable: true,
      writable: true,
      value: function send(this: Sender, ...args: unknown[]) {
        if (!metered.has(this.middlewareStack)) {
          metered.add(this.middlewareStack);
          install(this.middlewareStack, this);
        }
        return original.apply(this, args);
      },
    });
  };
  // The document client shares its DynamoDBClient's middleware stack: one meter for both.
  patch(DynamoDBDocumentClient.prototype, meterDynamo);
  patch(DynamoDBClient.prototype, meterDynamo);
  patch(SQSClient.prototype, meterSqs);

  installed = {
    dynamo,
    writes,
    sqs,
    settled: async () => {
      await Promise.all([...measurers.values()].map((m) => m.settled()));
    },
    reset: () => {
      dynamo.clear();
      writes.clear();
      sqs.clear();
    },
  };
  return installed;
};

/**
 * What a failed conditional write is billed (DynamoDB Local reports nothing for it; AWS bills
 * it): 1 WRU for a single write, 2 per item of a cancelled transaction (our items are < 1 KB).
 */
const failedWriteUnits = (operation: string, actions: number): number =>
  operation === 'TransactWriteItems' ? 2 * actions : 1;

/**
 * Request units as AWS bills them, from what DynamoDB Local reports. Checked against it (and
 * held by test/integration/dynamodb-capacity.test.ts): for a single item operation it returns
 * ConsumedCapacity rounding as AWS does (reads per 4 KB, halved when eventually consistent;
 * writes per 1 KB of the larger of the item before and after) and a write per index the item is
 * in (a delete and a put when its index key changes). Two gaps are filled by the meters: its
 * figure for a transaction is wrong, so each item is measured alone (transaction-units.ts) and
 * billed twice (AWS's prepare and commit), index writes included; a failed conditional write
 * returns no capacity (AWS bills it: see failedWriteUnits). Call `settled()` first.
 */
export const billedUnits = (meters: Meters) => {
  const total = { calls: 0, unmetered: 0, failed: 0, readUnits: 0, writeUnits: 0, items: 0 };
  for (const [operation, t] of meters.dynamo) {
    if (!CAPACITY_OPERATIONS.has(operation)) continue;
    total.calls += t.calls;
    total.unmetered += t.calls - t.metered - t.failed;
    total.failed += t.failed;
    total.readUnits += t.readUnits;
    total.writeUnits +=
      t.writeUnits + (operation === 'TransactWriteItems' ? 2 * t.failedActions : t.failedActions);
    total.items += t.items;
  }
  return total;
};

/** Write units per kind of write, largest first, per `per` (leads, events). */
export const writeBreakdown = (meters: Meters, per: number) =>
  [...meters.writes]
    .map(([label, t]) => ({
      label,
      calls: t.calls / per,
      tableUnits: t.tableUnits / per,
      indexUnits: t.indexUnits / per,
      failedUnits: t.failedUnits / per,
      units: (t.tableUnits + t.indexUnits + t.failedUnits) / per,
    }))
    .filter((row) => row.units > 0 || row.calls > 0)
    .sort((a, b) => b.units - a.units);

/**
 * Ingest sends through its light client (shared/aws/json-client.ts), not an SDK client the
 * meters patch: its intake port is wrapped instead, counting one SendMessage per message it
 * queued (what SQS bills). Pass it as the bench stack's `decorate.ingest`.
 */
export const meterIngestSends =
  (meters: Meters, intakeQueueName: string) =>
  (deps: IngestDeps): IngestDeps => ({
    ...deps,
    intake: {
      async send(message) {
        await deps.intake.send(message);
        const key = `SendMessage ${intakeQueueName}`;
        const totals = meters.sqs.get(key) ?? { calls: 0, messages: 0, emptyReceives: 0 };
        totals.calls++;
        totals.messages++;
        meters.sqs.set(key, totals);
      },
    },
  });
