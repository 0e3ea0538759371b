import { identitiesOf, identitiesToLink, identityKey, nameChange } from '../domain/identity';
import type { Contact } from '../domain/types';
import { logger } from '../logger';
import type { ContactProfile } from '../ports';
import type { LeadDeps } from './lead-deps';

export class ContactContentionError extends Error {
  constructor() {
    super('Could not settle the contact after several concurrent updates; the event is retried');
    this.name = 'ContactContentionError';
  }
}

type Deps = Pick<LeadDeps, 'contacts' | 'newId'>;

/**
 * The contact an event is from. `saved: false`: a new person, whose identities are claimed but
 * whose contact item is for the caller to write (`contacts.put`), with what the event makes of
 * it (its open lead, its owner) in the same write.
 */
export type ResolvedContact = { readonly contact: Contact; readonly saved: boolean };

/**
 * Finds the one contact a person already is, by their strongest known identity, and links the
 * identities this event brings; or claims the identities of a new contact, strongest first.
 * Two events racing to create the same person end with one contact: the loser's claim fails
 * on the identity condition, it lets go of what it took and joins the winner. An identity
 * whose contact was never written (an earlier try stopped between the claim and the write)
 * is that contact, still to be written.
 *
 * A messenger account that brings a phone (a Telegram contact shared by its owner, a WhatsApp
 * number) belongs with the contact that already has that phone. If the account made a contact
 * of its own earlier, without any phone, the account moves over (one conditional write) and the
 * phone's contact — and so its owner — keeps the client. A contact that has a phone of its own
 * is never taken apart, and contacts are never merged: only the account's identity moves.
 */
export const resolveContact = async (
  deps: Deps,
  profile: ContactProfile,
  at: string,
  lookedUp?: Promise<ReadonlyMap<string, string>>,
): Promise<ResolvedContact> => {
  const identityKeys = identitiesOf(profile).map(identityKey);
  for (let attempt = 0; attempt < 4; attempt++) {
    const known =
      attempt === 0 && lookedUp
        ? await lookedUp
        : await deps.contacts.findByIdentities(identityKeys);
    const strongest = identityKeys.find((key) => known.has(key));
    if (strongest) {
      const contactId = known.get(strongest) ?? '';
      const stored = await deps.contacts.get(contactId);
      if (!stored) {
        // Claimed, never written: this person's contact, made now (its other identities too).
        const contact = newContact(contactId, profile, at);
        const claimed = await deps.contacts.claimIdentities(contactId, identityKeys, at);
        if (claimed === 'claimed') return { contact, saved: false };
        continue;
      }
      if (await movedMessengerToPhoneContact(deps, profile, known, contactId, at)) continue; // read again
      const unknown = identityKeys.filter((key) => !known.has(key));
      // No write came between: the contact read above is the one the identities are linked to.
      const missing = identitiesToLink(
        stored,
        [...unknown, ...unlistedEmail(profile, known, stored)],
        profile.unverified === true,
      );
      const name = nameChange(stored, profile);
      const claimed = await deps.contacts.enrich(contactId, missing, profile, at, name);
      // Another event claimed one of them meanwhile: read again, so that an account that went
      // to a phoneless contact of its own is still moved over to the phone's contact.
      if (claimed.length < missing.length && attempt < 3) continue;
      const vouched =
        !profile.unverified &&
        profile.email !== undefined &&
        (stored.unverifiedEmails ?? []).includes(profile.email);
      const changed = missing.length > 0 || name === 'replace' || vouched;
      const contact = changed ? await deps.contacts.get(contactId) : stored;
      if (contact) {
        return { contact: changed ? contact : seen(contact, profile, at), saved: true };
      }
      continue;
    }
    const contact = newContact(deps.newId(), profile, at);
    if ((await deps.contacts.claimIdentities(contact.id, identityKeys, at)) === 'claimed') {
      return { contact, saved: false };
    }
  }
  throw new ContactContentionError();
};

