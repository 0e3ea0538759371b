import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signMango } from '../../../local/signers/mango';
import { dispositionOfReason, mango } from '../../../shared/channels/telephony/mango';
import type { TelephonyRequest } from '../../../shared/channels/telephony/types';
import { classifyCall } from '../../../shared/domain/calls/classify';
import { closeByTimeout } from '../../../shared/domain/calls/finalize';
import { foldCall } from '../../../shared/domain/calls/fold';
import type { CallEvent } from '../../../shared/domain/calls/types';
import type { Manager } from '../../../shared/domain/types';
import { managerOf } from '../../../shared/usecases/record-call-event';
import { TEST_TELEPHONY_SECRETS } from '../../support/telephony-signers/secrets';

const PREFIX = '/v1/telephony/mango';
const FIXTURES = join(import.meta.dirname, '../../fixtures/telephony/mango');
const THRESHOLDS = { effectiveTalkSeconds: 60, shortAbandonSeconds: 5 };
const KEY = TEST_TELEPHONY_SECRETS.MANGO_API_KEY ?? '';
const SALT = TEST_TELEPHONY_SECRETS.MANGO_API_SALT ?? '';
const secret = (name: string) => TEST_TELEPHONY_SECRETS[name];
const NOW = new Date('2026-11-27T10:00:00Z');
const context = { receivedAt: NOW, defaultCountry: 'RU', timeZone: 'Europe/Moscow' };

type StoredRequest = {
  readonly at: string;
  readonly method: string;
  readonly path: string;
  readonly contentType: string;
  readonly body: string;
};
type Expected = {
  readonly callId: string;
  readonly direction: string;
  readonly outcome: string;
  readonly effective: boolean;
  readonly missedReason?: string;
  readonly talkSeconds: number;
  readonly managerId: string | null;
  readonly closedBy?: string;
};
type Scenario = {
  readonly name: string;
  readonly description: string;
  /** No final event comes: the call is judged as its deadline closes it. */
  readonly afterDeadline?: boolean;
  readonly managers: readonly { id: string; extensions: string[]; phones: string[] }[];
  readonly requests: readonly StoredRequest[];
  readonly expect: readonly Expected[];
};

const scenarios: Scenario[] = readdirSync(FIXTURES)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => ({
    name: file.replace(/\.json$/, ''),
    ...JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')),
  }));

const toRequest = (path: string, body: string, method = 'POST'): TelephonyRequest => {
  const url = new URL(path, 'https://switchboard.example');
  return {
    method,
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    url: url.href,
    subPath: url.pathname.slice(PREFIX.length),
    query: url.searchParams,
    signedUrls: [url.href],
  };
};

const form = (fields: Record<string, string>): string => new URLSearchParams(fields).toString();
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Sign → verify → parse, as the ingest route does; refuses to go on past a failure. */
const ingest = (stored: StoredRequest): readonly CallEvent[] => {
  const request = toRequest(stored.path, signMango(stored.body, KEY, SALT), stored.method);
  expect(mango.verify(request, secret, new Date(stored.at))).toBe(true);
  const parsed = mango.parse(request, { ...context, receivedAt: new Date(stored.at) });
  if (!parsed.ok) throw new Error(`${stored.path}: ${JSON.stringify(parsed.issues)}`);
  return parsed.value;
};

const asManager = (m: Scenario['managers'][number]): Manager => ({
  ...m,
  name: m.id,
  team: 'acquisition',
  weight: 1,
  active: true,
  updatedAt: '2026-11-27T00:00:00Z',
});

