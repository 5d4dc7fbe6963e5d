import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { getMetadataStorage } from 'class-validator';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { RequestValidationPipe } from '../../src/http/validation';
import { bearer, KEYS, startTestApp, TestApp } from '../support/app';
import {
  APPROVAL,
  award,
  contract,
  contractor,
  CONTRACTOR,
  financialReport,
  fund,
  project,
  PUBLIC_NOTICE,
  tender,
} from '../support/lifecycle';
import { bodyOf, ProblemBody } from '../support/bodies';

/**
 * Issue 11: every field of every command DTO, found by reflection (routes from Nest's metadata, fields
 * from class-validator's), is sent with each JSON type it must not have, nested fields included.
 * Each request must be 400 VALIDATION_FAILED naming the field, and append nothing. A new command or
 * field is covered as soon as it exists: its route must have a base body below that names every field.
 */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Dto = new () => object;

/** A body per command route that passes validation with every optional field present (domain rules do not matter here). */
const BASE_BODIES: Record<string, Record<string, Json>> = {
  'POST /v1/funds': fund({ internalNote: 'n' }),
  'POST /v1/contractors': contractor({ internalNote: 'n' }),
  'POST /v1/projects': project({
    recipients: [{ name: '张三', idNumber: '220102195001011234', needs: '居家照料' }],
    internalNote: '内部备注',
  }),
  'POST /v1/projects/:projectId/tender': tender({
    singleSourceJustification: '唯一供应商',
    approval: APPROVAL,
    publicNotice: PUBLIC_NOTICE,
    internalNote: 'n',
  }),
  'POST /v1/projects/:projectId/award': award({ internalNote: 'n' }),
  'POST /v1/projects/:projectId/contracts': contract({
    budgetSources: [{ fiscalYear: 2025, reference: '2024—2026 年中期财政规划' }],
    extendedTermJustification: 'j',
    contractorUscc: CONTRACTOR,
    internalNote: 'n',
  }),
  'POST /v1/contracts/:contractId/announcement': {
    announcedAt: '2024-03-26',
    url: 'https://www.ccgp-jilin.gov.cn/notice/1',
    internalNote: 'n',
  },
  'POST /v1/contracts/:contractId/payments': {
    paymentId: 'pay-1',
    amount: 7_200_000,
    paidAt: '2024-06-30',
    purpose: 'service_fee',
    internalNote: 'n',
  },
  'POST /v1/contracts/:contractId/evaluations': {
    evaluationId: 'ev-1',
    evaluator: 'third_party',
    score: 88,
    evaluatedAt: '2024-12-20',
    summary: 's',
    satisfactionRate: 0.9,
    grade: 'good',
    internalNote: 'n',
  },
  'POST /v1/contracts/:contractId/violations': {
    violationId: 'v-1',
    kind: 'breach',
    severity: 'serious',
    occurredAt: '2024-07-01',
    description: 'd',
    internalNote: 'n',
  },
  'POST /v1/contracts/:contractId/penalties': {
    penaltyId: 'pen-1',
    violationIds: ['v-1'],
    evaluationIds: ['ev-1'],
    decidedAt: '2024-07-10',
    rectificationDeadline: '2024-09-30',
    decisionNumber: '长民罚决字〔2024〕第1号',
    legalBasis: 'l',
    facts: 'f',
    penaltyCategories: ['fine', 'debarment'],
    content: 'c',
    authority: { name: '长春市民政局', uscc: '11220100MB1234567K' },
    dataSource: { name: '吉林省民政厅', uscc: '11220000MB00000030' },
    fine: 5_000_000,
    terminateContract: true,
    debarment: { from: '2024-07-10', until: '2027-07-09' },
    publishDishonestyRecord: true,
    publicationMonths: 36,
    internalNote: 'n',
  },
  'POST /v1/penalties/:penaltyId/revocation': { decidedAt: '2024-08-01', reason: 'r', internalNote: 'n' },
  'POST /v1/contracts/:contractId/completion': {
    acceptedAt: '2025-04-01',
    report: 'r',
    finalSettlement: { amount: 7_200_000, reason: 'r' },
    internalNote: 'n',
  },
  'POST /v1/contracts/:contractId/takeover': { activatedAt: '2024-09-02', reason: 'r', internalNote: 'n' },
  'POST /v1/contractors/:uscc/credit-repair': {
    penaltyId: 'pen-1',
    repairedAt: '2025-01-01',
    basis: 'b',
    commitment: 'c',
    obligationsFulfilled: true,
    finePaidOn: '2024-08-01',
    internalNote: 'n',
  },
  'POST /v1/contractors/:uscc/financial-reports': financialReport({ internalNote: 'n' }),
  'POST /v1/admin/erasures': { position: 3, reason: 'r', legalBasis: 'l', internalNote: 'n' },
};

