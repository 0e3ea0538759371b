import type { NameChange } from '../domain/identity';
import type { Contact, MessengerAccount } from '../domain/types';

export type ContactProfile = {
  readonly name?: string | undefined;
  readonly phone?: string | undefined;
  readonly email?: string | undefined;
  readonly messenger?: MessengerAccount | undefined;
  /** Nothing proved who sent it (a browser post): see identitiesToLink. */
  readonly unverified?: boolean | undefined;
};

export interface ContactStore {
  /** contactId per identity key, for the keys that are known. */
  findByIdentities(keys: readonly string[]): Promise<ReadonlyMap<string, string>>;
  get(contactId: string): Promise<Contact | undefined>;
  getMany(contactIds: readonly string[]): Promise<ReadonlyMap<string, Contact>>;
  /**
   * Claims identities for a new contact, one conditional write each, strongest first: each only
   * if nobody holds it (or this contact already does). On the first one held by someone else it
   * lets go of the ones it took and answers 'identity_taken'.
   */
  claimIdentities(
    contactId: string,
    identityKeys: readonly string[],
    at: string,
  ): Promise<'claimed' | 'identity_taken'>;
  /**
   * Writes a new contact whose identities are claimed; 'exists' when it is there already
   * (another event making the same person wrote it first): its phones, e-mails, accounts and
   * name join it, its open lead and owner do not.
   */
  put(contact: Contact): Promise<'created' | 'exists'>;
  /**
   * Claims identities for an existing contact (each only if nobody holds it) and adds what the
   * profile brings. Returns the keys it claimed.
   */
  enrich(
    contactId: string,
    identityKeys: readonly string[],
    profile: ContactProfile,
    at: string,
    /** What the profile's name does to the contact's (identity.ts `nameChange`). */
    name?: NameChange | undefined,
  ): Promise<readonly string[]>;
  /**
   * Moves a messenger account from the contact that holds it to another, in one conditional
   * write: only while `fromContactId` still holds it and still has no phone (a contact with a
   * phone is a person in its own right and is never taken apart). 'conflict' when either
   * condition no longer holds.
   */
  moveMessenger(
    account: MessengerAccount,
    fromContactId: string,
    toContactId: string,
    at: string,
  ): Promise<'moved' | 'conflict'>;
}
