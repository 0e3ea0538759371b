import * as z from 'zod/mini';

/**
 * The only reader of configuration. Every name the functions read is here, and infra/ sets
 * exactly these names (it imports ENV), so the two cannot drift apart.
 */
export const ENV = {
  tableName: 'TABLE_NAME',
  intakeQueueUrl: 'INTAKE_QUEUE_URL',
  assignmentsQueueUrl: 'ASSIGNMENTS_QUEUE_URL',
  slaQueueUrl: 'SLA_QUEUE_URL',
  awsEndpointUrl: 'AWS_ENDPOINT_URL',
  dynamoEndpointUrl: 'AWS_ENDPOINT_URL_DYNAMODB',
  sqsEndpointUrl: 'AWS_ENDPOINT_URL_SQS',
  s3EndpointUrl: 'AWS_ENDPOINT_URL_S3',
  exportBucket: 'EXPORT_BUCKET',
  awsRegion: 'AWS_REGION',
  secretsArn: 'SECRETS_ARN',
  port: 'PORT',
  publicBaseUrl: 'PUBLIC_BASE_URL',
  timeZone: 'TIME_ZONE',
  defaultCountry: 'DEFAULT_COUNTRY',
  effectiveTalkSeconds: 'EFFECTIVE_TALK_SECONDS',
  shortAbandonSeconds: 'SHORT_ABANDON_SECONDS',
  acceptTimeoutSeconds: 'ACCEPT_TIMEOUT_SECONDS',
  callFinalizeAfterSeconds: 'CALL_FINALIZE_AFTER_SECONDS',
  adminApiKey: 'ADMIN_API_KEY',
  rateLimitFormsPerIp: 'RATE_LIMIT_FORMS_PER_IP',
  rateLimitFormsPerSite: 'RATE_LIMIT_FORMS_PER_SITE',
  rateLimitWebhooksPerIp: 'RATE_LIMIT_WEBHOOKS_PER_IP',
  switchboardLanguage: 'SWITCHBOARD_LANGUAGE',
  deliveriesQueueUrl: 'DELIVERIES_QUEUE_URL',
  notifyTelegramBotToken: 'NOTIFY_TELEGRAM_BOT_TOKEN',
  notifyTelegramSecretToken: 'NOTIFY_TELEGRAM_SECRET_TOKEN',
  telegramApiBaseUrl: 'TELEGRAM_API_BASE_URL',
  abcThresholds: 'ABC_THRESHOLDS',
  telephonyMaxEventAgeSeconds: 'TELEPHONY_MAX_EVENT_AGE_SECONDS',
} as const;

// An empty variable counts as unset: loadConfig reads '' as undefined before these schemas (one
// pass over the names instead of a transform per variable, ~70 fewer zod schemas at init).
// Variables of one kind share one schema (a zod schema holds no state between parses): every
// function builds these at its cold start, 117 → 71 schemas.
const text = z.optional(z.string().check(z.trim(), z.minLength(1)));
const url = z.optional(z.url());
const upToADay = z.coerce.number().check(z.int(), z.gte(0), z.lte(86_400));
const seconds = (fallback: number) => z._default(upToADay, fallback);

const upToAMillion = z.coerce.number().check(z.int(), z.gte(0), z.lte(1_000_000));
const perMinute = (fallback: number) => z._default(upToAMillion, fallback);

/** "80,95": A up to 80 % of revenue, B up to 95 %, C the rest (0 < A ≤ B ≤ 100). */
const thresholdPair = (fallback: string) =>
  z._default(
    z.string().check(
      z.regex(/^\s*\d{1,3}(\.\d+)?\s*,\s*\d{1,3}(\.\d+)?\s*$/, 'two percentages, such as 80,95'),
      z.refine((value) => {
        const [a = 0, b = 0] = value.split(',').map(Number);
        return a > 0 && a <= b && b <= 100;
      }, 'A above 0, B at least A, at most 100'),
    ),
    fallback,
  );

