import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hostileBody, hostileContentType } from '../support/hostile';
import { MESSENGER_SECRETS } from '../support/messengers';
import { SITE_ORIGIN, seedSite } from '../support/seed';
import { TEST_TELEPHONY_SECRETS } from '../support/telephony-signers/secrets';
import { useTestStack } from '../support/test-stack';

/**
 * The same hostile bodies as the property tests, fewer of them, through the real stack: what is
 * refused leaves DynamoDB and SQS exactly as they were.
 */
describe('hostile input against the local servers', () => {
  const t = useTestStack({ env: { ...TEST_TELEPHONY_SECRETS, ...MESSENGER_SECRETS } });

  it('stores nothing and queues nothing for any refused request, on every inbound route', async () => {
    await seedSite(t);
    const itemsBefore = (await t.items('')).length;
    const paths = [
      '/v1/forms/shop',
      '/v1/telephony/twilio',
      '/v1/telephony/zadarma',
      '/v1/telephony/mango/events/summary',
      '/v1/telephony/generic',
      '/v1/messengers/telegram',
      '/v1/messengers/whatsapp',
      '/v1/messengers/vk',
    ];
    let accepted = 0;

    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        hostileBody,
        hostileContentType,
        async (path, body, type) => {
          const response = await t.request(path, {
            method: 'POST',
            headers: {
              ...(type ? { 'Content-Type': type } : {}),
              Origin: 'https://not-allowed.example',
            },
            body,
          });
          expect(response.status).toBeLessThan(500);
          // Mango's connection test is an empty post: acknowledged, nothing stored.
          const mangoPing = path.includes('mango') && body === '';
          if (response.status < 400 && !mangoPing) accepted++;
        },
      ),
      { numRuns: 400, seed: 42 },
    );

    expect(accepted).toBe(0); // unsigned, or from a foreign origin: nothing gets through
    expect(await t.queueDepth('intake')).toBe(0);
    expect((await t.items('')).length).toBe(itemsBefore);
    expect(SITE_ORIGIN).not.toBe('https://not-allowed.example');
  });
});
