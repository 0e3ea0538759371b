import type { AssignmentMessage } from '../domain/messages';
import type { Contact } from '../domain/types';

/** The contact as announced to a manager's tools. */
export const contactSummary = (contact: Contact): AssignmentMessage['contact'] => ({
  id: contact.id,
  ...(contact.name ? { name: contact.name } : {}),
  ...(contact.phones[0] ? { phone: contact.phones[0] } : {}),
  ...(contact.emails[0] ? { email: contact.emails[0] } : {}),
  ...(contact.messengers.length > 0
    ? { messengers: contact.messengers.map((m) => ({ ...m })) }
    : {}),
});
