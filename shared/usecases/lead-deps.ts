import type {
  AssignmentQueue,
  Clock,
  ContactStore,
  IdGenerator,
  LeadEventMarkers,
  LeadQueries,
  LeadWrites,
  ManagerStore,
  RoutingStore,
  SlaQueue,
} from '../ports';

/** What the lead use cases need; built once per cold start by a composition root. */
export type LeadDeps = {
  readonly contacts: ContactStore;
  /** Leads as read. */
  readonly leads: LeadQueries;
  readonly leadWrites: LeadWrites;
  /** The markers of inbound events handled. */
  readonly leadEvents: LeadEventMarkers;
  readonly managers: ManagerStore;
  readonly routing: RoutingStore;
  readonly assignments: AssignmentQueue;
  readonly sla: SlaQueue;
  readonly now: Clock;
  readonly newId: IdGenerator;
  /** The business time zone: working hours without a zone of their own, day buckets. */
  readonly timeZone: string;
  /** How long a manager has to accept a lead before it goes to the next one. */
  readonly acceptTimeoutSeconds: number;
};
