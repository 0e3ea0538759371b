/**
 * Stands in for `@smithy/core/event-streams` in the Lambda bundles (an esbuild alias in
 * infra/constructs/bundling.ts; never imported by code). The SDK's HTTP protocols import it
 * with `await import()` only for operations that stream events (Bedrock, Transcribe, Lambda
 * response streams, …); DynamoDB, SQS, Secrets Manager and the operations used of S3 have
 * none, so the ~19 KiB of event stream codecs would only be compiled at every cold start and
 * never run. S3's client builds its event stream marshaller when it is constructed, so the
 * provider hands out a marshaller that fails only when used; an operation that does stream
 * events gets this error instead, and the alias must go.
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

/** A marshaller that says it is left out the moment anything uses it. */
const leftOut = {
  serialize: (): never => unavailable(),
  deserialize: (): never => unavailable(),
};

export const eventStreamSerdeProvider = () => leftOut;

/** As @smithy/core's: the client's config gets the (left-out) marshaller. */
export const resolveEventStreamSerdeConfig = <T extends object>(input: T) =>
  Object.assign(input, { eventStreamMarshaller: leftOut });