const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const Env = z.object({
  [ENV.tableName]: text,
  [ENV.intakeQueueUrl]: url,
  [ENV.assignmentsQueueUrl]: url,
  [ENV.slaQueueUrl]: url,
  [ENV.deliveriesQueueUrl]: url,
  [ENV.awsEndpointUrl]: url,
  [ENV.dynamoEndpointUrl]: url,
  [ENV.sqsEndpointUrl]: url,
  [ENV.s3EndpointUrl]: url,
  [ENV.exportBucket]: text,
  [ENV.awsRegion]: text,
  [ENV.port]: z._default(z.coerce.number().check(z.int(), z.gte(0), z.lte(65_535)), 3000),
  [ENV.publicBaseUrl]: url,
  [ENV.timeZone]: z._default(
    z.string().check(z.refine(isTimeZone, 'not an IANA time zone such as Europe/Moscow')),
    'Europe/Moscow',
  ),
  [ENV.defaultCountry]: z._default(
    z.string().check(z.regex(/^[A-Z]{2}$/, 'a two-letter country code such as RU')),
    'RU',
  ),
  [ENV.effectiveTalkSeconds]: seconds(60),
  [ENV.shortAbandonSeconds]: seconds(5),
  [ENV.acceptTimeoutSeconds]: seconds(120),
  // A call with no final event is closed this long after its last event: 1 minute to 1 week.
  [ENV.callFinalizeAfterSeconds]: z._default(
    z.coerce.number().check(z.int(), z.gte(60), z.lte(7 * 86_400)),
    14_400,
  ),
  [ENV.telephonyMaxEventAgeSeconds]: z._default(
    z.coerce.number().check(z.int(), z.gte(600), z.lte(604_800)),
    43_200,
  ),
  [ENV.rateLimitFormsPerIp]: perMinute(30),
  [ENV.rateLimitFormsPerSite]: perMinute(600),
  [ENV.rateLimitWebhooksPerIp]: perMinute(3_000),
  [ENV.adminApiKey]: z.optional(z.string().check(z.minLength(16, 'at least 16 characters'))),
  [ENV.switchboardLanguage]: z._default(z.enum(['ru', 'en']), 'ru'),
  [ENV.notifyTelegramBotToken]: z.optional(
    z.string().check(z.regex(/^\d{1,20}:[A-Za-z0-9_-]{20,100}$/, 'a bot token from @BotFather')),
  ),
  [ENV.notifyTelegramSecretToken]: z.optional(
    // setWebhook's secret_token: 1–256 characters A-Z, a-z, 0-9, _ and -.
    z.string().check(z.regex(/^[A-Za-z0-9_-]{1,256}$/, '1–256 of A-Z a-z 0-9 _ -')),
  ),
  [ENV.telegramApiBaseUrl]: z._default(z.url(), 'https://api.telegram.org'),
  [ENV.abcThresholds]: thresholdPair('80,95'),
});

type Env = z.output<typeof Env>;

