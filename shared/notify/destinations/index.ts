import type { DestinationName } from '../../domain/messages';
import { bitrix24Destination } from './bitrix24';
import { telegramDestination } from './telegram';
import type { Destination } from './types';
import { webhookDestination } from './webhook';

/** Every destination, one line each (a Map: an unknown name is just unknown). */
export const destinations: ReadonlyMap<DestinationName, Destination> = new Map<
  DestinationName,
  Destination
>([
  ['telegram', telegramDestination as Destination],
  ['webhook', webhookDestination as Destination],
  ['bitrix24', bitrix24Destination as Destination],
]);
