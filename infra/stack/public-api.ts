import type { Stack } from 'aws-cdk-lib';
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnStage,
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { messengerChannels } from '../../shared/channels/messengers';
import { telephonyChannels } from '../../shared/channels/telephony';
import { INGEST_PREFIX } from '../../shared/http/routes';

export type Throttle = { readonly rateLimit: number; readonly burstLimit: number };

/**
 * Requests per second (and burst) API Gateway lets through per route family, summed over every
 * client (HTTP APIs cannot throttle per client: ingest counts per address and per site). Each
 * family has its own bucket, so a flood on one cannot make another answer 429.
 */
export type RouteThrottles = {
  /** `POST /v1/forms/…`: every site's form posts together. */
  readonly forms: Throttle;
  /** `OPTIONS /v1/forms/…`: the browsers' CORS preflights (answered from a cache). */
  readonly formPreflights: Throttle;
  /** Each telephony provider's own routes (`/v1/telephony/<provider>[/…]`). */
  readonly telephony: Throttle;
  /** Each messenger's own routes (`/v1/messengers/<channel>[/…]`). */
  readonly messengers: Throttle;
  /** Paths under /v1/telephony or /v1/messengers naming no provider: 404s, kept small. */
  readonly unknownInbound: Throttle;
  /** `POST /v1/notify/telegram`: the managers' bot's updates. */
  readonly notifyWebhook: Throttle;
  /** Everything else: the sales-head API, the dashboard, the OpenAPI document. */
  readonly api: Throttle;
};

export const DEFAULT_ROUTE_THROTTLES: RouteThrottles = {
  forms: { rateLimit: 50, burstLimit: 100 },
  formPreflights: { rateLimit: 50, burstLimit: 100 },
  telephony: { rateLimit: 100, burstLimit: 200 },
  messengers: { rateLimit: 50, burstLimit: 100 },
  unknownInbound: { rateLimit: 5, burstLimit: 10 },
  notifyWebhook: { rateLimit: 20, burstLimit: 40 },
  api: { rateLimit: 50, burstLimit: 100 },
};

/**
 * The HTTP API in front of ingest and the api: a route per inbound family with its own throttle
 * bucket, everything else to the api at the stage's limit, access logs without query strings.
 * Made in the stack's own scope, so the resources keep their logical ids.
 */
export const addPublicApi = (
  scope: Stack,
  { ingest, api, throttles }: { ingest: IFunction; api: IFunction; throttles: RouteThrottles },
) => {
  // The api's one integration serves the default route and the routes named for it.
  const apiIntegration = new HttpLambdaIntegration('ApiIntegration', api);
  const ingestIntegration = new HttpLambdaIntegration('IngestIntegration', ingest);
  const httpApi = new HttpApi(scope, 'Api', {
    description: 'switchboard',
    createDefaultStage: false,
    defaultIntegration: apiIntegration,
  });
  // One route per family that needs a bucket of its own (route settings are per route key).
  const routeSettings: Record<string, Throttle> = {};
  const route = (path: string, method: HttpMethod, throttle: Throttle, fn = ingest) => {
    const integration = fn === ingest ? ingestIntegration : apiIntegration;
    httpApi.addRoutes({ path, methods: [method], integration });
    routeSettings[`${method} ${path}`] = throttle;
  };
  route(`${INGEST_PREFIX.forms}/{proxy+}`, HttpMethod.POST, throttles.forms);
  route(`${INGEST_PREFIX.forms}/{proxy+}`, HttpMethod.OPTIONS, throttles.formPreflights);
  const families = [
    [INGEST_PREFIX.telephony, [...telephonyChannels.keys()], throttles.telephony],
    [INGEST_PREFIX.messengers, [...messengerChannels.keys()], throttles.messengers],
  ] as const;
  for (const [prefix, names, throttle] of families) {
    for (const name of names) {
      route(`${prefix}/${name}`, HttpMethod.ANY, throttle);
      route(`${prefix}/${name}/{proxy+}`, HttpMethod.ANY, throttle);
    }
    route(`${prefix}/{proxy+}`, HttpMethod.ANY, throttles.unknownInbound);
  }
  route('/v1/notify/telegram', HttpMethod.POST, throttles.notifyWebhook, api);

  const accessLogs = new LogGroup(scope, 'ApiAccessLogs', {
    retention: RetentionDays.ONE_MONTH,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const stage = new HttpStage(scope, 'Stage', {
    httpApi,
    stageName: '$default',
    autoDeploy: true,
    throttle: throttles.api,
    accessLogSettings: {
      destination: new LogGroupLogDestination(accessLogs),
      // No query strings: site tokens may travel there.
      format: AccessLogFormat.custom(
        JSON.stringify({
          requestId: '$context.requestId',
          ip: '$context.identity.sourceIp',
          method: '$context.httpMethod',
          routeKey: '$context.routeKey',
          status: '$context.status',
          latencyMs: '$context.responseLatency',
          integrationError: '$context.integrationErrorMessage',
        }),
      ),
    },
  });
  (stage.node.defaultChild as CfnStage).addPropertyOverride(
    'RouteSettings',
    Object.fromEntries(
      Object.entries(routeSettings).map(([key, throttle]) => [
        key,
        { ThrottlingRateLimit: throttle.rateLimit, ThrottlingBurstLimit: throttle.burstLimit },
      ]),
    ),
  );
  Validations.of(httpApi).acknowledge({
    id: 'AwsSolutions-APIG4',
    reason:
      'Every route authenticates in the function: API keys (hashed, revocable) for the API; the provider signature, messenger secret or site origin/token for inbound webhooks, which providers cannot send IAM or JWT credentials for.',
  });
  return { httpApi, stage };
};
