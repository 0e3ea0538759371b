import type { HeldIssue, HeldReason, HeldRequest, HeldStatus } from '../domain/quarantine';

export type HeldListQuery = {
  readonly from?: string | undefined; // ISO instant, inclusive
  readonly to?: string | undefined; // ISO instant, exclusive
  /** A route label: `forms`, `telephony/twilio`, … */
  readonly route?: string | undefined;
  readonly status?: HeldStatus | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
};

/** Held requests: written before the sender is answered, so a failure here is a 503. */
export interface QuarantineStore {
  /** Keeps the request unless one with its id is kept already ('duplicate': a retry). */
  hold(held: HeldRequest): Promise<'held' | 'duplicate'>;
  get(id: string): Promise<HeldRequest | undefined>;
  list(query: HeldListQuery): Promise<{
    readonly items: readonly HeldRequest[];
    readonly nextCursor: string | null;
  }>;
  /**
   * Records the outcome of a reprocess or a discard, only while the request is still `held`
   * ('changed' otherwise: someone else got there first).
   */
  update(
    id: string,
    change:
      | {
          readonly status: 'reprocessed';
          readonly eventIds: readonly string[];
          readonly at: string;
        }
      | { readonly status: 'discarded'; readonly at: string }
      | {
          readonly status: 'held';
          readonly reason: HeldReason;
          readonly issues: readonly HeldIssue[];
          readonly at: string;
        },
  ): Promise<'updated' | 'changed'>;
}

/** Counts held requests (a CloudWatch metric in AWS; spam apart, so it raises no alarm). */
export interface HeldMetrics {
  held(route: string, reason: HeldReason): void;
}
