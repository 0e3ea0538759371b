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

/** The key that orders one person's events (the FIFO message group); undefined if anonymous. */
export const primaryIdentityKey = (hints: ContactHints): string | undefined => {
  const [first] = identitiesOf(hints);
  return first ? identityKey(first) : undefined;
};
