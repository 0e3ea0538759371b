import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { domainViolations, scanDomain } from '../../support/domain-purity';

const DOMAIN = join(import.meta.dirname, '..', '..', '..', 'shared', 'domain');

/** The violations of one planted source at shared/domain/leads/planted.ts. */
const plant = (source: string) =>
  domainViolations(join(DOMAIN, 'leads', 'planted.ts'), source, DOMAIN).map((v) => v.what);

describe('the domain (shared/domain)', () => {
  it('imports no adapter, SDK or framework, reads no environment, asks no clock and no chance', () => {
    const violations = scanDomain(DOMAIN).map(
      (v) => `${relative(DOMAIN, v.file)}:${v.line} ${v.what}`,
    );

    expect(violations).toEqual([]);
  });
});

describe('the domain purity check', () => {
  it.each([
    ["import { keys } from '../../store/keys';", 'imports ../../store/keys, outside the domain'],
    [
      "import type { IntakeQueue } from '../../queue/sqs-intake-queue';",
      'imports ../../queue/sqs-intake-queue, outside the domain',
    ],
    [
      "import { createApiApp } from '../../../functions/api/app';",
      'imports ../../../functions/api/app, outside the domain',
    ],
    [
      "import { startLocalStack } from '../../../local/stack';",
      'imports ../../../local/stack, outside the domain',
    ],
    ["export { logger } from '../../logger';", 'imports ../../logger, outside the domain'],
    ["import { Hono } from 'hono';", 'imports hono'],
    ["import { handle } from 'hono/aws-lambda';", 'imports hono/aws-lambda'],
    [
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
      'imports @aws-sdk/client-dynamodb',
    ],
    ["const sqs = await import('@aws-sdk/client-sqs');", 'imports @aws-sdk/client-sqs'],
    ["import { env } from 'node:process';", 'imports node:process'],
    ['const zone = process.env.TIME_ZONE;', 'reads process.env'],
    ["const zone = process['env'].TIME_ZONE;", 'reads process.env'],
    ['const at = Date.now();', 'calls Date.now()'],
    ['const at = new Date();', 'asks the clock: new Date() without an argument'],
    ['const at = new Date;', 'asks the clock: new Date() without an argument'],
    ['const pick = Math.random() < 0.5;', 'calls Math.random()'],
    ['const id = crypto.randomUUID();', 'calls randomUUID()'],
  ])('catches a planted `%s`', (source, what) => {
    expect(plant(source)).toEqual([what]);
  });

  it('lets pure code through: domain imports, zod, an instant made from an argument', () => {
    expect(
      plant(`
        import * as z from 'zod/mini';
        import { dayInZone } from '../time';
        import type { Lead } from '../types';
        // Date.now() and process.env in a comment, or 'Math.random()' in a string, are words.
        export const day = (lead: Lead, zone: string) => dayInZone(new Date(lead.createdAt), zone);
        export const note = 'no new Date() here';
        export const Schema = z.string();
      `),
    ).toEqual([]);
  });

  it('finds a planted file when it scans a folder, with its line', () => {
    const root = mkdtempSync(join(tmpdir(), 'domain-'));
    try {
      mkdirSync(join(root, 'calls'));
      writeFileSync(join(root, 'calls', 'clean.ts'), "import type { X } from '../types';\n");
      writeFileSync(
        join(root, 'calls', 'dirty.ts'),
        "\nimport { keys } from '../../store/keys';\n",
      );

      expect(scanDomain(root).map((v) => [relative(root, v.file), v.line, v.what])).toEqual([
        [join('calls', 'dirty.ts'), 2, 'imports ../../store/keys, outside the domain'],
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
