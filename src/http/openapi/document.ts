import type { OpenAPIObject, OperationObject, ParameterObject, ReferenceObject, ResponseObject, SchemaObject } from '@nestjs/swagger';
import type { Access } from '../auth';
import type { Caching } from '../http-cache';
import { withCachingHeaders } from './caching';
import { SCHEMAS } from './components';
import { COMMAND_HEADERS, PATH_EXAMPLES, PATH_PARAMETERS, QUERY_PARAMETERS } from './parameters';
import { CREDIT_READS } from './reads-credit';
import { CREDIT_EXCHANGE_READS } from './reads-credit-exchange';
import { withCsvForm } from './reads-csv';
import { DISCLOSURE_AND_LEDGER_READS } from './reads-disclosure-ledger';
import { DISCLOSURE_CONTRACTOR_READS } from './reads-disclosure-contractor';
import { STATE_READS } from './reads-state';
import { TLOG_READS } from './reads-tlog';
import { problemResponse, refusalsOf, withPageRefusals } from './refusals';
import { roleLine, routeAccess, routeCaching } from './route-access';
import { COMMAND_RULE_CODES } from './rule-codes';
import { ref } from './schema';
import { withValidationRules } from './validation-rules';

export { COMMAND_RULE_CODES, routeAccess, routeCaching };

/**
 * What @nestjs/swagger cannot see, added to the OpenAPI document in one place: the refusals API.md
 * ("Errors") defines, on every operation, as application/problem+json with the codes each can carry
 * (the rule codes of each command); who may call each operation, read from the guard's own metadata;
 * command responses and headers; read responses; the request bodies' validation rules; path
 * parameters by name. Clients and the schema-driven fuzzer (test/fuzz) then see every status a route
 * can answer and the inputs it accepts.
 *
 * This file is the folder's entry point: the rest of the code imports from here. (Not index.ts: an
 * incremental build keeps the old dist/src/http/openapi.js, which Node would load before a folder.)
 */

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** What the reads answer (API.md "Queries"), by operation. */
const READ_RESPONSES: Record<string, Record<string, ResponseObject>> = {
  ...STATE_READS,
  ...CREDIT_READS,
  ...DISCLOSURE_AND_LEDGER_READS,
  ...DISCLOSURE_CONTRACTOR_READS,
  ...CREDIT_EXCHANGE_READS,
  ...TLOG_READS,
};

/**
 * A wildcard route (`tlog/tile/:L/*`, whose tail holds slashes): @nestjs/swagger writes it `{path}` with a
 * path parameter `*`; the document names it by the @ApiParam that describes it and is not in the path (`{N}`).
 */
function namedWildcards(paths: OpenAPIObject['paths']): OpenAPIObject['paths'] {
  const out: OpenAPIObject['paths'] = {};
  for (const [path, item] of Object.entries(paths)) {
    const op = METHODS.map((m) => item[m]).find(Boolean);
    const params = (op?.parameters ?? []) as ParameterObject[];
    const name = params.find((p) => p.in === 'path' && p.name !== '*' && !path.includes(`{${p.name}}`))?.name;
    if (!path.endsWith('/{path}') || !params.some((p) => p.name === '*') || !name) {
      out[path] = item;
      continue;
    }
    const next = { ...item };
    for (const m of METHODS) {
      const o = item[m];
      if (o) next[m] = { ...o, parameters: (o.parameters as ParameterObject[]).filter((p) => p.name !== '*') };
    }
    out[path.replace(/\{path\}$/, `{${name}}`)] = next;
  }
  return out;
}

export interface RefineOptions {
  /** Who may call each operation, by operationId (routeAccess). */
  readonly access: ReadonlyMap<string, Access>;
  /** How each operation's answers are cached (routeCaching), for their Cache-Control, ETag and CORS headers. */
  readonly caching?: ReadonlyMap<string, Caching>;
}

/**
 * The document with the Problem, CommandResponse and read schemas, who may call each operation,
 * body rules, path parameters, command headers and every refusal with its codes.
 */
export function refineOpenApi(doc: OpenAPIObject, { access, caching }: RefineOptions): OpenAPIObject {
  const schemas: Record<string, SchemaObject | ReferenceObject> = {
    ...structuredClone(doc.components?.schemas),
    ...SCHEMAS,
  };
  withValidationRules(schemas);
  const paths: OpenAPIObject['paths'] = {};
  for (const [path, item] of Object.entries(namedWildcards(doc.paths))) {
    const next = { ...item };
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const who = op.operationId ? access.get(op.operationId) : undefined;
      const responses = { ...op.responses, ...READ_RESPONSES[`${method} ${path}`] };
      const ok = withCsvForm(op, responses['200'] as ResponseObject | undefined);
      if (ok) responses['200'] = ok;
      let parameters = op.parameters?.map((p) => {
        const param = p as ParameterObject;
        if (param.in === 'query' && QUERY_PARAMETERS[param.name]) return { ...param, ...QUERY_PARAMETERS[param.name] };
        return param.in === 'path' && PATH_PARAMETERS[param.name]
          ? { ...param, schema: PATH_PARAMETERS[param.name], example: PATH_EXAMPLES[param.name] }
          : p;
      });
      if (method === 'post') {
        const named = new Set(((parameters ?? []) as ParameterObject[]).map((p) => p.name.toLowerCase()));
        parameters = [...(parameters ?? []), ...COMMAND_HEADERS.filter((h) => !named.has(h.name.toLowerCase()))];
        const created = responses['201'] as ResponseObject | undefined;
        if (created && !created.content) {
          responses['201'] = {
            description: created.description || 'appended',
            headers: {
              ETag: { description: 'the stream version, for a later If-Match', schema: { type: 'string' } },
              'Idempotent-Replayed': {
                description: '"true" when this is the original response to a repeated Idempotency-Key',
                schema: { type: 'string', enum: ['true'] },
              },
            },
            content: { 'application/json': { schema: ref('CommandResponse') } },
          };
        }
      }
      if (method === 'get' && op.operationId) withCachingHeaders(responses, caching?.get(op.operationId));
      for (const status of refusalsOf(path, method, { ...op, parameters }, who))
        responses[String(status)] ??= problemResponse(status, path, method);
      withPageRefusals(responses);
      const refined: OperationObject = { ...op, ...(parameters ? { parameters } : {}), responses };
      if (who) {
        refined.description = [op.description, roleLine(who)].filter(Boolean).join('\n\n');
        refined.security = who.public ? [] : [{ bearer: [] }];
        Object.assign(refined, who.public ? { 'x-public': true } : { 'x-roles': ['admin', ...who.roles.filter((r) => r !== 'admin')] });
      }
      if (method === 'post') Object.assign(refined, { 'x-rule-codes': [...(COMMAND_RULE_CODES[path] ?? [])] });
      next[method] = refined;
    }
    paths[path] = next;
  }
  return { ...doc, paths, components: { ...doc.components, schemas } };
}
