/**
 * The only place that builds keys and index names. Items of one entity share a partition
 * (a lead with its touches and assignments), lists use the two GSIs.
 */
export type Key = { readonly pk: string; readonly sk: string };

export const INDEX = { byList: 'gsi1', byOwner: 'gsi2' } as const;

export const keys = {
  eventMarker: (eventId: string): Key => ({ pk: `EVENT#${eventId}`, sk: 'EVENT' }),

  contact: (contactId: string): Key => ({ pk: `CONTACT#${contactId}`, sk: 'CONTACT' }),
  identity: (identityKey: string): Key => ({ pk: `IDENTITY#${identityKey}`, sk: 'IDENTITY' }),

  lead: (leadId: string): Key => ({ pk: `LEAD#${leadId}`, sk: 'LEAD' }),
  leadPartition: (leadId: string): string => `LEAD#${leadId}`,
  touch: (leadId: string, at: string, eventId: string): Key => ({
    pk: `LEAD#${leadId}`,
    sk: `TOUCH#${at}#${eventId}`,
  }),
  assignment: (leadId: string, at: string): Key => ({
    pk: `LEAD#${leadId}`,
    sk: `ASSIGN#${at}`,
  }),
  /** GSI1: every lead by creation time. */
  leadsList: (createdAt: string, leadId: string) => ({
    gsi1pk: 'LEADS',
    gsi1sk: `${createdAt}#${leadId}`,
  }),
  leadsListPartition: 'LEADS',
  /** GSI2: a manager's leads by creation time. */
  managerLeads: (managerId: string, createdAt: string, leadId: string) => ({
    gsi2pk: `LEADS#MANAGER#${managerId}`,
    gsi2sk: `${createdAt}#${leadId}`,
  }),
  managerLeadsPartition: (managerId: string): string => `LEADS#MANAGER#${managerId}`,

  manager: (managerId: string): Key => ({ pk: 'MANAGERS', sk: `MANAGER#${managerId}` }),
  managersPartition: 'MANAGERS',

  site: (siteKey: string): Key => ({ pk: 'SITES', sk: `SITE#${siteKey}` }),
  sitesPartition: 'SITES',
  spamCounter: (siteKey: string, day: string): Key => ({
    pk: 'STATS#SPAM',
    sk: `${siteKey}#${day}`,
  }),

  apiKey: (hash: string): Key => ({ pk: `APIKEY#${hash}`, sk: 'APIKEY' }),
  apiKeysList: (keyId: string) => ({ gsi1pk: 'APIKEYS', gsi1sk: keyId }),
  apiKeysListPartition: 'APIKEYS',

  routingCounter: (team: string): Key => ({ pk: `ROUTING#${team}`, sk: 'COUNTER' }),
} as const;
