import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WEBHOOK_SIGNERS } from '../../../local/signers';
import { messengerChannels } from '../../../shared/channels/messengers';
import { telephonyChannels } from '../../../shared/channels/telephony';
import { CallEventSchema, LeadEventSchema } from '../../../shared/domain/messages';
import { MESSENGER_SECRETS } from '../../support/messengers';
import { TEST_TELEPHONY_SECRETS } from '../../support/telephony-signers/secrets';

// docs/adding-a-provider.md lists what a new provider touches; these catch the places that
// would otherwise fail quietly (an event the router cannot read, a scenario folder skipped).

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'telephony');
const providers = [...telephonyChannels.keys()];

const aCallEvent = (provider: string) => ({
  provider,
  callId: 'c-1',
  eventKey: 'c-1#end',
  kind: 'ended',
  final: true,
  at: '2026-11-27T10:00:00.000Z',
});

const aLeadEvent = (channel: string) => ({
  kind: 'lead',
  eventId: `${channel}:bot:1`,
  channel,
  receivedAt: '2026-11-27T10:00:00.000Z',
  dedupeWindowSeconds: 86_400,
  source: {},
  contact: { messenger: { channel, id: '42' } },
});

describe('the telephony registry', () => {
  it.each(providers)('registers %s under the name its module declares', (name) => {
    expect(telephonyChannels.get(name)?.provider).toBe(name);
  });

  it.each(providers)('gives the router call events of %s it can read', (name) => {
    expect(CallEventSchema.safeParse(aCallEvent(name)).success).toBe(true);
  });

  it.each(providers)('has a signer for %s (tests, npm run webhook) and test secrets', (name) => {
    expect(WEBHOOK_SIGNERS[name]).toBeTypeOf('function');
    for (const secret of telephonyChannels.get(name)?.secretNames ?? []) {
      expect(TEST_TELEPHONY_SECRETS[secret], secret).toBeTruthy();
    }
  });

  it('has no signer and no scenario folder for a provider it does not know', () => {
    const folders = readdirSync(FIXTURES, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);

    expect(Object.keys(WEBHOOK_SIGNERS).filter((name) => !telephonyChannels.has(name))).toEqual([]);
    expect(folders.filter((name) => !telephonyChannels.has(name))).toEqual([]);
  });
});

describe('the messenger registry', () => {
  const channels = [...messengerChannels.keys()];

  it.each(channels)('registers %s under the name its module declares', (name) => {
    expect(messengerChannels.get(name)?.channel).toBe(name);
  });

  it.each(channels)('gives the router lead events of %s it can read', (name) => {
    expect(LeadEventSchema.safeParse(aLeadEvent(name)).success).toBe(true);
  });

  it.each(channels)('has test secrets for %s', (name) => {
    const secrets: Readonly<Record<string, string>> = MESSENGER_SECRETS;
    for (const secret of messengerChannels.get(name)?.secretNames ?? []) {
      expect(secrets[secret], secret).toBeTruthy();
    }
  });
});
