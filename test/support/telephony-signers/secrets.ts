/** The provider secrets tests configure and sign with; one key per provider secret. */
export const TEST_TELEPHONY_SECRETS: Record<string, string> = {
  TWILIO_AUTH_TOKEN: 'test-twilio-auth-token-0123456789ab',
};
