import { createHash } from 'node:crypto';
import { touchKey } from '../../shared/crypto';
import { type DestinationName, eventIdOf, type QueuedEvent } from '../../shared/domain/messages';
import type { Texts } from '../../shared/domain/notify/texts';
import { toCallView } from '../../shared/http/api/call-view';
import { toLeadDetailView } from '../../shared/http/api/lead-view';
import { logger } from '../../shared/logger';
import { destinations } from '../../shared/notify/destinations';
import type { NotifyEvent, PlanContext } from '../../shared/notify/destinations/types';
import type {
  CallStore,
  Clock,
  ContactStore,
  DeliveryQueue,
  LeadQueries,
  ManagerStore,
  WebhookStore,
} from '../../shared/ports';

export type FanOutDeps = {
  readonly leads: LeadQueries;
  readonly contacts: ContactStore;
  readonly managers: ManagerStore;
  readonly calls: CallStore;
  readonly webhooks: WebhookStore;
  readonly queue: DeliveryQueue;
  readonly now: Clock;
  readonly texts: Texts;
  readonly timeZone: string;
  readonly acceptTimeoutSeconds: number;
  readonly telegram: boolean;
};

/** One per destination, target and event: the same whenever the same event is fanned out. */
export const deliveryIdOf = (destination: DestinationName, target: string, eventId: string) =>
  `dlv_${createHash('sha256').update(`${destination}\n${target}\n${eventId}`).digest('hex').slice(0, 32)}`;

/** A delivery message stays well under SQS's 256 KB: the oldest touches give way first. */
const MAX_DATA_BYTES = 200_000;

const fitted = (data: Record<string, unknown>): Record<string, unknown> => {
  const history = data.touchHistory;
  if (!Array.isArray(history)) return data;
  let kept = history;
  while (
    kept.length > 1 &&
    Buffer.byteLength(JSON.stringify({ ...data, touchHistory: kept })) > MAX_DATA_BYTES
  ) {
    kept = kept.slice(Math.ceil(kept.length / 4));
  }
  return kept === history ? data : { ...data, touchHistory: kept, touchHistoryTruncated: true };
};

/** What the destinations may want to know about an event, read once. */
const loadEvent = async (
  deps: FanOutDeps,
  message: QueuedEvent,
): Promise<NotifyEvent | undefined> => {
  const base = { id: eventIdOf(message), type: message.type, at: message.at, message };
  const manager = message.managerId ? await deps.managers.get(message.managerId) : undefined;
  if ('callId' in message) {
    const call = await deps.calls.get(message.provider, message.callId);
    if (!call) return undefined;
    return { ...base, call, manager, data: toCallView(call) };
  }
  const detail = await deps.leads.detail(message.leadId);
  if (!detail) return undefined;
  const contact = await deps.contacts.get(detail.lead.contactId);
  const touch =
    message.type === 'lead.touched'
      ? detail.touches.find((t) =>
          message.touch !== undefined
            ? touchKey(t.eventId) === message.touch
            : t.at === message.at && t.channel === message.channel,
        )
      : undefined;
  return {
    ...base,
    lead: detail.lead,
    contact,
    touch,
    manager,
    data: fitted(toLeadDetailView(detail, contact, deps.acceptTimeoutSeconds)),
  };
};

/**
 * The notify function's work: one event from the assignments queue becomes one delivery per
 * destination (the managers' bot, each subscribed webhook, each Bitrix24 portal), each sent to
 * the deliveries queue to be tried and retried on its own. Running it again for the same event
 * sends the same deliveries again, which their records turn away.
 */
export const fanOut = async (deps: FanOutDeps, message: QueuedEvent): Promise<number> => {
  const context: PlanContext = {
    webhooks: await deps.webhooks.list(),
    texts: deps.texts,
    timeZone: deps.timeZone,
    acceptTimeoutSeconds: deps.acceptTimeoutSeconds,
    telegram: deps.telegram,
  };
  // An event no destination takes (no bot, no webhook subscribed to it) is not read at all.
  if (![...destinations.values()].some((d) => d.wants(message.type, context))) return 0;
  const event = await loadEvent(deps, message);
  if (!event) {
    logger.warn('event with nothing behind it: not delivered', { type: message.type });
    return 0;
  }
  const createdAt = deps.now().toISOString();
  const sends: Promise<void>[] = [];
  for (const destination of destinations.values()) {
    for (const planned of destination.plan(event, context)) {
      sends.push(
        deps.queue.send({
          deliveryId: deliveryIdOf(destination.name, planned.target, event.id),
          destination: destination.name,
          target: planned.target,
          eventId: event.id,
          type: event.type,
          at: event.at,
          createdAt,
          payload: planned.payload,
          seq: 1,
          retry: 0,
          since: createdAt,
          dueAt: createdAt,
        }),
      );
    }
  }
  await Promise.all(sends);
  return sends.length;
};
