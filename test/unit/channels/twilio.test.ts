import { createHash, createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { signTwilio } from '../../../local/signers/twilio';
import { twilio } from '../../../shared/channels/telephony/twilio';
import type { TelephonyRequest } from '../../../shared/channels/telephony/types';
import { classifyCall } from '../../../shared/domain/calls/classify';
import { closeByTimeout } from '../../../shared/domain/calls/finalize';
import { foldCall } from '../../../shared/domain/calls/fold';
import type { CallEvent } from '../../../shared/domain/calls/types';
import type { Manager } from '../../../shared/domain/types';
import { managerOf } from '../../../shared/usecases/record-call-event';
import { TEST_TELEPHONY_SECRETS } from '../../support/telephony-signers/secrets';

type FixtureRequest = {
  readonly at: string;
  readonly method: string;
  readonly path: string;
  readonly contentType: string;
  readonly body: string;
};
type Fixture = {
  readonly description: string;
  /** No final event comes: the call is judged as its deadline closes it. */
  readonly afterDeadline?: boolean;
  readonly managers: readonly { id: string; extensions: string[]; phones: string[] }[];
  readonly requests: readonly FixtureRequest[];
  readonly expect: readonly {
    readonly callId: string;
    readonly direction: 'inbound' | 'outbound';
    readonly outcome: string;
    readonly effective: boolean;
    readonly missedReason?: string;
    readonly talkSeconds: number;
    readonly managerId: string | null;
    readonly closedBy?: string;
  }[];
};

const PUBLIC_BASE = 'https://hooks.example.com';
const TOKEN = TEST_TELEPHONY_SECRETS.TWILIO_AUTH_TOKEN ?? '';
const secret = (name: string) => TEST_TELEPHONY_SECRETS[name];
const thresholds = { effectiveTalkSeconds: 60, shortAbandonSeconds: 5 };
const FIXTURES = join(import.meta.dirname, '../../fixtures/telephony/twilio');
const fixtures: [string, Fixture][] = readdirSync(FIXTURES)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => [file, JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as Fixture]);

/** A request as the ingest route builds it; the URL candidates as telephony.ts lists them. */
const requestOf = (input: {
  method?: string;
  url: string;
  body?: string;
  headers?: Record<string, string>;
  signedUrls?: string[];
}): TelephonyRequest => {
  const url = new URL(input.url);
  return {
    method: input.method ?? 'POST',
    url: input.url,
    body: input.body ?? '',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...input.headers },
    subPath: url.pathname.replace(/^\/v1\/telephony\/twilio/, ''),
    query: url.searchParams,
    signedUrls: input.signedUrls ?? [input.url, input.url.replace(url.host, `${url.host}:443`)],
  };
};

const signed = (request: FixtureRequest): TelephonyRequest => {
  const url = `${PUBLIC_BASE}${request.path}`;
  const body = request.body;
  return requestOf({
    method: request.method,
    url,
    body,
    headers: signTwilio({ method: request.method, url, body }, TOKEN),
  });
};

const contextAt = (at: string) => ({
  receivedAt: new Date(at),
  defaultCountry: 'RU',
  timeZone: 'Europe/Moscow',
});

const eventsOf = (fixture: Fixture): CallEvent[] =>
  fixture.requests.flatMap((request) => {
    const result = twilio.parse(signed(request), contextAt(request.at));
    if (!result.ok) throw new Error(`unexpected issues: ${JSON.stringify(result.issues)}`);
    return [...result.value];
  });

const managersOf = (fixture: Fixture): Manager[] =>
  fixture.managers.map((m) => ({
    ...m,
    name: m.id,
    team: 'acquisition',
    weight: 1,
    active: true,
    updatedAt: '2026-11-01T00:00:00.000Z',
  }));

