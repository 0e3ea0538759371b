import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RoutingStore } from '../ports';
import { keys } from './keys';

export const createDynamoRoutingStore = (
  db: DynamoDBDocumentClient,
  table: string,
): RoutingStore => ({
  async nextTicket(team) {
    // ADD is atomic: concurrent routers never draw the same ticket.
    const { Attributes } = await db.send(
      new UpdateCommand({
        TableName: table,
        Key: keys.routingCounter(team),
        UpdateExpression: 'ADD ticket :one',
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(Attributes?.ticket ?? 1) - 1;
  },
});
