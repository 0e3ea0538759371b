import { randomUUID } from 'node:crypto';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import {
  hasVerifiedEmail,
  identityKey as identityKeyOf,
  nameChange,
  rankedEmails,
} from '../domain/identity';
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

/**
 * What one write adds to a contact that is stored already: `enrich`'s, and `put`'s when another
 * event of the same new person wrote the contact first. What such a write does depends on what
 * is stored, which may have changed since it was decided (another event of the person, in
 * another FIFO group, wrote meanwhile), so those parts are conditional (`additionWrite`) and a
 * verified source that landed first is never undone:
 * - `name`: a verified name fills an empty one or replaces an unverified one (no longer
 *   marked); an unverified one only fills an empty one, marked `nameUnverified`;
 * - `marked`: addresses of an unverified source, marked `unverifiedEmails` unless verified
 *   already (a verified source brought them first);
 * - `vouched`: addresses a verified source brings, no longer marked.
 */
type Additions = {
  readonly at: string;
  readonly name?: { readonly value: string; readonly unverified: boolean } | undefined;
  readonly phones: readonly string[];
  /** Every address to add, marked or not. */
  readonly emails: readonly string[];
  readonly marked: readonly string[];
  readonly vouched: readonly string[];
  readonly messengers: readonly MessengerAccount[];
};

/**
 * The additions without the parts whose condition no longer holds for the stored contact: a
 * name the rules keep (the race's first name stands), a mark on an address verified already.
 */
const settled = (additions: Additions, stored: Contact): Additions => {
  const { name } = additions;
  const keepsName =
    name !== undefined &&
    nameChange(stored, { name: name.value, unverified: name.unverified }) !== undefined;
  return {
    ...additions,
    name: keepsName ? name : undefined,
    marked: additions.marked.filter((email) => !hasVerifiedEmail(stored, email)),
  };
};

/** One UpdateItem of the additions; its condition holds while each conditional part does. */
const additionWrite = (additions: Additions) => {
  const conditions = ['attribute_exists(pk)'];
  const sets = ['lastSeenAt = :at'];
  const adds: string[] = [];
  const removes: string[] = [];
  const deletes: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':at': additions.at };
  const { name } = additions;
  if (name) {
    names['#name'] = 'name';
    values[':name'] = name.value;
    values[':true'] = true;
    sets.push('#name = :name');
    if (name.unverified) {
      conditions.push('attribute_not_exists(#name)');
      sets.push('nameUnverified = :true');
    } else {
      conditions.push('(attribute_not_exists(#name) OR nameUnverified = :true)');
      removes.push('nameUnverified');
    }
  }
  if (additions.phones.length > 0) {
    adds.push('phones :phones');
    values[':phones'] = new Set(additions.phones);
  }
  if (additions.emails.length > 0) {
    adds.push('emails :emails');
    values[':emails'] = new Set(additions.emails);
  }
  if (additions.marked.length > 0) {
    adds.push('unverifiedEmails :marked');
    values[':marked'] = new Set(additions.marked);
    additions.marked.forEach((email, i) => {
      conditions.push(`(NOT contains(emails, :mark${i}) OR contains(unverifiedEmails, :mark${i}))`);
      values[`:mark${i}`] = email;
    });
  } else if (additions.vouched.length > 0) {
    // One source is verified or not, so a write never both marks and vouches (one path each).
    deletes.push('unverifiedEmails :vouched');
    values[':vouched'] = new Set(additions.vouched);
  }
  additions.messengers.forEach((m, i) => {
    sets.push(`messengers.#m${i} = :m${i}`);
    names[`#m${i}`] = `${m.channel}:${m.id}`;
    values[`:m${i}`] = m;
  });
  return {
    UpdateExpression: [
      `SET ${sets.join(', ')}`,
      adds.length ? `ADD ${adds.join(', ')}` : '',
      removes.length ? `REMOVE ${removes.join(', ')}` : '',
      deletes.length ? `DELETE ${deletes.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join(' '),
    ConditionExpression: conditions.join(' AND '),
    ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
    ExpressionAttributeValues: values,
  };
};

/** The item a failed conditional write found (`ReturnValuesOnConditionCheckFailure`). */
const foundItem = (error: unknown): Item | undefined => {
  const item = (error as { Item?: Parameters<typeof unmarshall>[0] }).Item;
  return item ? unmarshall(item) : undefined;
};

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

  /**
   * Writes the additions to a stored contact, decided from `stored` when known. When a condition
   * fails (another write landed since), writes again what still holds for the contact that write
   * left: the race's winner stands, the rest of this write lands. Each retry drops at least one
   * part for good (names and verified addresses are never taken back), so this ends.
   */
  const addTo = async (contactId: string, additions: Additions, stored?: Contact) => {
    let next = stored ? settled(additions, stored) : additions;
    for (;;) {
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: keys.contact(contactId),
            ...additionWrite(next),
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        return;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const item = foundItem(error);
        if (!item) throw error; // no contact to add to
        const left = settled(next, toContact(item));
        if (left.name === next.name && left.marked.length === next.marked.length) throw error;
        next = left;
      }
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
      let stored: Contact | undefined;
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
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        return 'created';
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const item = foundItem(error);
        stored = item ? toContact(item) : undefined;
      }
      // Another event of the same person wrote it first: what this one claimed joins it, by the
      // same rules as `enrich` (the failed put returned what is stored).
      const marked = contact.unverifiedEmails ?? [];
      await addTo(
        contact.id,
        {
          at: contact.lastSeenAt ?? contact.createdAt,
          name: contact.name
            ? { value: contact.name, unverified: contact.nameUnverified === true }
            : undefined,
          phones: contact.phones,
          emails: contact.emails,
          marked,
          vouched: contact.emails.filter((email) => !marked.includes(email)),
          messengers: contact.messengers,
        },
        stored,
      );
      return 'exists';
    },

    async enrich(contactId, identityKeys, profile, at, name) {
      const claimed: string[] = [];
      for (const identityKey of identityKeys) {
        // Another contact holding it stays its holder: contacts are never merged.
        if ((await claim(contactId, identityKey, at)) !== 'taken') claimed.push(identityKey);
      }
      const unverified = profile.unverified === true;

      const emails = claimed.filter((k) => k.startsWith('email:')).map(identityValue);
      const messenger = profile.messenger;
      await addTo(contactId, {
        at,
        name: profile.name && name ? { value: profile.name, unverified } : undefined,
        phones: claimed.filter((k) => k.startsWith('phone:')).map(identityValue),
        emails,
        marked: unverified ? emails : [],
        // A verified source vouches for an address an unverified post brought: it ranks as one.
        vouched: profile.email && !unverified ? [profile.email] : [],
        messengers:
          messenger && claimed.includes(`${messenger.channel}:${messenger.id}`) ? [messenger] : [],
      });
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
