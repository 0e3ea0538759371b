import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { HeldMetrics } from './ports';

/** CloudWatch metrics switchboard emits (EMF log lines), and their names, shared with infra/. */
export const METRICS = {
  namespace: 'switchboard',
  service: 'switchboard',
  /** Requests held in the quarantine (not spam): any one raises the alarm. */
  held: 'HeldRequests',
  /** Form posts held because their honeypot was filled: counted, no alarm (bots are many). */
  spam: 'HeldSpam',
  /** Inbound requests refused (signature, secret, origin, replay): from ingest's log lines. */
  refused: 'InboundRefusals',
} as const;

/**
 * Powertools Metrics: one EMF line per held request, under two dimension sets — by `Route`
 * (`forms`, `telephony/twilio`, …) to see where, and by service alone, the total the alarm
 * watches. POWERTOOLS_METRICS_DISABLED silences it (tests).
 */
export const createEmfHeldMetrics = (): HeldMetrics => {
  const metrics = new Metrics({ namespace: METRICS.namespace, serviceName: METRICS.service });
  return {
    held(route, reason) {
      metrics.addDimension('Route', route);
      metrics.addDimensions({}); // a second set: service only
      metrics.addMetric(reason === 'spam' ? METRICS.spam : METRICS.held, MetricUnit.Count, 1);
      metrics.publishStoredMetrics();
    },
  };
};
