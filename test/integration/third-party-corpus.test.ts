import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { signMango } from '../../local/signers/mango';
import { signTwilio } from '../../local/signers/twilio';
import { signZadarma } from '../../local/signers/zadarma';
import { twilio } from '../../shared/channels/telephony/twilio';
import { type TestStack, useTestStack } from '../support/test-stack';

/**
 * The third-party conformance corpus (test/fixtures/third-party/README.md): requests that others
 * wrote — provider documentation examples, SDK test vectors, published captures — replayed byte
 * for byte through the real local stack. Each ends as its manifest says: a lead or a call stored,
 * a documented ignore (200, nothing stored), held (200, kept in the quarantine), or — only for a
 * body that carries no credential at all — refused. Never a 400, never lost.
 */

type Outcome = 'lead' | 'call' | 'ignored' | 'held' | 'refused';

type Auth =
  | 'telegram-secret-header'
  | 'meta-signature'
  | 'vk-secret-in-body'
  | 'twilio-signature'
  | 'twilio-signature-url-only'
  | 'zadarma-signature'
  | 'mango-sign'
  | 'site-token-query';

type Fixture = {
  readonly file: string;
  readonly source: Record<string, string>;
  readonly request: {
    readonly method: string;
    readonly path: string;
    readonly contentType: string;
    readonly auth: Auth;
    readonly signedUrl?: string;
    /** A GET callback: the file is the query string (appended to path and signedUrl), no body. */
    readonly queryFromFile?: boolean;
  };
  /** The clock when switchboard receives it (providers that date events by receipt). */
  readonly at?: string;
  /** Fixtures that reuse another's ids (the same wamid, the same entry_id) get a stack of their own. */
  readonly stack?: string;
  readonly expect: {
    readonly outcome: Outcome;
    readonly why: string;
    readonly reply?: string;
    readonly lead?: {
      readonly channel: string;
      readonly messenger?: { readonly channel: string; readonly id: string };
      readonly contact?: Record<string, string>;
      readonly text?: string;
      readonly eventIdContains?: string;
    };
    readonly call?: { readonly provider: string; readonly callId: string } & Record<
      string,
      string | number
    >;
  };
};

type Vector = {
  readonly name: string;
  readonly authToken: string;
  readonly url: string;
  readonly body: string;
  readonly contentType: string;
  readonly signature: string;
};

type Manifest = {
  readonly env: Record<string, string>;
  readonly site: { readonly siteKey: string; readonly token: string };
  readonly vectors: readonly Vector[];
  readonly fixtures: readonly Fixture[];
};

const CORPUS = join(import.meta.dirname, '..', 'fixtures', 'third-party');
const manifest = JSON.parse(readFileSync(join(CORPUS, 'manifest.json'), 'utf8')) as Manifest;
const env = manifest.env;

const nameOf = (fixture: Fixture): string => fixture.file.replace(/\.[a-z.]+$/, '');
const channelOf = (fixture: Fixture): string => fixture.file.split('/')[0] ?? '';
const secret = (name: string): string => {
  const value = env[name];
  if (!value) throw new Error(`the manifest sets no ${name}`);
  return value;
};

/** The request exactly as the fixture says it is sent: raw bytes, signed as its source signs. */
const buildRequest = (fixture: Fixture): { path: string; init: RequestInit; body: string } => {
  const raw = readFileSync(join(CORPUS, fixture.file), 'utf8');
  const { request } = fixture;
  const headers: Record<string, string> = { 'Content-Type': request.contentType };
  let body = request.queryFromFile ? '' : raw;
  let path = request.queryFromFile ? `${request.path}?${raw}` : request.path;
  const signedUrl = request.queryFromFile ? `${request.signedUrl}?${raw}` : request.signedUrl;
  switch (request.auth) {
    case 'telegram-secret-header':
      headers['X-Telegram-Bot-Api-Secret-Token'] = secret('TELEGRAM_SECRET_TOKEN');
      break;
    case 'meta-signature':
      headers['X-Hub-Signature-256'] =
        `sha256=${createHmac('sha256', secret('WHATSAPP_APP_SECRET')).update(raw, 'utf8').digest('hex')}`;
      break;
    case 'vk-secret-in-body':
      break; // VK's secret travels inside the body, or not at all
    case 'twilio-signature':
    case 'twilio-signature-url-only':
      Object.assign(
        headers,
        signTwilio(
          {
            // A JSON-bodied webhook is signed over its URL alone (the URL carries bodySHA256).
            method: request.auth === 'twilio-signature' ? request.method : 'GET',
            url: signedUrl ?? '',
            body,
          },
          secret('TWILIO_AUTH_TOKEN'),
        ),
      );
      break;
    case 'zadarma-signature':
      Object.assign(headers, signZadarma(raw, secret('ZADARMA_API_SECRET')));
      break;
    case 'mango-sign': {
      const key = secret('MANGO_API_KEY');
      const form = `vpbx_api_key=${encodeURIComponent(key)}&json=${encodeURIComponent(raw)}`;
      body = signMango(form, key, secret('MANGO_API_SALT'));
      break;
    }
    case 'site-token-query':
      path = `${path}${path.includes('?') ? '&' : '?'}token=${encodeURIComponent(manifest.site.token)}`;
      break;
  }
  const withBody = request.method !== 'GET' && request.method !== 'HEAD';
  return { path, body, init: { method: request.method, headers, ...(withBody ? { body } : {}) } };
};

