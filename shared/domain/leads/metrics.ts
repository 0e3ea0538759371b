import { LEAD_CHANNELS } from '../types';
import { funnelCounter } from './funnel';
import { bucketCounter, SPEED_BUCKET_COUNT, type SpeedStage, summarizeSpeed } from './speed';

type Values = Readonly<Record<string, number>>;

/** Adds counter rows up, name by name. */
export const sumCounters = (rows: readonly Values[]): Record<string, number> => {
  const total: Record<string, number> = {};
  for (const row of rows) {
    for (const [name, value] of Object.entries(row)) total[name] = (total[name] ?? 0) + value;
  }
  return total;
};

const CHANNELS = [...LEAD_CHANNELS, 'phone'] as const;

const speed = (values: Values, stage: SpeedStage) =>
  summarizeSpeed(
    Array.from({ length: SPEED_BUCKET_COUNT }, (_, i) => values[bucketCounter(stage, i)] ?? 0),
  );

/**
 * The lead figures API.md promises, from summed counters. A manager's rows count their leads
 * (and by channel) where the funnel and the plan do — the leads offered to them first, moved
 * with a reassignment (`f_leads`); contacts new or returning, repeat touches, duplicates and
 * callback tasks are counted for the company only.
 */
export const leadMetrics = (values: Values, scope: 'company' | 'manager' = 'company') => {
  const n = (name: string) => values[name] ?? 0;
  const leads = scope === 'manager' ? funnelCounter('leads') : 'leads';
  const ofChannel = (channel: string) =>
    scope === 'manager' ? funnelCounter('leads', channel) : `ch_${channel}`;
  return {
    leads: n(leads),
    newContacts: n('newContacts'),
    returningContacts: n('returningContacts'),
    repeatTouches: n('touches'),
    duplicatesMerged: {
      sameEvent: n('dupSameEvent'),
      openLead: n('dupOpenLead'),
      crossChannel: n('dupCrossChannel'),
    },
    byChannel: Object.fromEntries(CHANNELS.map((channel) => [channel, n(ofChannel(channel))])),
    callbackTasks: n('callbackTasks'),
    accepted: n('accepted'),
    reassigned: n('reassigned'),
    slaBreaches: n('slaBreaches'),
    offersNotAnswered: n('offersNotAnswered'),
    timeToAccept: speed(values, 'accept'),
    timeToFirstAttempt: speed(values, 'firstAttempt'),
    timeToFirstContact: speed(values, 'firstContact'),
  };
};
