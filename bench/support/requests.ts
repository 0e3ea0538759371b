import { createHash } from 'node:crypto';
import { signGeneric } from '../../local/signers/generic';
import type { GenericTelephonyEvent } from '../../shared/channels/telephony/generic';

/** Credentials the benchmarks give the functions (any values work locally). */
export const BENCH_SECRETS = {
  GENERIC_TELEPHONY_SECRET: 'bench-generic-secret-0123456789',
  ADMIN_API_KEY: 'sb_bench_admin_key_0123456789abcdef',
} as const;

export const SITE_KEY = 'shop';
export const SITE_TOKEN = 'bench-site-token-0123456789abcdef';
export const SITE_TOKEN_HASH = createHash('sha256').update(SITE_TOKEN).digest('hex');

/** A distinct, valid Russian mobile number per index (+7 999 … ). */
export const phoneOf = (index: number): string =>
  `+7999${String(1_000_000 + (index % 9_000_000)).padStart(7, '0')}`;

/** A website form as a site's server posts it: JSON, with the site token. */
export const formRequest = (index: number) => ({
  path: `/v1/forms/${SITE_KEY}`,
  headers: {
    'content-type': 'application/json',
    authorization: `Bearer ${SITE_TOKEN}`,
  },
  body: JSON.stringify({
    name: `Client ${index}`,
    phone: phoneOf(index),
    email: `client${index}@example.com`,
    message: 'Please call me back about the order',
    utm_source: 'yandex',
    utm_campaign: 'winter',
  }),
});

export type GenericEvent = GenericTelephonyEvent;

/** The three events of one inbound call, answered (or missed) by an extension. */
export const callEvents = (
  callId: string,
  customer: string,
  start: Date,
  options: { readonly extension: string; readonly answered: boolean },
): GenericEvent[] => {
  const at = (seconds: number) => new Date(start.getTime() + seconds * 1000).toISOString();
  const base = { callId, direction: 'inbound' as const, from: customer, to: '+74950000000' };
  return [
    { ...base, eventId: `${callId}-start`, event: 'started', at: at(0) },
    ...(options.answered
      ? [
          {
            ...base,
            eventId: `${callId}-answer`,
            event: 'answered' as const,
            at: at(7),
            extension: options.extension,
          },
        ]
      : []),
    {
      ...base,
      eventId: `${callId}-end`,
      event: 'ended',
      at: at(options.answered ? 97 : 20),
      extension: options.extension,
      disposition: options.answered ? 'answered' : 'no-answer',
      talkSeconds: options.answered ? 90 : 0,
    },
  ];
};

/** A generic telephony event, signed the way a PBX signs it (local/signers/generic.ts). */
export const telephonyRequest = (event: GenericEvent, now: Date = new Date()) => {
  const body = JSON.stringify(event);
  return {
    path: '/v1/telephony/generic',
    headers: {
      'content-type': 'application/json',
      ...lowerCaseKeys(signGeneric(body, BENCH_SECRETS.GENERIC_TELEPHONY_SECRET, now)),
    },
    body,
  };
};

const lowerCaseKeys = (headers: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
