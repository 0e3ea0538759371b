/**
 * The sales-head API's schemas (zod/mini): request validation and, through their registration
 * in `apiDoc`, the OpenAPI document, from one source — one file per part of the API. The lead
 * and call views' own schemas are in shared/http/api/ (the notify function sends the same views).
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
