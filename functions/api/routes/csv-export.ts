import type { Context, MiddlewareHandler } from 'hono';
import * as z from 'zod/mini';
import { toCallView } from '../../../shared/http/api/call-view';
import { type LeadView, toLeadView } from '../../../shared/http/api/lead-view';
import { problem } from '../../../shared/http/problem';
import { errorSummary, logger } from '../../../shared/logger';
import type { CsvExports } from '../../../shared/ports';
import { InvalidCursorError } from '../../../shared/store/cursor';
import { type ApiEnv, hasRole } from '../auth';
import { type CsvColumn, type CsvPage, csvChunks, csvStream, wantsCsv } from '../csv';
import type { ApiDeps } from '../deps';
import { invalidCursor, invalidPayload, toCallListQuery, toLeadListQuery } from '../list-queries';
import { CallListQuerySchema, type CallSchema, LeadListQuerySchema } from '../schemas';

type CallView = z.infer<typeof CallSchema>;

/** The columns of the calls export (docs/api.md: "CSV export"); values as in the JSON call view. */
export const CALL_COLUMNS: readonly CsvColumn<CallView>[] = [
  { name: 'id', value: (c) => c.id },
  { name: 'provider', value: (c) => c.provider },
  { name: 'callId', value: (c) => c.callId },
  { name: 'day', value: (c) => c.day },
  { name: 'direction', value: (c) => c.direction },
  { name: 'outcome', value: (c) => c.outcome },
  { name: 'effective', value: (c) => c.effective },
  { name: 'missedReason', value: (c) => c.missedReason },
  { name: 'disposition', value: (c) => c.disposition },
  { name: 'customer', value: (c) => c.customer },
  { name: 'line', value: (c) => c.line },
  { name: 'managerId', value: (c) => c.managerId },
  { name: 'startedAt', value: (c) => c.startedAt },
  { name: 'answeredAt', value: (c) => c.answeredAt },
  { name: 'endedAt', value: (c) => c.endedAt },
  { name: 'talkSeconds', value: (c) => c.talkSeconds },
  { name: 'waitSeconds', value: (c) => c.waitSeconds },
  { name: 'callbackStatus', value: (c) => c.callback?.status },
  { name: 'callbackAt', value: (c) => c.callback?.at },
  { name: 'callbackSeconds', value: (c) => c.callback?.seconds },
  { name: 'callbackByCallId', value: (c) => c.callback?.byCallId },
  { name: 'recordingUrl', value: (c) => c.recordingUrl },
  // Added later: at the end, so the earlier columns keep their places.
  { name: 'closedBy', value: (c) => c.closedBy },
];

const list = (values: readonly string[] | undefined) =>
  values && values.length > 0 ? values.join(' ') : undefined;

/** The columns of the leads export; lists are space-separated, `fields` is JSON. */
export const LEAD_COLUMNS: readonly CsvColumn<LeadView>[] = [
  { name: 'id', value: (l) => l.id },
  { name: 'kind', value: (l) => l.kind },
  { name: 'status', value: (l) => l.status },
  { name: 'outcome', value: (l) => l.outcome },
  { name: 'amount', value: (l) => l.amount },
  { name: 'currency', value: (l) => l.currency },
  { name: 'reason', value: (l) => l.reason },
  { name: 'dealId', value: (l) => l.dealId },
  { name: 'channels', value: (l) => list(l.channels) },
  { name: 'managerId', value: (l) => l.managerId },
  { name: 'createdAt', value: (l) => l.createdAt },
  { name: 'assignedAt', value: (l) => l.assignedAt },
  { name: 'acceptedAt', value: (l) => l.acceptedAt },
  { name: 'closedAt', value: (l) => l.closedAt },
  { name: 'lastTouchAt', value: (l) => l.lastTouchAt },
  { name: 'touches', value: (l) => l.touches },
  { name: 'contactId', value: (l) => l.contact.id },
  { name: 'contactName', value: (l) => l.contact.name },
  { name: 'contactPhones', value: (l) => list(l.contact.phones) },
  { name: 'contactEmails', value: (l) => list(l.contact.emails) },
  {
    name: 'contactMessengers',
    value: (l) => list(l.contact.messengers?.map((m) => `${m.channel}:${m.username ?? m.id}`)),
  },
  { name: 'contactOwnerId', value: (l) => l.contact.ownerId },
  { name: 'text', value: (l) => l.text },
  { name: 'utmSource', value: (l) => l.utm?.source },
  { name: 'utmMedium', value: (l) => l.utm?.medium },
  { name: 'utmCampaign', value: (l) => l.utm?.campaign },
  { name: 'utmContent', value: (l) => l.utm?.content },
  { name: 'utmTerm', value: (l) => l.utm?.term },
  { name: 'siteKey', value: (l) => l.source?.siteKey },
  { name: 'formId', value: (l) => l.source?.formId },
  { name: 'account', value: (l) => l.source?.account },
  { name: 'page', value: (l) => l.source?.page },
  { name: 'referer', value: (l) => l.source?.referer },
  { name: 'fields', value: (l) => (l.fields ? JSON.stringify(l.fields) : undefined) },
];

