import { createScript, type StandInAnswer, startStandInServer } from './http-server';

/**
 * Lead fields crm.lead.add / crm.lead.update accept (crm.lead.fields), the ones an integration
 * like switchboard's may set; a request naming any other is recorded as a problem.
 */
const LEAD_FIELDS = new Set([
  'TITLE',
  'HONORIFIC',
  'NAME',
  'SECOND_NAME',
  'LAST_NAME',
  'BIRTHDATE',
  'COMPANY_TITLE',
  'SOURCE_ID',
  'SOURCE_DESCRIPTION',
  'STATUS_ID',
  'STATUS_DESCRIPTION',
  'POST',
  'ADDRESS',
  'CURRENCY_ID',
  'OPPORTUNITY',
  'OPENED',
  'COMMENTS',
  'ASSIGNED_BY_ID',
  'PHONE',
  'EMAIL',
  'WEB',
  'IM',
  'UTM_SOURCE',
  'UTM_MEDIUM',
  'UTM_CAMPAIGN',
  'UTM_CONTENT',
  'UTM_TERM',
  'ORIGINATOR_ID',
  'ORIGIN_ID',
  'CONTACT_ID',
  'COMPANY_ID',
]);
const LEAD_STATUSES = new Set(['NEW', 'IN_PROCESS', 'PROCESSED', 'JUNK', 'CONVERTED']);
const VALUE_TYPES: Record<string, Set<string>> = {
  PHONE: new Set(['WORK', 'MOBILE', 'FAX', 'HOME', 'PAGER', 'MAILING', 'OTHER']),
  EMAIL: new Set(['WORK', 'HOME', 'MAILING', 'OTHER']),
};
const ENTITY_TYPES = new Set(['lead', 'deal', 'contact', 'company', 'order']);

const isId = (value: unknown) =>
  (typeof value === 'number' && Number.isInteger(value) && value > 0) ||
  (typeof value === 'string' && /^[1-9]\d*$/.test(value));

export type Bitrix24Call = { readonly method: string; readonly body: Record<string, any> };
export type Bitrix24Lead = { readonly id: number; fields: Record<string, any> };

/**
 * A Bitrix24 portal's inbound webhook (`/rest/<user>/<code>/<method>[.json]`) for the methods
 * switchboard calls: crm.lead.add, crm.lead.update, crm.lead.list, crm.timeline.comment.add.
 * Checks each request as the REST documentation describes it (JSON body with `fields`, known
 * field names, PHONE/EMAIL as [{ VALUE, VALUE_TYPE }], ids as integers, lead stages), answers
 * `{ result }` or `{ error, error_description }`, and can be told to answer an error (say
 * QUERY_LIMIT_EXCEEDED, 503) for the next calls.
 */