/** The events of each whole call, by call id. */
const callsOf = (events: readonly CallEvent[]): [string, CallEvent[]][] => {
  const byCall = new Map<string, CallEvent[]>();
  for (const event of events) {
    byCall.set(event.callId, [...(byCall.get(event.callId) ?? []), event]);
  }
  return [...byCall.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
};

/** Every whole call of the events, judged as the router judges it. */
const judge = (events: readonly CallEvent[], managers: readonly Manager[], afterDeadline = false) =>
  callsOf(events).map(([callId, callEvents]) => {
    const folded = foldCall(callEvents);
    const state = afterDeadline ? closeByTimeout(folded) : folded;
    const verdict = classifyCall(state, thresholds);
    return {
      callId,
      direction: state.direction,
      outcome: verdict?.outcome,
      effective: verdict?.effective,
      missedReason: verdict?.missedReason,
      talkSeconds: state.talkSeconds,
      managerId: managerOf(state.agent, managers)?.id ?? null,
      state,
    };
  });

/** A reproducible shuffle (mulberry32), so a failure can be replayed. */
const shuffled = <T>(items: readonly T[], seed: number): T[] => {
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const result = [...items];
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [result[i], result[j]] = [result[j] as T, result[i] as T];
  }
  return result;
};

const form = (fields: Record<string, string>): string => new URLSearchParams(fields).toString();

const statusBody = (fields: Record<string, string> = {}) =>
  form({
    CallSid: 'CA0f3b6f1bd1c2e4a5b6c7d8e9f0a1b2c3',
    AccountSid: 'AC9af211329b2fc82e5efe906062c73008',
    From: '+79031234567',
    To: '+14155550100',
    Direction: 'inbound',
    CallStatus: 'in-progress',
    CallbackSource: 'call-progress-events',
    SequenceNumber: '1',
    Timestamp: 'Fri, 27 Nov 2026 07:00:01 +0000',
    ...fields,
  });

