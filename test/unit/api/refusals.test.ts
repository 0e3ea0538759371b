import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createApiApp } from '../../../functions/api/app';
import type { ApiDeps } from '../../../functions/api/deps';

type Refusal = {
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly type?: string;
  readonly body?: string;
  readonly status: number;
  readonly answer: unknown;
};

/**
 * Requests the api refuses before any handler runs, with the answers the api gave when its
 * routes were validated by @hono/zod-openapi and the whole zod (its English messages): the
 * refusals clients see must not change with the validation underneath (issue 14).
 */
const REFUSALS: readonly Refusal[] = JSON.parse(
  readFileSync(new URL('../../fixtures/api/refusals.json', import.meta.url), 'utf8'),
);

const ADMIN_KEY = 'refusals-admin-key';

describe('the api’s refusals of invalid input', () => {
  // Validation answers before a handler reads or writes anything: no port is needed.
  const app = createApiApp({ adminApiKey: ADMIN_KEY } as ApiDeps);

  it.each(REFUSALS.map((refusal) => [refusal.name, refusal] as const))(
    'answers %s as before',
    async (_, refusal) => {
      const headers: Record<string, string> = { authorization: `Bearer ${ADMIN_KEY}` };
      if (refusal.type) headers['content-type'] = refusal.type;

      const response = await app.request(refusal.path, {
        method: refusal.method,
        headers,
        body: refusal.body,
      });

      expect({ status: response.status, answer: await response.json() }).toEqual({
        status: refusal.status,
        answer: refusal.answer,
      });
    },
  );
});
