import type { StoredCall } from '../../ports';
import type { CallView } from './call-schemas';

export type { CallView };

/** A call as GET /v1/calls shows it (and outgoing webhooks send it). */
export const toCallView = (call: StoredCall): CallView => ({
  id: `${call.provider}:${call.callId}`,
  provider: call.provider,
  callId: call.callId,
  direction: call.direction,
  ...(call.customer ? { customer: call.customer } : {}),
  ...(call.line ? { line: call.line } : {}),
  ...(call.managerId ? { managerId: call.managerId } : {}),
  ...(call.day ? { day: call.day } : {}),
  startedAt: call.startedAt,
  ...(call.answeredAt ? { answeredAt: call.answeredAt } : {}),
  ...(call.endedAt ? { endedAt: call.endedAt } : {}),
  talkSeconds: call.talkSeconds,
  ...(call.classification?.waitSeconds !== undefined
    ? { waitSeconds: call.classification.waitSeconds }
    : {}),
  outcome: call.classification?.outcome ?? 'in_progress',
  ...(call.classification && call.closedBy ? { closedBy: call.closedBy } : {}),
  effective: call.classification?.effective ?? false,
  ...(call.classification?.missedReason ? { missedReason: call.classification.missedReason } : {}),
  ...(call.disposition ? { disposition: call.disposition } : {}),
  ...(call.callback ? { callback: { ...call.callback } } : {}),
  ...(call.recordingUrl ? { recordingUrl: call.recordingUrl } : {}),
  ...(call.classification ? { thresholds: { ...call.classification.thresholds } } : {}),
});
