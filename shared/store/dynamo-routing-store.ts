import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ManagerLoad, RoutingPolicy } from '../domain/routing';
import type { Team } from '../domain/types';
import type { RoutingStore } from '../ports';
import { keys } from './keys';
import { queryAll } from './query-all';

export const createDynamoRoutingStore = (
  db: DynamoDBDocumentClient,
  table: string,
): RoutingStore => ({
  async nextTicket(team, count = 1) {
    // ADD is atomic: concurrent routers never draw the same ticket.
    const { Attributes } = await db.send(
      new UpdateCommand({
        TableName: table,
        Key: keys.routingCounter(team),
        UpdateExpression: 'ADD ticket :count',
        ExpressionAttributeValues: { ':count': count },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(Attributes?.ticket ?? count) - count;
  },

  async policies() {
    const items = await queryAll(db, {
      TableName: table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :policy)',
      ExpressionAttributeValues: { ':pk': keys.routingPolicies, ':policy': 'POLICY#' },
      ConsistentRead: true,
    });
    return new Map(
      items.map((item) => [
        item.team as Team,
        { team: item.team as Team, strategy: item.strategy as RoutingPolicy['strategy'] },
      ]),
    );
  },

  async putPolicy(policy) {
    await db.send(
      new PutCommand({
        TableName: table,
        Item: { ...keys.routingPolicy(policy.team), type: 'routingPolicy', ...policy },
      }),
    );
  },

  async loads() {
    const items = await queryAll(db, {
      TableName: table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.managerLoads },
      ConsistentRead: true,
    });
    return new Map(
      items.map((item): [string, ManagerLoad] => [
        String(item.managerId),
        {
          openLeads: Math.max(0, Number(item.openLeads ?? 0)),
          lastAssignedAt: item.lastAssignedAt as string | undefined,
        },
      ]),
    );
  },
});
