/**
 * The provider secrets the tests configure (made-up values). One key per line: each provider
 * adds its own.
 */
export const TEST_TELEPHONY_SECRETS: Record<string, string> = {
  MANGO_API_KEY: 'mango-test-key-5f1c9a7e2b',
  MANGO_API_SALT: 'mango-test-salt-8d2e7b4c61',
};
