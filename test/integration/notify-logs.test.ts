import { describe, expect, it } from 'vitest';
import { captureLogs } from '../support/captured-logs';
import { createTestClock } from '../support/clock';
import { bindChat, botTap, deliverAll, NOTIFY_SECRET, postBotUpdate } from '../support/notify';
import { postForm, seedManager, seedSite } from '../support/seed';
import { TEST_BOT_TOKEN } from '../support/stand-ins/telegram';
import {
  useBitrix24StandIn,
  useTelegramStandIn,
  useWebhookReceiver,
} from '../support/stand-ins/use';
import { useTestStack } from '../support/test-stack';

const PHONE = '+79167654321';
const EMAIL = 'vera.private@example.com';
const TEXT = 'мой секретный вопрос о скидке';
const NAME = 'Вера Секретная';
const SECRET = 'whsec_logs_0123456789abcdef';

const clock = createTestClock();
const telegram = useTelegramStandIn({ now: () => clock.peek() });
const receiver = useWebhookReceiver({ secret: SECRET, now: () => clock.peek() });
const bitrix = useBitrix24StandIn({ code: 'l0gsb1trixc0de' });

describe('logs of the last mile', () => {
  const t = useTestStack({
    clock,
    env: () => ({
      NOTIFY_TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN,
      NOTIFY_TELEGRAM_SECRET_TOKEN: NOTIFY_SECRET,
      TELEGRAM_API_BASE_URL: telegram().url,
    }),
  });
  const lines = captureLogs();

  it('carry no phone, e-mail, name, message text, bot token or Bitrix24 code through Telegram, webhooks and Bitrix24', async () => {
    await seedSite(t);
    await seedManager(t, 'anna', { bitrix24UserId: 3 });
    await bindChat(t, 'anna', 8_880_001);
    await t.api('PUT', '/v1/webhooks/crm', {
      url: receiver().url,
      secret: SECRET,
      events: ['lead.assigned', 'lead.accepted'],
      active: true,
    });
    await t.api('PUT', '/v1/webhooks/b24', {
      url: bitrix().url,
      format: 'bitrix24',
      events: ['lead.assigned', 'lead.accepted'],
      active: true,
    });
    receiver().answerNext(500);
    telegram().failNext('sendMessage', 500, 'Internal Server Error');

    await postForm(t, 'shop', { name: NAME, phone: PHONE, email: EMAIL, message: TEXT });
    await deliverAll(t);
    clock.advance(60_000);
    await t.runDueDeliveries();
    const offer = telegram().messages.at(-1);
    const lead = (await t.api('GET', '/v1/leads')).body.items[0];
    await postBotUpdate(t, botTap(8_880_001, offer?.messageId ?? 0, `accept:${lead.id}`));
    await deliverAll(t);

    const output = lines.join('');
    expect(offer?.text).toContain(NAME); // the flows ran and were logged
    expect(output).toContain('delivery attempt failed');
    expect(output).toContain('lead accepted from Telegram');
    expect(output.replace(/\D/g, '')).not.toContain(PHONE.replace(/\D/g, '').slice(-10));
    for (const secret of [EMAIL, TEXT, NAME, TEST_BOT_TOKEN, 'l0gsb1trixc0de', SECRET]) {
      expect(output).not.toContain(secret);
    }
  });
});
