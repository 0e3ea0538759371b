import type {
  HeldIssue,
  HeldReason,
  HeldRequest,
  HeldStatus,
  InboundRequest,
  InboundRoute,
} from '../domain/quarantine';
import { routeLabel } from '../domain/quarantine';
import type { QuarantineStore } from '../ports';
import { isConditionFailure } from './dynamo-errors';
import type { DynamoItems, Item } from './items';
import { keys } from './keys';

/**
 * Held requests, one item each (the body as a binary attribute, exactly the bytes received;
 * bodies are ≤ 256 KB, items may be 400 KB), listed by receipt time on GSI1.
 */
const toItem = (held: HeldRequest): Item => {
  const { request } = held;
  return {
    ...keys.held(held.id),
    ...keys.heldList(request.receivedAt.toISOString(), held.id),
    type: 'held',
    id: held.id,
    route: routeLabel(request),
    family: request.route,
    name: request.name,
    method: request.method,
    path: request.path,
    subPath: request.subPath,
    query: request.query,
    url: request.url,
    signedUrls: [...request.signedUrls],
    headers: { ...request.headers },
    // DynamoDB refuses an empty binary value: an empty body is stored as no attribute.
    ...(request.bytes.length > 0 ? { body: request.bytes } : {}),
    bytes: request.bytes.length,
    receivedAt: request.receivedAt.toISOString(),
    status: held.status,
    reason: held.reason,
    issues: held.issues.map((issue) => ({ path: issue.path, message: issue.message })),
    authenticatedBy: held.authenticatedBy,
    updatedAt: held.updatedAt,
    reprocessAttempts: held.reprocessAttempts,
  };
};

export const toHeld = (item: Item): HeldRequest => {
  const request: InboundRequest = {
    route: item.family as InboundRoute,
    name: String(item.name),
    method: String(item.method),
    path: String(item.path),
    subPath: String(item.subPath ?? ''),
    query: String(item.query ?? ''),
    url: String(item.url),
    signedUrls: (item.signedUrls as string[] | undefined) ?? [],
    headers: (item.headers as Record<string, string> | undefined) ?? {},
    bytes: item.body instanceof Uint8Array ? item.body : new Uint8Array(),
    receivedAt: new Date(String(item.receivedAt)),
  };
  return {
    id: String(item.id),
    request,
    status: item.status as HeldStatus,
    reason: item.reason as HeldReason,
    issues: (item.issues as HeldIssue[] | undefined) ?? [],
    authenticatedBy: item.authenticatedBy as HeldRequest['authenticatedBy'],
    updatedAt: String(item.updatedAt),
    eventIds: item.eventIds as string[] | undefined,
    reprocessAttempts: Number(item.reprocessAttempts ?? 0),
  };
};

/**
 * The quarantine store's single-item part, on any DynamoItems (the SDK's document client, or
 * ingest's light client); `createDynamoQuarantineStore` adds the listing.
 */
export const createQuarantineItemStore = (
  items: DynamoItems,
  table: string,
): Omit<QuarantineStore, 'list'> => ({
  async hold(held) {
    try {
      await items.put({
        TableName: table,
        Item: toItem(held),
        ConditionExpression: 'attribute_not_exists(pk)',
      });
      return 'held';
    } catch (error) {
      if (isConditionFailure(error)) return 'duplicate';
      throw error; // an outage: the sender is answered 503 and retries
    }
  },

  async get(id) {
    const item = await items.get({ TableName: table, Key: keys.held(id), ConsistentRead: true });
    return item ? toHeld(item) : undefined;
  },

  async update(id, change) {
    const values: Item = { ':held': 'held', ':status': change.status, ':at': change.at };
    const sets = ['#status = :status', 'updatedAt = :at'];
    if (change.status === 'reprocessed') {
      sets.push('eventIds = :eventIds', 'reprocessedAt = :at');
      values[':eventIds'] = change.eventIds.slice(0, 50);
    }
    if (change.status === 'discarded') sets.push('discardedAt = :at');
    if (change.status === 'held') {
      sets.push('reason = :reason', 'issues = :issues');
      values[':reason'] = change.reason;
      values[':issues'] = change.issues.map((i) => ({ path: i.path, message: i.message }));
    }
    try {
      await items.update({
        TableName: table,
        Key: keys.held(id),
        UpdateExpression: `SET ${sets.join(', ')} ADD reprocessAttempts :attempt`,
        ConditionExpression: '#status = :held',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ...values,
          ':attempt': change.status === 'discarded' ? 0 : 1,
        },
      });
      return 'updated';
    } catch (error) {
      if (isConditionFailure(error)) return 'changed';
      throw error;
    }
  },
});
