import { describe, expect, it } from 'vitest';
import { CONTACT_LIMITS } from '../../shared/domain/identity';
import { postForm, SITE_TOKEN, seedSite } from '../support/seed';
import { useTestStack } from '../support/test-stack';

/** A post with the site's token (server to server) instead of a browser's Origin. */
const withToken = { headers: { Origin: '', Authorization: `Bearer ${SITE_TOKEN}` } };

describe('contacts an unauthenticated browser post cannot take over', () => {
  const t = useTestStack();

  const contactWithPhone = async (phone: string) => {
    const contacts = (await t.contacts()).filter((c) => (c.phones as Set<string>)?.has(phone));
    expect(contacts).toHaveLength(1);
    const [found] = contacts;
    if (!found) throw new Error(`no contact with ${phone}`);
    const detail = await t.api('GET', `/v1/leads/${found.openLeadId}`);
    return {
      contact: {
        name: found.name as string | undefined,
        emails: [...((found.emails as Set<string> | undefined) ?? [])],
      },
      lead: detail.body,
    };
  };

  it('keeps a client’s name and e-mail when a browser post brings their phone with another e-mail; the post’s data stays on its touch', async () => {
    await seedSite(t);
    expect(
      (
        await postForm(
          t,
          'shop',
          { name: 'Olga', phone: '+79997000001', email: 'olga@client.example' },
          withToken,
        )
      ).status,
    ).toBe(200);
    await t.drain();

    const forged = await postForm(t, 'shop', {
      name: 'Mallory',
      phone: '+79997000001',
      email: 'a@attacker.example',
    });
    expect(forged.status).toBe(200);
    await t.drain();

    const { contact, lead } = await contactWithPhone('+79997000001');
    expect(contact.emails).toEqual(['olga@client.example']);
    expect(contact.name).toBe('Olga');
    expect(lead.contact).toMatchObject({ name: 'Olga', email: 'olga@client.example' });
    expect(lead.touchHistory.at(-1).contact).toEqual({
      name: 'Mallory',
      phone: '+79997000001',
      email: 'a@attacker.example',
    });
    // The attacker's address did not become a way to this client's contact.
    const byEmail = (await t.contacts()).filter((c) =>
      (c.emails as Set<string>)?.has('a@attacker.example'),
    );
    expect(byEmail).toEqual([]);
  });

  it('lets a browser post fill in an e-mail the contact does not have yet', async () => {
    await seedSite(t);
    await postForm(t, 'shop', { name: 'Ivan', phone: '+79997000002' });
    await t.drain();

    await postForm(t, 'shop', { phone: '+79997000002', email: 'ivan@client.example' });
    await t.drain();

    const { contact } = await contactWithPhone('+79997000002');
    expect(contact.emails).toEqual(['ivan@client.example']);
  });

  it('ranks the first verified e-mail and name above what browser posts filled in', async () => {
    await seedSite(t);
    await postForm(t, 'shop', { name: 'Petr', phone: '+79161112233' });
    await t.drain();
    await postForm(t, 'shop', { email: 'evil@attacker.example', phone: '89161112233' });
    await t.drain();
    const filled = await contactWithPhone('+79161112233');

    await postForm(
      t,
      'shop',
      { name: 'Petr Server', phone: '+79161112233', email: 'server@corp.example' },
      withToken,
    );
    await t.drain();

    // A browser post may fill an empty slot: the contact had no e-mail.
    expect(filled.lead.contact).toMatchObject({ name: 'Petr', email: 'evil@attacker.example' });
    const { contact, lead } = await contactWithPhone('+79161112233');
    expect(lead.contact).toMatchObject({ name: 'Petr Server', email: 'server@corp.example' });
    expect([...contact.emails].sort()).toEqual(['evil@attacker.example', 'server@corp.example']);
    const [item] = (await t.contacts()).filter((c) =>
      (c.phones as Set<string>)?.has('+79161112233'),
    );
    expect([...((item?.unverifiedEmails as Set<string>) ?? [])]).toEqual(['evil@attacker.example']);
    expect(item?.nameUnverified).toBeUndefined();
    const listed = (await t.api('GET', '/v1/leads?limit=100')).body.items.find(
      (l: { id: string }) => l.id === lead.id,
    );
    expect(listed.contact.email).toBe('server@corp.example');
  });

  it('lets a verified post confirm an e-mail a browser post filled in', async () => {
    await seedSite(t);
    await postForm(t, 'shop', { phone: '+79161112234', email: 'anna@client.example' });
    await t.drain();

    await postForm(
      t,
      'shop',
      { phone: '+79161112234', email: 'anna@client.example', message: 'Confirmed' },
      withToken,
    );
    await postForm(t, 'shop', { phone: '+79161112234', email: 'anna@second.example' }, withToken);
    await t.drain();

    const [item] = (await t.contacts()).filter((c) =>
      (c.phones as Set<string>)?.has('+79161112234'),
    );
    expect(item?.unverifiedEmails).toBeUndefined();
    const { lead } = await contactWithPhone('+79161112234');
    expect(lead.contact.email).toBe('anna@client.example');
  });

  it('still adds a second e-mail from a post with the site token (the site vouches for it)', async () => {
    await seedSite(t);
    await postForm(
      t,
      'shop',
      { name: 'Petr', phone: '+79997000003', email: 'petr@one.example' },
      withToken,
    );
    await t.drain();

    await postForm(t, 'shop', { phone: '+79997000003', email: 'petr@two.example' }, withToken);
    await t.drain();

    const { contact } = await contactWithPhone('+79997000003');
    expect([...contact.emails].sort()).toEqual(['petr@one.example', 'petr@two.example']);
  });

  it('gives no phone from a browser post to a contact a verified e-mail vouches for; the phone stays on the touch', async () => {
    await seedSite(t);
    await postForm(t, 'shop', { name: 'Victim', email: 'victim@corp.example' }, withToken);
    await t.drain();

    await postForm(t, 'shop', { email: 'victim@corp.example', phone: '+79265550001' });
    await t.drain();

    const [victim] = (await t.contacts()).filter((c) =>
      (c.emails as Set<string>)?.has('victim@corp.example'),
    );
    expect(victim?.phones).toBeUndefined();
    const withPhone = (await t.contacts()).filter((c) =>
      (c.phones as Set<string> | undefined)?.has('+79265550001'),
    );
    expect(withPhone).toEqual([]);
    const detail = await t.api('GET', `/v1/leads/${victim?.openLeadId}`);
    expect(detail.body.contact.name).toBe('Victim');
    expect(detail.body.touchHistory.at(-1).contact).toEqual({
      phone: '+79265550001',
      email: 'victim@corp.example',
    });
  });

  it('lets a browser post give a phone to a contact only browser posts made', async () => {
    await seedSite(t);
    await postForm(t, 'shop', { name: 'Nina', email: 'nina@client.example' });
    await t.drain();

    await postForm(t, 'shop', { email: 'nina@client.example', phone: '+79265550002' });
    await t.drain();

    const { contact } = await contactWithPhone('+79265550002');
    expect(contact.emails).toEqual(['nina@client.example']);
  });

  it(`caps the e-mails a contact collects at ${CONTACT_LIMITS.emails}, whoever sends them`, async () => {
    await seedSite(t);
    for (let n = 0; n < CONTACT_LIMITS.emails + 3; n++) {
      await postForm(
        t,
        'shop',
        { phone: '+79997000004', email: `many${n}@client.example` },
        withToken,
      );
      await t.drain();
    }

    const { contact, lead } = await contactWithPhone('+79997000004');
    expect(contact.emails.length).toBe(CONTACT_LIMITS.emails);
    expect(lead.touchHistory.at(-1).contact.email).toBe(
      `many${CONTACT_LIMITS.emails + 2}@client.example`,
    );
  });
});
