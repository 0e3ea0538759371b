import type { Config } from '../config';
import { type Fetch, parseJson, post } from './http';

/** A Bot API answer: `{ ok: true, result }`, or why not (HTTP status, Telegram's own words). */
export type BotApiAnswer<T> =
  | { readonly ok: true; readonly result: T }
  | {
      readonly ok: false;
      /** HTTP status; undefined when nothing answered (network, timeout). */
      readonly status?: number | undefined;
      readonly description?: string | undefined;
      /** 429: seconds to wait before the request can be repeated (parameters.retry_after). */
      readonly retryAfter?: number | undefined;
    };

export type InlineKeyboard = readonly (readonly {
  readonly text: string;
  readonly callback_data: string;
}[])[];

export type SentMessage = { readonly message_id: number };

export type TelegramBotApi = {
  call<T>(method: string, body: Record<string, unknown>): Promise<BotApiAnswer<T>>;
  sendMessage(input: {
    readonly chatId: string;
    readonly text: string;
    readonly keyboard?: InlineKeyboard | undefined;
  }): Promise<BotApiAnswer<SentMessage>>;
  answerCallbackQuery(id: string, text: string): Promise<BotApiAnswer<boolean>>;
  editMessageText(input: {
    readonly chatId: string;
    readonly messageId: number;
    readonly text: string;
    readonly keyboard?: InlineKeyboard | undefined;
  }): Promise<BotApiAnswer<unknown>>;
  /** The bot's @username, asked with getMe the first time it is needed, then remembered. */
  username(): Promise<string>;
};

export class BotApiError extends Error {
  constructor(method: string, status: number | undefined, description: string | undefined) {
    super(`Telegram ${method} failed: ${status ?? 'no answer'} ${description ?? ''}`.trim());
    this.name = 'BotApiError';
  }
}

/**
 * The managers' notification bot over the Bot API (`POST {base}/bot{token}/{method}`, JSON).
 * Messages go as parse_mode HTML. The token is in the URL only, never in a log or an error.
 */
export const createTelegramBotApi = (options: {
  readonly baseUrl: string;
  readonly token: string;
  readonly fetch?: Fetch;
  /** How long a call may take (the API's replies to a tap must fit its own timeout). */
  readonly timeoutMs?: number;
}): TelegramBotApi => {
  const fetch = options.fetch ?? globalThis.fetch;
  let username: Promise<string> | undefined;

  const call = async <T>(
    method: string,
    body: Record<string, unknown>,
  ): Promise<BotApiAnswer<T>> => {
    const answer = await post(
      fetch,
      `${options.baseUrl}/bot${options.token}/${method}`,
      JSON.stringify(body),
      {},
      options.timeoutMs,
    );
    if (!answer.ok) return { ok: false, description: answer.error };
    const json = parseJson(answer.text) as
      | {
          ok?: boolean;
          result?: T;
          description?: string;
          parameters?: { retry_after?: number };
        }
      | undefined;
    if (answer.status === 200 && json?.ok === true) return { ok: true, result: json.result as T };
    return {
      ok: false,
      status: answer.status,
      description:
        typeof json?.description === 'string' ? json.description.slice(0, 200) : undefined,
      retryAfter:
        typeof json?.parameters?.retry_after === 'number' ? json.parameters.retry_after : undefined,
    };
  };

  const markup = (keyboard: InlineKeyboard | undefined) =>
    keyboard ? { reply_markup: { inline_keyboard: keyboard } } : {};

  return {
    call,
    sendMessage: ({ chatId, text, keyboard }) =>
      call('sendMessage', {
        chat_id: chatId,
        text,
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        ...markup(keyboard),
      }),
    answerCallbackQuery: (id, text) => call('answerCallbackQuery', { callback_query_id: id, text }),
    editMessageText: ({ chatId, messageId, text, keyboard }) =>
      call('editMessageText', {
        chat_id: chatId,
        message_id: messageId,
        text,
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        ...markup(keyboard),
      }),
    username() {
      username ??= call<{ username?: string }>('getMe', {}).then((answer) => {
        if (answer.ok && answer.result.username) return answer.result.username;
        username = undefined; // asked again next time
        throw new BotApiError(
          'getMe',
          answer.ok ? 200 : answer.status,
          answer.ok ? 'no username' : answer.description,
        );
      });
      return username;
    },
  };
};

/** The managers' notification bot, when a token is configured. */
export const telegramBotOf = (
  config: Pick<Config, 'notifyTelegram'>,
  timeoutMs?: number,
): TelegramBotApi | undefined =>
  config.notifyTelegram.botToken
    ? createTelegramBotApi({
        baseUrl: config.notifyTelegram.apiBaseUrl,
        token: config.notifyTelegram.botToken,
        ...(timeoutMs ? { timeoutMs } : {}),
      })
    : undefined;