/** Every whole call the events make, judged, in the fixture's `expect` shape. */
const judge = (events: readonly CallEvent[], scenario: Scenario): Expected[] => {
  const byCall = new Map<string, CallEvent[]>();
  for (const event of events)
    byCall.set(event.callId, [...(byCall.get(event.callId) ?? []), event]);
  const managers = scenario.managers.map(asManager);
  return [...byCall.values()]
    .map((callEvents) => {
      const folded = foldCall(callEvents);
      const state = scenario.afterDeadline ? closeByTimeout(folded) : folded;
      const judged = classifyCall(state, THRESHOLDS);
      return {
        callId: state.callId,
        direction: state.direction,
        outcome: judged?.outcome ?? 'in_progress',
        effective: judged?.effective ?? false,
        ...(judged?.missedReason ? { missedReason: judged.missedReason } : {}),
        talkSeconds: state.talkSeconds,
        managerId: managerOf(state.agent, managers)?.id ?? null,
      };
    })
    .sort((a, b) => a.callId.localeCompare(b.callId));
};
/** The fixture's calls, without who closed them (the integration replay checks that). */
const expected = (scenario: Scenario) =>
  [...scenario.expect]
    .map(({ closedBy: _closedBy, ...call }) => call)
    .sort((a, b) => a.callId.localeCompare(b.callId));

// A notification as the VPBX writes it: compact, with PHP's escaped slash and \u escapes.
const RAW_JSON =
  '{"entry_id":"RW50cnk6cmF3","call_id":"TGVnOnJhdw==","timestamp":1795773600,"seq":1,' +
  '"call_state":"Appeared","location":"ivr","from":{"number":"79161234501"},' +
  '"to":{"line_number":"74951112233","number":"sip:ivr\\/main@vpbx400100.mangosip.ru"},' +
  '"note":"\\u041c\\u0430\\u043d\\u0433\\u043e"}';
const signedBody = (json: string, key = KEY, salt = SALT) =>
  form({ vpbx_api_key: key, sign: sha256(`${key}${json}${salt}`), json });

describe('mango.verify', () => {
  it('accepts a notification when sign is the SHA-256 of key + json as received + salt', () => {
    const request = toRequest(`${PREFIX}/events/call`, signedBody(RAW_JSON));

    expect(mango.verify(request, secret, NOW)).toBe(true);
  });

  it('refuses a notification when the sign covers a re-serialized or pretty copy of its json', () => {
    const compact = JSON.stringify(JSON.parse(RAW_JSON));
    const pretty = JSON.stringify(JSON.parse(RAW_JSON), null, 2);
    const signedOver = (copy: string) =>
      toRequest(
        `${PREFIX}/events/call`,
        form({ vpbx_api_key: KEY, sign: sha256(`${KEY}${copy}${SALT}`), json: RAW_JSON }),
      );

    expect(compact).not.toBe(RAW_JSON);
    expect(mango.verify(signedOver(compact), secret, NOW)).toBe(false);
    expect(mango.verify(signedOver(pretty), secret, NOW)).toBe(false);
  });

  it('refuses a pretty-printed json when the sign was made over the compact one', () => {
    const pretty = JSON.stringify(JSON.parse(RAW_JSON), null, 2);
    const request = toRequest(
      `${PREFIX}/events/call`,
      form({ vpbx_api_key: KEY, sign: sha256(`${KEY}${RAW_JSON}${SALT}`), json: pretty }),
    );

    expect(mango.verify(request, secret, NOW)).toBe(false);
  });

  it('refuses a notification when it is signed with another account’s key', () => {
    const request = toRequest(`${PREFIX}/events/call`, signedBody(RAW_JSON, 'another-account-key'));

    expect(mango.verify(request, secret, NOW)).toBe(false);
  });

  it('refuses a notification when it is signed with a wrong salt', () => {
    const request = toRequest(`${PREFIX}/events/call`, signedBody(RAW_JSON, KEY, 'wrong-salt'));

    expect(mango.verify(request, secret, NOW)).toBe(false);
  });

  it('refuses a notification when its sign is missing or empty', () => {
    const missing = toRequest(`${PREFIX}/events/call`, form({ vpbx_api_key: KEY, json: RAW_JSON }));
    const empty = toRequest(
      `${PREFIX}/events/call`,
      form({ vpbx_api_key: KEY, sign: '', json: RAW_JSON }),
    );

    expect(mango.verify(missing, secret, NOW)).toBe(false);
    expect(mango.verify(empty, secret, NOW)).toBe(false);
  });

  it('refuses a notification when a field is repeated, leaving open which copy was signed', () => {
    const body = `${signedBody(RAW_JSON)}&json=${encodeURIComponent('{"entry_id":"x"}')}`;

    expect(mango.verify(toRequest(`${PREFIX}/events/call`, body), secret, NOW)).toBe(false);
  });

  it('refuses everything when the key or the salt is not configured', () => {
    const request = toRequest(`${PREFIX}/events/call`, signedBody(RAW_JSON));

    expect(mango.verify(request, (name) => (name === 'MANGO_API_KEY' ? KEY : undefined), NOW)).toBe(
      false,
    );
    expect(mango.verify(toRequest(PREFIX, ''), () => undefined, NOW)).toBe(false);
  });

  it('accepts the sign when it is written in upper-case hex', () => {
    const body = form({
      vpbx_api_key: KEY,
      sign: sha256(`${KEY}${RAW_JSON}${SALT}`).toUpperCase(),
      json: RAW_JSON,
    });

    expect(mango.verify(toRequest(`${PREFIX}/events/call`, body), secret, NOW)).toBe(true);
  });
});

