import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Meters on the real clients the functions build: a middleware on each DynamoDB and SQS client
 * (installed the first time the client sends anything, so no function code changes) that asks
 * DynamoDB for its consumed capacity (ReturnConsumedCapacity TOTAL), adds it up, counts items
 * returned, and counts SQS requests per action and queue.
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

export type SqsActionTotals = { calls: number; messages: number; emptyReceives: number };

export type Meters = {
  readonly dynamo: Map<string, DynamoOperationTotals>;
  /** By "<Action> <queue name>". */
  readonly sqs: Map<string, SqsActionTotals>;
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

type Capacity = {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
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

type Sender = { middlewareStack: Stack; send: (...args: unknown[]) => Promise<unknown> };

const operationOf = (commandName: string | undefined): string =>
  (commandName ?? 'Unknown').replace(/Command$/, '');

const queueName = (url: string | undefined): string => url?.split('/').pop() ?? '?';

let installed: Meters | undefined;

/** Installs the meters once per process and returns them (zeroed with reset()). */
export const installMeters = (): Meters => {
  if (installed) return installed;
  const dynamo = new Map<string, DynamoOperationTotals>();
  const sqs = new Map<string, SqsActionTotals>();
  const metered = new WeakSet<object>();

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

  const meterDynamo = (stack: Stack) =>
    stack.add(
      (next, context) => async (args) => {
        const operation = operationOf(context.commandName);
        const totals = dynamoTotals(operation);
        totals.calls++;
        const transactItems = args.input.TransactItems;
        totals.actions += Array.isArray(transactItems) ? transactItems.length : 1;
        const input = CAPACITY_OPERATIONS.has(operation)
          ? { ...args.input, ReturnConsumedCapacity: 'TOTAL' }
          : args.input;
        let result: { output: Output };
        try {
          result = await next({ ...args, input });
        } catch (error) {
          totals.failed++;
          const items = args.input.TransactItems;
          totals.failedActions += Array.isArray(items) ? items.length : 1;
          throw error;
        }
        const { output } = result;
        const capacity = output.ConsumedCapacity;
        if (capacity) {
          totals.metered++;
          for (const c of Array.isArray(capacity) ? capacity : [capacity]) {
            const units = c.CapacityUnits ?? 0;
            if (c.ReadCapacityUnits !== undefined || c.WriteCapacityUnits !== undefined) {
              totals.readUnits += c.ReadCapacityUnits ?? 0;
              totals.writeUnits += c.WriteCapacityUnits ?? 0;
            } else if (READS.has(operation)) totals.readUnits += units;
            else totals.writeUnits += units;
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

  const patch = (prototype: object, install: (stack: Stack) => void) => {
    const original = (prototype as Sender).send;
    Object.defineProperty(prototype, 'send', {
      configurable: true,
      writable: true,
      value: function send(this: Sender, ...args: unknown[]) {
        if (!metered.has(this.middlewareStack)) {
          metered.add(this.middlewareStack);
          install(this.middlewareStack);
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
    sqs,
    reset: () => {
      dynamo.clear();
      sqs.clear();
    },
  };
  return installed;
};

/**
 * Request units as AWS bills them, from what DynamoDB Local reports. Checked against it: it
 * returns ConsumedCapacity for every successful item operation, GSI writes included, rounding
 * as AWS does (reads per 4 KB, halved when eventually consistent; writes per 1 KB). Two gaps
 * are filled here: it charges transactions at standard rates (AWS: twice), and a failed
 * conditional write returns no capacity (AWS bills it: 1 WRU for our items, all < 1 KB); an
 * item of a cancelled transaction is counted as 2 WRU (an estimate).
 */
export const billedUnits = (meters: Meters) => {
  const total = { calls: 0, unmetered: 0, failed: 0, readUnits: 0, writeUnits: 0, items: 0 };
  for (const [operation, t] of meters.dynamo) {
    if (!CAPACITY_OPERATIONS.has(operation)) continue;
    const factor = operation.startsWith('Transact') ? 2 : 1;
    total.calls += t.calls;
    total.unmetered += t.calls - t.metered - t.failed;
    total.failed += t.failed;
    total.readUnits += t.readUnits * factor;
    total.writeUnits += t.writeUnits * factor + t.failedActions * factor;
    total.items += t.items;
  }
  return total;
};
