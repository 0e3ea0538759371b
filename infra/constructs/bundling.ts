import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { buildDashboardAssets } from '../../functions/api/dashboard/build';

/**
 * The dashboard's browser code (functions/api/dashboard/browser), built here, once per synth,
 * and handed to esbuild as two string constants: the api function serves them as they are and
 * never builds anything at run time (functions/api/dashboard/assets.ts).
 */
const dashboard = buildDashboardAssets();

/**
 * Packages the Lambda bundles replace (esbuild `--alias`), each by a module of its own:
 * - the SDK's default credential chain by environment credentials only, which is what Lambda
 *   provides (the chain's profiles, SSO, STS, IMDS … are ~130 KiB never reached there);
 * - the SDK's event stream codecs, which no operation of DynamoDB, SQS or Secrets Manager uses.
 * Unbundled code (npm start, the tests, the scripts run from a laptop) keeps the real packages.
 */
export const LAMBDA_ALIASES = [
  ['@aws-sdk/credential-provider-node', './infra/lambda-aliases/credential-provider-node.ts'],
  ['@smithy/core/event-streams', './infra/lambda-aliases/smithy-event-streams.ts'],
] as const;

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
  // Parts of the SDK a Lambda never runs, replaced by small modules that say so if ever reached
  // (infra/lambda-aliases/*.ts). The paths are resolved in the project root, where CDK runs the
  // project's own esbuild (a devDependency, so CDK never falls back to bundling in Docker).
  esbuildArgs: { '--alias': LAMBDA_ALIASES.map(([from, to]) => `${from}=${to}`) },
  // Only the api function names these; esbuild passes each as one argument (at most 128 KiB,
  // which test/infra/dashboard-bundle.test.ts keeps an eye on).
  define: {
    SWITCHBOARD_DASHBOARD_JS: JSON.stringify(dashboard.js),
    SWITCHBOARD_DASHBOARD_CSS: JSON.stringify(dashboard.css),
  },
} satisfies BundlingOptions;

/** NODE_OPTIONS of every function: stack traces in the logs point into the TypeScript sources. */
export const LAMBDA_NODE_OPTIONS = '--enable-source-maps';

/** Memory of a function that does not set its own (MB); the bench prices GB-seconds with it. */
export const DEFAULT_MEMORY_MB = 512;
