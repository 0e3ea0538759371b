import { describe, expect, it } from 'vitest';
import {
  acceptedCounts,
  breachedCounts,
  duplicateCounts,
  openedCounts,
  reassignedCounts,
  touchedCounts,
} from '../../../../shared/domain/leads/counters';
import { firstResponse } from '../../../../shared/domain/leads/first-response';
import type { Lead } from '../../../../shared/domain/types';

const ZONE = 'Europe/Moscow';

/** A lead created at 23:30 Moscow time on 27 November (20:30 UTC). */
const aLead = (extra: Partial<Lead> = {}): Lead => ({
  id: 'lead-1',
  kind: 'inquiry',
  status: 'assigned',
  contactId: 'contact-1',
  channels: ['form'],
  firstChannel: 'form',
  createdAt: '2026-11-27T20:30:00.000Z',
  touches: 1,
  lastTouchAt: '2026-11-27T20:30:00.000Z',
  managerId: 'anna',
  assignedAt: '2026-11-27T20:30:00.000Z',
  ...extra,
});

/** `seconds` after the lead's creation, as an ISO instant. */
const secondsIn = (seconds: number) =>
  new Date(Date.parse('2026-11-27T20:30:00.000Z') + seconds * 1000).toISOString();

describe('lead counters', () => {
  it('counts an inquiry as a lead of its channel from a new contact, on its creation day in the zone', () => {
    expect(openedCounts(aLead(), true, ZONE)).toEqual({
      day: '2026-11-27',
      total: { leads: 1, ch_form: 1, newContacts: 1 },
    });
  });

  it('counts a callback task only as a task, whoever the contact is', () => {
    const task = aLead({ kind: 'callback', firstChannel: 'phone', createdAt: secondsIn(3_600) });

    expect(openedCounts(task, false, ZONE)).toEqual({
      day: '2026-11-28',
      total: { callbackTasks: 1 },
    });
  });

  it('counts a touch as a repeat merged, and cross-channel only when its channel is new', () => {
    expect(touchedCounts(secondsIn(60), false, ZONE).total).toEqual({ touches: 1, dupOpenLead: 1 });
    expect(touchedCounts(secondsIn(60), true, ZONE).total).toEqual({
      touches: 1,
      dupOpenLead: 1,
      dupCrossChannel: 1,
    });
  });

  it.each([
    ['same_event', 'dupSameEvent'],
    ['open_lead', 'dupOpenLead'],
    ['cross_channel', 'dupCrossChannel'],
  ] as const)('counts a %s duplicate as %s on the day it came', (reason, counter) => {
    expect(duplicateCounts(secondsIn(3_600), reason, ZONE)).toEqual({
      day: '2026-11-28',
      total: { [counter]: 1 },
    });
  });

  it('counts an accept in the bucket of its time to accept, for the total and the manager', () => {
    const counts = acceptedCounts(aLead(), 'anna', secondsIn(200), ZONE);

    expect(counts).toEqual({
      day: '2026-11-27',
      total: { accepted: 1, accept_3: 1 },
      managers: { anna: { accepted: 1, accept_3: 1 } },
    });
  });

  it('starts the accept clock at the first offer of a lead that had to wait', () => {
    const waited = aLead({ waitedUntil: secondsIn(7_200) });

    expect(acceptedCounts(waited, 'anna', secondsIn(7_210), ZONE).total).toEqual({
      accepted: 1,
      accept_0: 1,
    });
  });

  it('charges a reassignment and a breach to the manager who let the offer run out', () => {
    expect(reassignedCounts(aLead(), 'anna', ZONE)).toEqual({
      day: '2026-11-27',
      total: { reassigned: 1, offersNotAnswered: 1 },
      managers: { anna: { offersNotAnswered: 1 } },
    });
    expect(breachedCounts(aLead(), 'anna', ZONE)).toEqual({
      day: '2026-11-27',
      total: { slaBreaches: 1, offersNotAnswered: 1 },
      managers: { anna: { offersNotAnswered: 1 } },
    });
  });
});

describe('firstResponse', () => {
  it('records the first attempt in its bucket, credited to the lead’s manager', () => {
    expect(firstResponse(aLead(), 'firstAttempt', secondsIn(90), ZONE)).toEqual({
      stage: 'firstAttempt',
      at: secondsIn(90),
      by: 'anna',
      replaces: undefined,
      counters: {
        day: '2026-11-27',
        total: { firstAttempt_2: 1 },
        managers: { anna: { firstAttempt_2: 1 } },
      },
    });
  });

  it('ignores a call before the lead’s speed clock started: it answered no lead', () => {
    expect(firstResponse(aLead(), 'firstAttempt', secondsIn(-1), ZONE)).toBeUndefined();
    const waited = aLead({ waitedUntil: secondsIn(600) });
    expect(firstResponse(waited, 'firstContact', secondsIn(300), ZONE)).toBeUndefined();
  });

  it('changes nothing for a call no earlier than the first already recorded', () => {
    const lead = aLead({ firstAttemptAt: secondsIn(90), firstAttemptBy: 'anna' });

    expect(firstResponse(lead, 'firstAttempt', secondsIn(90), ZONE)).toBeUndefined();
    expect(firstResponse(lead, 'firstAttempt', secondsIn(4_000), ZONE)).toBeUndefined();
  });

  it('moves the count of a later first to an earlier one found after it, manager and bucket', () => {
    const lead = aLead({
      managerId: 'boris',
      firstAttemptAt: secondsIn(4_000),
      firstAttemptBy: 'anna',
    });

    const first = firstResponse(lead, 'firstAttempt', secondsIn(20), ZONE);

    expect(first).toMatchObject({ at: secondsIn(20), by: 'boris', replaces: secondsIn(4_000) });
    expect(first?.counters).toEqual({
      day: '2026-11-27',
      total: { firstAttempt_0: 1, firstAttempt_8: -1 },
      managers: { boris: { firstAttempt_0: 1 }, anna: { firstAttempt_8: -1 } },
    });
  });

  it('moves nothing when the earlier first falls in the same bucket for the same manager', () => {
    const lead = aLead({ firstContactAt: secondsIn(40), firstContactBy: 'anna' });

    const first = firstResponse(lead, 'firstContact', secondsIn(35), ZONE);

    expect(first?.replaces).toBe(secondsIn(40));
    expect(first?.counters.total).toEqual({});
    expect(first?.counters.managers).toEqual({ anna: {} });
  });

  it('credits nobody while the lead has no manager', () => {
    const lead = aLead({ status: 'new', managerId: undefined, assignedAt: undefined });

    expect(firstResponse(lead, 'firstContact', secondsIn(10), ZONE)).toMatchObject({
      by: undefined,
      counters: { total: { firstContact_0: 1 }, managers: {} },
    });
  });
});