/**
 * The contacts the profile's identities point at, read ahead: a caller that has another read to
 * make first starts this beside it and hands it to `resolveContact` (its first look-up).
 */
export const lookUpIdentities = (
  deps: Deps,
  profile: ContactProfile,
): Promise<ReadonlyMap<string, string>> =>
  deps.contacts.findByIdentities(identitiesOf(profile).map(identityKey));

/**
 * A verified profile's e-mail that is this contact's identity but not on the contact yet: the
 * event that claimed it has not written it (another event of the person, in another FIFO group,
 * right now). It is linked again, so the address lands verified whichever write comes first —
 * otherwise a vouch landing before an unverified claimant's write would be lost, and the address
 * marked unverified after all. The claim answers `mine`: one more write, only in that window
 * (or to finish a contact an event stopped writing between its claim and its write).
 */
const unlistedEmail = (
  profile: ContactProfile,
  known: ReadonlyMap<string, string>,
  contact: Contact,
): string[] => {
  if (profile.unverified || !profile.email || contact.emails.includes(profile.email)) return [];
  const key = identityKey({ kind: 'email', value: profile.email });
  return known.get(key) === contact.id ? [key] : [];
};

const newContact = (id: string, profile: ContactProfile, at: string): Contact => ({
  id,
  name: profile.name,
  phones: profile.phone ? [profile.phone] : [],
  emails: profile.email ? [profile.email] : [],
  // What an unverified post says ranks below what a verified source says later.
  ...(profile.unverified && profile.email ? { unverifiedEmails: [profile.email] } : {}),
  ...(profile.unverified && profile.name ? { nameUnverified: true } : {}),
  messengers: profile.messenger ? [profile.messenger] : [],
  createdAt: at,
  lastSeenAt: at,
});

/** The contact as `enrich` left it, without reading it again (nothing new was claimed). */
const seen = (contact: Contact, profile: ContactProfile, at: string): Contact => ({
  ...contact,
  name: contact.name ?? profile.name,
  ...(!contact.name && profile.name && profile.unverified ? { nameUnverified: true } : {}),
  lastSeenAt: at,
});

/**
 * When the event's phone belongs to `phoneContactId` and its messenger account to another
 * contact without a phone, moves the account over. True when it tried (moved, or lost a race):
 * the caller reads the identities again either way.
 */
const movedMessengerToPhoneContact = async (
  deps: Deps,
  profile: ContactProfile,
  known: ReadonlyMap<string, string>,
  phoneContactId: string,
  at: string,
): Promise<boolean> => {
  const { phone, messenger } = profile;
  if (!phone || !messenger) return false;
  if (known.get(identityKey({ kind: 'phone', value: phone })) !== phoneContactId) return false;
  const holderId = known.get(
    identityKey({ kind: 'messenger', value: messenger.id, account: messenger }),
  );
  if (!holderId || holderId === phoneContactId) return false;

  const holder = await writtenContact(deps, holderId);
  if (!holder || holder.phones.length > 0) return false; // a person of their own: left alone
  const result = await deps.contacts.moveMessenger(messenger, holderId, phoneContactId, at);
  logger.info('messenger account moved to the contact with its phone', {
    channel: messenger.channel,
    fromContactId: holderId,
    toContactId: phoneContactId,
    result,
  });
  return true;
};

/**
 * A contact an identity points at. A new contact's identities are claimed just before its item
 * is written (milliseconds), so one not there yet is waited for a little (another event of the
 * same person is writing it right now); still missing after that, it never will be (its event
 * failed after the claim, and a retry of it writes it): undefined.
 */
const writtenContact = async (deps: Deps, contactId: string): Promise<Contact | undefined> => {
  for (const ms of [0, 20, 60, 150, 350]) {
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
    const contact = await deps.contacts.get(contactId);
    if (contact) return contact;
  }
  return undefined;
};