describe('mango connection test', () => {
  it.each([
    ['an empty request', ''],
    ['only our key', form({ vpbx_api_key: KEY })],
    ['our key and a blank json', form({ vpbx_api_key: KEY, sign: 'whatever', json: '' })],
  ])('acknowledges a ping with no events when it is %s', (_, body) => {
    const request = toRequest(PREFIX, body);

    expect(mango.verify(request, secret, NOW)).toBe(true);
    expect(mango.parse(request, context)).toEqual({ ok: true, value: [] });
    expect(mango.reply(request, [])).toEqual({ body: '', contentType: expect.any(String) });
  });

  it('refuses a ping when it carries another account’s key', () => {
    const request = toRequest(PREFIX, form({ vpbx_api_key: 'another-account-key' }));

    expect(mango.verify(request, secret, NOW)).toBe(false);
  });

  it.each([
    ['still base64-encoded', Buffer.from(signedBody(RAW_JSON)).toString('base64')],
    ['sent as JSON instead of a form', RAW_JSON],
    ['a form with other fields', form({ vpbx_api_key: KEY, data: RAW_JSON })],
  ])('refuses the request when its body is %s, rather than take it for a ping', (_, body) => {
    const request = toRequest(`${PREFIX}/events/summary`, body);

    expect(mango.verify(request, secret, NOW)).toBe(false);
    expect(mango.parse(request, context).ok).toBe(false);
  });
});

