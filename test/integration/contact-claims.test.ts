import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { awsClientOptions } from '../../shared/config';
import { createDocumentClient } from '../../shared/store/client';
import { createDynamoContactStore } from '../../shared/store/dynamo-contact-store';
import { useTestStack } from '../support/test-stack';

const AT = '2026-11-27T07:00:00.000Z';
const PHONE = 'phone:+79161234567';
const EMAIL = 'email:vera@example.com';
const TELEGRAM = 'telegram:42';

describe('claiming a new contact’s identities', () => {
  const t = useTestStack();

  it('lets go of its claims when another contact holds one, but never of a claim another event made again for the same contact', async () => {
    const db = createDocumentClient(awsClientOptions(t.stack.config, 'dynamodb'));
    const table = String(t.stack.config.tableName);
    const contacts = createDynamoContactStore(db, table);
    // The e-mail is another person's already.
    expect(await contacts.claimIdentities('contact-z', [EMAIL], AT)).toBe('claimed');

    // Event A makes contact-x of a phone and that e-mail. Between its two claims, event B of the
    // same person (phone and Telegram) finds the phone claimed for contact-x, not yet written,
    // and claims it again for contact-x — which B then writes.
    let interleaved = false;
    const interleaving = {
      send: async (command: unknown) => {
        if (
          !interleaved &&
          command instanceof PutCommand &&
          command.input.Item?.identityKey === EMAIL
        ) {
          interleaved = true;
          expect(await contacts.claimIdentities('contact-x', [PHONE, TELEGRAM], AT)).toBe(
            'claimed',
          );
        }
        return db.send(command as PutCommand);
      },
    } as unknown as DynamoDBDocumentClient;
    const eventA = createDynamoContactStore(interleaving, table);
    expect(await eventA.claimIdentities('contact-x', [PHONE, EMAIL], AT)).toBe('identity_taken');

    // The phone stays contact-x's, the contact B writes: no second contact of this phone.
    expect(interleaved).toBe(true);
    expect(await contacts.findByIdentities([PHONE, EMAIL, TELEGRAM])).toEqual(
      new Map([
        [PHONE, 'contact-x'],
        [EMAIL, 'contact-z'],
        [TELEGRAM, 'contact-x'],
      ]),
    );
  });

  it('keeps a claim another event made first for the same contact when its own claim fails (seen once in the fault suite)', async () => {
    const db = createDocumentClient(awsClientOptions(t.stack.config, 'dynamodb'));
    const contacts = createDynamoContactStore(db, String(t.stack.config.tableName));
    const phone = 'phone:+79161234599';
    const email = 'email:ira@example.com';
    const otherEmail = 'email:someone-else@example.com';
    expect(await contacts.claimIdentities('contact-w', [otherEmail], AT)).toBe('claimed');

    // Event A claimed contact-v's phone and e-mail and is about to write contact-v. Event B of the
    // same person finds the phone claimed for contact-v, not yet written, and claims again for
    // contact-v — but B's other e-mail is another contact's, so B gives up (and joins that one).
    expect(await contacts.claimIdentities('contact-v', [phone, email], AT)).toBe('claimed');
    expect(await contacts.claimIdentities('contact-v', [phone, otherEmail], AT)).toBe(
      'identity_taken',
    );

    // A writes contact-v with the phone: its claims are still there, B let go of none of them.
    expect(await contacts.findByIdentities([phone, email, otherEmail])).toEqual(
      new Map([
        [phone, 'contact-v'],
        [email, 'contact-v'],
        [otherEmail, 'contact-w'],
      ]),
    );
  });

  it('lets go of what it claimed alone when another contact holds one of its identities', async () => {
    const db = createDocumentClient(awsClientOptions(t.stack.config, 'dynamodb'));
    const contacts = createDynamoContactStore(db, String(t.stack.config.tableName));
    expect(await contacts.claimIdentities('contact-z2', ['email:olga@example.com'], AT)).toBe(
      'claimed',
    );
    expect(
      await contacts.claimIdentities(
        'contact-y',
        ['phone:+79160000001', 'email:olga@example.com'],
        AT,
      ),
    ).toBe('identity_taken');
    expect(await contacts.findByIdentities(['phone:+79160000001'])).toEqual(new Map());
  });
});
