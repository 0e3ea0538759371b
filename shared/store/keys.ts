/**
 * The only place that builds keys and index names. Items of one entity share a partition
 * (a lead with its touches and assignments), lists use the two GSIs.
 */
export type Key = { readonly pk: string; readonly sk: string };

/**
 * byList: every lead, call, API key, webhook delivery and held request by time, with the keys
 * and managerId projected (a manager's leads and calls are this list filtered by managerId);
 * waiting: the leads waiting for their team (sparse).
 */
export const INDEX = { byList: 'gsi1-keys', waiting: 'gsi2' } as const;

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
  /** GSI1: every lead by creation time (a manager's: the same, by the managerId it projects). */
  leadsList: (createdAt: string, leadId: string) => ({
    gsi1pk: 'LEADS',
    gsi1sk: `${createdAt}#${leadId}`,
  }),
  leadsListPartition: 'LEADS',

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

  call: (provider: string, callId: string): Key => ({
    pk: `CALL#${provider}#${callId}`,
    sk: 'CALL',
  }),
  callPartition: (provider: string, callId: string): string => `CALL#${provider}#${callId}`,
  callEvent: (provider: string, callId: string, eventKey: string): Key => ({
    pk: `CALL#${provider}#${callId}`,
    sk: `EVENT#${eventKey}`,
  }),
  /** GSI1: every call by start time (a manager's: the same, by the managerId it projects). */
  callsList: (startedAt: string, provider: string, callId: string) => ({
    gsi1pk: 'CALLS',
    gsi1sk: `${startedAt}#${provider}#${callId}`,
  }),
  callsListPartition: 'CALLS',

  /** Per-day call counters: one item per manager ('-': nobody's); the total is their sum. */
  callCountersPartition: (day: string): string => `METRIC#calls#${day}`,
  callCounterManager: (day: string, managerId: string): Key => ({
    pk: `METRIC#calls#${day}`,
    sk: `MANAGER#${managerId}`,
  }),

  /** Per-day lead counters (by the lead's creation day): per manager; the total summed at read. */
  leadCountersPartition: (day: string): string => `METRIC#leads#${day}`,
  /** What no manager's row took of the day's total (shares only, see store/counter-rows). */
  leadCounterUnassigned: (day: string): Key => ({ pk: `METRIC#leads#${day}`, sk: 'UNASSIGNED' }),
  leadCounterManager: (day: string, managerId: string): Key => ({
    pk: `METRIC#leads#${day}`,
    sk: `MANAGER#${managerId}`,
  }),
  /** Per-day won deal counters (by the close's day): per manager; the total summed at read. */
  dealCountersPartition: (day: string): string => `METRIC#deals#${day}`,
  /** What no manager's row took of the day's total (shares only, see store/counter-rows). */
  dealCounterUnassigned: (day: string): Key => ({ pk: `METRIC#deals#${day}`, sk: 'UNASSIGNED' }),
  dealCounterManager: (day: string, managerId: string): Key => ({
    pk: `METRIC#deals#${day}`,
    sk: `MANAGER#${managerId}`,
  }),
  /** Won revenue per client per month: one partition per month, one item per client. */
  clientRevenuePartition: (month: string): string => `CLIENTS#${month}`,
  clientRevenue: (month: string, contactId: string): Key => ({
    pk: `CLIENTS#${month}`,
    sk: `CONTACT#${contactId}`,
  }),
  /** A CRM's deal, kept once (POST /v1/deals is idempotent on its id). */
  deal: (dealId: string): Key => ({ pk: `DEAL#${dealId}`, sk: 'DEAL' }),
  /** A month's plan. */
  plan: (month: string): Key => ({ pk: 'PLANS', sk: `PLAN#${month}` }),

  /** GSI2 while a lead waits for its team, oldest first. */
  waitingLeads: (team: string, createdAt: string, leadId: string) => ({
    gsi2pk: `LEADS#WAITING#${team}`,
    gsi2sk: `${createdAt}#${leadId}`,
  }),
  waitingLeadsPartition: (team: string): string => `LEADS#WAITING#${team}`,

  routingPolicy: (team: string): Key => ({ pk: 'ROUTING', sk: `POLICY#${team}` }),
  routingPolicies: 'ROUTING',
  /** A manager's open leads and last assignment (apart from the manager item, which PUT replaces). */
  managerLoad: (managerId: string): Key => ({ pk: 'LOADS', sk: `MANAGER#${managerId}` }),
  managerLoads: 'LOADS',

  numberPartition: (number: string): string => `NUMBER#${number}`,
  numberMissed: (number: string, endedAt: string, provider: string, callId: string): Key => ({
    pk: `NUMBER#${number}`,
    sk: `MISSED#${endedAt}#${provider}#${callId}`,
  }),
  numberAttempt: (number: string, at: string, provider: string, callId: string): Key => ({
    pk: `NUMBER#${number}`,
    sk: `ATTEMPT#${at}#${provider}#${callId}`,
  }),
  numberTask: (number: string): Key => ({ pk: `NUMBER#${number}`, sk: 'TASK' }),

  /** A held request (the quarantine), and GSI1: every held request by receipt time. */
  held: (id: string): Key => ({ pk: `HELD#${id}`, sk: 'HELD' }),
  heldList: (receivedAt: string, id: string) => ({
    gsi1pk: 'HELD',
    gsi1sk: `${receivedAt}#${id}`,
  }),
  heldListPartition: 'HELD',
  /** Outgoing webhooks, one partition (a handful per company). */
  webhook: (name: string): Key => ({ pk: 'WEBHOOKS', sk: `WEBHOOK#${name}` }),
  webhooksPartition: 'WEBHOOKS',
  /** One delivery of one event to one destination: its state, attempts and fencing. */
  delivery: (deliveryId: string): Key => ({ pk: `DELIVERY#${deliveryId}`, sk: 'DELIVERY' }),
  /** GSI1: a webhook's deliveries, newest last (queried backwards). */
  webhookDeliveries: (name: string, createdAt: string, deliveryId: string) => ({
    gsi1pk: `DELIVERIES#WEBHOOK#${name}`,
    gsi1sk: `${createdAt}#${deliveryId}`,
  }),
  webhookDeliveriesPartition: (name: string): string => `DELIVERIES#WEBHOOK#${name}`,
  /** A one-time /start code binding a manager's Telegram chat, by the code's sha256. */
  telegramLink: (codeHash: string): Key => ({ pk: `TGLINK#${codeHash}`, sk: 'TGLINK' }),
  /** Sends reserved in one second against a rate limit (a Telegram chat, a bot, a portal). */
  rateSlot: (limiter: string, second: number): Key => ({
    pk: `RATE#${limiter}#${second}`,
    sk: 'RATE',
  }),
  /** The earliest instant the next send under a spacing limit may have (a Telegram chat). */
  rateSpacing: (limiter: string): Key => ({ pk: `RATE#${limiter}`, sk: 'SPACING' }),
  /** The Bitrix24 lead a switchboard lead became, per webhook. */
  bitrix24Lead: (webhook: string, leadId: string): Key => ({
    pk: `B24LEAD#${webhook}#${leadId}`,
    sk: 'B24LEAD',
  }),
} as const;

/** Managerless calls count under this id in per-manager counters. */
export const NO_MANAGER = '-';
