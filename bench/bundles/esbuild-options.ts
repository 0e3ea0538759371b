import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';

/**
 * CDK runs esbuild in the project root (the folder of package-lock.json): relative paths in the
 * options (the aliases) are resolved there.
 */
const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The bundling options switchboard sets, and how CDK passes each one to esbuild. */
const KNOWN = new Set([
  'format',
  'target',
  'minify',
  'sourceMap',
  'sourcesContent',
  'mainFields',
  'banner',
  'externalModules',
  'define',
  'esbuildArgs',
]);

/** esbuildArgs CDK passes through verbatim (`--name=value`), as esbuild API options. */
const ARGS: Record<string, (value: string | boolean | string[], options: BuildOptions) => void> = {
  '--legal-comments': (value, o) => {
    o.legalComments = String(value) as BuildOptions['legalComments'];
  },
  '--charset': (value, o) => {
    o.charset = String(value) as BuildOptions['charset'];
  },
  // An array: CDK passes `--alias:<from>=<to>` for each item.
  '--alias': (value, o) => {
    const items = Array.isArray(value) ? value : [String(value)];
    o.alias = { ...o.alias };
    for (const item of items) {
      const at = item.indexOf('=');
      if (at <= 0) throw new Error(`bench/bundles: --alias ${item} is not <from>=<to>`);
      o.alias[item.slice(0, at)] = item.slice(at + 1);
    }
  },
};

/**
 * The esbuild build CDK's NodejsFunction runs for these bundling options
 * (aws-cdk-lib/aws-lambda-nodejs/lib/bundling.ts, buildEsbuildArgs: `--bundle --platform=node
 * --target --format --outfile --minify --sourcemap --sources-content --external --banner:js
 * --main-fields --define`, then the esbuildArgs), run in the project root.
 * Options this does not know are refused, so the bench cannot quietly build something else.
 */
export const toEsbuildOptions = (
  bundling: BundlingOptions,
  entry: string,
  outfile: string,
): BuildOptions => {
  const unknown = Object.keys(bundling).filter((key) => !KNOWN.has(key));
  if (unknown.length > 0) {
    throw new Error(`bench/bundles: teach toEsbuildOptions the bundling option(s) ${unknown}`);
  }
  const options: BuildOptions = {
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: bundling.target ?? 'node24',
    format: bundling.format === undefined ? 'cjs' : (bundling.format as 'esm' | 'cjs'),
    outfile,
    minify: bundling.minify ?? false,
    sourcemap: bundling.sourceMap ?? false,
    sourcesContent: bundling.sourcesContent ?? true,
    // CDK's default for runtimes that include SDK v3; switchboard sets [] (bundle everything).
    external: bundling.externalModules ?? ['@aws-sdk/*'],
    ...(bundling.banner ? { banner: { js: bundling.banner } } : {}),
    ...(bundling.mainFields ? { mainFields: bundling.mainFields } : {}),
    ...(bundling.define ? { define: bundling.define } : {}),
    absWorkingDir: PROJECT_ROOT,
    metafile: true,
    logLevel: 'warning',
  };
  for (const [name, value] of Object.entries(bundling.esbuildArgs ?? {})) {
    const apply = ARGS[name];
    if (!apply) throw new Error(`bench/bundles: teach toEsbuildOptions the esbuild arg ${name}`);
    apply(value, options);
  }
  return options;
};
