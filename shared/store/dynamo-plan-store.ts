import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { MonthPlan } from '../domain/plans/progress';
import type { PlanStore } from '../ports';
import { keys } from './keys';

/** A month's plan: one item, replaced as a whole. */
export const createDynamoPlanStore = (db: DynamoDBDocumentClient, table: string): PlanStore => ({
  async get(month) {
    const { Item } = await db.send(
      new GetCommand({ TableName: table, Key: keys.plan(month), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    return {
      month: String(Item.month),
      managers: (Item.managers as MonthPlan['managers']) ?? {},
      ...(Item.team ? { team: Item.team as MonthPlan['team'] } : {}),
      updatedAt: String(Item.updatedAt),
    };
  },

  async put(plan) {
    await db.send(
      new PutCommand({
        TableName: table,
        Item: {
          ...keys.plan(plan.month),
          type: 'plan',
          month: plan.month,
          managers: plan.managers,
          ...(plan.team ? { team: plan.team } : {}),
          updatedAt: plan.updatedAt,
        },
      }),
    );
  },
});
