import * as z from 'zod/mini';
import {
  BITRIX24_ORIGINATOR,
  type Bitrix24LeadFields,
  bitrix24LeadFields,
  bitrix24Status,
} from '../../domain/notify/bitrix24';
import type { EventType } from '../../domain/notify/events';
import { channelLabel } from '../../domain/notify/texts';
import { BITRIX24_EVENTS, type Webhook } from '../../domain/notify/types';
import { parseJson, post } from '../http';
import { bookSecond, waitForSecond } from '../pacing';
import type { Attempt, AttemptDeps, AttemptResult, Destination, NotifyEvent } from './types';

const Action = z.union([
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('update'), fields: z.record(z.string(), z.unknown()) }),
  z.object({ kind: z.literal('comment'), text: z.string() }),
]);

const Payload = z.object({
  leadId: z.string(),
  /** crm.lead.add's fields, should this event be the first to reach the portal. */
  fields: z.record(z.string(), z.unknown()),
  action: Action,
});
type Payload = z.infer<typeof Payload>;

/** Bitrix24's REST limit: 2 requests a second per portal (a burst of 50 is tolerated). */
export const BITRIX24_PER_SECOND = 2;
/** How long a delivery may hold the right to create a lead before another may take it over. */
const CREATE_CLAIM_SECONDS = 120;

/** An active Bitrix24 webhook subscribed to the event type. */
const subscribed = (webhook: Webhook, type: EventType): boolean =>
  webhook.active && webhook.format === 'bitrix24' && webhook.events.includes(type);

const action = (event: NotifyEvent): Payload['action'] => {
  switch (event.type) {
    case 'lead.reassigned': {
      const userId = event.manager?.bitrix24UserId;
      return userId
        ? { kind: 'update', fields: { ASSIGNED_BY_ID: Number(userId) } }
        : { kind: 'none' };
    }
    case 'lead.accepted':
      return { kind: 'update', fields: { STATUS_ID: bitrix24Status({ type: 'lead.accepted' }) } };
    case 'lead.closed': {
      const outcome = event.message.type === 'lead.closed' ? event.message.outcome : undefined;
      return {
        kind: 'update',
        fields: { STATUS_ID: bitrix24Status({ type: 'lead.closed', outcome }) },
      };
    }
    default:
      return { kind: 'none' };
  }
};

/**
 * `format: "bitrix24"`: the webhook's url is a Bitrix24 inbound webhook
 * (`https://<portal>/rest/<user>/<code>/`). The first event of a lead to arrive creates it
 * (crm.lead.add, the manager's bitrix24UserId as ASSIGNED_BY_ID); later ones update it
 * (crm.lead.update: the new manager, the stage) or comment on it (crm.timeline.comment.add).
 */
export const bitrix24Destination: Destination<Payload> = {
  name: 'bitrix24',
  payload: Payload,

  wants: (type, context) =>
    (BITRIX24_EVENTS as readonly string[]).includes(type) &&
    context.webhooks.some((w) => subscribed(w, type)),

  plan(event, context) {
    const lead = event.lead;
    if (!lead || !(BITRIX24_EVENTS as readonly string[]).includes(event.type)) return [];
    const webhooks = context.webhooks.filter((w) => subscribed(w, event.type));
    if (webhooks.length === 0) return [];
    const assignedTo = event.manager?.bitrix24UserId ?? undefined;
    const fields: Bitrix24LeadFields = bitrix24LeadFields(
      {
        leadId: lead.id,
        kind: lead.kind,
        contact: {
          name: event.contact?.name,
          phone: event.contact?.phones[0],
          email: event.contact?.emails[0],
        },
        channel: lead.firstChannel,
        text: lead.text,
        utm: lead.utm,
        siteKey: lead.source?.siteKey,
        page: lead.source?.page,
        assignedTo:
          lead.managerId && lead.managerId === event.manager?.id && assignedTo
            ? Number(assignedTo)
            : undefined,
      },
      context.texts,
    );
    const todo: Payload['action'] =
      event.type === 'lead.touched'
        ? {
            kind: 'comment',
            text: [
              context.texts.crm.touched(
                channelLabel(context.texts, event.touch?.channel ?? lead.firstChannel),
              ),
              event.touch?.text ?? '',
            ]
              .filter(Boolean)
              .join('\n'),
          }
        : action(event);
    return webhooks.map((w) => ({
      target: w.name,
      webhook: w.name,
      payload: { leadId: lead.id, fields: { ...fields }, action: todo },
    }));
  },

  async attempt(attempt, deps) {
    const webhook = await deps.webhooks.get(attempt.target);
    if (!webhook) return { outcome: 'stop', error: 'the webhook was deleted' };
    if (!webhook.active) return { outcome: 'stop', error: 'the webhook is paused (active: false)' };
    if (webhook.format !== 'bitrix24')
      return { outcome: 'stop', error: 'the webhook changed format' };
    const portal = createPortal(deps, webhook.url);

    const lead = await ensureLead(portal, attempt, deps);
    if ('outcome' in lead) return lead;
    const { action: todo } = attempt.payload;
    if (todo.kind === 'none') return { outcome: 'delivered', statusCode: lead.statusCode };
    const answer =
      todo.kind === 'update'
        ? await portal.call('crm.lead.update', { id: Number(lead.id), fields: todo.fields })
        : await portal.call('crm.timeline.comment.add', {
            fields: { ENTITY_ID: Number(lead.id), ENTITY_TYPE: 'lead', COMMENT: todo.text },
          });
    return 'outcome' in answer ? answer : { outcome: 'delivered', statusCode: answer.statusCode };
  },
};

