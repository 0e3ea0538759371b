import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INGEST_SECRET_NAMES } from '../../../shared/channels/secret-names';
import { ENV } from '../../../shared/config';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const PAGE = readFileSync(join(ROOT, 'docs', 'configuration.md'), 'utf8');
const SOURCE_DIRS = ['shared', 'functions', 'infra', 'local', 'bench', 'test'];

/** The names in backticks in the first column of the page's tables. */
const documentedNames = (): string[] =>
  PAGE.split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) => [...(line.split('|')[1] ?? '').matchAll(/`([A-Z][A-Z0-9_]+)`/g)])
    .map((match) => match[1] ?? '');

const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules') return [];
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [readFileSync(path, 'utf8')] : [];
  });

describe('docs/configuration.md', () => {
  it('documents every name in ENV (shared/config.ts)', () => {
    const missing = Object.values(ENV).filter((name) => !documentedNames().includes(name));

    expect(missing).toEqual([]);
  });

  it("documents every channel's secret names and Zadarma's path token", () => {
    expect(INGEST_SECRET_NAMES.length).toBeGreaterThan(5);
    const missing = INGEST_SECRET_NAMES.filter((name) => !documentedNames().includes(name));

    expect(missing).toEqual([]);
  });

  it('names in its tables only what the code reads or sets', () => {
    const code = SOURCE_DIRS.flatMap((dir) => sources(join(ROOT, dir))).join('\n');
    const names = documentedNames();
    const unknown = names.filter((name) => !new RegExp(`\\b${name}\\b`).test(code));

    expect(names.length).toBeGreaterThan(40);
    expect(unknown).toEqual([]);
  });
});
