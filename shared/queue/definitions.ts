/**
 * The queues, as both infra/ (CDK) and local/ (fauxqs) create them: the single source of truth
 * for names, FIFO settings, visibility timeouts and redrive policies. Visibility is six times
 * the consumer's timeout, as AWS advises for Lambda event source mappings.
 */
export type QueueDefinition = {
  readonly name: string;
  readonly fifo: boolean;
  readonly visibilityTimeoutSeconds: number;
  readonly retentionDays: number;
  readonly dlq: {
    readonly name: string;
    readonly maxReceiveCount: number;
    readonly retentionDays: number;
  };
};

export type ConsumerDefinition = {
  readonly queue: QueueId;
  readonly timeoutSeconds: number;
  readonly batchSize: number;
  /** How long Lambda gathers a batch (0: invoke as soon as messages arrive). */
  readonly maxBatchingWindowSeconds: number;
};

export const QUEUES = {
  /** Every accepted inbound event, grouped per person so one person's events run in order. */
  intake: {
    name: 'intake.fifo',
    fifo: true,
    visibilityTimeoutSeconds: 180,
    retentionDays: 14,
    // 10, not the usual 5: in a FIFO batch a failed record fails the rest of its group, and
    // SQS counts a receive for each of them although they never ran; a busy sender's message
    // can be charged for its predecessors' failures. 10 × 180 s rides out a 30-minute outage.
    dlq: { name: 'intake-dlq.fifo', maxReceiveCount: 10, retentionDays: 14 },
  },
  /** Work announced to managers' tools (CRM, bots): lead.assigned, lead.touched, … */
  assignments: {
    name: 'assignments',
    fifo: false,
    visibilityTimeoutSeconds: 60,
    retentionDays: 14,
    dlq: { name: 'assignments-dlq', maxReceiveCount: 10, retentionDays: 14 },
  },
  /**
   * One message per (destination, event): a Telegram message, a webhook call, a Bitrix24 request.
   * Each attempt that fails is sent again with a growing delay (standard: FIFO has no per-message
   * delay), so one destination's retries never hold up another's. Visibility: 6 × the deliver
   * function's timeout. Retries exhausted → the deliver function moves the message to the DLQ
   * itself; the redrive catches only messages that make the function crash.
   */
  deliveries: {
    name: 'deliveries',
    fifo: false,
    visibilityTimeoutSeconds: 360,
    retentionDays: 14,
    dlq: { name: 'deliveries-dlq', maxReceiveCount: 5, retentionDays: 14 },
  },
  /**
   * Delayed checks: a lead accepted in time, a team's waiting line, a call finished by its
   * deadline (standard: FIFO has no per-message delay).
   */
  sla: {
    name: 'sla',
    fifo: false,
    visibilityTimeoutSeconds: 180,
    retentionDays: 14,
    dlq: { name: 'sla-dlq', maxReceiveCount: 5, retentionDays: 14 },
  },
} as const satisfies Record<string, QueueDefinition>;

export type QueueId = keyof typeof QUEUES;

/** The SQS-triggered functions and the queue each consumes. */
export const CONSUMERS = {
  router: { queue: 'intake', timeoutSeconds: 30, batchSize: 10, maxBatchingWindowSeconds: 0 },
  sla: { queue: 'sla', timeoutSeconds: 30, batchSize: 10, maxBatchingWindowSeconds: 0 },
  /** Fans each assignments event out into one delivery per destination. */
  notify: { queue: 'assignments', timeoutSeconds: 10, batchSize: 10, maxBatchingWindowSeconds: 0 },
  /** One attempt per delivery message: HTTP with a 10 s timeout, up to three calls (Bitrix24). */
  deliver: { queue: 'deliveries', timeoutSeconds: 60, batchSize: 10, maxBatchingWindowSeconds: 0 },
} as const satisfies Record<string, ConsumerDefinition>;

export type ConsumerId = keyof typeof CONSUMERS;