const toConfig = (e: Env, env: Readonly<Record<string, string | undefined>>) => ({
  tableName: e.TABLE_NAME,
  intakeQueueUrl: e.INTAKE_QUEUE_URL,
  assignmentsQueueUrl: e.ASSIGNMENTS_QUEUE_URL,
  slaQueueUrl: e.SLA_QUEUE_URL,
  deliveriesQueueUrl: e.DELIVERIES_QUEUE_URL,
  // Set only locally (the servers in local/); unset in AWS.
  endpoints: {
    dynamodb: e.AWS_ENDPOINT_URL_DYNAMODB ?? e.AWS_ENDPOINT_URL,
    sqs: e.AWS_ENDPOINT_URL_SQS ?? e.AWS_ENDPOINT_URL,
    s3: e.AWS_ENDPOINT_URL_S3 ?? e.AWS_ENDPOINT_URL,
  },
  /** In AWS (set by CDK): CSV exports are written here and answered with a 303 to a link. */
  exportBucket: e.EXPORT_BUCKET,
  awsRegion: e.AWS_REGION,
  port: e.PORT,
  /** Unset in AWS means: the URL the request arrived on (local/ sets http://localhost:$PORT). */
  publicBaseUrl: e.PUBLIC_BASE_URL,
  timeZone: e.TIME_ZONE,
  defaultCountry: e.DEFAULT_COUNTRY,
  thresholds: {
    effectiveTalkSeconds: e.EFFECTIVE_TALK_SECONDS,
    shortAbandonSeconds: e.SHORT_ABANDON_SECONDS,
  },
  acceptTimeoutSeconds: e.ACCEPT_TIMEOUT_SECONDS,
  /** A call with no final event is closed from the evidence this long after its last event. */
  callFinalizeAfterSeconds: e.CALL_FINALIZE_AFTER_SECONDS,
  /** A signed telephony event older than this (by its own signed time) is refused as a replay. */
  telephonyMaxEventAgeSeconds: e.TELEPHONY_MAX_EVENT_AGE_SECONDS,
  /** Requests per minute on the public routes (0: no limit). */
  rateLimits: {
    formsPerIp: e.RATE_LIMIT_FORMS_PER_IP,
    formsPerSite: e.RATE_LIMIT_FORMS_PER_SITE,
    webhooksPerIp: e.RATE_LIMIT_WEBHOOKS_PER_IP,
  },
  adminApiKey: e.ADMIN_API_KEY,
  /** Language of messages to managers (Telegram, CRM titles) and the dashboard's default. */
  language: e.SWITCHBOARD_LANGUAGE,
  /** The managers' notification bot; no token = no Telegram notifications. */
  notifyTelegram: {
    botToken: e.NOTIFY_TELEGRAM_BOT_TOKEN,
    secretToken: e.NOTIFY_TELEGRAM_SECRET_TOKEN,
    apiBaseUrl: e.TELEGRAM_API_BASE_URL.replace(/\/+$/, ''),
  },
  /** Clients A/B/C: cumulative shares of won revenue, in percent, closing A and B. */
  abcThresholds: toThresholds(e.ABC_THRESHOLDS),
  // Channel credentials (TWILIO_AUTH_TOKEN, …) are looked up by name: each channel module
  // declares the names it needs, so adding a provider touches no list here.
  secret: secretLookup(env),
});

const toThresholds = (value: string) => {
  const [a = 80, b = 95] = value.split(',').map(Number);
  return { a, b };
};

export type Config = Readonly<ReturnType<typeof toConfig>>;
/** A secret by its configuration name; undefined when unset or empty. */
export type SecretLookup = (name: string) => string | undefined;

const secretLookup = (env: Readonly<Record<string, string | undefined>>): SecretLookup => {
  const values = new Map(
    Object.entries(env).filter(
      (entry): entry is [string, string] =>
        typeof entry[1] === 'string' && entry[1].trim() !== '' && !entry[0].startsWith('AWS_'),
    ),
  );
  return (name) => values.get(name);
};

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; a bad deploy fails here, naming the variables, never values. */
export const loadConfig = (env: Readonly<Record<string, string | undefined>>): Config => {
  const result = Env.safeParse(
    Object.fromEntries(
      Object.values(ENV).map((name) => [name, env[name] === '' ? undefined : env[name]]),
    ),
  );
  if (!result.success) {
    const names = result.error.issues.map((issue) => `${issue.path.join('.')} (${issue.message})`);
    throw new ConfigError(`Invalid configuration: ${names.join(', ')}`);
  }
  return deepFreeze(toConfig(result.data, env));
};

/** A composition root asks for what it needs; a missing name fails at init with that name. */
export const required = <T>(value: T | undefined, name: string): T => {
  if (value === undefined) throw new ConfigError(`Missing configuration: ${name}`);
  return value;
};

const deepFreeze = <T extends object>(value: T): T => {
  for (const inner of Object.values(value)) {
    if (inner && typeof inner === 'object') deepFreeze(inner);
  }
  return Object.freeze(value);
};

/** What the local servers accept: they check no signature. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

/** SDK client options: a local server's endpoint and dummy credentials, or AWS defaults. */
export const awsClientOptions = (
  config: Pick<Config, 'endpoints' | 'awsRegion'>,
  service: keyof Config['endpoints'],
) => {
  const endpoint = config.endpoints[service];
  return {
    endpoint,
    region: config.awsRegion,
    ...(endpoint ? { credentials: LOCAL_CREDENTIALS } : {}),
  };
};
