import * as z from 'zod/mini';
import {
  BASE_CURRENCY,
  CURRENCY,
  hasAtMostTwoDecimals,
  MAX_AMOUNT,
} from '../../../shared/domain/deals/money';
import { LEAD_CHANNELS, LEAD_OUTCOMES, LEAD_STATUSES } from '../../../shared/domain/types';
import { apiDoc } from '../../../shared/http/api/doc';
import { LeadSchema } from '../../../shared/http/api/lead-schemas';
import type { ResponseSpec } from '../openapi/spec';
import { Cursor, ManagerId, optionalDay, queryInt } from './common';

/** Leads: the list, its CSV export, closing a lead (amount, currency, reason). */

export const LeadListQuerySchema = z.lazy(() =>
  z.strictObject({
    status: z.optional(z.enum(LEAD_STATUSES)),
    managerId: ManagerId(),
    channel: z.optional(z.enum(LEAD_CHANNELS)),
    from: optionalDay('First day, inclusive, in TIME_ZONE'),
    to: optionalDay('Last day, inclusive, in TIME_ZONE'),
    limit: queryInt(100, 50),
    cursor: Cursor(),
  }),
);

/** Documents the CSV answer of GET /v1/calls and GET /v1/leads (routes/csv-export.ts). */
export const CsvExportSchema = z.lazy(() =>
  z.string().register(apiDoc, {
    description:
      'With Accept: text/csv or format=csv: every matching row (limit = rows per store read), RFC 4180 with a header row and a UTF-8 BOM, as an attachment; columns in docs/api.md',
  }),
);

/** In AWS a CSV export is written to S3 and answered with a link (an HTTP API cannot stream). */
export const csvExportRedirect = {
  description:
    'In AWS, a CSV export: written whole to the exports bucket, then a redirect to a presigned download link valid for 10 minutes (Location); clients follow it without the API key',
  headers: z.lazy(() => z.object({ Location: z.url() })),
} as const satisfies ResponseSpec;

export const LeadPageSchema = z.lazy(() =>
  z
    .object({ items: z.array(LeadSchema), nextCursor: z.nullable(z.string()) })
    .register(apiDoc, { id: 'LeadPage' }),
);

/** An amount in currency units with at most two decimals (1234.56). */
export const AmountSchema = z.lazy(() =>
  z
    .number()
    .check(
      z.nonnegative(),
      z.maximum(MAX_AMOUNT),
      z.refine(hasAtMostTwoDecimals, 'at most two decimals'),
    )
    .register(apiDoc, { description: 'In currency units, up to 2 decimals', example: 125000 }),
);

export const CurrencySchema = z.lazy(() =>
  z
    .string()
    .check(z.regex(CURRENCY, 'an ISO 4217 code such as RUB'))
    .register(apiDoc, {
      description: `ISO 4217; default ${BASE_CURRENCY}`,
      example: BASE_CURRENCY,
    }),
);

export const Reason = z.lazy(() => z.string().check(z.trim(), z.minLength(1), z.maxLength(500)));

export const CloseInputSchema = z.lazy(() =>
  z
    .strictObject({
      outcome: z.enum(LEAD_OUTCOMES),
      amount: z.optional(AmountSchema).register(apiDoc, {
        description: `The deal's amount; a won lead's counts to its manager and its client (${BASE_CURRENCY} only in revenue; other currencies apart)`,
      }),
      currency: z.optional(CurrencySchema),
      reason: z.optional(Reason).register(apiDoc, { description: 'Why: a lost reason, a note' }),
    })
    .register(apiDoc, { id: 'CloseLeadInput' }),
);