describe('twilio.verify', () => {
  const vectorUrl = 'https://mycompany.com/myapp.php?foo=1&bar=2';

  it.each([
    {
      name: 'plain fields',
      body: form({
        CallSid: 'CA1234567890ABCDE',
        Caller: '+14158675309',
        Digits: '1234',
        From: '+14158675309',
        To: '+18005551212',
      }),
      signature: 'RSOYDt4T1cUTdK1PDd93/VVr8B8=',
    },
    {
      name: 'a repeated field',
      body: 'Sid=CA123&SidAccount=AC123&Digits=5678&Digits=1234&Digits=1234',
      signature: 'IK+Dwps556ElfBT0I3Rgjkr1wJU=',
    },
  ])("accepts Twilio's published vector with $name", ({ body, signature }) => {
    const request = requestOf({
      url: vectorUrl,
      body,
      headers: { 'X-Twilio-Signature': signature },
      signedUrls: [vectorUrl],
    });

    const valid = twilio.verify(
      request,
      (name) => (name === 'TWILIO_AUTH_TOKEN' ? '12345' : undefined),
      new Date(),
    );

    expect(valid).toBe(true);
  });

  it('sorts field names by code unit, not by localeCompare', () => {
    const url = `${PUBLIC_BASE}/v1/telephony/twilio/status`;
    const body = statusBody({
      CallStatus: 'completed',
      CallDuration: '42',
      Called: '+14155550100',
    });
    const names = [...new URLSearchParams(body).keys()];
    const signWith = (order: string[]) =>
      createHmac('sha1', TOKEN)
        .update(url + order.map((name) => name + new URLSearchParams(body).get(name)).join(''))
        .digest('base64');
    const ordinal = [...names].sort();
    const locale = [...names].sort((a, b) => a.localeCompare(b));

    const withOrdinal = twilio.verify(
      requestOf({ url, body, headers: { 'x-twilio-signature': signWith(ordinal) } }),
      secret,
      new Date(),
    );
    const withLocale = twilio.verify(
      requestOf({ url, body, headers: { 'x-twilio-signature': signWith(locale) } }),
      secret,
      new Date(),
    );

    expect(ordinal).not.toEqual(locale);
    expect(withOrdinal).toBe(true);
    expect(withLocale).toBe(false);
  });

  it.each([
    ['without the default port', `${PUBLIC_BASE}/v1/telephony/twilio/status?tenant=acme`],
    ['with :443', 'https://hooks.example.com:443/v1/telephony/twilio/status?tenant=acme'],
  ])('accepts a signature computed %s', (_form, signedUrl) => {
    const url = `${PUBLIC_BASE}/v1/telephony/twilio/status?tenant=acme`;
    const body = statusBody();
    const request = requestOf({
      url,
      body,
      headers: signTwilio({ method: 'POST', url: signedUrl, body }, TOKEN),
    });

    const valid = twilio.verify(request, secret, new Date());

    expect(request.signedUrls).toContain(signedUrl);
    expect(valid).toBe(true);
  });

  it.each([
    [
      'received with a bare apostrophe, signed with %27',
      "?Body=It's+amazing",
      '?Body=It%27s+amazing',
    ],
    [
      'received with %27, signed with a bare apostrophe',
      '?test=param%27WithQuote',
      "?test=param'WithQuote",
    ],
    ['received with +, signed with %20', '?Body=It+is', '?Body=It%20is'],
  ])('accepts a query %s, as Twilio’s SDKs do', (_form, received, signed) => {
    const url = `${PUBLIC_BASE}/v1/telephony/twilio/status${received}`;
    const body = statusBody();
    const headers = signTwilio(
      { method: 'POST', url: `${PUBLIC_BASE}/v1/telephony/twilio/status${signed}`, body },
      TOKEN,
    );

    expect(twilio.verify(requestOf({ url, body, headers }), secret, new Date())).toBe(true);
  });

  it('signs a GET callback over the URL alone', () => {
    const url = `${PUBLIC_BASE}/v1/telephony/twilio/status?${statusBody()}`;
    const headers = {
      'x-twilio-signature': createHmac('sha1', TOKEN).update(url).digest('base64'),
    };

    const valid = twilio.verify(requestOf({ method: 'GET', url, headers }), secret, new Date());

    expect(valid).toBe(true);
  });

  describe('a JSON-bodied webhook (bodySHA256 in the URL)', () => {
    const body = '{"property": "value", "boolean": true}';
    const hash = createHash('sha256').update(body).digest('hex');
    const jsonRequest = (url: string, raw: string) =>
      requestOf({
        url,
        body: raw,
        headers: {
          'content-type': 'application/json',
          'x-twilio-signature': createHmac('sha1', TOKEN).update(url).digest('base64'),
        },
      });

    it('accepts the signature over the URL alone when the body hashes to bodySHA256', () => {
      const url = `${PUBLIC_BASE}/v1/telephony/twilio?bodySHA256=${hash}`;

      expect(twilio.verify(jsonRequest(url, body), secret, new Date())).toBe(true);
    });

    it('hashes the bytes as received, not the text decoded from them', () => {
      const raw = '{"name": "Ольга"}';
      const url = `${PUBLIC_BASE}/v1/telephony/twilio?bodySHA256=${createHash('sha256').update(raw).digest('hex')}`;
      const request = { ...jsonRequest(url, raw), bytes: new TextEncoder().encode(raw) };

      expect(twilio.verify(request, secret, new Date())).toBe(true);
    });

    it.each([
      ['the body was changed after signing', hash, `${body} `],
      ['bodySHA256 is not the body’s hash', '0'.repeat(64), body],
      ['bodySHA256 is empty', '', body],
    ])('refuses it when %s', (_, bodyHash, raw) => {
      const url = `${PUBLIC_BASE}/v1/telephony/twilio?bodySHA256=${bodyHash}`;

      expect(twilio.verify(jsonRequest(url, raw), secret, new Date())).toBe(false);
    });

    it('reads it as no voice callback: the issue says why', () => {
      const url = `${PUBLIC_BASE}/v1/telephony/twilio?bodySHA256=${hash}`;

      const result = twilio.parse(jsonRequest(url, body), contextAt('2026-11-27T07:00:00Z'));

      expect(result).toEqual({
        ok: false,
        issues: [{ path: '', message: expect.stringContaining('bodySHA256') }],
      });
    });
  });

  it.each([
    ['the signature is missing', {}],
    ['the signature is forged', { 'x-twilio-signature': 'RSOYDt4T1cUTdK1PDd93/VVr8B8=' }],
    ['the signature is empty', { 'x-twilio-signature': '' }],
  ])('refuses a request when %s', (_case, headers: Record<string, string>) => {
    const url = `${PUBLIC_BASE}/v1/telephony/twilio/status`;

    const valid = twilio.verify(
      requestOf({ url, body: statusBody(), headers }),
      secret,
      new Date(),
    );

    expect(valid).toBe(false);
  });

  it('refuses a request when a field was changed after signing', () => {
    const url = `${PUBLIC_BASE}/v1/telephony/twilio/status`;
    const headers = signTwilio({ method: 'POST', url, body: statusBody() }, TOKEN);
    const tampered = statusBody({ CallStatus: 'completed', CallDuration: '600' });

    const valid = twilio.verify(requestOf({ url, body: tampered, headers }), secret, new Date());

    expect(valid).toBe(false);
  });

  it('refuses a request signed for another URL or with another token', () => {
    const url = `${PUBLIC_BASE}/v1/telephony/twilio/status`;
    const body = statusBody();
    const otherUrl = signTwilio({ method: 'POST', url: `${url}?x=1`, body }, TOKEN);
    const otherToken = signTwilio({ method: 'POST', url, body }, 'another-token');

    const results = [otherUrl, otherToken].map((headers) =>
      twilio.verify(requestOf({ url, body, headers }), secret, new Date()),
    );

    expect(results).toEqual([false, false]);
  });

  it('refuses a request when Twilio announces SharedKey signature settings', () => {
    const url = `${PUBLIC_BASE}/v1/telephony/twilio/status`;
    const body = statusBody();
    const headers = {
      ...signTwilio({ method: 'POST', url, body }, TOKEN),
      'x-twilio-webhooks-signature-settings': 'key=k1,algorithm=HMAC_SHA256',
    };

    const valid = twilio.verify(requestOf({ url, body, headers }), secret, new Date());

    expect(valid).toBe(false);
  });

  it('refuses every request when the auth token is not configured', () => {
    const url = `${PUBLIC_BASE}/v1/telephony/twilio/status`;
    const body = statusBody();
    const headers = signTwilio({ method: 'POST', url, body }, TOKEN);

    const valid = twilio.verify(requestOf({ url, body, headers }), () => undefined, new Date());

    expect(valid).toBe(false);
  });
});

