import { telegram } from './telegram';
import type { MessengerChannel } from './types';
import { vk } from './vk';
import { whatsapp } from './whatsapp';

/**
 * Every messenger channel, by the name in its URL (/v1/messengers/{channel}). A Map, so a
 * path such as /v1/messengers/__proto__ is simply an unknown channel.
 */
export const messengerChannels: ReadonlyMap<string, MessengerChannel> = new Map(
  [telegram, whatsapp, vk].map((channel) => [channel.channel, channel]),
);
