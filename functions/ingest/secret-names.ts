import { messengerChannels } from '../../shared/channels/messengers';
import { telephonyChannels } from '../../shared/channels/telephony';

/**
 * What ingest may take from its secret: the providers' and messengers' credentials (and
 * Zadarma's path token), as each channel module declares them. Never the admin key.
 */
export const INGEST_SECRET_NAMES: readonly string[] = [
  ...new Set([
    ...[...telephonyChannels.values()].flatMap((channel) => [
      ...channel.secretNames,
      ...(channel.pathTokenName ? [channel.pathTokenName] : []),
    ]),
    ...[...messengerChannels.values()].flatMap((channel) => channel.secretNames),
  ]),
];
