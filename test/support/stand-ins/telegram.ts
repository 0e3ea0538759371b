import {
  createScript,
  type StandInAnswer,
  type StandInServer,
  startStandInServer,
} from './http-server';

export const TEST_BOT_TOKEN = '7000000001:AAtest_notification_bot_token_0123';
export const TEST_BOT_USERNAME = 'switchboard_test_bot';

const ALLOWED_TAGS = new Set([
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'span',
  'tg-spoiler',
  'a',
  'code',
  'pre',
  'blockquote',
  'tg-emoji',
]);

/**
 * What a Telegram client shows for a text sent with parse_mode HTML, or why the Bot API refuses
 * it (its "can't parse entities" cases): only the supported tags, properly nested; every <, >
 * and & outside a tag escaped; only the named entities &lt; &gt; &amp; &quot; (and numeric ones).
 */
export const parseTelegramHtml = (html: string): { text: string } | { error: string } => {
  const open: string[] = [];
  let text = '';
  let i = 0;
  while (i < html.length) {
    const ch = html[i] as string;
    if (ch === '<') {
      const end = html.indexOf('>', i);
      if (end < 0) return { error: `unclosed start tag at byte offset ${i}` };
      const raw = html.slice(i + 1, end);
      const closing = raw.startsWith('/');
      const name = (closing ? raw.slice(1) : raw).split(/\s/)[0]?.toLowerCase() ?? '';
      if (!ALLOWED_TAGS.has(name)) return { error: `unsupported start tag "${name}"` };
      if (closing) {
        if (open.pop() !== name) return { error: `unmatched end tag "${name}"` };
      } else {
        open.push(name);
      }
      i = end + 1;
    } else if (ch === '>') {
      return { error: `unescaped ">" at offset ${i}` };
    } else if (ch === '&') {
      const entity = /^&(lt|gt|amp|quot|#\d+|#x[0-9a-f]+);/i.exec(html.slice(i));
      if (!entity) return { error: `unsupported entity at offset ${i}` };
      const decoded: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };
      const name = entity[1] as string;
      text +=
        decoded[name.toLowerCase()] ??
        String.fromCodePoint(
          name.toLowerCase().startsWith('#x')
            ? Number.parseInt(name.slice(2), 16)
            : Number(name.slice(1)),
        );
      i += entity[0].length;
    } else {
      text += ch;
      i++;
    }
  }
  if (open.length > 0) return { error: `unclosed tag "${open.at(-1)}"` };
  return { text };
};

export type TelegramCall = {
  readonly method: string;
  readonly body: Record<string, any>;
  /** By the stand-in's clock (the test's). */
  readonly at: Date;
};

export type StoredMessage = {
  readonly chatId: string;
  readonly messageId: number;
  /** As the html was sent. */
  html: string;
  /** As a client shows it. */
  text: string;
  keyboard?: { text: string; callback_data?: string }[][] | undefined;
  edits: number;
};

type Reply = {
  readonly status: number;
  readonly description: string;
  readonly retryAfter?: number;
};

const fail = (status: number, description: string, retryAfter?: number): StandInAnswer => ({
  status,
  body: {
    ok: false,
    error_code: status,
    description,
    ...(retryAfter !== undefined ? { parameters: { retry_after: retryAfter } } : {}),
  },
});

const isChatId = (value: unknown) =>
  (typeof value === 'number' && Number.isInteger(value)) ||
  (typeof value === 'string' && /^(-?\d{1,20}|@\w{5,32})$/.test(value));

const checkKeyboard = (markup: unknown): string | undefined => {
  if (markup === undefined) return undefined;
  const rows = (markup as { inline_keyboard?: unknown })?.inline_keyboard;
  if (!Array.isArray(rows)) return 'reply_markup.inline_keyboard must be an array of arrays';
  for (const row of rows) {
    if (!Array.isArray(row)) return 'reply_markup.inline_keyboard must be an array of arrays';
    for (const button of row) {
      if (typeof button?.text !== 'string' || button.text === '') return 'a button needs a text';
      const data = button.callback_data;
      if (data === undefined && button.url === undefined)
        return 'a button needs callback_data or url';
      if (data !== undefined) {
        const bytes = Buffer.byteLength(String(data));
        if (typeof data !== 'string' || bytes < 1 || bytes > 64) return 'BUTTON_DATA_INVALID';
      }
    }
  }
  return undefined;
};

/**
 * A stand-in for the Bot API subset the notification bot uses (getMe, sendMessage,
 * answerCallbackQuery, editMessageText, editMessageReplyMarkup): checks the method, the token,
 * the JSON body's shape, parse_mode HTML, the 4096-character and 64-byte limits, and can be told
 * to answer 429 (with retry_after) or 500. Records every call with the test clock's time.
 */
