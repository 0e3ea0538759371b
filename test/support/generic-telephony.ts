import { signGeneric } from '../../local/signers/generic';
import type { GenericTelephonyEvent } from '../../shared/channels/telephony/generic';
import type { TestStack } from './test-stack';

/** The generic telephony secret the tests that make calls start their stack with. */
export const GENERIC_SECRET = 'generic-secret-0123456789';

export type GenericEvent = GenericTelephonyEvent;

export type CallScript = {
  readonly direction?: 'inbound' | 'outbound';
  readonly customer: string;
  readonly start: string;
  readonly ringSeconds: number;
  readonly talkSeconds?: number;
  readonly extension?: string;
  readonly disposition?: GenericTelephonyEvent['disposition'];
};

const LINE = '+74950000000';

/** started → (answered) → ended of one call, as a PBX posts them in the generic format. */
export const genericCall = (id: string, o: CallScript): GenericEvent[] => {
  const direction = o.direction ?? 'inbound';
  const base = {
    callId: id,
    direction,
    from: direction === 'inbound' ? o.customer : LINE,
    to: direction === 'inbound' ? LINE : o.customer,
  };
  const start = Date.parse(o.start);
  const at = (s: number) => new Date(start + s * 1000).toISOString();
  const answered = (o.talkSeconds ?? 0) > 0;
  return [
    {
      ...base,
      eventId: `${id}-start`,
      event: 'started',
      at: at(0),
      ...(direction === 'outbound' ? { extension: o.extension } : {}),
    },
    ...(answered
      ? [
          {
            ...base,
            eventId: `${id}-answer`,
            event: 'answered' as const,
            at: at(o.ringSeconds),
            extension: o.extension,
          },
        ]
      : []),
    {
      ...base,
      eventId: `${id}-end`,
      event: 'ended',
      at: at(o.ringSeconds + (o.talkSeconds ?? 0)),
      extension: o.extension,
      disposition: o.disposition ?? (answered ? 'answered' : 'no-answer'),
      talkSeconds: o.talkSeconds ?? 0,
    },
  ];
};

/**
 * Posts each event signed as the PBX would, with the test clock set to the event's time (the
 * signature's timestamp must be fresh by that clock), then lets the router record them.
 */
export const playCalls = async (
  t: Pick<TestStack, 'clock' | 'request' | 'drain'>,
  events: readonly GenericEvent[],
): Promise<void> => {
  for (const event of events) {
    t.clock.set(event.at);
    const body = JSON.stringify(event);
    const response = await t.request('/v1/telephony/generic', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...signGeneric(body, GENERIC_SECRET, t.clock.peek()),
      },
      body,
    });
    if (response.status !== 200) throw new Error(`the PBX event was refused: ${response.status}`);
  }
  await t.drain();
};
