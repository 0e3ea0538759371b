import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { LeadWrites } from '../../ports';
import { isConditionFailure } from '../dynamo-errors';
import { keys } from '../keys';
import {
  assignmentItem,
  counterItems,
  currentAssignmentOf,
  funnelParts,
  loadUpdate,
  prefixed,
  transact,
} from './items';

type OfferWrites = Pick<
  LeadWrites,
  | 'assign'
  | 'reassign'
  | 'markSlaBreach'
  | 'claimAcceptCheck'
  | 'markWaiting'
  | 'markAnnounced'
  | 'accept'
>;

/**
 * The writes of a lead's offers to managers: given to one, moved on, breached, parked in its
 * team's waiting line, announced, taken. Each is conditional on the offer it was decided on.
 */
export const createDynamoOfferWrites = (
  db: DynamoDBDocumentClient,
  table: string,
): OfferWrites => ({
  async assign(lead, assignment, counters) {
    // A lead that waited for its team: out of the waiting line, to its manager.
    const assigned = await transact(db, [
      {
        Update: {
          TableName: table,
          Key: keys.lead(lead.id),
          UpdateExpression:
            'SET #status = :assigned, managerId = :managerId, assignedAt = :at, ' +
            `assignReason = :reason, assignType = :type, announcePending = :true${
              lead.waitingTeam ? ', waitedUntil = if_not_exists(waitedUntil, :at)' : ''
            } REMOVE waitingTeam, gsi2pk, gsi2sk`,
          ConditionExpression: '#status = :new',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':assigned': 'assigned',
            ':new': 'new',
            ':managerId': assignment.managerId,
            ':at': assignment.at,
            ':reason': assignment.reason,
            ':type': assignment.type,
            ':true': true,
          },
        },
      },
      loadUpdate(table, assignment.managerId, 1, assignment.at),
      ...counterItems(table, counters),
    ]);
    return assigned ? 'assigned' : 'not_new';
  },

  async reassign(lead, from, to, counters) {
    const superseded = currentAssignmentOf(lead);
    const moved = await transact(db, [
      {
        Update: {
          TableName: table,
          Key: keys.lead(lead.id),
          UpdateExpression:
            'SET managerId = :to, assignedAt = :at, assignReason = :reason, ' +
            'assignType = :reassigned, announcePending = :true',
          ConditionExpression: '#status = :assigned AND managerId = :from AND assignedAt = :fromAt',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':assigned': 'assigned',
            ':from': from.managerId,
            ':fromAt': from.assignedAt,
            ':to': to.managerId,
            ':at': to.at,
            ':reason': to.reason,
            ':reassigned': 'reassigned',
            ':true': true,
          },
        },
      },
      // The offer it replaces goes into the history (a lead from before the offer was kept on
      // it has that item already).
      ...(superseded
        ? [{ Put: { TableName: table, Item: assignmentItem(lead.id, superseded) } }]
        : []),
      loadUpdate(table, from.managerId, -1),
      loadUpdate(table, to.managerId, 1, to.at),
      ...counterItems(table, counters),
    ]);
    return moved ? 'reassigned' : 'changed';
  },

  async markSlaBreach(leadId, assignedAt, counters) {
    await transact(db, [
      {
        Update: {
          TableName: table,
          Key: keys.lead(leadId),
          UpdateExpression:
            'SET slaBreachedAt = if_not_exists(slaBreachedAt, :at), slaBreachedFor = :at',
          ConditionExpression:
            '#status = :assigned AND assignedAt = :at AND (attribute_not_exists(slaBreachedFor) OR slaBreachedFor <> :at)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':assigned': 'assigned', ':at': assignedAt },
        },
      },
      ...counterItems(table, counters),
    ]);
  },

  async claimAcceptCheck(leadId, check) {
    // False when another copy took it, or the offer changed (one item: a conditional write).
    return transact(db, [
      {
        Update: {
          TableName: table,
          Key: keys.lead(leadId),
          UpdateExpression: 'SET slaCheckFor = :at, slaCheckDue = :due, slaCheckBy = :by',
          ConditionExpression:
            '#status = :assigned AND assignedAt = :at AND (attribute_not_exists(slaCheckDue) ' +
            'OR slaCheckFor <> :at OR slaCheckDue < :due OR (slaCheckDue = :due AND slaCheckBy = :by))',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':assigned': 'assigned',
            ':at': check.assignedAt,
            ':due': check.dueAt,
            ':by': check.by,
          },
        },
      },
    ]);
  },

  async markWaiting(lead, team) {
    await transact(db, [
      {
        Update: {
          TableName: table,
          Key: keys.lead(lead.id),
          UpdateExpression: 'SET waitingTeam = :team, gsi2pk = :gsi2pk, gsi2sk = :gsi2sk',
          ConditionExpression: '#status = :new',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':team': team,
            ':new': 'new',
            ...prefixed(keys.waitingLeads(team, lead.createdAt, lead.id)),
          },
        },
      },
    ]);
  },

  async markAnnounced(leadId, assignedAt) {
    try {
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: keys.lead(leadId),
          UpdateExpression: 'REMOVE announcePending',
          ConditionExpression: 'assignedAt = :assignedAt',
          ExpressionAttributeValues: { ':assignedAt': assignedAt },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error; // reassigned since: the new one announces
    }
  },

  async accept(lead, at, counters, move) {
    const funnel = funnelParts(move);
    const accepted = await transact(db, [
      {
        Update: {
          TableName: table,
          Key: keys.lead(lead.id),
          UpdateExpression: `SET #status = :accepted, acceptedAt = :at${
            funnel.set ? `, ${funnel.set}` : ''
          }`,
          ConditionExpression: `#status = :assigned AND managerId = :managerId AND assignedAt = :assignedAt${
            funnel.condition ? ` AND ${funnel.condition}` : ''
          }`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':accepted': 'accepted',
            ':assigned': 'assigned',
            ':managerId': lead.managerId,
            ':assignedAt': lead.assignedAt,
            ':at': at,
            ...funnel.values,
          },
        },
      },
      ...counterItems(table, counters),
    ]);
    return accepted ? 'accepted' : 'changed';
  },
});
