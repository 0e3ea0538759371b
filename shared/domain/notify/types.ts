import type { EventType } from './events';

/** How a webhook's deliveries are shaped: switchboard's own signed JSON, or Bitrix24 REST calls. */
export const WEBHOOK_FORMATS = ['switchboard', 'bitrix24'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

/** The events a Bitrix24 webhook can turn into CRM calls (calls have no lead to attach to). */
export const BITRIX24_EVENTS = [
  'lead.assigned',
  'lead.reassigned',
  'lead.accepted',
  'lead.closed',
  'lead.touched',
  'callback.assigned',
] as const satisfies readonly EventType[];

export type Webhook = {
  readonly name: string;
  readonly url: string;
  /** Kept so that it can sign (at rest in DynamoDB, encrypted with the table); never shown. */
  readonly secret: string;
  readonly events: readonly EventType[];
  readonly format: WebhookFormat;
  readonly active: boolean;
  readonly updatedAt: string;
};

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export type Delivery = {
  readonly id: string;
  readonly destination: string;
  readonly target: string;
  readonly eventId: string;
  readonly type: EventType;
  readonly status: DeliveryStatus;
  /** Requests made to the destination (a paced or waiting turn is not one). */
  readonly attempts: number;
  readonly lastStatusCode?: number | undefined;
  readonly lastAttemptAt?: string | undefined;
  readonly lastError?: string | undefined;
  readonly createdAt: string;
};

export type Language = 'ru' | 'en';
