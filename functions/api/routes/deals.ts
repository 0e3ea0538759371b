import type * as z from 'zod/mini';
import { BASE_CURRENCY, fromMinor, toMinor } from '../../../shared/domain/deals/money';
import { toE164 } from '../../../shared/domain/phone';
import { problem } from '../../../shared/http/problem';
import type { DealRecord } from '../../../shared/ports';
import { recordDeal } from '../../../shared/usecases/record-deal';
import { hasRole } from '../auth';
import type { ApiDeps } from '../deps';
import { type ApiRoute, BEARER, defineRoute, route } from '../openapi/route';
import { DealInputSchema, DealSchema, errorResponses } from '../schemas';

const postDeal = defineRoute({
  method: 'post',
  path: '/v1/deals',
  tags: ['month'],
  summary:
    'A close reported by a CRM, for a lead by id or the contact’s phone (its open lead, else its latest); idempotent on dealId: the same deal again changes nothing and answers the same',
  security: BEARER,
  request: {
    body: DealInputSchema,
  },
  responses: {
    200: {
      description: 'The deal as recorded (the first time or again)',
      content: { 'application/json': { schema: DealSchema } },
    },
    ...errorResponses,
  },
});

const toDealView = (deal: DealRecord): z.infer<typeof DealSchema> => ({
  dealId: deal.dealId,
  leadId: deal.leadId,
  contactId: deal.contactId,
  outcome: deal.outcome,
  ...(deal.amountMinor !== undefined ? { amount: fromMinor(deal.amountMinor) } : {}),
  currency: deal.currency,
  ...(deal.reason ? { reason: deal.reason } : {}),
  closedAt: deal.closedAt,
  effect: deal.effect,
  recordedAt: deal.recordedAt,
});

/** POST /v1/deals: the company's CRM reports won (and lost) deals back (admin, head). */
export const dealRoutes = (deps: ApiDeps): ApiRoute[] => [
  route(postDeal, async (c, { body: input }) => {
    if (!hasRole(c, 'head')) return problem(c, 'forbidden');
    let phone: string | undefined;
    if (input.phone !== undefined) {
      const parsed = toE164(input.phone, deps.defaultCountry);
      if (!parsed.ok) {
        return problem(c, 'invalid_payload', undefined, [
          { path: 'phone', message: 'not a valid phone number' },
        ]);
      }
      phone = parsed.e164;
    }
    const closedAt = input.closedAt
      ? new Date(input.closedAt).toISOString()
      : deps.now().toISOString();
    const result = await recordDeal(deps, {
      dealId: input.dealId,
      leadId: input.leadId,
      phone,
      outcome: input.outcome,
      amountMinor: input.amount === undefined ? undefined : toMinor(input.amount),
      currency: input.currency ?? BASE_CURRENCY,
      reason: input.reason,
      closedAt,
    });
    if (result.status === 'not_found') {
      return problem(
        c,
        'not_found',
        input.leadId ? 'No lead with this id.' : 'No lead of a contact with this phone.',
      );
    }
    return c.json(toDealView(result.deal), 200);
  }),
];
