/**
 * The sales-head API's schemas (zod/mini): request validation and, through their registration
 * in `apiDoc`, the OpenAPI document, from one source — one file per part of the API. The lead
 * and call views' own schemas are in shared/http/api/ (the notify function sends the same views).
 *
 * Every schema is a `z.lazy` (and `IdParam`, `itemsOf` return one): a route's schemas are built
 * on its first request, the rest on the first `GET /v1/openapi.json`, none at a cold start. A
 * schema two others share is one constant (or one `once(…)`), so that the document names it once.
 */

export { CallSchema } from '../../../shared/http/api/call-schemas';
export { LeadDetailSchema, LeadSchema } from '../../../shared/http/api/lead-schemas';
export * from './calls';
export * from './common';
export * from './delivery';
export * from './leads';
export * from './month';
export * from './quarantine';
export * from './routing';
export * from './setup';
