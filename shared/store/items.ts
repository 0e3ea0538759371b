/**
 * The single-item reads and writes the stores ingest uses are written against: the AWS SDK's
 * document client implements it (`createDocumentItems`, everywhere) and so does ingest's light
 * client (`createLiteItems` in shared/aws). Items are plain values, as lib-dynamodb takes them;
 * a failed condition rejects with an error named `ConditionalCheckFailedException` either way.
 */
export type Item = Record<string, unknown>;

type Expressions = {
  readonly ConditionExpression?: string;
  readonly ExpressionAttributeNames?: Record<string, string>;
  readonly ExpressionAttributeValues?: Item;
};

export interface DynamoItems {
  get(input: {
    readonly TableName: string;
    readonly Key: Item;
    readonly ConsistentRead?: boolean;
  }): Promise<Item | undefined>;
  put(input: { readonly TableName: string; readonly Item: Item } & Expressions): Promise<void>;
  update(
    input: {
      readonly TableName: string;
      readonly Key: Item;
      readonly UpdateExpression: string;
    } & Expressions,
  ): Promise<void>;
}
