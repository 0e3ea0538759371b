import { describe, expect, it } from 'vitest';
import {
  assignedCounts,
  openedCounts,
  reassignedCounts,
} from '../../../../shared/domain/leads/counters';
import { firstEffective } from '../../../../shared/domain/leads/first-response';
import { funnelRows, funnelStep, percentOf } from '../../../../shared/domain/leads/funnel';
import type { Lead } from '../../../../shared/domain/types';

const ZONE = 'Europe/Moscow';

/** A Telegram lead created at 23:30 Moscow time on 27 November, at the funnel's first stage. */
const aLead = (extra: Partial<Lead> = {}): Lead => ({
  id: 'lead-1',
  kind: 'inquiry',
  status: 'assigned',
  contactId: 'contact-1',
  channels: ['telegram'],
  firstChannel: 'telegram',
  createdAt: '2026-11-27T20:30:00.000Z',
  touches: 1,
  lastTouchAt: '2026-11-27T20:30:00.000Z',
  managerId: 'anna',
  assignedAt: '2026-11-27T20:30:00.000Z',
  funnelStage: 0,
  ...extra,
});

describe('funnelStep', () => {
  it.each([
    { from: 0, stage: 'accepted', counted: ['accepted'] },
    { from: 0, stage: 'firstAttempt', counted: ['accepted', 'firstAttempt'] },
    { from: 1, stage: 'firstConversation', counted: ['firstAttempt', 'firstConversation'] },
    {
      from: 2,
      stage: 'won',
      counted: ['firstConversation', 'effectiveConversation', 'won'],
    },
    { from: 3, stage: 'effectiveConversation', counted: ['effectiveConversation'] },
  ] as const)('moves a lead at stage $from to $stage, counting $counted once each', (row) => {
    const step = funnelStep(aLead({ funnelStage: row.from }), row.stage, ZONE);

    const counts = Object.fromEntries(
      row.counted.flatMap((stage) => [
        [`f_${stage}`, 1],
        [`f_${stage}_telegram`, 1],
      ]),
    );
    expect(step).toEqual({
      from: row.from,
      to: row.from + row.counted.length,
      counters: { day: '2026-11-27', total: counts, managers: { anna: counts } },
    });
  });

  it('changes nothing for a stage the lead has reached already', () => {
    expect(funnelStep(aLead({ funnelStage: 2 }), 'accepted', ZONE)).toBeUndefined();
    expect(funnelStep(aLead({ funnelStage: 5 }), 'won', ZONE)).toBeUndefined();
  });

  it('counts nothing for a callback task or a lead from before the funnel', () => {
    expect(funnelStep(aLead({ kind: 'callback' }), 'won', ZONE)).toBeUndefined();
    expect(funnelStep(aLead({ funnelStage: undefined }), 'won', ZONE)).toBeUndefined();
  });

  it('counts in the company’s row only while the lead has no manager', () => {
    const step = funnelStep(aLead({ managerId: undefined, status: 'new' }), 'won', ZONE);

    expect(step?.counters.managers).toBeUndefined();
    expect(step?.counters.total.f_won).toBe(1);
  });
});

describe('the funnel’s leads per manager', () => {
  it('counts a new inquiry at the funnel’s entry, on its creation day, besides its lead counters', () => {
    expect(openedCounts(aLead({ status: 'new' }), false, ZONE).total).toEqual({
      leads: 1,
      ch_telegram: 1,
      returningContacts: 1,
      f_leads: 1,
      f_leads_telegram: 1,
    });
  });

  it('gives the lead to its first manager and moves it with a reassignment', () => {
    expect(assignedCounts(aLead(), 'anna', ZONE)).toEqual({
      day: '2026-11-27',
      total: {},
      managers: { anna: { f_leads: 1, f_leads_telegram: 1 } },
    });
    expect(reassignedCounts(aLead(), 'anna', ZONE, 'boris')).toEqual({
      day: '2026-11-27',
      total: { reassigned: 1, offersNotAnswered: 1 },
      managers: {
        anna: { offersNotAnswered: 1, f_leads: -1, f_leads_telegram: -1 },
        boris: { f_leads: 1, f_leads_telegram: 1 },
      },
    });
  });

  it('gives a callback task to nobody’s funnel', () => {
    expect(assignedCounts(aLead({ kind: 'callback' }), 'anna', ZONE)).toBeUndefined();
  });
});

describe('funnelRows', () => {
  it('answers each stage with its count and its conversion from the stage before', () => {
    const values = {
      f_leads: 40,
      f_accepted: 30,
      f_firstAttempt: 24,
      f_firstConversation: 12,
      f_effectiveConversation: 0,
      f_leads_form: 3,
      f_accepted_form: 1,
    };

    expect(funnelRows(values)).toEqual([
      { stage: 'leads', count: 40, conversionFromPrevious: null },
      { stage: 'accepted', count: 30, conversionFromPrevious: 75 },
      { stage: 'firstAttempt', count: 24, conversionFromPrevious: 80 },
      { stage: 'firstConversation', count: 12, conversionFromPrevious: 50 },
      { stage: 'effectiveConversation', count: 0, conversionFromPrevious: 0 },
      { stage: 'won', count: 0, conversionFromPrevious: null },
    ]);
    expect(funnelRows(values, 'form').slice(0, 3)).toEqual([
      { stage: 'leads', count: 3, conversionFromPrevious: null },
      { stage: 'accepted', count: 1, conversionFromPrevious: 33.3 },
      { stage: 'firstAttempt', count: 0, conversionFromPrevious: 0 },
    ]);
  });

  it.each([
    [2, 3, 66.7],
    [1, 8, 12.5],
    [0, 0, null],
  ])('says %i of %i is %s %', (part, whole, percent) => {
    expect(percentOf(part, whole)).toBe(percent);
  });
});

describe('firstEffective', () => {
  const at = (seconds: number) =>
    new Date(Date.parse('2026-11-27T20:30:00.000Z') + seconds * 1000).toISOString();

  it('records the earliest effective conversation after the lead’s clock started', () => {
    expect(firstEffective(aLead(), at(600))).toEqual({ at: at(600), replaces: undefined });
    expect(firstEffective(aLead({ firstEffectiveAt: at(900) }), at(600))).toEqual({
      at: at(600),
      replaces: at(900),
    });
  });

  it('ignores a conversation before the lead, or later than the one recorded', () => {
    expect(firstEffective(aLead(), at(-60))).toBeUndefined();
    expect(firstEffective(aLead({ firstEffectiveAt: at(300) }), at(600))).toBeUndefined();
  });
});
