import { generic } from './generic';
import { mango } from './mango';
import { twilio } from './twilio';
import type { TelephonyChannel } from './types';
import { zadarma } from './zadarma';

/**
 * Every telephony provider, by the name in its URL (/v1/telephony/{provider}). A Map, so a
 * path such as /v1/telephony/__proto__ is simply an unknown provider. Each channel's object
 * schemas are `z.lazy`: built on its first request, not at ingest's cold start (the messengers'
 * too; docs/performance.md).
 */
export const telephonyChannels: ReadonlyMap<string, TelephonyChannel> = new Map(
  [generic, mango, twilio, zadarma].map((channel) => [channel.provider, channel]),
);
