import { ENV } from '../config';

/** What notify (which destinations exist) and deliver (sending) may take: the bot's token. */
export const NOTIFY_SECRET_NAMES: readonly string[] = [ENV.notifyTelegramBotToken];
