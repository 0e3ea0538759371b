import type { AgentRef, CallDirection, CallEvent, Disposition, TelephonyProvider } from './types';

/** Everything the events of one call say about it, whatever order they came in. */
export type CallState = {
  readonly provider: TelephonyProvider;
  readonly callId: string;
  readonly direction: CallDirection;
  readonly customer?: string | undefined;
  readonly line?: string | undefined;
  readonly startedAt: string;
  /** A start time was reported (otherwise startedAt is the first event's time). */
  readonly startKnown: boolean;
  readonly answeredAt?: string | undefined;
  readonly endedAt?: string | undefined;
  /** The whole call is over (not only a leg). */
  readonly ended: boolean;
  /**
   * Who said it is over: the provider's events (`provider`), or switchboard closing it from the
   * evidence CALL_FINALIZE_AFTER_SECONDS after its last event (`timeout`). Unset while it is not.
   */
  readonly closedBy?: CallClosedBy | undefined;
  /** The time of the call's latest event: the deadline to finish it runs from here. */
  readonly lastEventAt: string;
  /** The provider's final word on the call was among the events. */
  readonly finalSeen: boolean;
  readonly talkSeconds: number;
  readonly disposition?: Disposition | undefined;
  readonly reason?: string | undefined;
  /** The manager's line that answered (inbound), or that called (outbound). */
  readonly agent?: AgentRef | undefined;
  /** Every manager line the call was offered to. */
  readonly offeredTo: readonly AgentRef[];
  readonly recordingUrl?: string | undefined;
  readonly events: number;
};

/** Who finished a call: the provider's events, or switchboard by the call's deadline. */
export type CallClosedBy = 'provider' | 'timeout';

const ms = (iso: string): number => Date.parse(iso);
const earliest = (values: readonly (string | undefined)[]): string | undefined =>
  values.filter((v): v is string => v !== undefined).sort((a, b) => ms(a) - ms(b))[0];
const latest = (values: readonly (string | undefined)[]): string | undefined =>
  values.filter((v): v is string => v !== undefined).sort((a, b) => ms(b) - ms(a))[0];

/** A stable order, so the same set of events always folds to the same state. */
const byTime = (a: CallEvent, b: CallEvent): number =>
  ms(a.at) - ms(b.at) ||
  (a.sequence ?? 0) - (b.sequence ?? 0) ||
  (a.eventKey < b.eventKey ? -1 : a.eventKey > b.eventKey ? 1 : 0);

const agentKey = (agent: AgentRef): string =>
  `${agent.extension ?? ''}|${agent.phone ?? ''}|${agent.identity ?? ''}`;

const hasAgent = (agent: AgentRef | undefined): agent is AgentRef =>
  Boolean(agent && (agent.extension || agent.phone || agent.identity));

/** Which unanswered ending says most about why: a refusal beats a timeout beats a failure. */
const MISS_PRIORITY: readonly Disposition[] = [
  'rejected',
  'busy',
  'no-answer',
  'voicemail',
  'ivr',
  'unavailable',
  'failed',
  'canceled',
];

/**
 * Folds the events of one call into its state. The result depends only on the set of events,
 * not on their arrival order or repeats, so the record only moves forward: an answer time is
 * never lost, an ended call never rings again, and the provider's final event wins.
 */
