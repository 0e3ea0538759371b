/**
 * The telephony secrets tests configure and sign fixtures with, by configuration name. Made up;
 * never real. One key per line: each provider's signer adds its own.
 */
export const TEST_TELEPHONY_SECRETS: Record<string, string> = {
  GENERIC_TELEPHONY_SECRET: 'generic-test-secret-0123456789',
  MANGO_API_KEY: 'mango-test-key-5f1c9a7e2b',
  MANGO_API_SALT: 'mango-test-salt-8d2e7b4c61',
  TWILIO_AUTH_TOKEN: 'test-twilio-auth-token-0123456789ab',
  ZADARMA_API_SECRET: 'zd-test-secret-4f1c9a2b7e6d5c3a',
};
