import { openedCounts } from '../domain/leads/counters';
import type { CallMessage } from '../domain/messages';
import type { Lead } from '../domain/types';
import { logger } from '../logger';
import type { CallAttempt, CallbackResolution, StoredCall } from '../ports';
import { announceLeadUpdate } from './accept-lead';
import { assignLead } from './assign-lead';
import { CallContentionError, type CallDeps } from './call-deps';
import { resolveContact } from './resolve-contact';

/** The open callback task of a number, or a new one: assigned like a lead, announced. */
export const ensureCallbackTask = async (
  deps: CallDeps,
  number: string,
  record: StoredCall,
  message: Pick<CallMessage, 'receivedAt'>,
): Promise<string | undefined> => {
  const markerId = `callback:${record.provider}:${record.callId}`;
  const at = record.endedAt ?? record.startedAt;
  const touch = { eventId: markerId, channel: 'phone', at };
  const expiresAt = Math.floor(Date.parse(message.receivedAt) / 1000) + 30 * 86_400;

  for (let attempt = 0; attempt < 4; attempt++) {
    const seen = await deps.leadEvents.find(markerId, deps.now());
    if (seen) {
      await assignLead(deps, seen.outcome.leadId); // finish an interrupted assignment
      return (await deps.leads.get(seen.outcome.leadId))?.managerId;
    }
    const openId = await deps.callbacks.openTask(number);
    if (openId) {
      // A task's later misses are not leads: the touch is not counted.
      const result = await deps.leadWrites.addTouch({
        marker: { eventId: markerId, outcome: { type: 'lead_touched', leadId: openId }, expiresAt },
        leadId: openId,
        touch,
        now: deps.now(),
      });
      if (result === 'lead_not_open') {
        await deps.callbacks.releaseTask(number, openId);
        continue;
      }
      await deps.leadEvents.complete(markerId);
      return (await deps.leads.get(openId))?.managerId;
    }

    const contact = await resolveContact(deps, { phone: number }, at);
    const leadId = deps.newId();
    if ((await deps.callbacks.claimTask(number, leadId)) === 'taken') continue;
    const lead: Lead = {
      id: leadId,
      kind: 'callback',
      status: 'new',
      contactId: contact.id,
      channels: ['phone'],
      firstChannel: 'phone',
      createdAt: at,
      touches: 1,
      lastTouchAt: at,
      source: { account: record.line },
    };
    const created = await deps.leadWrites.openLead({
      marker: { eventId: markerId, outcome: { type: 'lead_created', leadId }, expiresAt },
      lead,
      touch,
      now: deps.now(),
      counters: openedCounts(lead, false, deps.timeZone),
    });
    if (created === 'created') {
      logger.info('callback task opened', { leadId, callId: record.callId });
      await assignLead(deps, leadId);
      await deps.leadEvents.complete(markerId);
      return (await deps.leads.get(leadId))?.managerId;
    }
    await deps.callbacks.releaseTask(number, leadId);
  }
  throw new CallContentionError(`${record.provider}:${record.callId}`);
};

/** Closes the number's callback task once none of its missed calls is still open. */
export const closeTaskIfDone = async (deps: CallDeps, number: string, attempt: CallAttempt) => {
  const taskId = await deps.callbacks.openTask(number);
  if (!taskId) return;
  const stillOpen = (await deps.callbacks.missedBefore(number, '~')).filter(
    (entry) => entry.status === 'open',
  );
  if (stillOpen.length > 0) return;
  const resolution: CallbackResolution =
    attempt.kind === 'outbound' ? 'called_back' : 'client_recontact';
  const task = await deps.leads.get(taskId);
  if (task && task.status !== 'closed') {
    await deps.leadWrites.resolveCallback(task, resolution, attempt.at);
  }
  await deps.callbacks.releaseTask(number, taskId);
  const closed = await deps.leads.get(taskId);
  if (closed?.status === 'closed') await announceLeadUpdate(deps, closed, 'lead.closed');
};
