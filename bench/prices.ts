/**
 * AWS on-demand prices, us-east-1, the only prices the bench uses. Recorded 2026-11-27 from the
 * public pricing pages below (cross-checked against secondary summaries of the same pages);
 * free tiers are left out: a per-1,000 figure should hold past them.
 */
export const PRICES = {
  dynamodb: {
    /** On-demand, per read request unit (strongly consistent read of ≤ 4 KB; halved since 2024-11-01). */
    readRequestUnit: 0.125 / 1e6,
    /** On-demand, per write request unit (write of ≤ 1 KB). */
    writeRequestUnit: 0.625 / 1e6,
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    recorded: '2026-11-27',
  },
  sqs: {
    /** Per request (each 64 KB chunk of a payload is one request), first 100 billion a month. */
    standardRequest: 0.4 / 1e6,
    fifoRequest: 0.5 / 1e6,
    source: 'https://aws.amazon.com/sqs/pricing/',
    recorded: '2026-11-27',
  },
  lambda: {
    /** arm64, first 7.5 billion GB-seconds a month. */
    armGbSecond: 0.0000133334,
    request: 0.2 / 1e6,
    source: 'https://aws.amazon.com/lambda/pricing/',
    recorded: '2026-11-27',
  },
  apiGateway: {
    /** HTTP API, per request of ≤ 512 KB, first 300 million a month. */
    httpApiRequest: 1.0 / 1e6,
    source: 'https://aws.amazon.com/api-gateway/pricing/',
    recorded: '2026-11-27',
  },
} as const;
