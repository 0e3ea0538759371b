import { describe, expect, it } from 'vitest';
import { classifyCall } from '../../../../shared/domain/calls/classify';
import {
  type CountableCall,
  contributionDelta,
  contributionOf,
} from '../../../../shared/domain/calls/counters';
import {
  closeByTimeout,
  decideDeadline,
  finalizeDueAt,
} from '../../../../shared/domain/calls/finalize';
import { foldCall } from '../../../../shared/domain/calls/fold';
import type { CallEvent } from '../../../../shared/domain/calls/types';

const thresholds = { effectiveTalkSeconds: 60, shortAbandonSeconds: 5 };
const t0 = Date.parse('2026-11-27T07:00:00Z');
const at = (s: number) => new Date(t0 + s * 1000).toISOString();
const event = (change: Partial<CallEvent> & Pick<CallEvent, 'eventKey' | 'kind'>): CallEvent => ({
  provider: 'generic',
  callId: 'c1',
  final: false,
  at: at(0),
  direction: 'inbound',
  customer: '+79161110001',
  ...change,
});

describe('foldCall', () => {
  const ringing = [
    event({ eventKey: 's', kind: 'started', at: at(0) }),
    event({ eventKey: 'r1', kind: 'ringing', at: at(1), agent: { extension: '101' } }),
    event({ eventKey: 'r2', kind: 'ringing', at: at(1), agent: { extension: '102' } }),
    event({ eventKey: 'r3', kind: 'ringing', at: at(1), agent: { extension: '103' } }),
  ];

  it('makes one missed call of three phones ringing at once with nobody answering', () => {
    const state = foldCall([
      ...ringing,
      event({ eventKey: 'e', kind: 'ended', final: true, at: at(30), disposition: 'no-answer' }),
    ]);

    expect(state.offeredTo).toHaveLength(3);
    expect(classifyCall(state, thresholds)).toMatchObject({
      outcome: 'missed',
      missedReason: 'no-answer',
      waitSeconds: 30,
    });
  });

  it('never loses an answer time, never rings again once ended, whatever the order', () => {
    const events = [
      ...ringing,
      event({ eventKey: 'a', kind: 'answered', at: at(9), agent: { extension: '102' } }),
      event({ eventKey: 'l', kind: 'leg-ended', at: at(100), leg: '102', talkSeconds: 91 }),
      event({ eventKey: 'e', kind: 'ended', at: at(101) }),
    ];
    const forward = foldCall(events);
    const backward = foldCall([...events].reverse());
    const repeated = foldCall([...events, ...events]);

    expect(backward).toEqual(forward);
    expect(repeated).toEqual(forward);
    expect(forward).toMatchObject({
      ended: true,
      answeredAt: at(9),
      talkSeconds: 91,
      agent: { extension: '102' },
    });
  });

  it('lets the provider’s final event win over what the legs said', () => {
    const state = foldCall([
      event({ eventKey: 'a', kind: 'answered', at: at(5), agent: { extension: '101' } }),
      event({ eventKey: 'l', kind: 'leg-ended', at: at(50), leg: 'x', talkSeconds: 40 }),
      event({
        eventKey: 'f',
        kind: 'ended',
        final: true,
        at: at(60),
        talkSeconds: 55,
        disposition: 'answered',
      }),
    ]);
    expect(state.talkSeconds).toBe(55);
  });

  it('ends a call on a leg that talked and ended, when the provider’s final word never comes', () => {
    const state = foldCall([
      event({ eventKey: 's', kind: 'started', at: at(0) }),
      event({ eventKey: 'a', kind: 'answered', at: at(6), leg: 'child', agent: { phone: '+7' } }),
      event({
        eventKey: 'c',
        kind: 'leg-ended',
        at: at(193),
        leg: 'child',
        endedAt: at(193),
        talkSeconds: 187,
        disposition: 'answered',
      }),
    ]);

    expect(state).toMatchObject({
      ended: true,
      closedBy: 'provider',
      endedAt: at(193),
      talkSeconds: 187,
      disposition: 'answered',
    });
  });

  it('leaves a call open when only legs nobody talked on ended (the next one may still ring)', () => {
    const state = foldCall([
      event({ eventKey: 's', kind: 'started', at: at(0) }),
      event({ eventKey: 'r', kind: 'ringing', at: at(1), leg: 'child-1' }),
      event({
        eventKey: 'n',
        kind: 'leg-ended',
        at: at(31),
        leg: 'child-1',
        disposition: 'no-answer',
      }),
    ]);

    expect(state).toMatchObject({ ended: false, closedBy: undefined, lastEventAt: at(31) });
  });

  it('dates the end by the payload’s time, not by when a final word without one was received', () => {
    const state = foldCall([
      event({ eventKey: 'a', kind: 'answered', at: at(10), leg: 'child' }),
      event({ eventKey: 'c', kind: 'leg-ended', at: at(70), leg: 'child', endedAt: at(70) }),
      // The Dial action: the final word, received two seconds later, dated by nothing else.
      event({ eventKey: 'd', kind: 'ended', final: true, at: at(72), disposition: 'answered' }),
    ]);

    expect(state.endedAt).toBe(at(70));
  });

  it('adds up the legs of a transferred call', () => {
    const state = foldCall([
      event({ eventKey: 'a1', kind: 'answered', at: at(5), agent: { extension: '101' } }),
      event({ eventKey: 'l1', kind: 'leg-ended', at: at(35), leg: 'leg-1', talkSeconds: 30 }),
      event({ eventKey: 'l2', kind: 'leg-ended', at: at(95), leg: 'leg-2', talkSeconds: 60 }),
      event({ eventKey: 'e', kind: 'ended', at: at(95) }),
    ]);
    expect(state.talkSeconds).toBe(90);
  });
});

