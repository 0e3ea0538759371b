import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type Config, required } from '../config';
import { createDynamoApiKeyStore } from './dynamo-api-key-store';
import { createDynamoBitrix24LeadMap } from './dynamo-bitrix24-lead-map';
import { createDynamoCallStore } from './dynamo-call-store';
import { createDynamoCallbackStore } from './dynamo-callback-store';
import { createDynamoContactStore } from './dynamo-contact-store';
import { createDynamoDealStore } from './dynamo-deal-store';
import { createDynamoDeliveryStore } from './dynamo-delivery-store';
import { createDynamoManagerStore } from './dynamo-manager-store';
import { createDynamoPlanStore } from './dynamo-plan-store';
import { createDynamoQuarantineStore } from './dynamo-quarantine-store';
import { createDynamoRateSlots } from './dynamo-rate-slots';
import { createDynamoRoutingStore } from './dynamo-routing-store';
import { createDynamoSiteStore } from './dynamo-site-store';
import { createDynamoTelegramLinkStore } from './dynamo-telegram-link-store';
import { createDynamoWebhookStore } from './dynamo-webhook-store';
import { createDynamoLeadEventMarkers } from './leads/markers';
import { createDynamoLeadQueries } from './leads/queries';
import { createDynamoLeadWrites } from './leads/writes';

/** Every DynamoDB adapter over the one table. */
export const createStores = (db: DynamoDBDocumentClient, config: Pick<Config, 'tableName'>) => {
  const table = required(config.tableName, 'TABLE_NAME');
  return {
    contacts: createDynamoContactStore(db, table),
    leadEvents: createDynamoLeadEventMarkers(db, table),
    leadWrites: createDynamoLeadWrites(db, table),
    leads: createDynamoLeadQueries(db, table),
    managers: createDynamoManagerStore(db, table),
    routing: createDynamoRoutingStore(db, table),
    sites: createDynamoSiteStore(db, table),
    apiKeys: createDynamoApiKeyStore(db, table),
    calls: createDynamoCallStore(db, table),
    callbacks: createDynamoCallbackStore(db, table),
    quarantine: createDynamoQuarantineStore(db, table),
    webhooks: createDynamoWebhookStore(db, table),
    deliveries: createDynamoDeliveryStore(db, table),
    telegramLinks: createDynamoTelegramLinkStore(db, table),
    rateSlots: createDynamoRateSlots(db, table),
    bitrix24Leads: createDynamoBitrix24LeadMap(db, table),
    deals: createDynamoDealStore(db, table),
    plans: createDynamoPlanStore(db, table),
  };
};

export type Stores = ReturnType<typeof createStores>;
