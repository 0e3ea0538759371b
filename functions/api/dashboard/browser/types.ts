import type * as z from 'zod/mini';
import type {
  CallMetricsSchema,
  CallPageSchema,
  ClientsSchema,
  FunnelSchema,
  LeadMetricsSchema,
  LeadPageSchema,
  LeadSchema,
  ManagerSchema,
  MeSchema,
  PlanProgressSchema,
  ProblemSchema,
} from '../../schemas';

/**
 * What the API answers, as its own zod schemas infer it: the page and the API cannot disagree
 * on a field's name without the type check saying so. (Type-only imports: nothing of zod or of
 * the server reaches the browser bundle.)
 */
export type CallMetrics = z.infer<typeof CallMetricsSchema>;
export type CallFigures = CallMetrics['totals'];
export type CallGroup = NonNullable<CallMetrics['groups']>[number];
export type LeadMetrics = z.infer<typeof LeadMetricsSchema>;
export type LeadFigures = LeadMetrics['totals'];
export type CallPage = z.infer<typeof CallPageSchema>;
export type Call = CallPage['items'][number];
export type LeadPage = z.infer<typeof LeadPageSchema>;
export type Lead = z.infer<typeof LeadSchema>;
export type Manager = z.infer<typeof ManagerSchema>;
export type ManagerPage = { readonly items: readonly Manager[] };
export type Problem = z.infer<typeof ProblemSchema>;
export type Me = z.infer<typeof MeSchema>;
export type PlanProgress = z.infer<typeof PlanProgressSchema>;
export type TargetProgress = PlanProgress['team']['calls'];
export type Funnel = z.infer<typeof FunnelSchema>;
export type FunnelStage = Funnel['stages'][number];
export type Clients = z.infer<typeof ClientsSchema>;
export type Client = Clients['clients'][number];