/** Rows per store read when the request names no `limit`. */
const CSV_PAGE_SIZE = 100;

/**
 * The request's query, validated by the JSON route's own schema (`format` aside). In an
 * export `limit` is how many rows each store read brings (default 100), not a cap: every
 * matching row is written, from `cursor` when one is given.
 */
const parseQuery = <S extends z.core.$ZodType>(c: Context, schema: S) => {
  const raw: Record<string, string | string[]> = {};
  for (const [name, values] of Object.entries(c.req.queries())) {
    if (name === 'format') continue;
    raw[name] = values.length === 1 ? (values[0] as string) : values;
  }
  const result = z.safeParse(schema, raw);
  if (!result.success) return { ok: false as const, response: invalidPayload(c, result.error) };
  const query = result.data as z.infer<S> & { limit: number };
  return { ok: true as const, query, limit: raw.limit === undefined ? CSV_PAGE_SIZE : query.limit };
};

const fileName = (what: string, query: { from?: string | undefined; to?: string | undefined }) =>
  `${what}${query.from ? `_from_${query.from}` : ''}${query.to ? `_to_${query.to}` : ''}.csv`;

/**
 * Answers with the header row and the first page (read before answering, so a bad cursor is a
 * 400 and an outage a 503), then streams the other pages as the client takes them.
 */
const csvResponse = async <T>(
  c: Context<ApiEnv>,
  what: 'calls' | 'leads',
  name: string,
  columns: readonly CsvColumn<T>[],
  readPage: (cursor: string | undefined) => Promise<CsvPage<T>>,
  cursor: string | undefined,
  exports: CsvExports | undefined,
) => {
  let first: CsvPage<T>;
  try {
    first = await readPage(cursor);
  } catch (error) {
    if (error instanceof InvalidCursorError) return invalidCursor(c, error);
    throw error;
  }
  if (exports) {
    // Written whole, then linked: an error on the way is a clean 5xx, not a cut-off file.
    const parts: string[] = [];
    for await (const chunk of csvChunks(columns, first, readPage)) parts.push(chunk);
    const url = await exports.save({
      name,
      contentType: CSV_TYPE,
      body: new TextEncoder().encode(parts.join('')),
    });
    logger.info('csv export written', { export: what });
    return c.body(null, 303, { Location: url, 'Cache-Control': 'no-store' });
  }
  const body = csvStream(csvChunks(columns, first, readPage), (error) =>
    logger.error('csv export failed midway', { error: errorSummary(error), export: what }),
  );
  return c.body(body, 200, {
    'Content-Type': CSV_TYPE,
    'Content-Disposition': `attachment; filename="${name}"`,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
};

const CSV_TYPE = 'text/csv; charset=utf-8; header=present';

const isCsvRequest = (c: Context) =>
  c.req.method === 'GET' && wantsCsv(c.req.query('format'), c.req.header('accept'));

/**
 * `GET /v1/calls` and `GET /v1/leads` as CSV (`Accept: text/csv` or `format=csv`), mounted
 * before the JSON routes: it answers CSV requests only and hands every other request on
 * untouched. Same schemas, same roles, same store queries as the JSON routes.
 */
export const csvExport = (deps: ApiDeps) => {
  const calls: MiddlewareHandler<ApiEnv> = async (c, next) => {
    if (!isCsvRequest(c)) return next();
    const parsed = parseQuery(c, CallListQuerySchema);
    if (!parsed.ok) return parsed.response;
    if (!hasRole(c, 'head')) return problem(c, 'forbidden');
    const query = toCallListQuery(parsed.query, deps.timeZone);
    return csvResponse(
      c,
      'calls',
      fileName('calls', parsed.query),
      CALL_COLUMNS,
      async (cursor) => {
        const page = await deps.calls.list({ ...query, limit: parsed.limit, cursor });
        return { items: page.items.map(toCallView), nextCursor: page.nextCursor };
      },
      query.cursor,
      deps.csvExports,
    );
  };

  const leads: MiddlewareHandler<ApiEnv> = async (c, next) => {
    if (!isCsvRequest(c)) return next();
    const parsed = parseQuery(c, LeadListQuerySchema);
    if (!parsed.ok) return parsed.response;
    const query = toLeadListQuery(parsed.query, c.get('principal'), deps.timeZone);
    if (!query) return problem(c, 'forbidden');
    return csvResponse(
      c,
      'leads',
      fileName('leads', parsed.query),
      LEAD_COLUMNS,
      async (cursor) => {
        const page = await deps.leads.list({ ...query, limit: parsed.limit, cursor });
        const contacts = await deps.contacts.getMany(page.items.map((lead) => lead.contactId));
        return {
          items: page.items.map((lead) =>
            toLeadView(lead, contacts.get(lead.contactId), deps.acceptTimeoutSeconds),
          ),
          nextCursor: page.nextCursor,
        };
      },
      query.cursor,
      deps.csvExports,
    );
  };

  return { calls, leads };
};