type Stored = { touches: Record<string, unknown>[]; callEvents: Record<string, unknown>[] };

/** A lead's first touch, which the lead item carries (no item of its own), as a touch. */
const firstTouch = (lead: Record<string, unknown>): Record<string, unknown> => ({
  pk: lead.pk,
  sk: `TOUCH#${String(lead.createdAt)}#${String(lead.firstEventId)}`,
  eventId: lead.firstEventId,
  channel: lead.firstChannel,
  text: lead.text,
});

const stored = async (t: TestStack): Promise<Stored> => {
  const items = await t.items('LEAD#');
  return {
    touches: [
      ...items
        .filter((item) => item.sk === 'LEAD' && typeof item.firstEventId === 'string')
        .map(firstTouch),
      ...items.filter((item) => String(item.sk).startsWith('TOUCH#')),
    ],
    callEvents: (await t.items('CALL#')).filter((item) => String(item.sk).startsWith('EVENT#')),
  };
};

const keyOf = (item: Record<string, unknown>) => `${item.pk}|${item.sk}`;
const added = (before: Record<string, unknown>[], after: Record<string, unknown>[]) => {
  const seen = new Set(before.map(keyOf));
  return after.filter((item) => !seen.has(keyOf(item)));
};

const quarantined = async (t: TestStack) => {
  const list = await t.api('GET', '/v1/quarantine?limit=100');
  expect(list.status, 'GET /v1/quarantine (../shared/API.md, "the quarantine")').toBe(200);
  return list.body.items as { id: string; route: string; status: string; reason: string }[];
};

const expectLead = async (t: TestStack, fixture: Fixture, touches: Record<string, unknown>[]) => {
  const expected = fixture.expect.lead;
  expect(touches.length, 'a touch stored for the lead').toBeGreaterThan(0);
  for (const touch of touches) expect(touch.channel).toBe(expected?.channel);
  if (!expected) return;
  const touch = touches[0] as Record<string, unknown>;
  if (expected.eventIdContains) expect(touch.eventId).toContain(expected.eventIdContains);
  if (expected.text) expect(touch.text).toBe(expected.text);
  const leadId = String(touch.pk).slice('LEAD#'.length);
  const lead = await t.api('GET', `/v1/leads/${leadId}`);
  expect(lead.status).toBe(200);
  if (expected.contact) expect(lead.body.contact).toMatchObject(expected.contact);
  if (expected.messenger) {
    expect(lead.body.contact.messengers).toContainEqual(
      expect.objectContaining(expected.messenger),
    );
  }
};

const expectCall = async (t: TestStack, fixture: Fixture, events: Record<string, unknown>[]) => {
  const { provider, callId, ...facts } = fixture.expect.call ?? { provider: '', callId: '' };
  const partition = `CALL#${provider}#${callId}`;
  expect(
    events.filter((event) => event.pk === partition).length,
    `an event of ${partition} stored`,
  ).toBeGreaterThan(0);
  const [call] = await t.items(partition, 'CALL');
  expect(call, `the call record ${partition}`).toBeDefined();
  // The record keeps its outcome once, in its classification.
  const classification = call?.classification as
    | { outcome?: string; effective?: boolean }
    | undefined;
  expect({
    ...call,
    outcome: classification?.outcome,
    ...(classification?.effective ? { effective: true } : {}),
  }).toMatchObject(facts);
};

