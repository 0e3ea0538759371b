import { afterAll, beforeAll } from 'vitest';
import { startBitrix24StandIn } from './bitrix24';
import { startTelegramStandIn } from './telegram';
import { startWebhookReceiver } from './webhook-receiver';

/**
 * A stand-in server for one test file: started before the file's stack (register it first, so
 * the stack's configuration can name its URL) and stopped after.
 */
export const useStandIn = <S extends { stop(): Promise<void> }>(start: () => Promise<S>) => {
  let standIn: S | undefined;
  beforeAll(async () => {
    standIn = await start();
  });
  afterAll(async () => {
    await standIn?.stop();
  });
  return (): S => {
    if (!standIn) throw new Error('the stand-in is not started yet');
    return standIn;
  };
};

export const useTelegramStandIn = (options: Parameters<typeof startTelegramStandIn>[0] = {}) =>
  useStandIn(() => startTelegramStandIn(options));

export const useWebhookReceiver = (options: Parameters<typeof startWebhookReceiver>[0]) =>
  useStandIn(() => startWebhookReceiver(options));

export const useBitrix24StandIn = (options: Parameters<typeof startBitrix24StandIn>[0] = {}) =>
  useStandIn(() => startBitrix24StandIn(options));