export const startTelegramStandIn = async (options: { readonly now?: () => Date } = {}) => {
  const now = options.now ?? (() => new Date());
  const calls: TelegramCall[] = [];
  const problems: string[] = [];
  const messages: StoredMessage[] = [];
  const script = createScript<Reply>();
  let nextMessageId = 100;

  const refuse = (description: string) => {
    problems.push(description);
    return fail(400, `Bad Request: ${description}`);
  };

  const textOf = (body: Record<string, any>): { text: string } | StandInAnswer => {
    if (typeof body.text !== 'string' || body.text.length === 0)
      return refuse('message text is empty');
    let text = body.text;
    if (body.parse_mode !== undefined) {
      if (body.parse_mode !== 'HTML') return refuse(`unsupported parse_mode ${body.parse_mode}`);
      const parsed = parseTelegramHtml(body.text);
      if ('error' in parsed) return refuse(`can't parse entities: ${parsed.error}`);
      text = parsed.text;
    }
    if (text.length > 4096) return refuse('message is too long');
    return { text };
  };

  const methods: Record<string, (body: Record<string, any>) => StandInAnswer> = {
    getMe: () => ({
      status: 200,
      body: {
        ok: true,
        result: { id: 7000000001, is_bot: true, first_name: 'Leads', username: TEST_BOT_USERNAME },
      },
    }),
    sendMessage(body) {
      if (!isChatId(body.chat_id)) return refuse('chat_id is required: an integer or @channel');
      const text = textOf(body);
      if ('status' in text) return text;
      const keyboardProblem = checkKeyboard(body.reply_markup);
      if (keyboardProblem) return refuse(keyboardProblem);
      const message: StoredMessage = {
        chatId: String(body.chat_id),
        messageId: nextMessageId++,
        html: body.text,
        text: text.text,
        keyboard: body.reply_markup?.inline_keyboard,
        edits: 0,
      };
      messages.push(message);
      return {
        status: 200,
        body: {
          ok: true,
          result: {
            message_id: message.messageId,
            chat: { id: Number(body.chat_id) },
            date: 0,
            text: text.text,
          },
        },
      };
    },
    answerCallbackQuery(body) {
      if (typeof body.callback_query_id !== 'string')
        return refuse('callback_query_id is required');
      if (body.text !== undefined && (typeof body.text !== 'string' || body.text.length > 200)) {
        return refuse('answerCallbackQuery text is 0-200 characters');
      }
      return { status: 200, body: { ok: true, result: true } };
    },
    editMessageText(body) {
      const message = messages.find(
        (m) => m.chatId === String(body.chat_id) && m.messageId === body.message_id,
      );
      if (!message) return refuse('message to edit not found');
      const text = textOf(body);
      if ('status' in text) return text;
      const keyboardProblem = checkKeyboard(body.reply_markup);
      if (keyboardProblem) return refuse(keyboardProblem);
      message.html = body.text;
      message.text = text.text;
      message.keyboard = body.reply_markup?.inline_keyboard;
      message.edits++;
      return { status: 200, body: { ok: true, result: { message_id: message.messageId } } };
    },
    editMessageReplyMarkup(body) {
      const message = messages.find(
        (m) => m.chatId === String(body.chat_id) && m.messageId === body.message_id,
      );
      if (!message) return refuse('message to edit not found');
      const keyboardProblem = checkKeyboard(body.reply_markup);
      if (keyboardProblem) return refuse(keyboardProblem);
      message.keyboard = body.reply_markup?.inline_keyboard;
      message.edits++;
      return { status: 200, body: { ok: true, result: { message_id: message.messageId } } };
    },
  };

  const server: StandInServer = await startStandInServer((request) => {
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(request.path);
    if (request.method !== 'POST' || !match) return fail(404, 'Not Found');
    if (match[1] !== TEST_BOT_TOKEN) return fail(401, 'Unauthorized');
    const method = match[2] as string;
    const handle = methods[method];
    if (!handle) return fail(404, 'Not Found: method not found');
    if (!String(request.headers['content-type']).startsWith('application/json')) {
      return refuse(`${method}: the body is not application/json`);
    }
    let body: Record<string, any>;
    try {
      body = JSON.parse(request.body || '{}');
    } catch {
      return refuse(`${method}: the body is not JSON`);
    }
    calls.push({ method, body, at: now() });
    const scripted = script.take(method);
    if (scripted) return fail(scripted.status, scripted.description, scripted.retryAfter);
    return handle(body);
  });

  return {
    url: server.url,
    stop: server.stop,
    calls,
    /** Requests the Bot API would have refused as malformed (should stay empty). */
    problems,
    messages,
    sent: (chatId?: string | number) =>
      calls.filter(
        (c) =>
          c.method === 'sendMessage' &&
          (chatId === undefined || String(c.body.chat_id) === String(chatId)),
      ),
    /** The next `times` calls of `method` answer 429 with retry_after. */
    tooManyRequests(method: string, retryAfter: number, times = 1) {
      script.add(
        method,
        { status: 429, description: `Too Many Requests: retry after ${retryAfter}`, retryAfter },
        times,
      );
    },
    /** The next `times` calls of `method` answer this error. */
    failNext(method: string, status: number, description: string, times = 1) {
      script.add(method, { status, description }, times);
    },
    reset() {
      calls.length = 0;
      problems.length = 0;
      messages.length = 0;
      script.clear();
    },
  };
};

export type TelegramStandIn = Awaited<ReturnType<typeof startTelegramStandIn>>;
