import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';

/**
 * How every switchboard Lambda is bundled. SwitchboardFunction hands this to NodejsFunction, and
 * `npm run bench -- bundles` builds with the very same object, so the sizes it prints are the
 * sizes deployed.
 */
export const LAMBDA_BUNDLING = {
  format: OutputFormat.ESM,
  target: 'node24',
  minify: true,
  sourceMap: true,
  // Stack traces need only the mappings; without the sources the map is a third of the size,
  // and --enable-source-maps reads it at every cold start.
  sourcesContent: false,
  mainFields: ['module', 'main'],
  // Some CommonJS dependencies call require(); ESM bundles need it defined.
  banner:
    "import { createRequire as __createRequire } from 'node:module';const require = __createRequire(import.meta.url);",
  // Bundle the SDK too: pinned versions, tree-shaken, one file to load.
  externalModules: [],
} satisfies BundlingOptions;

/** NODE_OPTIONS of every function: stack traces in the logs point into the TypeScript sources. */
export const LAMBDA_NODE_OPTIONS = '--enable-source-maps';

/** Memory of a function that does not set its own (MB); the bench prices GB-seconds with it. */
export const DEFAULT_MEMORY_MB = 512;
