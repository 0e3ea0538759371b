import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  type TableDescription,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';

/**
 * The write units of a transaction as AWS bills them, measured item by item on DynamoDB Local.
 *
 * Local's own figure for a transaction is wrong: it counts items that cost the same once (three
 * small puts report 2 units, as one does; a 3 KB and a small put report 8, two 3 KB puts 6). Its
 * figures for single writes are right (test/integration/dynamodb-capacity.test.ts holds them:
 * per KB of the larger of the item before and after, a write per index the item is in, a
 * delete and a put when its index key changes). So each item of a transaction is written again,
 * alone, on a scratch copy of the table (same keys and indexes) that first gets the item as it
 * was before the transaction; AWS bills a transaction's item twice that (prepare and commit),
 * index writes included.
 */

type Item = Record<string, unknown>;
type Action = {
  readonly Put?: { TableName?: string; Item?: Item } & Item;
  readonly Update?: { TableName?: string; Key?: Item } & Item;
  readonly Delete?: { TableName?: string; Key?: Item } & Item;
  readonly ConditionCheck?: { TableName?: string; Key?: Item } & Item;
};

export type ActionUnits = { readonly tableUnits: number; readonly indexUnits: number };

export type Snapshot = {
  readonly actions: readonly Action[];
  readonly tables: readonly string[];
  readonly keys: readonly Item[];
  readonly before: readonly (Item | undefined)[];
};

/** A conditional check writes nothing; it is counted as a transactional write of a ≤ 1 KB item. */
const CONDITION_CHECK: ActionUnits = { tableUnits: 2, indexUnits: 0 };

const pick = (item: Item, names: readonly string[]): Item =>
  Object.fromEntries(names.map((name) => [name, item[name]]));

export const createTransactionUnits = (raw: DynamoDBClient) => {
  const db = DynamoDBDocumentClient.from(raw);
  const described = new Map<string, Promise<TableDescription>>();
  const scratch = new Map<string, Promise<string>>();
  let chain: Promise<void> = Promise.resolve();
  /** Items whose replay failed (counted as 2 units each, like a cancelled transaction's). */
  let unreplayed = 0;

  const describe = (table: string) => {
    let found = described.get(table);
    if (!found) {
      found = raw
        .send(new DescribeTableCommand({ TableName: table }))
        .then(({ Table }) => Table ?? {});
      described.set(table, found);
    }
    return found;
  };

  const keyNames = async (table: string) =>
    ((await describe(table)).KeySchema ?? []).map((k) => k.AttributeName ?? '');

  const scratchOf = (table: string) => {
    let name = scratch.get(table);
    if (!name) {
      name = (async () => {
        const source = await describe(table);
        const copy = `${table}-meter`;
        try {
          await raw.send(
            new CreateTableCommand({
              TableName: copy,
              BillingMode: 'PAY_PER_REQUEST',
              AttributeDefinitions: source.AttributeDefinitions,
              KeySchema: source.KeySchema,
              ...(source.GlobalSecondaryIndexes?.length
                ? {
                    GlobalSecondaryIndexes: source.GlobalSecondaryIndexes.map((index) => ({
                      IndexName: index.IndexName,
                      KeySchema: index.KeySchema,
                      Projection: index.Projection,
                    })),
                  }
                : {}),
            }),
          );
        } catch (error) {
          if (!(error instanceof ResourceInUseException)) throw error;
        }
        await waitUntilTableExists({ client: raw, maxWaitTime: 30 }, { TableName: copy });
        return copy;
      })();
      scratch.set(table, name);
    }
    return name;
  };

  const bodyOf = (action: Action) =>
    action.Put ?? action.Update ?? action.Delete ?? action.ConditionCheck ?? {};

  /** Reads the items a transaction names as they are, before it is sent. */
  const before = async (actions: readonly Action[]): Promise<Snapshot> => {
    const tables = actions.map((action) => String(bodyOf(action).TableName));
    const keys = await Promise.all(
      actions.map(
        async (action, i): Promise<Item> =>
          action.Put?.Item
            ? pick(action.Put.Item, await keyNames(tables[i] as string))
            : ((bodyOf(action).Key as Item | undefined) ?? {}),
      ),
    );
    const items = await Promise.all(
      keys.map(async (Key, i) => {
        const { Item } = await db.send(
          new GetCommand({ TableName: tables[i], Key, ConsistentRead: true }),
        );
        return Item;
      }),
    );
    return { actions, tables, keys, before: items };
  };

  const replayOne = async (snapshot: Snapshot, i: number): Promise<ActionUnits> => {
    const action = snapshot.actions[i] as Action;
    if (action.ConditionCheck) return CONDITION_CHECK;
    const TableName = await scratchOf(snapshot.tables[i] as string);
    const Key = snapshot.keys[i] as Item;
    const prior = snapshot.before[i];
    if (prior) await db.send(new PutCommand({ TableName, Item: prior }));
    else await db.send(new DeleteCommand({ TableName, Key }));
    const common = { TableName, ReturnConsumedCapacity: 'INDEXES' } as const;
    const { Put, Update, Delete } = action;
    const result = Put
      ? await db.send(new PutCommand({ ...(Put as object), ...common } as PutCommand['input']))
      : Update
        ? await db.send(
            new UpdateCommand({ ...(Update as object), ...common } as UpdateCommand['input']),
          )
        : await db.send(
            new DeleteCommand({ ...(Delete as object), ...common } as DeleteCommand['input']),
          );
    const capacity = result.ConsumedCapacity;
    const total = capacity?.CapacityUnits ?? 0;
    const table = capacity?.Table?.CapacityUnits ?? total;
    return { tableUnits: 2 * table, indexUnits: 2 * (total - table) };
  };

  /**
   * Measures a transaction that succeeded, item by item, after the others queued before it;
   * `record` gets each item's units. `settled()` waits for every measurement queued.
   */
  const measure = (snapshot: Snapshot, record: (units: ActionUnits) => void): void => {
    chain = chain.then(async () => {
      for (let i = 0; i < snapshot.actions.length; i++) {
        try {
          record(await replayOne(snapshot, i));
        } catch {
          // The scratch copy disagreed with a condition (another writer moved the item between
          // the read and the transaction): counted as an item of a transaction of ≤ 1 KB.
          unreplayed++;
          record({ tableUnits: 2, indexUnits: 0 });
        }
      }
    });
  };

  return {
    before,
    measure,
    settled: () => chain,
    unreplayed: () => unreplayed,
  };
};

export type TransactionUnits = ReturnType<typeof createTransactionUnits>;
