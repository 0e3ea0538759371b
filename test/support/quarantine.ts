import type { HeldReason, HeldRequest } from '../../shared/domain/quarantine';
import type { HeldMetrics, QuarantineStore } from '../../shared/ports';

/** An in-memory quarantine for ingest apps in process: what was held, in order. */
export const quarantineInMemory = () => {
  const held = new Map<string, HeldRequest>();
  const store: QuarantineStore = {
    hold: async (request) => {
      if (held.has(request.id)) return 'duplicate';
      held.set(request.id, request);
      return 'held';
    },
    get: async (id) => held.get(id),
    list: async () => ({ items: [...held.values()], nextCursor: null }),
    update: async () => 'changed',
  };
  return { store, held };
};

/** Metrics that only remember what they were told. */
export const recordingMetrics = () => {
  const counted: { route: string; reason: HeldReason }[] = [];
  const metrics: HeldMetrics = { held: (route, reason) => void counted.push({ route, reason }) };
  return { metrics, counted };
};
