import { describe, expect, it } from 'vitest';
import { type FanOutDeps, fanOut } from '../../../functions/notify/fan-out';
import type { QueuedEvent } from '../../../shared/domain/messages';
import { TEXTS } from '../../../shared/domain/notify/texts';
import type { Webhook } from '../../../shared/domain/notify/types';
import { destinations } from '../../../shared/notify/destinations';

const assigned = {
  type: 'lead.assigned',
  leadId: 'l-1',
  managerId: 'm',
  contact: { id: 'c-1' },
  channel: 'form',
  at: '2026-11-27T07:00:00.000Z',
} as QueuedEvent;

const webhook = (overrides: Partial<Webhook>): Webhook => ({
  name: 'crm',
  url: 'https://crm.example/hook',
  secret: 's',
  events: ['lead.assigned'],
  format: 'switchboard',
  active: true,
  updatedAt: '2026-11-01T00:00:00.000Z',
  ...overrides,
});

/** Deps whose stores fail the test if the event is read; counts what is sent. */
const depsWith = (options: { webhooks: Webhook[]; telegram: boolean }) => {
  const reads: string[] = [];
  const read = (what: string) => async () => {
    reads.push(what);
    return undefined;
  };
  const deps = {
    leads: { detail: read('lead') },
    contacts: { get: read('contact') },
    managers: { get: read('manager') },
    calls: { get: read('call') },
    webhooks: { list: async () => options.webhooks },
    queue: { send: async () => {} },
    now: () => new Date('2026-11-27T07:00:01.000Z'),
    texts: TEXTS.en,
    timeZone: 'Europe/Moscow',
    acceptTimeoutSeconds: 300,
    telegram: options.telegram,
  } as unknown as FanOutDeps;
  return { deps, reads };
};

describe('fanning an event out', () => {
  it('reads nothing about an event no destination takes: no bot, no webhook subscribed', async () => {
    const { deps, reads } = depsWith({
      telegram: false,
      webhooks: [
        webhook({ events: ['lead.accepted'] }),
        webhook({ name: 'paused', active: false }),
        webhook({ name: 'b24', format: 'bitrix24', events: ['lead.accepted'] }),
      ],
    });

    expect(await fanOut(deps, assigned)).toBe(0);
    expect(reads).toEqual([]);
  });

  it.each([
    ['a bot is configured', { telegram: true, webhooks: [] }],
    ['a webhook is subscribed', { telegram: false, webhooks: [webhook({})] }],
    [
      'a Bitrix24 portal is subscribed',
      { telegram: false, webhooks: [webhook({ format: 'bitrix24' })] },
    ],
  ])('reads the event when %s', async (_, options) => {
    const { deps, reads } = depsWith(options);

    await fanOut(deps, assigned);

    expect(reads).toContain('lead');
  });

  it('asks each destination the same question its plan answers', () => {
    const context = {
      webhooks: [webhook({})],
      texts: TEXTS.en,
      timeZone: 'Europe/Moscow',
      acceptTimeoutSeconds: 300,
      telegram: false,
    };
    const wanting = [...destinations.values()]
      .filter((d) => d.wants('lead.assigned', context))
      .map((d) => d.name);

    expect(wanting).toEqual(['webhook']);
  });
});
