// The interfaces the use cases need, in domain words, one file per concern. Adapters own the
// SDKs: shared/store (DynamoDB) and shared/queue (SQS) implement these.
export type * from './calls';
export type * from './clock';
export type * from './contacts';
export type * from './exports';
export type * from './leads';
export type * from './month';
export type * from './notify';
export type * from './quarantine';
export type * from './queues';
export type * from './settings';
