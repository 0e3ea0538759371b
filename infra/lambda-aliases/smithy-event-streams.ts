/**
 * Stands in for `@smithy/core/event-streams` in the Lambda bundles (an esbuild alias in
 * infra/constructs/bundling.ts; never imported by code). The SDK's HTTP protocols import it
 * with `await import()` only for operations that stream events (Bedrock, Transcribe, Lambda
 * response streams, …); DynamoDB, SQS and Secrets Manager have none, so the ~19 KiB of event
 * stream codecs would only be compiled at every cold start and never run. A client that does
 * stream events gets this error instead, and the alias must go.
 */
const unavailable = (): never => {
  throw new Error(
    'AWS event streams are left out of switchboard Lambda bundles (infra/constructs/bundling.ts): ' +
      'remove the @smithy/core/event-streams alias before using an operation that streams events.',
  );
};

export class EventStreamSerde {
  constructor() {
    unavailable();
  }
}

export const eventStreamSerdeProvider = (): never => unavailable();