describe('twilio.parse', () => {
  const url = `${PUBLIC_BASE}/v1/telephony/twilio/status`;
  const context = contextAt('2026-11-27T07:00:05Z');

  it('dates the inbound leg by Twilio’s Timestamp and never takes its in-progress for an answer', () => {
    const request = requestOf({ url, body: statusBody({ CallStatus: 'in-progress' }) });

    const result = twilio.parse(request, context);

    expect(result).toEqual({
      ok: true,
      value: [
        expect.objectContaining({
          callId: 'CA0f3b6f1bd1c2e4a5b6c7d8e9f0a1b2c3',
          eventKey: 'CA0f3b6f1bd1c2e4a5b6c7d8e9f0a1b2c3#1',
          kind: 'started',
          at: '2026-11-27T07:00:01.000Z',
          direction: 'inbound',
          customer: '+79031234567',
          line: '+14155550100',
        }),
      ],
    });
  });

  it('keys a child leg by its parent and names the dialled client as the agent', () => {
    const body = statusBody({
      CallSid: 'CAaaaabbbbccccddddeeeeffff00001111',
      ParentCallSid: 'CA0f3b6f1bd1c2e4a5b6c7d8e9f0a1b2c3',
      Direction: 'outbound-dial',
      To: 'client:oleg',
      CallStatus: 'in-progress',
      SequenceNumber: '',
    });

    const result = twilio.parse(requestOf({ url, body }), context);

    expect(result).toEqual({
      ok: true,
      value: [
        expect.objectContaining({
          callId: 'CA0f3b6f1bd1c2e4a5b6c7d8e9f0a1b2c3',
          eventKey: 'CAaaaabbbbccccddddeeeeffff00001111#in-progress',
          leg: 'CAaaaabbbbccccddddeeeeffff00001111',
          kind: 'answered',
          answeredAt: '2026-11-27T07:00:01.000Z',
          agent: { identity: 'client:oleg' },
        }),
      ],
    });
    // The leg's From is not the client and its Direction is not the call's.
    expect(result.ok && result.value[0]).not.toHaveProperty('customer');
    expect(result.ok && result.value[0]).not.toHaveProperty('direction');
  });

  it('dates a dialled leg’s completion by its Timestamp, with its talk, so that it can finish the call', () => {
    const body = statusBody({
      CallSid: 'CAaaaabbbbccccddddeeeeffff00001111',
      ParentCallSid: 'CA0f3b6f1bd1c2e4a5b6c7d8e9f0a1b2c3',
      Direction: 'outbound-dial',
      To: '+79161230001',
      CallStatus: 'completed',
      CallDuration: '187',
      SequenceNumber: '3',
      Timestamp: 'Fri, 27 Nov 2026 07:03:17 +0000',
    });

    const result = twilio.parse(requestOf({ url, body }), contextAt('2026-11-27T07:03:19Z'));

    expect(result).toEqual({
      ok: true,
      value: [
        expect.objectContaining({
          kind: 'leg-ended',
          leg: 'CAaaaabbbbccccddddeeeeffff00001111',
          at: '2026-11-27T07:03:17.000Z',
          endedAt: '2026-11-27T07:03:17.000Z',
          answeredAt: '2026-11-27T07:00:10.000Z',
          talkSeconds: 187,
          disposition: 'answered',
        }),
      ],
    });
    expect(result.ok && foldCall(result.value)).toMatchObject({
      ended: true,
      endedAt: '2026-11-27T07:03:17.000Z',
      talkSeconds: 187,
    });
  });

  it('gives the Dial action no end time (it has no Timestamp) and the parent’s completion no talk', () => {
    const dial = twilio.parse(
      requestOf({
        url: `${PUBLIC_BASE}/v1/telephony/twilio/dial-action`,
        body: form({
          CallSid: 'CA0f3b6f1bd1c2e4a5b6c7d8e9f0a1b2c3',
          Direction: 'inbound',
          From: '+79031234567',
          To: '+14155550100',
          DialCallStatus: 'completed',
          DialCallSid: 'CAaaaabbbbccccddddeeeeffff00001111',
          DialCallDuration: '187',
        }),
      }),
      contextAt('2026-11-27T07:03:19Z'),
    );
    const parent = twilio.parse(
      requestOf({
        url,
        body: statusBody({
          CallStatus: 'completed',
          CallDuration: '200',
          Timestamp: 'Fri, 27 Nov 2026 07:03:18 +0000',
        }),
      }),
      contextAt('2026-11-27T07:03:21Z'),
    );

    const events = [...(dial.ok ? dial.value : []), ...(parent.ok ? parent.value : [])];
    expect(events.find((e) => e.final)).not.toHaveProperty('endedAt');
    const parentEnd = events.find((e) => !e.final && e.kind === 'ended');
    expect(parentEnd).toMatchObject({ endedAt: '2026-11-27T07:03:18.000Z' });
    expect(parentEnd?.talkSeconds).toBeUndefined();
    expect(foldCall(events)).toMatchObject({
      endedAt: '2026-11-27T07:03:18.000Z',
      talkSeconds: 187,
    });
  });

  it('normalizes a dialled phone to E.164 and strips SIP URI parameters', () => {
    const child = (to: string) =>
      statusBody({
        CallSid: 'CAaaaabbbbccccddddeeeeffff00001111',
        ParentCallSid: 'CA0f3b6f1bd1c2e4a5b6c7d8e9f0a1b2c3',
        Direction: 'outbound-dial',
        To: to,
        CallStatus: 'ringing',
      });

    const agents = ['8 916 123-00-01', 'sip:101@acme.sip.twilio.com;transport=tls'].map((to) => {
      const result = twilio.parse(requestOf({ url, body: child(to) }), context);
      return result.ok ? result.value[0]?.agent : undefined;
    });

    expect(agents).toEqual([
      { phone: '+79161230001' },
      { identity: 'sip:101@acme.sip.twilio.com' },
    ]);
  });

  it('reports the issues when CallSid is missing or malformed', () => {
    const bodies = [
      statusBody({ CallSid: '' }),
      statusBody({ CallSid: 'not-a-sid' }),
      form({ AccountSid: 'AC9af211329b2fc82e5efe906062c73008' }),
    ];

    const results = bodies.map((body) => twilio.parse(requestOf({ url, body }), context));

    for (const result of results) {
      expect(result).toEqual({
        ok: false,
        issues: [expect.objectContaining({ path: 'CallSid' })],
      });
    }
  });

  it('gives no events for callbacks it does not count', () => {
    const bodies = [
      statusBody({ Direction: 'trunking-originating' }),
      statusBody({ CallbackSource: 'conference-events' }),
      form({ CallSid: 'CA0f3b6f1bd1c2e4a5b6c7d8e9f0a1b2c3', Digits: '1' }),
      form({
        CallSid: 'CA0f3b6f1bd1c2e4a5b6c7d8e9f0a1b2c3',
        RecordingSid: 'RE0f3b6f1bd1c2e4a5b6c7d8e9f0a1b2c3',
        RecordingStatus: 'absent',
      }),
    ];

    const results = bodies.map((body) => twilio.parse(requestOf({ url, body }), context));

    expect(results).toEqual(bodies.map(() => ({ ok: true, value: [] })));
  });
});

