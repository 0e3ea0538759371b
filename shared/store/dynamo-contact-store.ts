import { randomUUID } from 'node:crypto';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { identityKey as identityKeyOf, rankedEmails } from '../domain/identity';
import type { Contact, MessengerAccount } from '../domain/types';
import type { ContactStore } from '../ports';
import { batchGetAll, type Sleep } from './batch-get';
import { cancellationCodes, failedOnConditions, isConditionFailure } from './dynamo-errors';
import { keys } from './keys';

type Item = Record<string, unknown>;

const setValues = (value: unknown): string[] =>
  value instanceof Set ? [...(value as Set<string>)].sort() : [];

const toContact = (item: Item): Contact => ({
  id: String(item.id),
  name: item.name as string | undefined,
  phones: setValues(item.phones),
  emails: rankedEmails(setValues(item.emails), setValues(item.unverifiedEmails)),
  ...(item.unverifiedEmails instanceof Set
    ? { unverifiedEmails: setValues(item.unverifiedEmails) }
    : {}),
  ...(item.nameUnverified === true ? { nameUnverified: true } : {}),
  messengers: Object.values((item.messengers as Record<string, MessengerAccount>) ?? {}),
  ownerId: item.ownerId as string | undefined,
  openLeadId: item.openLeadId as string | undefined,
  latestLeadId: item.latestLeadId as string | undefined,
  createdAt: String(item.createdAt),
  lastSeenAt: item.lastSeenAt as string | undefined,
});

/** DynamoDB rejects empty sets: leave the attribute out instead. */
const setOrNothing = (values: readonly string[]): Set<string> | undefined =>
  values.length > 0 ? new Set(values) : undefined;

const identityValue = (identityKey: string): string =>
  identityKey.slice(identityKey.indexOf(':') + 1);

