import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const FUNCTIONS = join(ROOT, 'functions');
const SHARED = join(ROOT, 'shared');

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });

/** Every relative module a file imports or re-exports, resolved to a path. */
const importsOf = (file: string): string[] =>
  [...readFileSync(file, 'utf8').matchAll(/(?:import|export)[^'"]*?from\s+'(\.[^']+)'/g)].map(
    ([, specifier]) => resolve(dirname(file), specifier ?? ''),
  );

/** A Lambda's folder, for a path inside functions/ (undefined elsewhere). */
const lambdaOf = (path: string): string | undefined => {
  const inside = relative(FUNCTIONS, path);
  return inside.startsWith('..') ? undefined : inside.split('/')[0];
};

describe('the Lambdas (functions/*)', () => {
  it('never import one another: what two of them share lives in shared/', () => {
    const crossings = sources(FUNCTIONS).flatMap((file) =>
      importsOf(file)
        .filter((target) => {
          const to = lambdaOf(target);
          return to !== undefined && to !== lambdaOf(file);
        })
        .map((target) => `${relative(ROOT, file)} → ${relative(ROOT, target)}`),
    );
    expect(crossings).toEqual([]);
  });

  it('are imported by nothing in shared/', () => {
    const reaching = sources(SHARED).flatMap((file) =>
      importsOf(file)
        .filter((target) => lambdaOf(target) !== undefined)
        .map((target) => `${relative(ROOT, file)} → ${relative(ROOT, target)}`),
    );
    expect(reaching).toEqual([]);
  });
});
