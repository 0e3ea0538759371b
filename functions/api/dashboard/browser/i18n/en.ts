/**
 * Every text the dashboard shows in English. `ru.ts` has the same keys (the type checker and
 * test/unit/api/dashboard-i18n.test.ts both say so). Functions take the numbers already
 * formatted for the language (`shown`) and, where a language needs it for plurals, the number.
 */
export const en = {
  /** Dates and numbers are formatted with Intl for this locale. */
  locale: 'en-GB',
  /** The language's own name, on the switch. */
  language: 'English',
  languages: 'Language',

  pageTitle: 'Sales dashboard · switchboard',
  headTitle: 'Sales dashboard',
  noScript: 'The dashboard needs JavaScript.',
  daysIn: 'days in',
  from: 'From',
  to: 'To',
  show: 'Show',
  days7: '7 days',
  days30: '30 days',
  forgetKey: 'Forget key',

  keyTitle: 'Enter an API key',
  keyHelp:
    'A manager’s key opens your open leads; a head’s or admin’s key the department’s figures (npm start prints the admin key). It stays in this tab only and is sent to this server alone.',
  keyLabel: 'API key',
  keySubmit: 'Open the dashboard',
  keyRefused: 'The API refused this key (401 unauthorized). Enter it again.',
  keyForbidden: 'This key may not read the figures (403 forbidden): use a head or admin key.',
  keyUnreachable: 'The API could not be reached. Check the connection, then try again.',

  loading: (period: string) => `Loading ${period}…`,
  periodRefused: (why: string) => `The API refused this period: ${why}.`,
  /** The API's own words for a refused period (it speaks English), as this language says them. */
  apiIssues: {
    'at most 366 days at once': 'at most 366 days at once',
    'from is after to': 'from is after to',
    'a real calendar date': 'a real calendar date',
  } as Record<string, string>,
  apiAnswered: (status: number, error: string, message: string) =>
    `The API answered ${status} (${error}): ${message} Choose Show to try again.`,
  unreachable: 'The API could not be reached. Check the connection, then choose Show again.',
  chooseBothDays: 'Choose both days of the period.',
  periodBackwards: 'The period starts after it ends.',

  totals: 'Totals of the period',
  tileCalls: 'Calls',
  tileCallsNote: (inbound: string, outbound: string) => `${inbound} in · ${outbound} out`,
  tileAnswered: 'Answered',
  tileAnsweredNote: (share: string) => `${share} of inbound`,
  tileMissed: 'Missed',
  tileMissedNote: (seconds: string) => `waited ${seconds} s or more`,
  tileShortAbandoned: 'Short abandoned',
  tileShortAbandonedNote: (seconds: string) => `hung up within ${seconds} s`,
  tileEffective: 'Effective conversations',
  tileEffectiveNote: (seconds: string) => `talk of ${seconds} s or more`,
  tileCallbackRate: 'Called back within 15 min',
  tileCallbackRateNote: (calledBack: string, missed: string) => `${calledBack} of ${missed} missed`,
  tileNeverCalledBack: 'Not called back',
  tileNeverCalledBackNote: 'missed, no call back yet',
  tileLeads: 'Leads',
  tileLeadsNote: (n: number, shown: string) => `${shown} new contact${n === 1 ? '' : 's'}`,

  callsTitle: 'Inbound calls per day',
  answered: 'Answered',
  missed: 'Missed',
  shortAbandoned: 'Short abandoned',
  outbound: 'Outbound',
  asTable: 'As a table',
  callsChartTitle: 'Inbound calls per day, answered, missed and short abandoned',
  noInboundCalls: 'No inbound calls in this period',
  callsPerDay: 'Calls per day',
  day: 'Day',

  effectiveTitle: 'Effective conversations by manager',
  noManagerCalls: 'No calls with a manager in this period.',
  noManager: 'No manager',

  channelsTitle: 'Leads by channel',
  channels: {
    form: 'Website forms',
    telegram: 'Telegram',
    whatsapp: 'WhatsApp',
    vk: 'VK',
    phone: 'Phone',
  } as Record<string, string>,
  callbackTasks: (n: number, shown: string) =>
    `Besides these leads, missed calls opened ${shown} call-back task${n === 1 ? '' : 's'}.`,

  callbacksTitle: 'Call-backs of missed calls by manager',
  callbacksNote:
    '* Rate = called back within 15 min ÷ missed, computed here from the two figures the API gives.',
  manager: 'Manager',
  calledBack15: 'Called back ≤ 15 min',
  rate15: 'Rate ≤ 15 min*',
  averageCallback: 'Average time to call back',
  notCalledBack: 'Not called back',
  noMissedCalls: 'No missed calls in this period.',

  speedTitle: 'Speed to lead',
  speedFrom: 'From the lead to',
  leads: 'Leads',
  median: 'Median (p50)',
  p90: 'p90',
  within15: 'Within 15 min',
  stages: {
    timeToAccept: 'Accepted by the manager',
    timeToFirstAttempt: 'First call to the client',
    timeToFirstContact: 'First conversation',
  },

  missedTitle: 'Missed calls not yet called back:',
  missedCaption: 'Missed calls not yet called back, oldest first',
  missedOldestShown: (shown: string) => `The oldest ${shown} are shown.`,
  missedNewestRead: (shown: string) => `Only the newest ${shown} missed calls were read.`,
  missedCatchingUp: (shown: string) =>
    `The metrics count ${shown} not called back; the list may be catching up.`,
  calledAt: 'Called at',
  client: 'Client',
  waited: 'Waited',
  whyMissed: 'Why missed',
  unknownNumber: 'unknown number',
  allCalledBack: 'Every missed call of this period has been called back.',
  missedReasons: {
    abandoned: 'abandoned',
    'no-answer': 'no answer',
    busy: 'busy',
    rejected: 'rejected',
    failed: 'failed',
    voicemail: 'voicemail',
    ivr: 'ivr',
    unavailable: 'unavailable',
  } as Record<string, string>,

  csvTitle: 'Download the period as CSV:',
  csvCalls: 'Calls',
  csvLeads: 'Leads',

  units: { seconds: 's', minutes: 'min', hours: 'h' },

  managerTitle: 'My leads',
  openLeadsTitle: 'Open leads, newest first',
  refresh: 'Refresh',
  loadingLeads: 'Loading your leads…',
  leadsCount: (n: number, shown: string) => `${shown} open lead${n === 1 ? '' : 's'}`,
  leadsTruncated: (shown: string) => `Only the newest ${shown} are shown.`,
  noOpenLeads: 'You have no open leads.',
  noName: 'No name',
  statuses: { new: 'New', assigned: 'Assigned', accepted: 'Accepted', closed: 'Closed' },
  channel: 'Channel',
  created: 'Created',
  acceptBy: 'Accept by',
  timeLeft: (duration: string) => `${duration} left`,
  timeUp: 'time is up',
  accept: 'Accept',
  closeAs: 'Close as',
  outcomes: { won: 'Won', lost: 'Lost', spam: 'Spam' },
  leadAccepted: (who: string) => `Accepted: ${who}.`,
  leadClosed: (who: string, outcome: string) => `Closed as ${outcome}: ${who}.`,
  leadElsewhere: 'This lead has gone to another manager.',
  leadChanged: 'This lead changed meanwhile (reassigned or closed).',
  leadMissing: 'This lead no longer exists.',
  actionFailed: (status: number, error: string) =>
    `The API answered ${status} (${error}). Try again.`,
  leadsUnreachable: 'The API could not be reached. Check the connection, then choose Refresh.',
};

export type Dictionary = typeof en;
