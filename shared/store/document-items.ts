import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { DynamoItems } from './items';

/** DynamoItems through the SDK's document client (the stores' usual path). */
export const createDocumentItems = (db: DynamoDBDocumentClient): DynamoItems => ({
  async get(input) {
    const { Item } = await db.send(new GetCommand(input));
    return Item;
  },
  async put(input) {
    await db.send(new PutCommand(input));
  },
  async update(input) {
    await db.send(new UpdateCommand(input));
  },
});