const replay = async (t: TestStack, fixture: Fixture) => {
  const { expect: expected } = fixture;
  if (fixture.at) t.clock.set(fixture.at);
  const before = await stored(t);
  const heldBefore = expected.outcome === 'held' ? await quarantined(t).catch(() => []) : [];
  const { path, init } = buildRequest(fixture);

  const response = await t.toJson(await t.request(path, init));

  const answer = `${response.status} ${JSON.stringify(response.body)}`;
  if (expected.outcome === 'refused') {
    expect([401, 403], answer).toContain(response.status);
  } else {
    expect(response.status, answer).toBe(200);
  }
  if (expected.reply !== undefined) expect(response.body).toBe(expected.reply);
  const queued = await t.queueDepth('intake');
  await t.drain();
  const after = await stored(t);
  const touches = added(before.touches, after.touches);
  const callEvents = added(before.callEvents, after.callEvents);

  switch (expected.outcome) {
    case 'lead':
      expect(queued, 'queued for the router').toBeGreaterThan(0);
      await expectLead(t, fixture, touches);
      break;
    case 'call':
      expect(queued, 'queued for the router').toBeGreaterThan(0);
      await expectCall(t, fixture, callEvents);
      break;
    case 'ignored':
    case 'refused':
      expect({ queued, touches, callEvents }).toEqual({ queued: 0, touches: [], callEvents: [] });
      break;
    case 'held': {
      expect({ queued, touches, callEvents }).toEqual({ queued: 0, touches: [], callEvents: [] });
      const known = new Set(heldBefore.map((item) => item.id));
      const fresh = (await quarantined(t)).filter((item) => !known.has(item.id));
      expect(fresh).toEqual([
        expect.objectContaining({
          status: 'held',
          route: expect.stringContaining(channelOf(fixture)),
        }),
      ]);
      break;
    }
  }
};

/** Fixtures by the stack they run on, in manifest order. */
const stacks = new Map<string, Fixture[]>();
for (const fixture of manifest.fixtures) {
  const name = fixture.stack ?? channelOf(fixture);
  stacks.set(name, [...(stacks.get(name) ?? []), fixture]);
}

const title = (fixture: Fixture): string => {
  const outcome = fixture.expect.outcome;
  const verb = outcome === 'lead' || outcome === 'call' ? `becomes a ${outcome}` : `is ${outcome}`;
  return `${nameOf(fixture)} ${verb}`;
};

describe('the third-party conformance corpus', () => {
  describe('published Twilio signature vectors', () => {
    it.each(manifest.vectors.map((vector) => [vector.name, vector] as const))(
      'verifies %s with the published token',
      (_, vector) => {
        const url = new URL(vector.url);
        const port = url.protocol === 'https:' ? 443 : 80;
        const withPort = `${url.protocol}//${url.host}:${port}${url.pathname}${url.search}`;
        const request = {
          method: 'POST',
          body: vector.body,
          headers: { 'content-type': vector.contentType, 'x-twilio-signature': vector.signature },
          url: vector.url,
          subPath: '',
          query: url.searchParams,
          signedUrls: [vector.url, withPort],
        };

        const valid = twilio.verify(
          request,
          (name) => (name === 'TWILIO_AUTH_TOKEN' ? vector.authToken : undefined),
          new Date(),
        );

        expect(valid).toBe(true);
      },
    );

    it('signs the five-field POST as published, with the signer the tests use', () => {
      const [vector] = manifest.vectors;
      if (!vector) throw new Error('no vectors');

      const signature = signTwilio(
        { method: 'POST', url: vector.url, body: vector.body },
        vector.authToken,
      )['x-twilio-signature'];

      expect(signature).toBe(vector.signature);
    });

    it.each(
      manifest.vectors
        .filter((vector) => vector.contentType === 'application/json')
        .map((vector) => [vector.name, vector] as const),
    )('checks the body of %s against its published bodySHA256', (_, vector) => {
      const hash = createHash('sha256').update(vector.body).digest('hex');

      expect(new URL(vector.url).searchParams.get('bodySHA256')).toBe(hash);
    });

    it.each(manifest.vectors.map((vector) => [vector.name, vector] as const))(
      'refuses %s once its body is changed',
      (_, vector) => {
        const url = new URL(vector.url);
        const request = {
          method: 'POST',
          body: `${vector.body}&x=1`,
          headers: { 'content-type': vector.contentType, 'x-twilio-signature': vector.signature },
          url: vector.url,
          subPath: '',
          query: url.searchParams,
          signedUrls: [vector.url],
        };

        const valid = twilio.verify(
          request,
          (name) => (name === 'TWILIO_AUTH_TOKEN' ? vector.authToken : undefined),
          new Date(),
        );

        expect(valid).toBe(false);
      },
    );
  });

  for (const [name, fixtures] of stacks) {
    describe(`replayed through the local stack (${name})`, () => {
      const t = useTestStack({ env });

      beforeAll(async () => {
        const site = await t.api('PUT', `/v1/sites/${manifest.site.siteKey}`, {
          name: 'Third-party corpus',
          allowedOrigins: [],
          token: manifest.site.token,
        });
        if (site.status !== 200) throw new Error(`seeding the site failed: ${site.status}`);
      });

      it.each(fixtures.map((fixture) => [title(fixture), fixture] as const))(
        '%s',
        async (_, fixture) => {
          await replay(t, fixture);
        },
      );
    });
  }
});