type Portal = ReturnType<typeof createPortal>;

/** One Bitrix24 portal's REST methods over its inbound webhook, paced at 2 requests a second. */
const createPortal = (deps: AttemptDeps, url: string) => {
  const base = url.endsWith('/') ? url : `${url}/`;
  const host = new URL(base).host;
  return {
    async call(
      method: string,
      body: Record<string, unknown>,
    ): Promise<{ readonly result: unknown; readonly statusCode: number } | AttemptResult> {
      const second = await bookSecond(
        deps.rateSlots,
        [{ limiter: `bitrix24:${host}`, perSecond: BITRIX24_PER_SECOND }],
        deps.now(),
      );
      if (second === undefined) {
        return {
          outcome: 'wait',
          afterSeconds: 2,
          attempted: false,
          error: 'paced: no free second',
        };
      }
      await waitForSecond(second, deps.now(), deps.sleep);
      return answerOf(method, await post(deps.fetch, `${base}${method}`, JSON.stringify(body), {}));
    },
  };
};

const answerOf = (
  method: string,
  answer: Awaited<ReturnType<typeof post>>,
): { readonly result: unknown; readonly statusCode: number } | AttemptResult => {
  if (!answer.ok) {
    return {
      outcome: 'failed',
      error: `Bitrix24 ${method}: ${answer.error === 'timeout' ? 'no answer within 10 s' : 'unreachable'}`,
    };
  }
  const json = parseJson(answer.text) as
    | { result?: unknown; error?: string; error_description?: string }
    | undefined;
  if (answer.status === 200 && json && 'result' in json && json.error === undefined) {
    return { result: json.result, statusCode: answer.status };
  }
  const code = typeof json?.error === 'string' ? json.error.slice(0, 100) : `HTTP ${answer.status}`;
  if (code === 'QUERY_LIMIT_EXCEEDED') {
    return {
      outcome: 'wait',
      afterSeconds: 2,
      attempted: true,
      statusCode: answer.status,
      error: `Bitrix24 ${method}: QUERY_LIMIT_EXCEEDED`,
    };
  }
  return { outcome: 'failed', statusCode: answer.status, error: `Bitrix24 ${method}: ${code}` };
};

/**
 * The Bitrix24 lead of this switchboard lead: known; or created by this delivery, which holds
 * the claim on creating it (after an interrupted attempt it first looks for the lead by
 * ORIGINATOR_ID + ORIGIN_ID, so a retry never creates a second one); or, while another delivery
 * holds the claim, a short wait.
 */
const ensureLead = async (
  portal: Portal,
  attempt: Attempt<Payload>,
  deps: AttemptDeps,
): Promise<{ readonly id: string; readonly statusCode: number } | AttemptResult> => {
  const { leadId } = attempt.payload;
  const link = await deps.bitrix24Leads.get(attempt.target, leadId);
  if (link?.bitrixId) return { id: link.bitrixId, statusCode: 200 };
  const claimed = await deps.bitrix24Leads.claim(
    attempt.target,
    leadId,
    attempt.id,
    deps.now(),
    CREATE_CLAIM_SECONDS,
  );
  if (!claimed) {
    return {
      outcome: 'wait',
      afterSeconds: 5,
      attempted: false,
      error: 'the lead is being created',
    };
  }
  if (link?.claimedBy) {
    // An earlier attempt (this delivery's or another's) may have created it before it stopped.
    const found = await portal.call('crm.lead.list', {
      filter: { ORIGINATOR_ID: BITRIX24_ORIGINATOR, ORIGIN_ID: leadId },
      select: ['ID'],
    });
    if ('outcome' in found) return found;
    const first = Array.isArray(found.result) ? (found.result[0] as { ID?: unknown }) : undefined;
    if (first?.ID !== undefined) {
      await deps.bitrix24Leads.set(attempt.target, leadId, String(first.ID));
      return { id: String(first.ID), statusCode: found.statusCode };
    }
  }
  const added = await portal.call('crm.lead.add', {
    fields: attempt.payload.fields,
    params: { REGISTER_SONET_EVENT: 'Y' },
  });
  if ('outcome' in added) return added;
  if (typeof added.result !== 'number' && typeof added.result !== 'string') {
    return {
      outcome: 'failed',
      statusCode: added.statusCode,
      error: 'Bitrix24 crm.lead.add: no id',
    };
  }
  await deps.bitrix24Leads.set(attempt.target, leadId, String(added.result));
  return { id: String(added.result), statusCode: added.statusCode };
};