/**
 * More bodies for a route whose fields exclude each other (`position` or `projectId`, exactly one): together with
 * the base they name every field, and each passes validation on its own.
 */
const OTHER_BODIES: Record<string, Record<string, Json>[]> = {
  'POST /v1/admin/erasures': [{ projectId: 'cc-2024-001', reason: 'r', legalBasis: 'l', internalNote: 'n' }],
};
const bodiesOf = (key: string): Record<string, Json>[] => [BASE_BODIES[key], ...(OTHER_BODIES[key] ?? [])];

const PATH_PARAMS: Record<string, string> = {
  projectId: 'cc-2024-001',
  contractId: 'cc-2024-001-c1',
  penaltyId: 'pen-1',
  uscc: CONTRACTOR,
};

interface CommandRoute {
  readonly key: string;
  readonly url: string;
  readonly dto: Dto;
}

/** Every POST route with a @Body() DTO, from the controllers' metadata. */
function commandRoutes(t: TestApp): CommandRoute[] {
  const routes: CommandRoute[] = [];
  for (const module of t.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Dto;
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) !== RequestMethod.POST)
          continue;
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<string, { index: number }>;
        const body = Object.entries(args).find(([k]) => Number(k.split(':')[0]) === Number(RouteParamtypes.BODY));
        if (!body) continue;
        const dto = (Reflect.getMetadata('design:paramtypes', controller.prototype as object, name) as Dto[])[body[1].index];
        const sub = String(Reflect.getMetadata(PATH_METADATA, handler) ?? '');
        const path = `/${[base, sub]
          .map((s) => s.replace(/^\/|\/$/g, ''))
          .filter(Boolean)
          .join('/')}`;
        routes.push({ key: `POST ${path}`, url: path.replace(/:(\w+)/g, (_, p: string) => PATH_PARAMS[p] ?? 'x'), dto });
      }
    }
  }
  return routes;
}

/** The validated fields of a DTO class (inherited ones included), and the class of each nested one. */
function fieldsOf(dto: Dto): Map<string, Dto | null> {
  const fields = new Map<string, Dto | null>();
  for (const m of getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false)) {
    const nested = defaultMetadataStorage.findTypeMetadata(dto, m.propertyName)?.typeFunction() as Dto | undefined;
    fields.set(m.propertyName, nested ?? fields.get(m.propertyName) ?? null);
  }
  return fields;
}

/** Checks that a base body names every field of its DTO, nested DTOs included (so no field escapes the walk). */
function missingFields(dto: Dto, body: Json, path = ''): string[] {
  const missing: string[] = [];
  for (const [field, nested] of fieldsOf(dto)) {
    const value = (body as Record<string, Json>)[field];
    const here = path ? `${path}.${field}` : field;
    if (value === undefined) missing.push(here);
    else if (nested && Array.isArray(value)) value.forEach((item, i) => missing.push(...missingFields(nested, item, `${here}[${i}]`)));
    else if (nested) missing.push(...missingFields(nested, value, here));
  }
  return missing;
}

interface Mutation {
  readonly path: (string | number)[];
  readonly label: string;
  readonly value: Json;
}