export const foldCall = (input: readonly CallEvent[]): CallState => {
  // The first copy of a key wins, as in the store (a retried delivery repeats the first).
  const unique = new Map<string, CallEvent>();
  for (const e of input) if (!unique.has(e.eventKey)) unique.set(e.eventKey, e);
  const events = [...unique.values()].sort(byTime);
  const first = events[0];
  if (!first) throw new Error('a call needs at least one event');
  const finals = events.filter((e) => e.final);
  const final = finals[finals.length - 1];
  const pick = <K extends keyof CallEvent>(key: K): CallEvent[K] | undefined =>
    final?.[key] ?? events.find((e) => e[key] !== undefined)?.[key];

  const direction: CallDirection = pick('direction') ?? 'inbound';
  // The provider's final word that nobody answered wins over a leg that looked answered (an
  // IVR or voicemail pickup, a declined whisper screen).
  const finalSaysUnanswered = final?.disposition !== undefined && final.disposition !== 'answered';
  const answeredEvents = events.filter((e) => e.kind === 'answered' || e.answeredAt !== undefined);
  const answeredAt = finalSaysUnanswered
    ? undefined
    : (final?.answeredAt ??
      earliest(
        answeredEvents.map((e) => e.answeredAt ?? (e.kind === 'answered' ? e.at : undefined)),
      ));
  const endEvents = events.filter((e) => e.kind === 'ended');
  // A leg that had a conversation and then ended (Twilio's dialled child `completed`, Mango's
  // connected leg `Disconnected`) ends the call too: the provider's final word may never come
  // (Twilio does not retry callbacks). A transfer's next leg, coming after, still adds to it.
  const talkedLegs = new Set(
    events
      .filter(
        (e) =>
          e.kind === 'answered' ||
          e.answeredAt !== undefined ||
          (e.kind === 'leg-ended' && (e.disposition === 'answered' || (e.talkSeconds ?? 0) > 0)),
      )
      .map((e) => e.leg)
      .filter((leg): leg is string => leg !== undefined),
  );
  const legEnds = events.filter(
    (e) => e.kind === 'leg-ended' && e.leg !== undefined && talkedLegs.has(e.leg),
  );
  const endings = [...endEvents, ...legEnds];
  const ended = endings.length > 0;
  const reportedStart =
    final?.startedAt ??
    earliest(events.map((e) => e.startedAt ?? (e.kind === 'started' ? e.at : undefined)));
  const startedAt = reportedStart ?? earliest(events.map((e) => e.at)) ?? first.at;
  // The end as the provider's payload dates it (an event's `endedAt`) wins over an ending we
  // only know the receipt time of (Twilio's Dial action carries no Timestamp).
  const endedAt = ended
    ? (final?.endedAt ?? latest(endings.map((e) => e.endedAt)) ?? latest(endings.map((e) => e.at)))
    : undefined;

  // Talk: the final word if it has one; otherwise the legs' conversations added up (a transfer
  // is two of them); otherwise answer → end.
  const legTalk = new Map<string, number>();
  for (const e of events) {
    if (e.talkSeconds === undefined || e.final) continue;
    const leg = e.leg ?? e.eventKey;
    legTalk.set(leg, Math.max(legTalk.get(leg) ?? 0, e.talkSeconds));
  }
  const summedLegs = [...legTalk.values()].reduce((sum, s) => sum + s, 0);
  const talkSeconds = finalSaysUnanswered
    ? 0
    : Math.max(
        0,
        Math.round(
          final?.talkSeconds ??
            (legTalk.size > 0
              ? summedLegs
              : answeredAt && endedAt
                ? (ms(endedAt) - ms(answeredAt)) / 1000
                : 0),
        ),
      );

  const answered = answeredAt !== undefined || talkSeconds > 0 || final?.disposition === 'answered';
  const dispositions = events.map((e) => e.disposition).filter((d): d is Disposition => !!d);
  const endDisposition = endEvents.filter((e) => e.disposition).at(-1)?.disposition;
  const disposition: Disposition | undefined = answered
    ? 'answered'
    : (final?.disposition ?? endDisposition ?? MISS_PRIORITY.find((d) => dispositions.includes(d)));

  const answering = events.find((e) => e.kind === 'answered' && hasAgent(e.agent))?.agent;
  const calling =
    events.find((e) => e.kind === 'started' && hasAgent(e.agent))?.agent ??
    events.find((e) => hasAgent(e.agent))?.agent;
  const agent =
    direction === 'outbound'
      ? ((hasAgent(final?.agent) ? final?.agent : undefined) ?? calling)
      : answered
        ? (answering ?? (hasAgent(final?.agent) ? final?.agent : undefined))
        : undefined;

  const offered = new Map<string, AgentRef>();
  for (const e of events) {
    if ((e.kind === 'ringing' || e.kind === 'answered' || e.final) && hasAgent(e.agent)) {
      offered.set(agentKey(e.agent), e.agent);
    }
  }

  return {
    provider: first.provider,
    callId: first.callId,
    direction,
    customer: pick('customer'),
    line: pick('line'),
    startedAt,
    startKnown: reportedStart !== undefined,
    answeredAt,
    endedAt,
    ended,
    closedBy: ended ? 'provider' : undefined,
    lastEventAt: latest(events.map((e) => e.at)) ?? first.at,
    finalSeen: final !== undefined,
    talkSeconds,
    disposition,
    reason: final?.reason ?? endEvents.at(-1)?.reason,
    agent,
    offeredTo: [...offered.values()],
    recordingUrl: events.filter((e) => e.recordingUrl).at(-1)?.recordingUrl,
    events: events.length,
  };
};
