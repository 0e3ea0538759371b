import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { awsClientOptions } from '../../shared/config';
import type { ContactProfile, ContactStore } from '../../shared/ports';
import { createDocumentClient } from '../../shared/store/client';
import { createDynamoContactStore } from '../../shared/store/dynamo-contact-store';
import { type ResolvedContact, resolveContact } from '../../shared/usecases/resolve-contact';
import { createTestIds } from '../support/clock';
import { useTestStack } from '../support/test-stack';

const AT = '2026-11-27T07:00:00.000Z';
const LATER = '2026-11-27T07:05:00.000Z';

/**
 * Contact writes racing each other, staged in the racing order on the real DynamoDB Local: the
 * verified/unverified rules of docs/security.md ("Contacts an unauthenticated post cannot take
 * over") hold whichever write lands first.
 */
describe('contact writes that race keep a verified source above an unverified one', () => {
  const t = useTestStack();
  const ids = createTestIds('contact');

  const store = (): ContactStore =>
    createDynamoContactStore(
      createDocumentClient(awsClientOptions(t.stack.config, 'dynamodb')),
      String(t.stack.config.tableName),
    );
  const deps = (contacts: ContactStore = store()) => ({ contacts, newId: ids });

  /** Resolves one event's profile and writes its contact when it is a new person's. */
  const arrive = async (profile: ContactProfile, at = LATER): Promise<ResolvedContact> => {
    const resolved = await resolveContact(deps(), profile, at);
    if (!resolved.saved) await store().put(resolved.contact);
    return resolved;
  };

  /**
   * Two events of a new person, both resolved before either writes (different FIFO groups: each
   * finds the identities the other claimed, the contact not yet written); `first` writes first,
   * `second` finds it written and joins it (put's fallback).
   */
  const newPersonRace = async (first: ContactProfile, second: ContactProfile) => {
    const a = await resolveContact(deps(), first, AT);
    const b = await resolveContact(deps(), second, AT);
    expect([a.saved, b.saved]).toEqual([false, false]);
    expect(b.contact.id).toBe(a.contact.id);
    expect(await store().put(a.contact)).toBe('created');
    expect(await store().put(b.contact)).toBe('exists');
    return a.contact.id;
  };

  /** A contact store whose first `enrich` lets `racer` run to the end first: it lands first. */
  const overtakenBy = (racer: () => Promise<unknown>): ContactStore => {
    const inner = store();
    let raced = false;
    return {
      ...inner,
      async enrich(...args) {
        if (!raced) {
          raced = true;
          await racer();
        }
        return inner.enrich(...args);
      },
    };
  };

  const stored = async (contactId: string) => {
    const contact = await store().get(contactId);
    if (!contact) throw new Error(`contact ${contactId} not written`);
    return contact;
  };

  describe('a second event of a new person joining the contact the first one wrote', () => {
    it('keeps an unverified post’s name marked unverified, so the first verified name replaces it', async () => {
      const id = await newPersonRace(
        { phone: '+79160000101' },
        { name: 'Mallory', email: 'm@attacker.example', phone: '+79160000101', unverified: true },
      );
      expect(await stored(id)).toMatchObject({ name: 'Mallory', nameUnverified: true });

      await arrive({ name: 'Olga', phone: '+79160000101' });

      const contact = await stored(id);
      expect(contact.name).toBe('Olga');
      expect(contact.nameUnverified).toBeUndefined();
    });

    it('does not mark unverified an e-mail the first event brought verified', async () => {
      const id = await newPersonRace(
        { name: 'Olga', email: 'olga@client.example', phone: '+79160000102' },
        { email: 'olga@client.example', phone: '+79160000102', unverified: true },
      );

      const contact = await stored(id);
      expect(contact.emails).toEqual(['olga@client.example']);
      expect(contact.unverifiedEmails).toBeUndefined();
    });

    it('lets a verified second event replace the unverified name and vouch for the e-mail the first one brought', async () => {
      const id = await newPersonRace(
        {
          name: 'Mallory',
          email: 'anna@client.example',
          phone: '+79160000103',
          unverified: true,
        },
        { name: 'Anna', email: 'anna@client.example', phone: '+79160000103' },
      );

      const contact = await stored(id);
      expect(contact).toMatchObject({ name: 'Anna', emails: ['anna@client.example'] });
      expect(contact.nameUnverified).toBeUndefined();
      expect(contact.unverifiedEmails).toBeUndefined();
    });

    it('keeps the first event’s verified name and ranks a second unverified e-mail after its verified one', async () => {
      const id = await newPersonRace(
        { name: 'Olga', email: 'olga@second.example', phone: '+79160000104' },
        {
          name: 'Mallory',
          email: 'm@second-attacker.example',
          phone: '+79160000104',
          unverified: true,
        },
      );

      const contact = await stored(id);
      expect(contact.name).toBe('Olga');
      expect(contact.nameUnverified).toBeUndefined();
      expect(contact.emails).toEqual(['olga@second.example', 'm@second-attacker.example']);
      expect(contact.unverifiedEmails).toEqual(['m@second-attacker.example']);
    });
  });

  describe('two events enriching the same contact, both decided from the same read', () => {
    it('does not mark unverified a verified name that landed first', async () => {
      const { contact } = await arrive({ phone: '+79160000201' }, AT);
      const verified = () => resolveContact(deps(), { name: 'Olga', phone: '+79160000201' }, AT);

      await resolveContact(
        deps(overtakenBy(verified)),
        { name: 'Mallory', phone: '+79160000201', unverified: true },
        LATER,
      );

      const after = await stored(contact.id);
      expect(after.name).toBe('Olga');
      expect(after.nameUnverified).toBeUndefined();
    });

    it('replaces an unverified name that landed first with the verified one', async () => {
      const { contact } = await arrive({ phone: '+79160000202' }, AT);
      const unverified = () =>
        resolveContact(deps(), { name: 'Mallory', phone: '+79160000202', unverified: true }, AT);

      await resolveContact(
        deps(overtakenBy(unverified)),
        { name: 'Olga', phone: '+79160000202' },
        LATER,
      );

      const after = await stored(contact.id);
      expect(after.name).toBe('Olga');
      expect(after.nameUnverified).toBeUndefined();
    });

    it('keeps the verified name that replaced an unverified one first (the race’s winner stands)', async () => {
      const { contact } = await arrive(
        { name: 'Mallory', phone: '+79160000203', unverified: true },
        AT,
      );
      const first = () => resolveContact(deps(), { name: 'Olga', phone: '+79160000203' }, AT);

      await resolveContact(
        deps(overtakenBy(first)),
        { name: 'Olga Petrova', phone: '+79160000203' },
        LATER,
      );

      const after = await stored(contact.id);
      expect(after.name).toBe('Olga');
      expect(after.nameUnverified).toBeUndefined();
      // The rest of the losing write still landed.
      expect(after.lastSeenAt).toBe(LATER);
    });

    it('does not mark unverified an e-mail a verified event added first', async () => {
      const { contact } = await arrive({ phone: '+79160000204' }, AT);
      const verified = () =>
        resolveContact(deps(), { email: 'ivan@client.example', phone: '+79160000204' }, AT);

      await resolveContact(
        deps(overtakenBy(verified)),
        { email: 'ivan@client.example', phone: '+79160000204', unverified: true },
        LATER,
      );

      const after = await stored(contact.id);
      expect(after.emails).toEqual(['ivan@client.example']);
      expect(after.unverifiedEmails).toBeUndefined();
    });

    it('does not mark unverified an e-mail a verified event vouched for before the unverified event that claimed it wrote it', async () => {
      const { contact } = await arrive({ phone: '+79160000206' }, AT);
      const db = createDocumentClient(awsClientOptions(t.stack.config, 'dynamodb'));
      // The unverified event has claimed the address for the contact; before its write of the
      // contact lands, the verified event finds the claim and runs to the end.
      let raced = false;
      const interleaving = {
        send: async (command: unknown) => {
          if (
            !raced &&
            command instanceof UpdateCommand &&
            command.input.Key?.pk === `CONTACT#${contact.id}`
          ) {
            raced = true;
            await resolveContact(
              deps(),
              { email: 'vera@client.example', phone: '+79160000206' },
              AT,
            );
          }
          return db.send(command as UpdateCommand);
        },
      } as unknown as DynamoDBDocumentClient;
      const unverified = createDynamoContactStore(interleaving, String(t.stack.config.tableName));

      await resolveContact(
        deps(unverified),
        { email: 'vera@client.example', phone: '+79160000206', unverified: true },
        LATER,
      );

      expect(raced).toBe(true);
      const after = await stored(contact.id);
      expect(after.emails).toEqual(['vera@client.example']);
      expect(after.unverifiedEmails).toBeUndefined();
    });

    it('still marks an unverified e-mail and name when no verified source raced it', async () => {
      const { contact } = await arrive({ phone: '+79160000205' }, AT);
      const other = () => resolveContact(deps(), { phone: '+79160000205' }, AT);

      await resolveContact(
        deps(overtakenBy(other)),
        { name: 'Ivan', email: 'ivan@maybe.example', phone: '+79160000205', unverified: true },
        LATER,
      );

      const after = await stored(contact.id);
      expect(after).toMatchObject({ name: 'Ivan', nameUnverified: true });
      expect(after.unverifiedEmails).toEqual(['ivan@maybe.example']);
    });
  });
});
