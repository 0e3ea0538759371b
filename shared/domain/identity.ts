import type { MessengerAccount } from './types';

/** A strong identifier of a person: E.164 phone, e-mail, or a messenger account. */
export type Identity =
  | { readonly kind: 'phone'; readonly value: string }
  | { readonly kind: 'email'; readonly value: string }
  | { readonly kind: 'messenger'; readonly value: string; readonly account: MessengerAccount };

export type ContactHints = {
  readonly phone?: string | undefined;
  readonly email?: string | undefined;
  readonly messenger?: MessengerAccount | undefined;
};

/** The text form of an identity, unique across kinds: "phone:+79991234567", "telegram:42". */
export const identityKey = (identity: Identity): string =>
  identity.kind === 'messenger'
    ? `${identity.account.channel}:${identity.value}`
    : `${identity.kind}:${identity.value}`;

/**
 * A contact's identities, strongest first: a phone outranks a messenger account, which
 * outranks an e-mail. When they point at different contacts, the strongest wins and the
 * others are left where they are: two contacts are never merged on a weaker key, and a name
 * is never an identity at all.
 */
export const identitiesOf = (hints: ContactHints): Identity[] => {
  const identities: Identity[] = [];
  if (hints.phone) identities.push({ kind: 'phone', value: hints.phone });
  if (hints.messenger) {
    identities.push({ kind: 'messenger', value: hints.messenger.id, account: hints.messenger });
  }
  if (hints.email) identities.push({ kind: 'email', value: hints.email });
  return identities;
};

/** How many phones and e-mails one contact collects at most; further ones stay on the touch. */
export const CONTACT_LIMITS = { phones: 5, emails: 5 } as const;

/**
 * Which of an event's identities not yet known may be added to an existing contact. An
 * unverified event (a browser post, proved only by its Origin, which any script can send)
 * fills in a kind the contact does not have yet but never adds a second phone or e-mail beside
 * the established one: otherwise anyone knowing a client's phone could make their own address
 * the client's (and the first in order, the one managers and CRMs are shown). Nor does it give
 * a phone to a contact a verified source vouches for (a verified e-mail, a messenger account):
 * a phone is the strongest identity — its calls, callbacks and owner become the contact's — so
 * anyone knowing a client's e-mail could otherwise have their own calls shown as the client's.
 * No contact collects more than CONTACT_LIMITS. What is not added stays on the touch.
 */
export const identitiesToLink = (
  contact: {
    readonly phones: readonly string[];
    readonly emails: readonly string[];
    readonly unverifiedEmails?: readonly string[] | undefined;
    readonly messengers?: readonly unknown[] | undefined;
  },
  missing: readonly string[],
  unverified: boolean,
): string[] => {
  const count = { phones: contact.phones.length, emails: contact.emails.length };
  const vouched =
    (contact.messengers?.length ?? 0) > 0 ||
    contact.emails.some((email) => hasVerifiedEmail(contact, email));
  return missing.filter((key) => {
    const kind = key.startsWith('phone:') ? 'phones' : key.startsWith('email:') ? 'emails' : null;
    if (kind === null) return true; // a messenger account
    if (unverified && (contact[kind].length > 0 || (kind === 'phones' && vouched))) return false;
    if (count[kind] >= CONTACT_LIMITS[kind]) return false;
    count[kind]++;
    return true;
  });
};

/**
 * What an event's name does to its contact's: `fill` where the contact has none, `replace` an
 * unverified one with a verified one (the same name too: it is verified now); nothing
 * otherwise — a name is never replaced by an unverified post, nor a verified one by anybody.
 * The store writes the name only while this still holds for what is stored (a race's first
 * name stands unless this rule lets the later one replace it).
 */
export type NameChange = 'fill' | 'replace';

export const nameChange = (
  contact: { readonly name?: string | undefined; readonly nameUnverified?: boolean | undefined },
  profile: { readonly name?: string | undefined; readonly unverified?: boolean | undefined },
): NameChange | undefined => {
  if (!profile.name) return undefined;
  if (!contact.name) return 'fill';
  return contact.nameUnverified && !profile.unverified ? 'replace' : undefined;
};

/**
 * Whether a verified source gave the contact this address: it is one of its e-mails and not
 * marked as only an unverified post's. An unverified post bringing it again leaves it so.
 */
export const hasVerifiedEmail = (
  contact: {
    readonly emails: readonly string[];
    readonly unverifiedEmails?: readonly string[] | undefined;
  },
  email: string,
): boolean => contact.emails.includes(email) && !contact.unverifiedEmails?.includes(email);

/**
 * A contact's e-mails in rank: the verified ones (sorted) before those only unverified posts
 * brought (sorted), so an address a browser post filled in is shown only until a verified
 * source brings one — then it stays, second, as something the contact once said.
 */
export const rankedEmails = (
  emails: readonly string[],
  unverified: readonly string[] = [],
): string[] => {
  const doubtful = new Set(unverified);
  return [
    ...emails.filter((e) => !doubtful.has(e)).sort(),
    ...emails.filter((e) => doubtful.has(e)).sort(),
  ];
};

/** The key that orders one person's events (the FIFO message group); undefined if anonymous. */
export const primaryIdentityKey = (hints: ContactHints): string | undefined => {
  const [first] = identitiesOf(hints);
  return first ? identityKey(first) : undefined;
};