describe('classifyCall', () => {
  const ended = (change: Partial<CallEvent>) =>
    foldCall([
      event({ eventKey: 's', kind: 'started', at: at(0) }),
      event({
        eventKey: 'e',
        kind: 'ended',
        final: true,
        at: at(change.talkSeconds ? 70 : 3),
        ...change,
      }),
    ]);

  it.each([
    [
      'a 3-minute answered call',
      { talkSeconds: 180, disposition: 'answered' },
      { outcome: 'answered', effective: true },
    ],
    [
      'a 14-second answered call',
      { talkSeconds: 14, disposition: 'answered' },
      { outcome: 'answered', effective: false },
    ],
    [
      'a caller who hangs up after 3 s',
      { disposition: 'canceled' },
      { outcome: 'short_abandon', effective: false },
    ],
    [
      'an outbound call nobody picks up',
      { direction: 'outbound', disposition: 'no-answer' },
      { outcome: 'not_reached' },
    ],
    [
      'an outbound call that is answered',
      { direction: 'outbound', talkSeconds: 61, disposition: 'answered' },
      { outcome: 'answered', effective: true },
    ],
  ] as const)('judges %s', (_, change, expected) => {
    expect(classifyCall(ended(change as Partial<CallEvent>), thresholds)).toMatchObject(expected);
  });

  it('judges a call closed by its deadline that nobody answered as missed, never a short abandon', () => {
    const closed = closeByTimeout(foldCall([event({ eventKey: 's', kind: 'started', at: at(0) })]));

    expect(classifyCall(closed, thresholds)).toEqual({
      outcome: 'missed',
      effective: false,
      missedReason: 'no-answer',
      waitSeconds: undefined,
      thresholds,
    });
  });

  it('does not judge a call that has not ended, nor guess a short abandon without a start time', () => {
    expect(
      classifyCall(foldCall([event({ eventKey: 's', kind: 'started' })]), thresholds),
    ).toBeUndefined();
    const onlyEnd = foldCall([
      event({ eventKey: 'e', kind: 'ended', final: true, disposition: 'no-answer' }),
    ]);
    expect(classifyCall(onlyEnd, thresholds)).toMatchObject({
      outcome: 'missed',
      waitSeconds: undefined,
    });
  });
});

