import { describe, expect, it } from 'vitest';
import { SIGNERS } from '../support/telephony-signers';
import { TEST_TELEPHONY_SECRETS } from '../support/telephony-signers/secrets';
import { useTestStack } from '../support/test-stack';

/**
 * Zadarma signs only the caller, the number called and `call_start`: a captured NOTIFY_END
 * verifies again with any `pbx_call_id`, `internal`, `duration` and `disposition`. Replayed
 * inside the replay window, it must stay another word on that same one call, never new calls.
 */
const PATH = '/v1/telephony/zadarma';
const CALL_START = '2026-11-27 14:00:00'; // Moscow: 11:00:00 UTC
const START = {
  event: 'NOTIFY_START',
  call_start: CALL_START,
  pbx_call_id: 'in_0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c',
  caller_id: '+79161110042',
  called_did: '74951234567',
};
const ANSWER = {
  event: 'NOTIFY_ANSWER',
  caller_id: START.caller_id,
  destination: '101',
  call_start: CALL_START,
  pbx_call_id: START.pbx_call_id,
  internal: '101',
};
const END = {
  ...START,
  event: 'NOTIFY_END',
  internal: '101',
  duration: '190',
  disposition: 'answered',
  status_code: '16',
  is_recorded: '0',
  call_id_with_rec: '',
};
/** What a replayer changes: nothing of it is signed. */
const FORGERIES = [
  { pbx_call_id: 'in_1111111111111111111111111111111111111111', internal: '102', duration: '200' },
  { pbx_call_id: 'in_2222222222222222222222222222222222222222', internal: '101', duration: '250' },
  { pbx_call_id: 'in_3333333333333333333333333333333333333333', internal: '103', duration: '10' },
  { pbx_call_id: 'out_4444444444444444444444444444444444444444', internal: '', duration: '0' },
  { pbx_call_id: 'in_5555555555555555555555555555555555555555', internal: '102', duration: '240' },
];

describe('a captured Zadarma notification replayed with other unsigned fields', () => {
  const t = useTestStack({ env: TEST_TELEPHONY_SECRETS });
  const sign = SIGNERS.zadarma;

  const post = async (fields: Record<string, string>, at: string) => {
    t.clock.set(at);
    const body = new URLSearchParams(fields).toString();
    const signed = sign?.({ at, method: 'POST', path: PATH, body }, `http://localhost${PATH}`);
    return t.request(PATH, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...signed?.headers },
      body: signed?.body ?? body,
    });
  };

  it('stays one call with its own talk when one signed NOTIFY_END is replayed 5 times with other ids, extensions and durations', async () => {
    const manager = await t.api('PUT', '/v1/managers/anna', {
      name: 'Anna',
      team: 'acquisition',
      extensions: ['101'],
      phones: [],
      active: true,
    });
    expect(manager.status).toBe(200);
    expect((await post(START, '2026-11-27T11:00:00.300Z')).status).toBe(200);
    expect((await post(ANSWER, '2026-11-27T11:00:06.000Z')).status).toBe(200);
    expect((await post(END, '2026-11-27T11:03:17.000Z')).status).toBe(200);
    // Replays come later, each with a duration the time since call_start would allow.
    for (const [i, forged] of FORGERIES.entries()) {
      const at = new Date(Date.parse('2026-11-27T11:10:00Z') + i * 60_000).toISOString();
      expect((await post({ ...END, ...forged }, at)).status).toBe(200);
    }
    await t.drain();

    const calls = (await t.api('GET', '/v1/calls?limit=100')).body.items as {
      callId: string;
      talkSeconds: number;
    }[];
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      direction: 'inbound',
      outcome: 'answered',
      talkSeconds: 190,
      managerId: 'anna',
    });
    const metrics = await t.api('GET', '/v1/metrics/calls?from=2026-11-27&to=2026-11-27');
    expect(metrics.body.totals).toMatchObject({ calls: 1, answered: 1, talkSeconds: 190 });
  });

  it('refuses with 403 and stores nothing an end whose duration is longer than the time since its signed call_start', async () => {
    const before = await t.items('CALL#');
    // 11:05:00 UTC is 300 s after call_start: 20 000 s of talk cannot have happened yet.
    const response = await post(
      { ...END, pbx_call_id: 'in_6666666666666666666666666666666666666666', duration: '20000' },
      '2026-11-27T11:05:00.000Z',
    );

    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: 'forbidden' });
    await t.drain();
    expect(await t.items('CALL#')).toEqual(before);
    expect(await t.items('HELD#')).toEqual([]);
  });

  it('believes an end whose duration is within a minute of clock skew of the time since call_start', async () => {
    const response = await post(
      {
        ...END,
        call_start: '2026-11-27 15:00:00',
        caller_id: '+79161110043',
        pbx_call_id: 'in_7777777777777777777777777777777777777777',
        duration: '350',
      },
      '2026-11-27T12:05:00.000Z',
    );

    expect(response.status).toBe(200);
  });
});
