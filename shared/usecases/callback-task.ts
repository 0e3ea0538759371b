import { nameBasedId } from '../crypto';
import { addDeltas, assignedCounts, openedCounts } from '../domain/leads/counters';
import type { CallMessage } from '../domain/messages';
import type { Contact, Lead } from '../domain/types';
import { logger } from '../logger';
import type { CallAttempt, CallbackResolution, EventOutcome, StoredCall } from '../ports';
import { announceLeadUpdate } from './accept-lead';
import { followUpNewLead, routeNewLead } from './assign-lead';
import { CallContentionError, type CallDeps } from './call-deps';
import { resolveContact } from './resolve-contact';

/**
 * The open callback task of a number, or a new one: routed like a lead, counted once, announced.
 * Returns the manager it is with. As a lead from an event (accept-lead-event.ts): the task is
 * written as routing decided it (its id made of the missed call's, so a retry finds it), then
 * one transaction counts it with the missed call's marker; a later miss of the same number is a
 * touch on the open task, not counted.
 */
export const ensureCallbackTask = async (
  deps: CallDeps,
  number: string,
  record: StoredCall,
  message: Pick<CallMessage, 'receivedAt'>,
): Promise<string | undefined> => {
  const markerId = `callback:${record.provider}:${record.callId}`;
  const at = record.endedAt ?? record.startedAt;
  const touch = { eventId: markerId, channel: 'phone', at };
  // One missed call is one event whatever delivered it: a repeat only sends follow-ups again.
  const marker = (outcome: EventOutcome) => ({
    eventId: markerId,
    outcome,
    receivedAt: at,
    expiresAt: Math.floor(Date.parse(message.receivedAt) / 1000) + 30 * 86_400,
  });
  const taskId = nameBasedId('callback', markerId);

  for (let attempt = 0; attempt < 4; attempt++) {
    const seen = await deps.leadEvents.find(markerId, deps.now());
    if (seen) {
      const task = await deps.leads.get(seen.outcome.leadId);
      if (task && seen.outcome.type === 'lead_created') {
        await followUpNewLead(
          deps,
          task,
          await deps.contacts.get(task.contactId),
          'callback.assigned',
        );
      }
      return task?.managerId;
    }
    const openId = await deps.callbacks.openTask(number);
    if (openId && openId !== taskId) {
      // A task's later misses are not leads: the touch is not counted.
      const result = await deps.leadWrites.addTouch({
        marker: marker({ type: 'lead_touched', leadId: openId }),
        leadId: openId,
        touch,
        now: deps.now(),
      });
      if (result === 'lead_not_open') {
        await deps.callbacks.releaseTask(number, openId);
        continue;
      }
      return (await deps.leads.get(openId))?.managerId;
    }

    // A new task, or the one an earlier try began: written first, then the number points at it.
    let task = openId === taskId ? await deps.leads.get(taskId) : undefined;
    let contact: Contact | undefined;
    if (task) contact = await deps.contacts.get(task.contactId);
    else {
      const resolved = await resolveContact(deps, { phone: number }, at);
      contact = resolved.contact;
      const draft: Lead = {
        id: taskId,
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
      const routed = await routeNewLead(deps, draft, contact);
      task =
        (await deps.leadWrites.openLead({ lead: routed, touch })) === 'created'
          ? routed
          : ((await deps.leads.get(taskId)) ?? routed);
      // The first manager a contact is given becomes its owner (sticky routing).
      const owner = task.managerId;
      const written =
        !resolved.saved &&
        (await deps.contacts.put({ ...contact, ownerId: contact.ownerId ?? owner })) === 'created';
      if (!written && owner && !contact.ownerId) await deps.leadWrites.setOwner(contact.id, owner);
      if ((await deps.callbacks.claimTask(number, taskId)) === 'taken') {
        await deps.leadWrites.dropLead(taskId); // another miss of the number opened one first
        continue;
      }
    }
    const counted = await deps.leadWrites.countOpened({
      marker: marker({ type: 'lead_created', leadId: taskId }),
      now: deps.now(),
      counters: addDeltas(
        openedCounts(task, false, deps.timeZone),
        task.managerId ? assignedCounts(task, task.managerId, deps.timeZone) : undefined,
      ),
      assigned:
        task.status === 'assigned' && task.managerId && task.assignedAt
          ? { managerId: task.managerId, at: task.assignedAt }
          : undefined,
    });
    if (counted === 'duplicate_event') continue; // counted by a concurrent copy: see above
    logger.info('callback task opened', { leadId: taskId, callId: record.callId });
    await followUpNewLead(deps, task, contact, 'callback.assigned');
    return task.managerId;
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
  // Announced before the number lets go of its task: a delivery that failed after the release
  // would find no task to announce again.
  const closed = await deps.leads.get(taskId);
  if (closed?.status === 'closed') await announceLeadUpdate(deps, closed, 'lead.closed');
  await deps.callbacks.releaseTask(number, taskId);
};
