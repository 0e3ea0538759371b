import type { Language } from './types';

/** Every word switchboard says to a manager, in SWITCHBOARD_LANGUAGE. */
export type Texts = {
  readonly titles: {
    readonly 'lead.assigned': string;
    readonly 'lead.reassigned': string;
    readonly 'callback.assigned': string;
    readonly 'lead.touched': string;
  };
  readonly channels: Readonly<Record<string, string>>;
  readonly noName: string;
  readonly channel: string;
  readonly acceptBy: (time: string) => string;
  readonly acceptButton: string;
  readonly acceptedAt: (time: string) => string;
  readonly wentToSomeoneElse: string;
  readonly closed: string;
  readonly answers: {
    readonly accepted: string;
    readonly already: string;
    readonly moved: string;
    readonly closed: string;
    readonly notThisChat: string;
    readonly notFound: string;
    readonly stale: string;
  };
  readonly start: {
    readonly bound: (name: string) => string;
    readonly badCode: string;
    readonly noCode: string;
  };
  readonly crm: {
    readonly title: (channel: string, who: string) => string;
    readonly touched: (channel: string) => string;
    readonly callbackTitle: (who: string) => string;
  };
  readonly dateLocale: string;
};

const ru: Texts = {
  titles: {
    'lead.assigned': '🔔 Новая заявка',
    'lead.reassigned': '🔁 Заявка передана вам',
    'callback.assigned': '📞 Перезвоните: пропущенный звонок',
    'lead.touched': '✉️ Клиент снова на связи',
  },
  channels: {
    form: 'форма на сайте',
    telegram: 'Telegram',
    whatsapp: 'WhatsApp',
    vk: 'ВКонтакте',
    phone: 'телефон',
  },
  noName: 'без имени',
  channel: 'Канал',
  acceptBy: (time) => `Принять до ${time}`,
  acceptButton: '✅ Принять',
  acceptedAt: (time) => `✅ Принято в ${time}`,
  wentToSomeoneElse: '↪️ Заявка ушла другому менеджеру',
  closed: '🔒 Заявка закрыта',
  answers: {
    accepted: 'Заявка ваша ✅',
    already: 'Вы уже приняли эту заявку',
    moved: 'Заявка ушла другому менеджеру',
    closed: 'Заявка уже закрыта',
    notThisChat: 'Эта заявка не для этого чата',
    notFound: 'Заявка не найдена',
    stale: 'Эта кнопка больше не работает',
  },
  start: {
    bound: (name) => `Готово: заявки для «${name}» будут приходить в этот чат.`,
    badCode:
      'Эта ссылка не подходит: она уже использована, устарела или неверна. Попросите у руководителя новую.',
    noCode: 'Чтобы получать заявки здесь, откройте ссылку, которую вам дал руководитель.',
  },
  crm: {
    title: (channel, who) => `Заявка (${channel}): ${who}`,
    touched: (channel) => `Клиент снова на связи (${channel})`,
    callbackTitle: (who) => `Перезвонить: ${who}`,
  },
  dateLocale: 'ru-RU',
};

const en: Texts = {
  titles: {
    'lead.assigned': '🔔 New lead',
    'lead.reassigned': '🔁 A lead passed to you',
    'callback.assigned': '📞 Call back: a missed call',
    'lead.touched': '✉️ The client got in touch again',
  },
  channels: {
    form: 'website form',
    telegram: 'Telegram',
    whatsapp: 'WhatsApp',
    vk: 'VK',
    phone: 'phone',
  },
  noName: 'no name',
  channel: 'Channel',
  acceptBy: (time) => `Accept by ${time}`,
  acceptButton: '✅ Accept',
  acceptedAt: (time) => `✅ Accepted at ${time}`,
  wentToSomeoneElse: '↪️ This lead went to someone else',
  closed: '🔒 This lead is closed',
  answers: {
    accepted: 'The lead is yours ✅',
    already: 'You have accepted this lead already',
    moved: 'This lead went to someone else',
    closed: 'This lead is closed',
    notThisChat: 'This lead is not for this chat',
    notFound: 'No such lead',
    stale: 'This button no longer works',
  },
  start: {
    bound: (name) => `Done: leads for “${name}” will arrive in this chat.`,
    badCode:
      'This link does not work: it was used, has expired or is wrong. Ask your head of sales for a new one.',
    noCode: 'To receive leads here, open the link your head of sales gave you.',
  },
  crm: {
    title: (channel, who) => `Lead (${channel}): ${who}`,
    touched: (channel) => `The client got in touch again (${channel})`,
    callbackTitle: (who) => `Call back: ${who}`,
  },
  dateLocale: 'en-GB',
};

export const TEXTS: Readonly<Record<Language, Texts>> = { ru, en };

export const channelLabel = (texts: Texts, channel: string): string =>
  texts.channels[channel] ?? channel;
