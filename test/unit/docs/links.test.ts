import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');

/** Every Markdown page a reader of the repository is sent to. */
const PAGES = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
  'test/fixtures/telephony/README.md',
  'test/fixtures/third-party/README.md',
];

const read = (page: string) => readFileSync(join(ROOT, page), 'utf8');

/** The page without its fenced code blocks (links and paths are read from the prose). */
const prose = (text: string) => text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
const anchorsOf = (text: string): Set<string> => {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const [, heading = ''] of prose(text).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = heading
      .replace(/`/g, '')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
};

/** [text](target) links that point into the repository (not a URL, not a mail address). */
const localLinks = (text: string): string[] =>
  [...prose(text).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
    .map((match) => match[1] ?? '')
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));

const TOP_LEVEL = ['.ci', 'bench', 'docs', 'functions', 'infra', 'local', 'shared', 'test'];
const ROOT_FILES = ['README.md', 'package.json', 'cdk.json', 'biome.json', 'tsconfig.json'];

/** `backticked/repo/paths.ts` named in the prose: a top-level folder, no placeholders. */
const repoPaths = (text: string): string[] =>
  [...prose(text).matchAll(/`([^`\s]+)`/g)]
    .map((match) => match[1] ?? '')
    .filter(
      (path) =>
        ROOT_FILES.includes(path) ||
        (TOP_LEVEL.some((top) => path.startsWith(`${top}/`)) && /^[\w./-]+$/.test(path)),
    );

describe.each(PAGES)('%s', (page) => {
  const text = read(page);

  it('links only to files and headings that exist in the repository', () => {
    const broken = localLinks(text).filter((target) => {
      const [path = '', anchor] = target.split('#');
      const file = path === '' ? join(ROOT, page) : resolve(ROOT, dirname(page), path);
      if (relative(ROOT, file).startsWith('..') || !existsSync(file)) return true;
      if (anchor === undefined || !file.endsWith('.md')) return false;
      return !anchorsOf(readFileSync(file, 'utf8')).has(anchor);
    });

    expect(broken).toEqual([]);
  });

  it('names only repository paths that exist', () => {
    const missing = repoPaths(text).filter((path) => !existsSync(join(ROOT, path)));

    expect(missing).toEqual([]);
  });

  it('sends the reader to nothing outside the repository', () => {
    const outside = [...text.matchAll(/\.\.\/shared\/|\bAPI\.md\b|\breference\/[\w-]+\.md/g)].map(
      (match) => match[0],
    );

    expect(outside).toEqual([]);
  });
});
