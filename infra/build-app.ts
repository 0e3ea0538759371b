import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ENV } from '../shared/config';
import { SwitchboardStack } from './switchboard-stack';

/** Non-secret settings, from `cdk deploy -c timeZone=Europe/Moscow …`; unset = the defaults. */
const CONTEXT_SETTINGS = {
  publicBaseUrl: ENV.publicBaseUrl,
  timeZone: ENV.timeZone,
  defaultCountry: ENV.defaultCountry,
  effectiveTalkSeconds: ENV.effectiveTalkSeconds,
  shortAbandonSeconds: ENV.shortAbandonSeconds,
  acceptTimeoutSeconds: ENV.acceptTimeoutSeconds,
  callFinalizeAfterSeconds: ENV.callFinalizeAfterSeconds,
  language: ENV.switchboardLanguage,
  telegramApiBaseUrl: ENV.telegramApiBaseUrl,
  abcThresholds: ENV.abcThresholds,
} as const;

/** The CDK app: the stack, with cdk-nag's AwsSolutions pack checking it at synth. */
export const buildApp = (props: AppProps = {}) => {
  const app = new App(props);
  const settings: Record<string, string> = {};
  for (const [key, name] of Object.entries(CONTEXT_SETTINGS)) {
    const value = app.node.tryGetContext(key);
    if (value !== undefined && value !== '') settings[name] = String(value);
  }
  const concurrency = (key: string): number | undefined => {
    const value = app.node.tryGetContext(key);
    return value === undefined || value === '' ? undefined : Number(value);
  };
  const stack = new SwitchboardStack(app, 'Switchboard', {
    description: 'switchboard: leads and calls for a sales department',
    settings,
    alarmEmail: app.node.tryGetContext('alarmEmail'),
    // `-c secretsMigration=true` while moving from the single secret (docs/security.md).
    secretsMigration: String(app.node.tryGetContext('secretsMigration')) === 'true',
    // `cdk deploy -c ingestConcurrency=0 -c apiConcurrency=0` on an account below 1000.
    reservedConcurrency: {
      ...(concurrency('ingestConcurrency') === undefined
        ? {}
        : { ingest: concurrency('ingestConcurrency') }),
      ...(concurrency('apiConcurrency') === undefined
        ? {}
        : { api: concurrency('apiConcurrency') }),
    },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
};