describe('mango.parse', () => {
  const parseSigned = (path: string, json: string) =>
    mango.parse(toRequest(`${PREFIX}${path}`, signedBody(json)), context);
  const legJson = (change: Record<string, unknown>) =>
    JSON.stringify({
      entry_id: 'RW50cnk=',
      call_id: 'TGVn',
      timestamp: '1795773600',
      seq: '4',
      call_state: 'Connected',
      location: 'abonent',
      from: { number: '79161234501' },
      to: { extension: '101', line_number: '74951112233' },
      ...change,
    });

  it('reports the json field when it is not JSON', () => {
    expect(parseSigned('/events/summary', '{"entry_id":')).toEqual({
      ok: false,
      issues: [{ path: 'json', message: 'the json field is not valid JSON' }],
    });
  });

  it('reports each field when a summary lacks it or sends it malformed', () => {
    const result = parseSigned(
      '/events/summary',
      JSON.stringify({ call_direction: 7, create_time: 'soon', talk_time: 0, end_time: 0 }),
    );

    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues.map((i) => i.path)).toEqual([
      'entry_id',
      'call_direction',
      'create_time',
      'end_time',
    ]);
  });

  it('reads a leg as answered when it is Connected to an employee, numbers as strings or not', () => {
    const asStrings = parseSigned('/events/call', legJson({}));
    const asNumbers = parseSigned('/events/call', legJson({ timestamp: 1795773600, seq: 4 }));

    const expectedEvent = {
      provider: 'mango',
      callId: 'RW50cnk=',
      eventKey: 'TGVn#4',
      kind: 'answered',
      final: false,
      leg: 'TGVn',
      sequence: 4,
      at: '2026-11-27T10:00:00.000Z',
      answeredAt: '2026-11-27T10:00:00.000Z',
      line: '+74951112233',
      agent: { extension: '101' },
    };
    expect(asStrings).toEqual({ ok: true, value: [expectedEvent] });
    expect(asNumbers).toEqual(asStrings);
  });

  it.each([
    ['Connected in the IVR', { location: 'ivr', to: { line_number: '74951112233' } }],
    ['Connected in a queue', { location: 'queue', to: { acd_group: '300' } }],
    ['OnHold', { call_state: 'OnHold' }],
    ['a state added later', { call_state: 'Parked' }],
    ['an employee calling an employee', { from: { extension: '102' } }],
    ['a callback ringing our employee first', { callback_initiator: 'API' }],
  ])('gives no event when the leg is %s', (_, change) => {
    expect(parseSigned('/events/call', legJson(change))).toEqual({ ok: true, value: [] });
  });

  it('reads Appeared as ringing when an extension is rung, as the start when none is', () => {
    const ringing = parseSigned('/events/call', legJson({ call_state: 'Appeared' }));
    const started = parseSigned(
      '/events/call',
      legJson({ call_state: 'Appeared', location: 'ivr', to: { line_number: '74951112233' } }),
    );

    expect(ringing.ok && ringing.value.map((e) => [e.kind, e.agent])).toEqual([
      ['ringing', { extension: '101' }],
    ]);
    expect(started.ok && started.value.map((e) => [e.kind, e.agent])).toEqual([
      ['started', undefined],
    ]);
  });

  it('ends only the leg, keeping its reason, when a leg is Disconnected', () => {
    const result = parseSigned(
      '/events/call',
      legJson({ call_state: 'Disconnected', disconnect_reason: 1111 }),
    );

    expect(
      result.ok && result.value.map((e) => [e.kind, e.final, e.reason, e.talkSeconds]),
    ).toEqual([['leg-ended', false, '1111', undefined]]);
  });

  it('maps the whole call, as the final word, when its summary arrives', () => {
    const result = parseSigned(
      '/events/summary',
      JSON.stringify({
        entry_id: 'RW50cnk=',
        call_direction: 1,
        from: { number: '375291234567' },
        to: { extension: '101', number: '79161230001' },
        line_number: '74951112233',
        create_time: 1795773600,
        forward_time: 1795773608,
        talk_time: 1795773615,
        end_time: 1795773795,
        entry_result: 1,
        disconnect_reason: 1110,
      }),
    );

    expect(result).toEqual({
      ok: true,
      value: [
        {
          provider: 'mango',
          callId: 'RW50cnk=',
          eventKey: 'RW50cnk=#summary',
          kind: 'ended',
          final: true,
          at: '2026-11-27T10:03:15.000Z',
          direction: 'inbound',
          customer: '+375291234567',
          line: '+74951112233',
          agent: { extension: '101' },
          startedAt: '2026-11-27T10:00:00.000Z',
          answeredAt: '2026-11-27T10:00:15.000Z',
          endedAt: '2026-11-27T10:03:15.000Z',
          talkSeconds: 180,
          disposition: 'answered',
          reason: '1110',
        },
      ],
    });
  });

  it('gives no event when the summary is of an internal call', () => {
    const result = parseSigned(
      '/events/summary',
      JSON.stringify({
        entry_id: 'RW50cnk=',
        call_direction: '0',
        from: { extension: '101' },
        to: { extension: '102' },
        create_time: 1795773600,
        talk_time: 1795773603,
        end_time: 1795773643,
        disconnect_reason: 1100,
      }),
    );

    expect(result).toEqual({ ok: true, value: [] });
  });

  it.each([
    [undefined, 'no-answer'],
    [1100, 'no-answer'],
    [1110, 'canceled'],
    [1111, 'no-answer'],
    [1119, 'no-answer'],
    [1120, 'rejected'],
    [1121, 'busy'],
    [1122, 'rejected'],
    [1123, 'unavailable'],
    [1131, 'failed'],
    [1134, 'failed'],
    [1151, 'rejected'],
    [1160, 'no-answer'],
    [1164, 'no-answer'],
    [1170, 'ivr'],
    [1171, 'ivr'],
    [1182, 'failed'],
    [1190, 'unavailable'],
    [1192, 'unavailable'],
    [2001, 'failed'],
    [3200, 'failed'],
    [4201, 'failed'],
    [5001, 'failed'],
    [5003, 'failed'],
    [9999, 'no-answer'],
  ] as const)(
    'reads an unanswered call when disconnect_reason is %s as %s',
    (reason, disposition) => {
      expect(dispositionOfReason(reason)).toBe(disposition);
    },
  );

  it('gives a recording event, named by its id, only when a recording is kept', () => {
    const recording = (state: string, completion?: number) =>
      parseSigned(
        '/events/recording',
        JSON.stringify({
          recording_id: 'UmVj',
          recording_state: state,
          seq: 2,
          entry_id: 'RW50cnk=',
          call_id: 'TGVn',
          extension: '101',
          timestamp: 1795773700,
          ...(completion === undefined ? {} : { completion_code: completion }),
        }),
      );
    const added = parseSigned(
      '/events/record/added',
      JSON.stringify({
        entry_id: 'RW50cnk=',
        product_id: 1,
        user_id: -1,
        timestamp: 1795773760,
        recording_id: 'UmVj',
      }),
    );

    expect(recording('Started')).toEqual({ ok: true, value: [] });
    expect(recording('Completed', 4002)).toEqual({ ok: true, value: [] });
    expect(recording('Completed', 1000)).toMatchObject({
      ok: true,
      value: [
        { kind: 'recording', eventKey: 'UmVj#completed', leg: 'TGVn', recordingUrl: undefined },
      ],
    });
    expect(added).toMatchObject({
      ok: true,
      value: [{ kind: 'recording', eventKey: 'UmVj#added', at: '2026-11-27T10:02:40.000Z' }],
    });
  });

  it.each(['/events/dtmf', '/events/sms', '/result/callback', '/result/callback/'])(
    'acknowledges with no events when the path is "%s"',
    (path) => {
      expect(parseSigned(path, '{"command_id":"1","result":1000}')).toEqual({
        ok: true,
        value: [],
      });
    },
  );

  it.each([
    ['/events/transfer', '/events/transfer'],
    ['/events/ringing', '/events/ringing'],
    ['', '/'],
    ['/result', '/result'],
  ])(
    'gives an issue naming the route when the path "%s" is not one Mango documents',
    (path, named) => {
      expect(parseSigned(path, '{"command_id":"1","result":1000}')).toEqual({
        ok: false,
        issues: [{ path: 'route', message: `an unknown Mango route "${named}": not one we read` }],
      });
    },
  );

  it('finds the event path when the base URL was entered with a trailing slash', () => {
    const result = parseSigned('//events/call/', legJson({}));

    expect(result.ok && result.value.length).toBe(1);
  });
});

describe('mango scenarios', () => {
  it.each(scenarios)(
    'judges the calls as the fixture expects when $name is replayed',
    (scenario) => {
      const events = scenario.requests.flatMap(ingest);

      expect(judge(events, scenario)).toEqual(expected(scenario));
    },
  );

  it.each(scenarios)(
    'judges $name the same when its deliveries are shuffled and repeated',
    (scenario) => {
      const requests = scenario.requests;
      const indices = requests.map((_, i) => i);

      fc.assert(
        fc.property(
          fc.shuffledSubarray(indices, { minLength: indices.length }),
          fc.array(fc.nat({ max: indices.length - 1 }), { maxLength: indices.length }),
          (order, repeats) => {
            const deliveries = [...order, ...repeats].map((i) => requests[i] as StoredRequest);

            expect(judge(deliveries.flatMap(ingest), scenario)).toEqual(expected(scenario));
          },
        ),
        { numRuns: 25 },
      );
    },
  );
});