describe('contributions', () => {
  const missed: CountableCall = {
    direction: 'inbound',
    talkSeconds: 0,
    day: '2026-11-27',
    managerId: 'anna',
    classification: {
      outcome: 'missed',
      effective: false,
      missedReason: 'no-answer',
      waitSeconds: 30,
      thresholds,
    },
    callback: { status: 'open' },
  };

  it('counts a missed call, then its call-back, by the difference only', () => {
    const before = contributionOf(missed);
    const after = contributionOf({
      ...missed,
      callback: { status: 'called_back', at: at(600), seconds: 540, byCallId: 'x' },
    });

    expect(before?.values).toEqual({
      calls: 1,
      inbound: 1,
      missed: 1,
      waitCalls: 1,
      waitSeconds: 30,
    });
    expect(contributionDelta(before, after)).toEqual([
      {
        day: '2026-11-27',
        managerId: 'anna',
        values: { calledBack: 1, calledBackWithin15Minutes: 1, callbackSeconds: 540 },
      },
    ]);
    expect(contributionDelta(after, after)).toEqual([]);
  });

  it('moves a call between buckets when its manager or day changes', () => {
    const before = contributionOf(missed);
    const after = contributionOf({ ...missed, managerId: 'boris' });
    const deltas = contributionDelta(before, after);

    expect(deltas).toHaveLength(2);
    expect(deltas[0]).toMatchObject({ managerId: 'anna', values: { calls: -1, missed: -1 } });
    expect(deltas[1]).toMatchObject({ managerId: 'boris', values: { calls: 1, missed: 1 } });
  });
});

describe('closeByTimeout', () => {
  it('closes an answered call at its last event, with talk from the answer to it', () => {
    const state = foldCall([
      event({ eventKey: 's', kind: 'started', at: at(0) }),
      event({ eventKey: 'a', kind: 'answered', at: at(10), agent: { extension: '101' } }),
      event({ eventKey: 'r', kind: 'ringing', at: at(70), agent: { extension: '102' } }),
    ]);

    const closed = closeByTimeout(state);

    expect(closed).toMatchObject({
      ended: true,
      closedBy: 'timeout',
      endedAt: at(70),
      answeredAt: at(10),
      talkSeconds: 60,
      disposition: 'answered',
      agent: { extension: '101' },
    });
    expect(classifyCall(closed, thresholds)).toMatchObject({
      outcome: 'answered',
      effective: true,
    });
  });

  it('closes an unanswered outbound call as not reached, with its legs’ reason', () => {
    const state = foldCall([
      event({ eventKey: 's', kind: 'started', at: at(0), direction: 'outbound' }),
      event({ eventKey: 'b', kind: 'leg-ended', at: at(4), leg: 'y', disposition: 'busy' }),
    ]);

    const closed = closeByTimeout(state);

    expect(closed).toMatchObject({ talkSeconds: 0, disposition: 'busy', endedAt: at(4) });
    expect(classifyCall(closed, thresholds)).toMatchObject({ outcome: 'not_reached' });
  });

  it('leaves a call the provider finished as it is', () => {
    const state = foldCall([
      event({ eventKey: 'e', kind: 'ended', final: true, at: at(30), disposition: 'busy' }),
    ]);

    expect(closeByTimeout(state)).toBe(state);
  });
});

describe('decideDeadline', () => {
  const open = { ended: false, lastEventAt: at(0) };

  it.each([
    ['a call the provider finished', { ...open, ended: true }, { action: 'none' }],
    ['a call with no newer event', open, { action: 'close' }],
    [
      'a call with a newer event and no check for it yet',
      { ...open, lastEventAt: at(60), finalizeCheckFor: at(0) },
      { action: 'postpone', lastEventAt: at(60) },
    ],
    [
      'a call with a newer event whose check is scheduled',
      { ...open, lastEventAt: at(60), finalizeCheckFor: at(60) },
      { action: 'pending' },
    ],
  ] as const)('decides for %s', (_, call, decision) => {
    expect(decideDeadline(call, { lastEventAt: at(0) })).toEqual(decision);
  });

  it('sets the deadline the configured time after the last event', () => {
    expect(finalizeDueAt('2026-11-27T07:00:00.000Z', 14_400)).toBe('2026-11-27T11:00:00.000Z');
  });
});
