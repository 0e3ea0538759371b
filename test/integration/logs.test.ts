import { describe, expect, it } from 'vitest';
import { signGeneric } from '../../local/signers/generic';
import { captureLogs } from '../support/captured-logs';
import {
  MESSENGER_SECRETS,
  metaJson,
  signMeta,
  telegramUpdate,
  whatsappMessages,
} from '../support/messengers';
import { postForm, seedManager, seedSite } from '../support/seed';
import { useTestStack } from '../support/test-stack';

/** Personal data the flows below carry, in every shape it arrives in. */
const PHONES = [
  '+79161234567',
  '79161234567',
  '8 (916) 123-45-67',
  '+7 916 123 45 67',
  '+79169876543',
  '79169876543',
];
const EMAILS = ['olga.secret@example.com', 'OLGA.SECRET@EXAMPLE.COM'];
const TEXTS = [
  'Перезвоните мне насчёт ипотеки',
  'my secret question about pricing',
  'hello from telegram privately',
];

describe('logs', () => {
  const t = useTestStack({
    env: { GENERIC_TELEPHONY_SECRET: 'generic-secret-0123456789', ...MESSENGER_SECRETS },
  });
  const lines = captureLogs();

  it('carry no phone number, e-mail or message text, through forms, messengers, calls and errors', async () => {
    await seedSite(t);
    await seedManager(t, 'anna', { extensions: ['101'] });

    await postForm(t, 'shop', {
      name: 'Olga',
      phone: PHONES[2],
      email: EMAILS[1],
      message: TEXTS[0],
    });
    await postForm(t, 'shop', { name: 'Olga', phone: 'not a phone 8916123456', email: 'broken@' }); // 400
    await postForm(
      t,
      'shop',
      { name: 'Olga', phone: PHONES[3], message: TEXTS[1] },
      { headers: { Origin: 'https://evil.example' } },
    ); // 403
    await t.request('/v1/messengers/telegram', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-Telegram-Bot-Api-Secret-Token': MESSENGER_SECRETS.TELEGRAM_SECRET_TOKEN,
      },
      body: JSON.stringify(
        telegramUpdate({
          updateId: 501,
          text: TEXTS[2],
          contact: { phone_number: PHONES[1] as string, user_id: 700_100_200 },
        }),
      ),
    });
    const wa = metaJson(whatsappMessages({ id: 'wamid.LOGS1', from: PHONES[5], text: TEXTS[1] }));
    await t.request('/v1/messengers/whatsapp', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': signMeta(wa) },
      body: wa,
    });
    await t.request('/v1/messengers/whatsapp', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': 'sha256=00' },
      body: wa,
    }); // 401
    const call = JSON.stringify({
      eventId: 'log-1-end',
      callId: 'log-1',
      event: 'ended',
      direction: 'inbound',
      from: PHONES[4],
      to: '+74950000000',
      at: t.clock.peek().toISOString(),
      disposition: 'no-answer',
      talkSeconds: 0,
    });
    await t.request('/v1/telephony/generic', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...signGeneric(call, 'generic-secret-0123456789', t.clock.peek()),
      },
      body: call,
    });
    await t.drain();
    await t.api('GET', '/v1/leads?limit=100');
    await t.api('GET', '/v1/calls');

    const output = lines.join('');
    expect(output).toContain('lead created'); // the flows were logged at all
    expect(output).toContain('callback task opened');
    const digits = (s: string) => s.replace(/\D/g, '');
    for (const phone of PHONES)
      expect(output.replace(/\D/g, ''), `phone ${phone}`).not.toContain(digits(phone).slice(-10));
    for (const email of EMAILS) expect(output.toLowerCase()).not.toContain(email.toLowerCase());
    for (const text of TEXTS) expect(output).not.toContain(text);
  });
});