/** For every value in the body (nested ones too): each JSON value of another type than the one it has. */
function mutations(body: Json, path: (string | number)[] = []): Mutation[] {
  const out: Mutation[] = [];
  const kind = body === null ? 'null' : Array.isArray(body) ? 'array' : typeof body;
  const wrong: [string, Json][] = [
    ['null', null],
    ['a boolean', true],
    ['a number', 1],
    ['a string', '1'],
    ['an empty array', []],
    ['an empty object', {}],
  ];
  if (path.length > 0) {
    for (const [label, value] of wrong) {
      const type = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
      if (type !== kind) out.push({ path, label, value });
    }
  }
  if (kind === 'object') {
    // The defect the issue found: an array holding a valid object, taken for the object itself.
    if (path.length > 0) out.push({ path, label: 'an array holding the object', value: [body] });
    for (const [k, v] of Object.entries(body as Record<string, Json>)) out.push(...mutations(v, [...path, k]));
  }
  if (kind === 'array') {
    const items = body as Json[];
    if (items.length > 0 && items[0] !== null && typeof items[0] === 'object' && !Array.isArray(items[0])) {
      out.push(
        { path, label: 'an array of an empty array', value: [[]] },
        { path, label: 'an array of null', value: [null] },
        { path, label: 'an array of a string', value: ['x'] },
      );
    } else {
      out.push({ path, label: 'an array of an object', value: [{}] }, { path, label: 'an array of an array', value: [[]] });
    }
    items.forEach((item, i) => out.push(...mutations(item, [...path, i])));
  }
  return out;
}

function withValue(body: Json, path: (string | number)[], value: Json): Json {
  const copy = structuredClone(body) as Record<string | number, Json>;
  let at: Record<string | number, Json> = copy;
  for (const p of path.slice(0, -1)) at = at[p] as Record<string | number, Json>;
  at[path[path.length - 1]] = value;
  return copy;
}

const dotted = (path: (string | number)[]): string => path.map((p) => String(p)).join('.');

describe('every command DTO field refuses every wrong JSON type [sqlite]', () => {
  let t: TestApp;
  let routes: CommandRoute[];
  beforeAll(async () => {
    t = await startTestApp('sqlite');
    routes = commandRoutes(t);
  });
  afterAll(async () => t.close());

  it('finds the command routes by reflection, and has a base body naming every field of each', async () => {
    expect(routes.map((r) => r.key).sort()).toEqual(Object.keys(BASE_BODIES).sort());
    for (const route of routes) {
      const missing = bodiesOf(route.key)
        .map((body) => missingFields(route.dto, body))
        .reduce((left, next) => left.filter((field) => next.includes(field)));
      expect({ route: route.key, missing }).toEqual({ route: route.key, missing: [] });
      // Each base passes validation, so each refusal below is the mutated field's.
      for (const body of bodiesOf(route.key))
        await expect(new RequestValidationPipe().transform(body, { type: 'body', metatype: route.dto })).resolves.toBeDefined();
    }
  });

  it('answers 400 VALIDATION_FAILED naming the field for each wrong type, and appends nothing', async () => {
    const head = await t.store.head();
    const failures: string[] = [];
    let sent = 0;
    for (const route of routes) {
      for (const [base, m] of bodiesOf(route.key).flatMap((body) => mutations(body).map((mutation) => [body, mutation] as const))) {
        const res = await t.http
          .post(route.url)
          .set(bearer(KEYS.admin))
          .send(withValue(base, m.path, m.value) as object);
        sent++;
        const field = dotted(m.path);
        const problem = bodyOf<Partial<ProblemBody> | undefined>(res);
        const paths = (problem?.errors ?? []).map((e) => e.path);
        // Errors name the field or something inside it (purchaser → purchaser.code).
        const named = paths.some((p) => p === field || p.startsWith(`${field}.`) || field.startsWith(`${p}.`));
        if (res.status !== 400 || problem?.code !== 'VALIDATION_FAILED' || !named) {
          failures.push(`${route.key} ${field} as ${m.label}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(400);
    expect(await t.store.head()).toBe(head);
  }, 120_000);
});
