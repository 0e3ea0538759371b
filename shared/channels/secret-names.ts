import { messengerChannels } from './messengers';
import { telephonyChannels } from './telephony';

/**
 * What ingest may take from its secrets (its allowlist): the providers' and messengers'
 * credentials (and Zadarma's path token), as each channel module declares them. Never the admin
 * key. Anything else in the secrets it is given is never read (docs/security.md).
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
