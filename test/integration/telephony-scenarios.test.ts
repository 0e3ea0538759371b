import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SlaMessage } from '../../shared/domain/messages';
import { dayInZone } from '../../shared/domain/time';
import { expectMetricsEqualRecount } from '../support/calls';
import { SIGNERS, type UnsignedRequest } from '../support/telephony-signers';
import { TEST_TELEPHONY_SECRETS } from '../support/telephony-signers/secrets';
import { type TestStack, useTestStack } from '../support/test-stack';

type Scenario = {
  readonly description: string;
  /** No final event ever comes: after the replay, the calls' deadlines pass. */
  readonly afterDeadline?: boolean;
  readonly managers?: readonly { id: string; extensions?: string[]; phones?: string[] }[];
  readonly requests: readonly UnsignedRequest[];
  readonly expect: readonly {
    readonly callId: string;
    readonly direction: string;
    readonly outcome: string;
    readonly effective: boolean;
    readonly missedReason?: string;
    readonly talkSeconds: number;
    readonly managerId?: string | null;
    readonly closedBy?: 'provider' | 'timeout';
  }[];
};

/** CALL_FINALIZE_AFTER_SECONDS as these stacks run (the default). */
const FINALIZE_AFTER_MS = 14_400_000;

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'telephony');
const providers = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && SIGNERS[entry.name])
  .map((entry) => entry.name)
  .sort();

const scenariosOf = (provider: string): [string, Scenario][] =>
  readdirSync(join(FIXTURES, provider))
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => [
      file,
      JSON.parse(readFileSync(join(FIXTURES, provider, file), 'utf8')) as Scenario,
    ]);

const replay = async (
  t: TestStack,
  provider: string,
  scenario: Scenario,
  order: readonly number[],
) => {
  for (const manager of scenario.managers ?? []) {
    const response = await t.api('PUT', `/v1/managers/${manager.id}`, {
      name: manager.id,
      team: 'acquisition',
      extensions: manager.extensions ?? [],
      phones: manager.phones ?? [],
      active: true,
    });
    expect(response.status).toBe(200);
  }
  const sign = SIGNERS[provider];
  if (!sign) throw new Error(`no signer for ${provider}`);
  for (const index of order) {
    const request = scenario.requests[index] as UnsignedRequest;
    t.clock.set(request.at);
    const signed = sign(request, `http://localhost${request.path}`);
    const response = await t.request(request.path, {
      method: request.method,
      headers: {
        ...(request.contentType ? { 'Content-Type': request.contentType } : {}),
        ...signed.headers,
      },
      ...(request.method === 'GET' ? {} : { body: signed.body }),
    });
    expect(response.status, `${request.method} ${request.path} at ${request.at}`).toBeLessThan(300);
  }
  await t.drain();
  if (scenario.afterDeadline) await passDeadlines(t, scenario);
};

/**
 * Moves the clock past the deadline of every call of the scenario and delivers their delayed
 * checks (sla queue), as SQS would: nothing more came, so they are closed from the evidence.
 */
const passDeadlines = async (t: TestStack, scenario: Scenario) => {
  const last = Math.max(...scenario.requests.map((r) => Date.parse(r.at)));
  t.clock.set(new Date(last + FINALIZE_AFTER_MS + 1_000).toISOString());
  const ids = new Set(scenario.expect.map((e) => e.callId));
  const ours = (m: SlaMessage) => m.type === 'call-finalize' && ids.has(m.callId);
  while ((await t.runDueSla(ours)) > 0);
};

const expectScenario = async (t: TestStack, scenario: Scenario) => {
  const calls = await t.api('GET', '/v1/calls?limit=100');
  for (const expected of scenario.expect) {
    const call = calls.body.items.find((c: { callId: string }) => c.callId === expected.callId);
    expect(call, `call ${expected.callId}`).toBeDefined();
    expect(call).toMatchObject({
      direction: expected.direction,
      outcome: expected.outcome,
      effective: expected.effective,
      talkSeconds: expected.talkSeconds,
      ...(expected.missedReason ? { missedReason: expected.missedReason } : {}),
      ...(expected.managerId ? { managerId: expected.managerId } : {}),
      ...(expected.closedBy ? { closedBy: expected.closedBy } : {}),
    });
  }
  const days = scenario.requests.map((r) => dayInZone(new Date(r.at), 'Europe/Moscow')).sort();
  await expectMetricsEqualRecount(t, days[0] ?? '2026-01-01', days.at(-1) ?? '2026-12-31');
};

for (const provider of providers) {
  describe(`${provider} scenarios replayed through POST /v1/telephony/${provider}`, () => {
    const t = useTestStack({ env: TEST_TELEPHONY_SECRETS });

    it.each(scenariosOf(provider))('%s', async (_, scenario) => {
      await replay(
        t,
        provider,
        scenario,
        scenario.requests.map((_, i) => i),
      );

      await expectScenario(t, scenario);
    });
  });

  describe(`${provider} scenarios shuffled and delivered twice`, () => {
    const t = useTestStack({ env: TEST_TELEPHONY_SECRETS });

    it.each(scenariosOf(provider))('%s', async (file, scenario) => {
      const indexes = scenario.requests.map((_, i) => i);
      const [order] = fc.sample(
        fc.shuffledSubarray([...indexes, ...indexes], { minLength: indexes.length * 2 }),
        {
          numRuns: 1,
          seed: file.length * 7919,
        },
      );

      await replay(t, provider, scenario, order ?? indexes);

      await expectScenario(t, scenario);
    });
  });
}
