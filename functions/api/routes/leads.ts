import { BASE_CURRENCY, toMinor } from '../../../shared/domain/deals/money';
import type { Lead } from '../../../shared/domain/types';
import { toLeadDetailView, toLeadView } from '../../../shared/http/api/lead-view';
import { problem } from '../../../shared/http/problem';
import { InvalidCursorError } from '../../../shared/store/cursor';
import { acceptLeadById, announceLeadUpdate } from '../../../shared/usecases/accept-lead';
import { closeLead } from '../../../shared/usecases/manage-lead';
import { hasRole, type Principal } from '../auth';
import type { ApiDeps } from '../deps';
import { invalidCursor, toLeadListQuery } from '../list-queries';
import { type ApiRoute, BEARER, defineRoute, route } from '../openapi/route';
import {
  CloseInputSchema,
  CsvExportSchema,
  csvExportRedirect,
  errorResponses,
  IdParam,
  LeadDetailSchema,
  LeadListQuerySchema,
  LeadPageSchema,
  LeadSchema,
} from '../schemas';

const leadParam = IdParam('leadId', 'The lead id');

const listLeads = defineRoute({
  method: 'get',
  path: '/v1/leads',
  tags: ['leads'],
  summary: 'Leads, newest first; a manager key sees only its own',
  security: BEARER,
  request: { query: LeadListQuerySchema },
  responses: {
    200: {
      description: 'A page of leads',
      content: {
        'application/json': { schema: LeadPageSchema },
        'text/csv': { schema: CsvExportSchema },
      },
    },
    303: csvExportRedirect,
    ...errorResponses,
  },
});

const getLead = defineRoute({
  method: 'get',
  path: '/v1/leads/{leadId}',
  tags: ['leads'],
  summary: 'One lead with its touches and assignment history',
  security: BEARER,
  request: { params: leadParam },
  responses: {
    200: { description: 'The lead', content: { 'application/json': { schema: LeadDetailSchema } } },
    ...errorResponses,
  },
});

const acceptLeadRoute = defineRoute({
  method: 'post',
  path: '/v1/leads/{leadId}/accept',
  tags: ['leads'],
  summary: 'The assigned manager takes the lead (a head may do it on their behalf)',
  security: BEARER,
  request: { params: leadParam },
  responses: {
    200: {
      description: 'The accepted lead',
      content: { 'application/json': { schema: LeadSchema } },
    },
    ...errorResponses,
  },
});

const closeLeadRoute = defineRoute({
  method: 'post',
  path: '/v1/leads/{leadId}/close',
  tags: ['leads'],
  summary:
    'Close a lead as won, lost or spam, with the deal’s amount (a won lead’s counts to its manager and its client), currency and reason',
  security: BEARER,
  request: {
    params: leadParam,
    body: CloseInputSchema,
  },
  responses: {
    200: {
      description: 'The closed lead',
      content: { 'application/json': { schema: LeadSchema } },
    },
    ...errorResponses,
  },
});

const mayTouch = (principal: Principal, lead: Lead): boolean =>
  principal.role !== 'manager' ||
  (lead.managerId !== undefined && lead.managerId === principal.managerId);

export const leadRoutes = (deps: ApiDeps): ApiRoute[] => {
  const view = async (lead: Lead) =>
    toLeadView(lead, await deps.contacts.get(lead.contactId), deps.acceptTimeoutSeconds);

  return [
    route(listLeads, async (c, input) => {
      const query = toLeadListQuery(input.query, c.get('principal'), deps.timeZone);
      if (!query) return problem(c, 'forbidden');
      try {
        const page = await deps.leads.list(query);
        const contacts = await deps.contacts.getMany(page.items.map((lead) => lead.contactId));
        return c.json(
          {
            items: page.items.map((lead) =>
              toLeadView(lead, contacts.get(lead.contactId), deps.acceptTimeoutSeconds),
            ),
            nextCursor: page.nextCursor,
          },
          200,
        );
      } catch (error) {
        if (error instanceof InvalidCursorError) return invalidCursor(c, error);
        throw error;
      }
    }),
    route(getLead, async (c, { params }) => {
      const { leadId } = params;
      const detail = await deps.leads.detail(leadId);
      if (!detail) return problem(c, 'not_found', 'No lead with this id.');
      if (!mayTouch(c.get('principal'), detail.lead)) return problem(c, 'forbidden');
      return c.json(
        toLeadDetailView(
          detail,
          await deps.contacts.get(detail.lead.contactId),
          deps.acceptTimeoutSeconds,
        ),
        200,
      );
    }),
    route(acceptLeadRoute, async (c, { params }) => {
      const { leadId } = params;
      const principal = c.get('principal');
      const result = await acceptLeadById(deps, leadId, {
        managerId: principal.role === 'manager' ? (principal.managerId ?? '') : undefined,
      });
      switch (result.outcome) {
        case 'not_found':
          return problem(c, 'not_found', 'No lead with this id.');
        case 'not_yours':
          return problem(c, 'forbidden');
        case 'not_assigned':
          return problem(
            c,
            'conflict',
            `The lead is ${result.lead.status}; only an assigned lead can be accepted.`,
          );
        case 'moved':
          return problem(c, 'conflict', 'The lead was reassigned or closed meanwhile.');
        case 'accepted':
          return c.json(await view(result.lead), 200);
        default:
          return result satisfies never;
      }
    }),
    route(closeLeadRoute, async (c, { params, body }) => {
      const { leadId } = params;
      const { outcome, amount, currency, reason } = body;
      const principal = c.get('principal');
      const lead = await deps.leads.get(leadId);
      if (!lead) return problem(c, 'not_found', 'No lead with this id.');
      if (!mayTouch(principal, lead)) return problem(c, 'forbidden');
      if (lead.status === 'closed') {
        // Announced again: a caller retrying after a failed answer still gets it out.
        await announceLeadUpdate(deps, lead, 'lead.closed');
        return problem(c, 'conflict', 'The lead is already closed.');
      }
      const result = await closeLead(
        deps,
        lead,
        outcome,
        deps.now().toISOString(),
        hasRole(c, 'head') ? undefined : principal.managerId,
        {
          amountMinor: amount === undefined ? undefined : toMinor(amount),
          currency: currency ?? (amount === undefined ? undefined : BASE_CURRENCY),
          reason,
        },
      );
      if (result !== 'closed')
        return problem(c, 'conflict', 'The lead changed meanwhile; reload it.');
      const current = (await deps.leads.get(leadId)) ?? lead;
      await announceLeadUpdate(deps, current, 'lead.closed');
      return c.json(await view(current), 200);
    }),
  ];
};
