import type {
  AssignmentQueue,
  Clock,
  ContactStore,
  IdGenerator,
  LeadStore,
  ManagerStore,
  RoutingStore,
} from '../ports';

/** What the lead use cases need; built once per cold start by a composition root. */
export type LeadDeps = {
  readonly contacts: ContactStore;
  readonly leads: LeadStore;
  readonly managers: ManagerStore;
  readonly routing: RoutingStore;
  readonly assignments: AssignmentQueue;
  readonly now: Clock;
  readonly newId: IdGenerator;
};