export const startBitrix24StandIn = async (
  options: { readonly user?: string; readonly code?: string } = {},
) => {
  const user = options.user ?? '1';
  const code = options.code ?? 'k3y4b1tr1x24c0de';
  const calls: Bitrix24Call[] = [];
  const problems: string[] = [];
  const leads: Bitrix24Lead[] = [];
  const comments: { id: number; entityId: number; text: string }[] = [];
  const script = createScript<StandInAnswer>();
  let nextId = 1;

  const error = (status: number, name: string, description: string): StandInAnswer => ({
    status,
    body: { error: name, error_description: description },
  });
  const refuse = (description: string) => {
    problems.push(description);
    return error(400, 'INVALID_ARG_VALUE', description);
  };
  const ok = (result: unknown): StandInAnswer => ({
    status: 200,
    body: { result, time: { start: 0, finish: 0, duration: 0, processing: 0 } },
  });

  const checkFields = (fields: unknown, method: string): string | undefined => {
    if (!fields || typeof fields !== 'object' || Array.isArray(fields))
      return `${method}: fields must be an object`;
    for (const [name, value] of Object.entries(fields)) {
      if (!LEAD_FIELDS.has(name)) return `${method}: unknown lead field ${name}`;
      if (name in VALUE_TYPES) {
        if (!Array.isArray(value) || value.length === 0)
          return `${method}: ${name} must be [{ VALUE, VALUE_TYPE }]`;
        for (const item of value) {
          if (typeof item?.VALUE !== 'string' || !VALUE_TYPES[name]?.has(item.VALUE_TYPE)) {
            return `${method}: ${name} items are { VALUE, VALUE_TYPE } with a known VALUE_TYPE`;
          }
        }
      }
      if (name === 'ASSIGNED_BY_ID' && !isId(value))
        return `${method}: ASSIGNED_BY_ID is a user id`;
      if (name === 'STATUS_ID' && !LEAD_STATUSES.has(String(value)))
        return `${method}: unknown STATUS_ID ${value}`;
      if (name === 'OPENED' && value !== 'Y' && value !== 'N') return `${method}: OPENED is Y or N`;
      if (
        ['TITLE', 'NAME', 'SOURCE_DESCRIPTION', 'COMMENTS', 'ORIGIN_ID', 'ORIGINATOR_ID'].includes(
          name,
        ) &&
        typeof value !== 'string'
      ) {
        return `${method}: ${name} is a string`;
      }
    }
    return undefined;
  };

  const methods: Record<string, (body: Record<string, any>) => StandInAnswer> = {
    'crm.lead.add'(body) {
      const problem = checkFields(body.fields, 'crm.lead.add');
      if (problem) return refuse(problem);
      if (typeof body.fields.TITLE !== 'string' || body.fields.TITLE === '')
        return refuse('crm.lead.add: TITLE is required');
      if (body.params !== undefined && !['Y', 'N'].includes(body.params?.REGISTER_SONET_EVENT)) {
        return refuse('crm.lead.add: params.REGISTER_SONET_EVENT is Y or N');
      }
      const lead = { id: nextId++, fields: { ...body.fields } };
      leads.push(lead);
      return ok(lead.id);
    },
    'crm.lead.update'(body) {
      if (!isId(body.id)) return refuse('crm.lead.update: id is required');
      const problem = checkFields(body.fields, 'crm.lead.update');
      if (problem) return refuse(problem);
      const lead = leads.find((l) => l.id === Number(body.id));
      if (!lead) return error(400, 'ERROR_NOT_FOUND', 'Not found');
      Object.assign(lead.fields, body.fields);
      return ok(true);
    },
    'crm.lead.list'(body) {
      const filter = (body.filter ?? {}) as Record<string, unknown>;
      const found = leads.filter((l) =>
        Object.entries(filter).every(([k, v]) => String(l.fields[k]) === String(v)),
      );
      return {
        status: 200,
        body: { result: found.map((l) => ({ ID: String(l.id) })), total: found.length },
      };
    },
    'crm.timeline.comment.add'(body) {
      const fields = body.fields;
      if (!fields || !isId(fields.ENTITY_ID) || !ENTITY_TYPES.has(fields.ENTITY_TYPE)) {
        return refuse(
          'crm.timeline.comment.add: fields.ENTITY_ID and fields.ENTITY_TYPE are required',
        );
      }
      if (typeof fields.COMMENT !== 'string' || fields.COMMENT === '')
        return refuse('crm.timeline.comment.add: COMMENT is required');
      const comment = { id: nextId++, entityId: Number(fields.ENTITY_ID), text: fields.COMMENT };
      comments.push(comment);
      return ok(comment.id);
    },
  };

  const server = await startStandInServer((request) => {
    const match = /^\/rest\/([^/]+)\/([^/]+)\/([a-z.]+?)(?:\.json)?$/.exec(request.path);
    if (!match) return error(404, 'ERROR_METHOD_NOT_FOUND', 'Method not found!');
    if (match[1] !== user || match[2] !== code)
      return error(401, 'INVALID_CREDENTIALS', 'Invalid request credentials');
    const method = match[3] as string;
    const handle = methods[method];
    if (!handle) return error(404, 'ERROR_METHOD_NOT_FOUND', 'Method not found!');
    if (
      request.method !== 'POST' ||
      !String(request.headers['content-type']).startsWith('application/json')
    ) {
      return refuse(`${method}: expected a POST with a JSON body`);
    }
    let body: Record<string, any>;
    try {
      body = JSON.parse(request.body);
    } catch {
      return refuse(`${method}: the body is not JSON`);
    }
    calls.push({ method, body });
    return script.take(method) ?? handle(body);
  });

  return {
    url: `${server.url}/rest/${user}/${code}/`,
    stop: server.stop,
    calls,
    problems,
    leads,
    comments,
    /** The next `times` calls of `method` answer Bitrix24's rate-limit error. */
    queryLimitExceeded(method: string, times = 1) {
      script.add(method, error(503, 'QUERY_LIMIT_EXCEEDED', 'Too many requests'), times);
    },
    failNext(method: string, status: number, name: string, times = 1) {
      script.add(method, error(status, name, name), times);
    },
  };
};

export type Bitrix24StandIn = Awaited<ReturnType<typeof startBitrix24StandIn>>;
