import { identitiesOf, identityKey } from '../domain/identity';
import type { Contact } from '../domain/types';
import type { ContactProfile } from '../ports';
import type { LeadDeps } from './lead-deps';

export class ContactContentionError extends Error {
  constructor() {
    super('Could not settle the contact after several concurrent updates; the event is retried');
    this.name = 'ContactContentionError';
  }
}

/**
 * Finds the one contact a person already is, by their strongest known identity, and links the
 * identities this event brings; or creates the contact and claims its identities atomically.
 * Two events racing to create the same person end with one contact: the loser's claim fails
 * on the identity condition and it joins the winner.
 */
export const resolveContact = async (
  deps: Pick<LeadDeps, 'contacts' | 'newId'>,
  profile: ContactProfile,
  at: string,
): Promise<Contact> => {
  const identityKeys = identitiesOf(profile).map(identityKey);
  for (let attempt = 0; attempt < 4; attempt++) {
    const known = await deps.contacts.findByIdentities(identityKeys);
    const strongest = identityKeys.find((key) => known.has(key));
    if (strongest) {
      const contactId = known.get(strongest) ?? '';
      const missing = identityKeys.filter((key) => !known.has(key));
      await deps.contacts.enrich(contactId, missing, profile, at);
      const contact = await deps.contacts.get(contactId);
      if (contact) return contact;
      continue;
    }
    const contact: Contact = {
      id: deps.newId(),
      name: profile.name,
      phones: profile.phone ? [profile.phone] : [],
      emails: profile.email ? [profile.email] : [],
      messengers: profile.messenger ? [profile.messenger] : [],
      createdAt: at,
      lastSeenAt: at,
    };
    if ((await deps.contacts.create(contact, identityKeys)) === 'created') return contact;
  }
  throw new ContactContentionError();
};