export const createDynamoContactStore = (
  db: DynamoDBDocumentClient,
  table: string,
  sleep?: Sleep,
): ContactStore => {
  /**
   * The identity for this contact: `new` when this call created the claim, `mine` when it was
   * already this contact's (another event of the same person claimed it first: the contact is
   * not written yet), `taken` when it is another contact's. The claim carries its claimer's
   * token, and only that claimer may let go of it again: `mine` takes the token over, so an
   * earlier claimer that fails afterwards no longer lets go of a claim this one relies on.
   */
  const claim = async (
    contactId: string,
    identityKey: string,
    at: string,
    claimToken: string = randomUUID(),
  ): Promise<'new' | 'mine' | 'taken'> => {
    try {
      await db.send(
        new PutCommand({
          TableName: table,
          Item: {
            ...keys.identity(identityKey),
            type: 'identity',
            identityKey,
            contactId,
            createdAt: at,
            claimToken,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'new';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    try {
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: keys.identity(identityKey),
          UpdateExpression: 'SET claimToken = :token',
          ConditionExpression: 'contactId = :contactId',
          ExpressionAttributeValues: { ':contactId': contactId, ':token': claimToken },
        }),
      );
      return 'mine';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return 'taken';
    }
  };

  return {
    async findByIdentities(identityKeys) {
      const found = new Map<string, string>();
      const items = await batchGetAll(
        db,
        table,
        identityKeys.map(keys.identity),
        { consistentRead: true },
        sleep,
      );
      for (const item of items) found.set(String(item.identityKey), String(item.contactId));
      return found;
    },

    async get(contactId) {
      const { Item } = await db.send(
        new GetCommand({ TableName: table, Key: keys.contact(contactId), ConsistentRead: true }),
      );
      return Item ? toContact(Item) : undefined;
    },

    async getMany(contactIds) {
      const found = new Map<string, Contact>();
      const items = await batchGetAll(
        db,
        table,
        [...new Set(contactIds)].map(keys.contact),
        {},
        sleep,
      );
      for (const item of items) found.set(String(item.id), toContact(item));
      return found;
    },

    async claimIdentities(contactId, identityKeys, at) {
      const token = randomUUID();
      // Only the claims this call created are its to let go of: one that was already this
      // contact's is another event's of the same person, which writes the contact.
      const created: string[] = [];
      for (const identityKey of identityKeys) {
        const claimed = await claim(contactId, identityKey, at, token);
        if (claimed === 'new') {
          created.push(identityKey);
        } else if (claimed === 'taken') {
          // Someone else is this person: let go of what this contact took, so it is not half made
          // — unless another event of the same person claimed it again for this very contact
          // meanwhile (it found the claim before the contact was written, and writes it now).
          for (const taken of created) {
            await db
              .send(
                new DeleteCommand({
                  TableName: table,
                  Key: keys.identity(taken),
                  ConditionExpression: 'contactId = :contactId AND claimToken = :token',
                  ExpressionAttributeValues: { ':contactId': contactId, ':token': token },
                }),
              )
              .catch((release: unknown) => {
                if (!isConditionFailure(release)) throw release;
              });
          }
          return 'identity_taken';
        }
      }
      return 'claimed';
    },

    async put(contact) {
      try {
        await db.send(
          new PutCommand({
            TableName: table,
            Item: {
              ...keys.contact(contact.id),
              type: 'contact',
              id: contact.id,
              name: contact.name,
              phones: setOrNothing(contact.phones),
              emails: setOrNothing(contact.emails),
              unverifiedEmails: setOrNothing(contact.unverifiedEmails ?? []),
              nameUnverified: contact.nameUnverified === true ? true : undefined,
              messengers: Object.fromEntries(
                contact.messengers.map((m) => [`${m.channel}:${m.id}`, m]),
              ),
              ownerId: contact.ownerId,
              openLeadId: contact.openLeadId,
              latestLeadId: contact.latestLeadId,
              createdAt: contact.createdAt,
              lastSeenAt: contact.lastSeenAt,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return 'created';
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      // Another event of the same person wrote it first: what this one claimed joins it.
      const names: Record<string, string> = {};
      const values: Record<string, unknown> = { ':at': contact.lastSeenAt ?? contact.createdAt };
      const sets = ['lastSeenAt = :at'];
      const adds: string[] = [];
      if (contact.name) {
        sets.push('#name = if_not_exists(#name, :name)');
        names['#name'] = 'name';
        values[':name'] = contact.name;
      }
      if (contact.phones.length > 0) {
        adds.push('phones :phones');
        values[':phones'] = new Set(contact.phones);
      }
      if (contact.emails.length > 0) {
        adds.push('emails :emails');
        values[':emails'] = new Set(contact.emails);
      }
      if (contact.unverifiedEmails && contact.unverifiedEmails.length > 0) {
        adds.push('unverifiedEmails :unverifiedEmails');
        values[':unverifiedEmails'] = new Set(contact.unverifiedEmails);
      }
      contact.messengers.forEach((m, i) => {
        sets.push(`messengers.#m${i} = :m${i}`);
        names[`#m${i}`] = `${m.channel}:${m.id}`;
        values[`:m${i}`] = m;
      });
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: keys.contact(contact.id),
          UpdateExpression: `SET ${sets.join(', ')}${adds.length ? ` ADD ${adds.join(', ')}` : ''}`,
          ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
          ExpressionAttributeValues: values,
        }),
      );
      return 'exists';
    },

    async enrich(contactId, identityKeys, profile, at, name) {
      const claimed: string[] = [];
      for (const identityKey of identityKeys) {
        // Another contact holding it stays its holder: contacts are never merged.
        if ((await claim(contactId, identityKey, at)) !== 'taken') claimed.push(identityKey);
      }

      const sets: string[] = ['lastSeenAt = :at'];
      const adds: string[] = [];
      const removes: string[] = [];
      const deletes: string[] = [];
      const names: Record<string, string> = {};
      const values: Record<string, unknown> = { ':at': at };
      if (profile.name && name) {
        names['#name'] = 'name';
        values[':name'] = profile.name;
        if (name === 'replace') {
          sets.push('#name = :name');
          removes.push('nameUnverified');
        } else {
          sets.push('#name = if_not_exists(#name, :name)');
          if (profile.unverified) {
            sets.push('nameUnverified = :true');
            values[':true'] = true;
          }
        }
      }
      const phones = claimed.filter((k) => k.startsWith('phone:')).map(identityValue);
      const emails = claimed.filter((k) => k.startsWith('email:')).map(identityValue);
      if (phones.length > 0) {
        adds.push('phones :phones');
        values[':phones'] = new Set(phones);
      }
      if (emails.length > 0) {
        adds.push('emails :emails');
        values[':emails'] = new Set(emails);
        if (profile.unverified) adds.push('unverifiedEmails :emails');
      }
      if (profile.email && !profile.unverified) {
        // A verified source vouches for an address an unverified post brought: it ranks as one.
        deletes.push('unverifiedEmails :verified');
        values[':verified'] = new Set([profile.email]);
      }
      const messenger = profile.messenger;
      if (messenger && claimed.includes(`${messenger.channel}:${messenger.id}`)) {
        sets.push('messengers.#account = :account');
        names['#account'] = `${messenger.channel}:${messenger.id}`;
        values[':account'] = messenger;
      }
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: keys.contact(contactId),
          UpdateExpression: [
            `SET ${sets.join(', ')}`,
            adds.length ? `ADD ${adds.join(', ')}` : '',
            removes.length ? `REMOVE ${removes.join(', ')}` : '',
            deletes.length ? `DELETE ${deletes.join(', ')}` : '',
          ]
            .filter(Boolean)
            .join(' '),
          ConditionExpression: 'attribute_exists(pk)',
          ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
          ExpressionAttributeValues: values,
        }),
      );
      return claimed;
    },

    async moveMessenger(account, fromContactId, toContactId, at) {
      const identityKey = identityKeyOf({ kind: 'messenger', value: account.id, account });
      const names = { '#account': identityKey };
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: table,
                  Key: keys.identity(identityKey),
                  UpdateExpression: 'SET contactId = :to, movedFrom = :from, movedAt = :at',
                  ConditionExpression: 'contactId = :from',
                  ExpressionAttributeValues: {
                    ':from': fromContactId,
                    ':to': toContactId,
                    ':at': at,
                  },
                },
              },
              {
                Update: {
                  TableName: table,
                  Key: keys.contact(fromContactId),
                  UpdateExpression: 'REMOVE messengers.#account',
                  ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(phones)',
                  ExpressionAttributeNames: names,
                },
              },
              {
                Update: {
                  TableName: table,
                  Key: keys.contact(toContactId),
                  UpdateExpression: 'SET messengers.#account = :account, lastSeenAt = :at',
                  ConditionExpression: 'attribute_exists(pk)',
                  ExpressionAttributeNames: names,
                  ExpressionAttributeValues: { ':account': account, ':at': at },
                },
              },
            ],
          }),
        );
        return 'moved';
      } catch (error) {
        const codes = cancellationCodes(error);
        if (codes && failedOnConditions(codes)) return 'conflict';
        throw error;
      }
    },
  };
};
