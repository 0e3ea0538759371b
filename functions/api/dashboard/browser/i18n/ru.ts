import type { Dictionary } from './en';
import { ru3 } from './plural';

/** Every text the dashboard shows in Russian: the keys of en.ts, no more, no fewer. */
export const ru: Dictionary = {
  locale: 'ru-RU',
  language: 'Русский',
  languages: 'Язык',

  pageTitle: 'Панель продаж · switchboard',
  headTitle: 'Панель продаж',
  noScript: 'Для панели нужен JavaScript.',
  daysIn: 'дни по поясу',
  from: 'С',
  to: 'По',
  show: 'Показать',
  days7: '7 дней',
  days30: '30 дней',
  forgetKey: 'Забыть ключ',

  keyTitle: 'Введите API-ключ',
  keyHelp:
    'Ключ менеджера открывает ваши открытые заявки, ключ руководителя или администратора — показатели отдела (npm start печатает ключ администратора). Ключ хранится только в этой вкладке и отправляется только этому серверу.',
  keyLabel: 'API-ключ',
  keySubmit: 'Открыть панель',
  keyRefused: 'API не принял этот ключ (401 unauthorized). Введите его ещё раз.',
  keyForbidden:
    'Этому ключу нельзя читать показатели (403 forbidden): нужен ключ руководителя или администратора.',
  keyUnreachable: 'API недоступен. Проверьте связь и попробуйте ещё раз.',

  loading: (period: string) => `Загрузка: ${period}…`,
  periodRefused: (why: string) => `API не принял этот период: ${why}.`,
  apiIssues: {
    'at most 366 days at once': 'не больше 366 дней за раз',
    'from is after to': 'начало позже конца',
    'a real calendar date': 'нужна настоящая календарная дата',
  },
  apiAnswered: (status: number, error: string, message: string) =>
    `API ответил ${status} (${error}): ${message} Нажмите «Показать», чтобы повторить.`,
  unreachable: 'API недоступен. Проверьте связь и нажмите «Показать» ещё раз.',
  chooseBothDays: 'Выберите оба дня периода.',
  periodBackwards: 'Период начинается позже, чем заканчивается.',

  totals: 'Итоги периода',
  tileCalls: 'Звонки',
  tileCallsNote: (inbound: string, outbound: string) => `вх. ${inbound} · исх. ${outbound}`,
  tileAnswered: 'Отвечено',
  tileAnsweredNote: (share: string) => `${share} входящих`,
  tileMissed: 'Пропущено',
  tileMissedNote: (seconds: string) => `ждали ${seconds} с и дольше`,
  tileShortAbandoned: 'Быстрые сбросы',
  tileShortAbandonedNote: (seconds: string) => `сбросили в первые ${seconds} с`,
  tileEffective: 'Результативные разговоры',
  tileEffectiveNote: (seconds: string) => `разговор от ${seconds} с`,
  tileCallbackRate: 'Перезвонили за 15 мин',
  tileCallbackRateNote: (calledBack: string, missed: string) =>
    `${calledBack} из ${missed} пропущенных`,
  tileNeverCalledBack: 'Не перезвонили',
  tileNeverCalledBackNote: 'пропущены, перезвона ещё не было',
  tileLeads: 'Заявки',
  tileLeadsNote: (n: number, shown: string) =>
    `${shown} ${ru3(n, 'новый контакт', 'новых контакта', 'новых контактов')}`,

  callsTitle: 'Входящие звонки по дням',
  answered: 'Отвеченные',
  missed: 'Пропущенные',
  shortAbandoned: 'Быстрые сбросы',
  outbound: 'Исходящие',
  asTable: 'Таблицей',
  callsChartTitle: 'Входящие звонки по дням: отвеченные, пропущенные и быстрые сбросы',
  noInboundCalls: 'За период входящих звонков нет',
  callsPerDay: 'Звонки по дням',
  day: 'День',

  effectiveTitle: 'Результативные разговоры по менеджерам',
  noManagerCalls: 'За период нет звонков с менеджерами.',
  noManager: 'Без менеджера',

  channelsTitle: 'Заявки по каналам',
  channels: {
    form: 'Формы на сайте',
    telegram: 'Telegram',
    whatsapp: 'WhatsApp',
    vk: 'ВКонтакте',
    phone: 'Телефон',
  },
  callbackTasks: (n: number, shown: string) =>
    `Кроме этих заявок, пропущенные звонки открыли ${shown} ${ru3(n, 'задачу', 'задачи', 'задач')} на перезвон.`,

  callbacksTitle: 'Перезвоны на пропущенные звонки по менеджерам',
  callbacksNote:
    '* Доля = перезвонили за 15 мин ÷ пропущенные; считается здесь из двух цифр, которые даёт API.',
  manager: 'Менеджер',
  calledBack15: 'Перезвонили ≤ 15 мин',
  rate15: 'Доля ≤ 15 мин*',
  averageCallback: 'Среднее время до перезвона',
  notCalledBack: 'Не перезвонили',
  noMissedCalls: 'За период пропущенных звонков нет.',

  speedTitle: 'Скорость обработки заявок',
  speedFrom: 'От заявки до',
  leads: 'Заявки',
  median: 'Медиана (p50)',
  p90: 'p90',
  within15: 'За 15 мин',
  stages: {
    timeToAccept: 'Принятия менеджером',
    timeToFirstAttempt: 'Первого звонка клиенту',
    timeToFirstContact: 'Первого разговора',
  },

  missedTitle: 'Пропущенные без перезвона:',
  missedCaption: 'Пропущенные звонки без перезвона, сначала старые',
  missedOldestShown: (shown: string) => `Показаны самые старые: ${shown}.`,
  missedNewestRead: (shown: string) => `Прочитаны только последние пропущенные: ${shown}.`,
  missedCatchingUp: (shown: string) =>
    `В показателях без перезвона ${shown}; список, возможно, ещё не догнал.`,
  calledAt: 'Когда звонили',
  client: 'Клиент',
  waited: 'Ждал',
  whyMissed: 'Причина',
  unknownNumber: 'номер неизвестен',
  allCalledBack: 'На все пропущенные звонки периода перезвонили.',
  missedReasons: {
    abandoned: 'клиент положил трубку',
    'no-answer': 'не ответили',
    busy: 'занято',
    rejected: 'отклонён',
    failed: 'сбой',
    voicemail: 'голосовая почта',
    ivr: 'голосовое меню',
    unavailable: 'недоступен',
  },

  csvTitle: 'Скачать период в CSV:',
  csvCalls: 'Звонки',
  csvLeads: 'Заявки',

  units: { seconds: 'с', minutes: 'мин', hours: 'ч' },

  managerTitle: 'Мои заявки',
  openLeadsTitle: 'Открытые заявки, сначала новые',
  refresh: 'Обновить',
  loadingLeads: 'Загружаю ваши заявки…',
  leadsCount: (n: number, shown: string) =>
    `${shown} ${ru3(n, 'открытая заявка', 'открытые заявки', 'открытых заявок')}`,
  leadsTruncated: (shown: string) => `Показаны только последние: ${shown}.`,
  noOpenLeads: 'Открытых заявок нет.',
  noName: 'Без имени',
  statuses: { new: 'Новая', assigned: 'Назначена', accepted: 'Принята', closed: 'Закрыта' },
  channel: 'Канал',
  created: 'Создана',
  acceptBy: 'Принять до',
  timeLeft: (duration: string) => `осталось ${duration}`,
  timeUp: 'время вышло',
  accept: 'Принять',
  closeAs: 'Закрыть как',
  outcomes: { won: 'Успех', lost: 'Отказ', spam: 'Спам' },
  leadAccepted: (who: string) => `Принята: ${who}.`,
  leadClosed: (who: string, outcome: string) => `Закрыта как «${outcome}»: ${who}.`,
  leadElsewhere: 'Эта заявка уже у другого менеджера.',
  leadChanged: 'Заявка тем временем изменилась (передана другому или закрыта).',
  leadMissing: 'Такой заявки больше нет.',
  actionFailed: (status: number, error: string) =>
    `API ответил ${status} (${error}). Попробуйте ещё раз.`,
  leadsUnreachable: 'API недоступен. Проверьте связь и нажмите «Обновить».',
};