describe('twilio.reply', () => {
  it('answers the Dial action with TwiML that hangs up and status callbacks with nothing', () => {
    const dial = requestOf({
      url: `${PUBLIC_BASE}/v1/telephony/twilio/dial-action`,
      body: form({ CallSid: 'CA0f3b6f1bd1c2e4a5b6c7d8e9f0a1b2c3', DialCallStatus: 'no-answer' }),
    });
    const status = requestOf({
      url: `${PUBLIC_BASE}/v1/telephony/twilio/status`,
      body: statusBody(),
    });

    const replies = [twilio.reply(dial, []), twilio.reply(status, [])];

    expect(replies).toEqual([
      { body: '<?xml version="1.0" encoding="UTF-8"?><Response/>', contentType: 'text/xml' },
      { body: '', contentType: 'text/plain; charset=utf-8' },
    ]);
  });
});

describe('twilio scenarios', () => {
  it.each(fixtures)('accepts every signed request of %s', (_file, fixture) => {
    const requests = fixture.requests.map(signed);

    const verdicts = requests.map((request) => twilio.verify(request, secret, new Date()));

    expect(verdicts.every(Boolean)).toBe(true);
  });

  it.each(fixtures)('folds and judges %s as the fixture expects', (_file, fixture) => {
    const events = eventsOf(fixture);

    const calls = judge(events, managersOf(fixture), fixture.afterDeadline).map(
      ({ state: _state, ...call }) => call,
    );

    expect(calls).toEqual(
      fixture.expect.map(({ closedBy: _closedBy, ...call }) => ({
        ...call,
        missedReason: call.missedReason,
      })),
    );
  });

  it.each(fixtures)(
    'judges %s the same when events are shuffled and repeated',
    (_file, fixture) => {
      const events = eventsOf(fixture);
      const expected = judge(events, managersOf(fixture), fixture.afterDeadline);

      const replays = [1, 2, 3].map((seed) =>
        judge(
          shuffled([...events, ...shuffled(events, seed * 7)], seed),
          managersOf(fixture),
          fixture.afterDeadline,
        ),
      );

      for (const replay of replays) expect(replay).toEqual(expected);
    },
  );
});

describe('twilio.parse, read leniently', () => {
  const url = `${PUBLIC_BASE}/v1/telephony/twilio/status`;

  it('reads fields it only passes on whatever their length, and leaves out a recording URL that is not one', () => {
    const request = requestOf({
      url,
      body: statusBody({
        CallStatus: 'failed',
        SipResponseCode: '5'.repeat(40),
        Timestamp: 'x'.repeat(150),
        RecordingUrl: 'not a url',
      }),
    });

    const result = twilio.parse(request, contextAt('2026-11-27T07:00:05Z'));

    expect(result).toMatchObject({ ok: true, value: [{ kind: 'ended', recordingUrl: undefined }] });
    expect(result.ok && (result.value[0]?.reason?.length ?? 0)).toBeLessThanOrEqual(200);
  });
});
