import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { awsClientOptions } from '../../shared/config';
import type { InboundRequest } from '../../shared/domain/quarantine';
import { createSqsClient } from '../../shared/queue/client';
import { createSqsIntakeQueue } from '../../shared/queue/sqs-intake-queue';
import { createDocumentClient } from '../../shared/store/client';
import { createStores } from '../../shared/store/stores';
import { reprocessHeld } from '../../shared/usecases/reprocess-held';
import { MESSENGER_SECRETS, vkMessageNew } from '../support/messengers';
import { SITE_TOKEN, seedSite } from '../support/seed';
import { useTestStack } from '../support/test-stack';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const TELEGRAM = MESSENGER_SECRETS.TELEGRAM_SECRET_TOKEN;
const VK = MESSENGER_SECRETS.VK_SECRET;

/**
 * What the quarantine keeps of a shared secret (docs/quarantine.md, "What is stored"): Telegram's
 * secret-token header, VK's `secret` and a form's token are the credentials themselves, so a held
 * request keeps each only as its sha256 — and a reprocess still re-verifies against it.
 */
describe('the quarantine and shared secrets', () => {
  const t = useTestStack({ env: MESSENGER_SECRETS });

  const stores = () => {
    const config = t.stack.config;
    return createStores(createDocumentClient(awsClientOptions(config, 'dynamodb')), config);
  };

  /** Today's reprocess use case, with the channel secrets as configured or rotated. */
  const reprocess = (id: string, rotated: Record<string, string> = {}) => {
    const config = t.stack.config;
    return reprocessHeld(
      {
        quarantine: stores().quarantine,
        sites: stores().sites,
        intake: createSqsIntakeQueue(
          createSqsClient(awsClientOptions(config, 'sqs')),
          config.intakeQueueUrl ?? '',
        ),
        secret: (name) => rotated[name] ?? config.secret(name),
        defaultCountry: config.defaultCountry,
        timeZone: config.timeZone,
        now: t.clock.now,
      },
      id,
    );
  };

  const heldSince = async (known: readonly unknown[]) => {
    const all = await t.items('HELD#');
    const seen = new Set(known.map((item) => JSON.stringify(item)));
    return all.filter((item) => !seen.has(JSON.stringify(item)));
  };

  const postTelegram = (body: string, secret: string) =>
    t.request('/v1/messengers/telegram', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': secret },
      body,
    });

  const postVk = (body: string) =>
    t.request('/v1/messengers/vk', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
    });

  /** A message_new today's parser cannot read (a sender id that is no number). */
  const unreadableVk = (secret: string) => {
    const event = vkMessageNew({ eventId: `held-${secret.length}`, extra: { secret } });
    (event.object as { message: Record<string, unknown> }).message.from_id = 'somebody';
    return JSON.stringify(event);
  };

  it('keeps Telegram’s secret header only as its sha256, and still re-verifies it on reprocess', async () => {
    const before = await t.items('HELD#');
    const body = '{"update_id": 7001, "message": {"message_id": "first"'; // cut short

    const response = await postTelegram(body, TELEGRAM);

    expect(response.status).toBe(200);
    const [item] = await heldSince(before);
    expect(item?.headers).toMatchObject({ 'x-telegram-bot-api-secret-token': sha256(TELEGRAM) });
    expect(JSON.stringify(item)).not.toContain(TELEGRAM);
    const id = String(item?.id);
    const detail = await t.api('GET', `/v1/quarantine/${id}`);
    expect(detail.body.body).toEqual({ encoding: 'utf8', data: body });

    // Verified by the hash: still held because it is still unreadable, not for its secret.
    expect(await reprocess(id)).toMatchObject({ outcome: 'still_held', reason: 'unreadable' });
    expect(await reprocess(id, { TELEGRAM_SECRET_TOKEN: 'a-rotated-secret-token' })).toMatchObject({
      outcome: 'still_held',
      reason: 'not_authenticated',
    });
  });

  it('keeps VK’s secret in a held body only as its sha256, every other byte as received', async () => {
    const before = await t.items('HELD#');
    const body = unreadableVk(VK);

    const response = await postVk(body);

    expect(await response.text()).toBe('ok');
    const [item] = await heldSince(before);
    const kept = Buffer.from(item?.body as Uint8Array).toString('utf8');
    expect(kept).toBe(body.replace(`"secret":"${VK}"`, `"secret":"${sha256(VK)}"`));
    expect(JSON.stringify(item)).not.toContain(VK);

    const id = String(item?.id);
    expect(await reprocess(id)).toMatchObject({ outcome: 'still_held', reason: 'not_understood' });
    expect(await reprocess(id, { VK_SECRET: 'rotated-vk-secret' })).toMatchObject({
      outcome: 'still_held',
      reason: 'not_authenticated',
    });
  });

  it('refuses a live request that brings the secret’s hash instead of the secret', async () => {
    const before = await t.items('HELD#');

    const telegram = await postTelegram('{"update_id": 7002}', sha256(TELEGRAM));
    const vk = await postVk(unreadableVk(sha256(VK)));

    expect([telegram.status, vk.status]).toEqual([401, 401]);
    expect(await heldSince(before)).toEqual([]);
  });

  it('keeps a form’s site token, sent in the body, only as its sha256', async () => {
    await seedSite(t, 'shop');
    const before = await t.items('HELD#');
    const body = `name=Nobody&comment=call%20me&token=${SITE_TOKEN}`;

    const response = await t.request('/v1/forms/shop', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
    });

    expect(response.status).toBe(200);
    const [item] = await heldSince(before);
    expect(item).toMatchObject({ reason: 'not_understood', authenticatedBy: 'token' });
    const kept = Buffer.from(item?.body as Uint8Array).toString('utf8');
    expect(kept).toBe(body.replace(SITE_TOKEN, sha256(SITE_TOKEN)));
    expect(JSON.stringify(item)).not.toContain(SITE_TOKEN);
  });

  it('still re-verifies a request held before secrets were sealed, its header as it came', async () => {
    const body = '{"update_id": 7003, "message": 1}';
    const request: InboundRequest = {
      route: 'messengers',
      name: 'telegram',
      method: 'POST',
      path: '/v1/messengers/telegram',
      subPath: '',
      query: '',
      url: 'http://localhost/v1/messengers/telegram',
      signedUrls: [],
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TELEGRAM },
      bytes: new TextEncoder().encode(body),
      receivedAt: t.clock.peek(),
    };
    await stores().quarantine.hold({
      id: 'held-before-sealing',
      request,
      status: 'held',
      reason: 'not_understood',
      issues: [],
      authenticatedBy: 'signature',
      updatedAt: t.clock.peek().toISOString(),
      reprocessAttempts: 0,
    });

    expect(await reprocess('held-before-sealing')).toMatchObject({
      outcome: 'still_held',
      reason: 'not_understood',
    });
  });
});
