import type * as z from 'zod/mini';
import type { DestinationName, QueuedEvent } from '../../domain/messages';
import type { EventType } from '../../domain/notify/events';
import type { Texts } from '../../domain/notify/texts';
import type { Webhook } from '../../domain/notify/types';
import type { Contact, Lead, Manager, Touch } from '../../domain/types';
import type { Bitrix24LeadMap, Clock, RateSlots, StoredCall, WebhookStore } from '../../ports';
import type { Fetch } from '../http';
import type { TelegramBotApi } from '../telegram-bot-api';

/** One event from the assignments queue, with what the destinations may want to say about it. */
export type NotifyEvent = {
  /** Stable across redeliveries of the same event (eventIdOf). */
  readonly id: string;
  readonly type: EventType;
  readonly at: string;
  readonly message: QueuedEvent;
  readonly lead?: Lead | undefined;
  readonly contact?: Contact | undefined;
  /** lead.touched: the touch it announces. */
  readonly touch?: Touch | undefined;
  readonly call?: StoredCall | undefined;
  /** The manager the event is for (the message's managerId). */
  readonly manager?: Manager | undefined;
  /** The lead as GET /v1/leads/{id} shows it, or the call as GET /v1/calls does. */
  readonly data: Readonly<Record<string, unknown>>;
};

export type PlanContext = {
  readonly webhooks: readonly Webhook[];
  readonly texts: Texts;
  readonly timeZone: string;
  readonly acceptTimeoutSeconds: number;
  /** A notification bot is configured. */
  readonly telegram: boolean;
};

export type PlannedDelivery<P> = {
  /** A webhook's name, or the manager a Telegram message is for. */
  readonly target: string;
  readonly payload: P;
  /** Listed under this webhook's deliveries. */
  readonly webhook?: string | undefined;
};

export type Attempt<P> = {
  readonly id: string;
  readonly target: string;
  readonly type: EventType;
  readonly eventId: string;
  readonly at: string;
  readonly seq: number;
  readonly payload: P;
};

export type AttemptDeps = {
  readonly now: Clock;
  readonly sleep: (ms: number) => Promise<void>;
  readonly fetch: Fetch;
  readonly webhooks: WebhookStore;
  readonly rateSlots: RateSlots;
  readonly bitrix24Leads: Bitrix24LeadMap;
  /** The managers' notification bot; undefined when none is configured. */
  readonly telegram?: TelegramBotApi | undefined;
  readonly texts: Texts;
};

/** How one attempt ended. */
export type AttemptResult =
  /** Done: a 2xx, Telegram's ok. */
  | { readonly outcome: 'delivered'; readonly statusCode?: number | undefined }
  /** Not done: tried again on the retry schedule; `permanent` goes to the DLQ at once. */
  | {
      readonly outcome: 'failed';
      readonly statusCode?: number | undefined;
      readonly error: string;
      readonly permanent?: boolean;
    }
  /**
   * Not now: the destination asked to wait (Telegram's 429 retry_after, Bitrix24's
   * QUERY_LIMIT_EXCEEDED) or our own pacing found no free second. Tried again after
   * `afterSeconds`, without using up a retry.
   */
  | {
      readonly outcome: 'wait';
      readonly afterSeconds: number;
      readonly attempted: boolean;
      readonly statusCode?: number | undefined;
      readonly error: string;
    }
  /** Nothing to deliver to any more (the webhook was deleted or paused, the bot removed). */
  | { readonly outcome: 'stop'; readonly error: string };

/**
 * A destination: the same idea as a channel module, on the way out. It decides which deliveries
 * an event makes (`plan`, pure over what the notify function loaded) and makes one attempt of
 * one of them (`attempt`); its payload is its own, checked with its schema when it comes back
 * from the queue. Registered in one list (./index.ts).
 */
export type Destination<P = unknown> = {
  readonly name: DestinationName;
  readonly payload: z.ZodMiniType<P>;
  /**
   * Whether an event of this type could make any delivery here at all (a bot configured, a
   * webhook subscribed): asked before the notify function reads the lead, contact and manager
   * an event is about, so that an event nobody wants costs no reads. `plan` decides.
   */
  wants(type: EventType, context: PlanContext): boolean;
  plan(event: NotifyEvent, context: PlanContext): readonly PlannedDelivery<P>[];
  attempt(attempt: Attempt<P>, deps: AttemptDeps): Promise<AttemptResult>;
};
