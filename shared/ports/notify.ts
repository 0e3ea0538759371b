import type { DeliveryMessage } from '../domain/messages';
import type { Delivery, DeliveryStatus, Webhook } from '../domain/notify/types';

/** What delivering work to managers' tools needs, in domain words; adapters own the SDKs. */

export interface WebhookStore {
  list(): Promise<readonly Webhook[]>;
  get(name: string): Promise<Webhook | undefined>;
  put(webhook: Webhook): Promise<void>;
  delete(name: string): Promise<'deleted' | 'not_found'>;
}

export type DeliveryClaim = {
  readonly id: string;
  readonly seq: number;
  readonly now: Date;
  /** How long this attempt owns the delivery (longer than the function may run). */
  readonly leaseSeconds: number;
  readonly destination: string;
  readonly target: string;
  readonly eventId: string;
  readonly type: Delivery['type'];
  readonly createdAt: string;
  /** The webhook whose delivery list shows it (Telegram deliveries are listed nowhere). */
  readonly webhook?: string | undefined;
};

export type DeliverySettlement = {
  readonly status: DeliveryStatus;
  /** A request was made (a paced or waiting turn makes none). */
  readonly attempted: boolean;
  readonly statusCode?: number | undefined;
  readonly error?: string | undefined;
  readonly at: string;
};

export interface DeliveryStore {
  /**
   * Takes attempt `seq` of a delivery: only while it is pending, no later attempt was claimed and
   * attempt `seq` has not been settled (or its owner's lease ran out). false: a duplicate or a
   * stale message, which changes nothing.
   */
  claim(claim: DeliveryClaim): Promise<boolean>;
  /** Records how attempt `seq` ended, if that attempt still owns the delivery. */
  settle(id: string, seq: number, settlement: DeliverySettlement): Promise<void>;
  /** Makes a failed delivery pending again (its message came back from the DLQ). */
  reopen(id: string): Promise<void>;
  get(id: string): Promise<Delivery | undefined>;
  /** A webhook's deliveries, newest first. */
  listForWebhook(name: string, limit: number): Promise<readonly Delivery[]>;
}

export interface TelegramLinkStore {
  create(codeHash: string, managerId: string, expiresAt: Date): Promise<void>;
  /** The manager of an unused, unexpired code, which is used up by this call; else undefined. */
  consume(codeHash: string, now: Date): Promise<string | undefined>;
}

/** Sends counted against limits, shared by every function instance. */
export interface RateSlots {
  /** Takes one of `limit` places in that second; false when they are all taken. */
  reserve(limiter: string, second: number, limit: number): Promise<boolean>;
  release(limiter: string, second: number): Promise<void>;
  /**
   * The earliest instant (epoch ms), from `now` on and at least `intervalMs` after the last one
   * taken, taken for this send; undefined when it would be more than `maxAheadMs` away.
   */
  space(
    limiter: string,
    intervalMs: number,
    now: Date,
    maxAheadMs: number,
  ): Promise<number | undefined>;
}

export type Bitrix24LeadLink = {
  readonly bitrixId?: string | undefined;
  readonly claimedBy?: string | undefined;
  readonly claimUntil?: number | undefined;
};

/** Which Bitrix24 lead a switchboard lead became, per webhook, and who is creating it. */
export interface Bitrix24LeadMap {
  get(webhook: string, leadId: string): Promise<Bitrix24LeadLink | undefined>;
  /** The right to create it: free, expired, or already this delivery's. */
  claim(
    webhook: string,
    leadId: string,
    by: string,
    now: Date,
    leaseSeconds: number,
  ): Promise<boolean>;
  set(webhook: string, leadId: string, bitrixId: string): Promise<void>;
}

export interface DeliveryQueue {
  /** Sends the message, delivered at its dueAt (hops of at most 15 minutes). */
  send(message: DeliveryMessage): Promise<void>;
  /** Puts an exhausted delivery in the DLQ (an alarm fires; npm run replay-dlq brings it back). */
  deadLetter(message: DeliveryMessage): Promise<void>;
}
