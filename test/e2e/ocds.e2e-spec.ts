import { expect } from '@jest/globals';
import { describePostgres } from '../support/postgres-server';
import { bearer, KEYS, startTestApp, TestApp } from '../support/app';
import { C, CLOCK, CONTRACTOR, seedContract } from '../support/signed-contract';
import { AUTHORITY, ELIGIBILITY, penaltyDecision } from '../support/lifecycle';
import { ocdsValidators } from '../support/ocds-schemas';
import { compileRelease } from '../support/ocds-merge';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportOcds } from '../../src/cli/export-ocds';
import { main } from '../../src/cli/main';
import { openStore } from '../../src/ledger/open-store';
import { parseDatabaseUrl } from '../../src/config/database-url';
import type { EventStore } from '../../src/ledger/event-store.port';
import { bodyOf, CommandResponse, ProblemBody } from '../support/bodies';

const BUYER = bearer(KEYS.purchaserChangchun);
const OCID = 'ocds-ledger-P-2024-001';
const EXTENSIONS = [
  'https://raw.githubusercontent.com/open-contracting-extensions/ocds_metrics_extension/master/extension.json',
  'https://raw.githubusercontent.com/open-contracting-extensions/ocds_performance_failures/master/extension.json',
];

type Release = { ocid: string; id: string; date: string; tag: string[]; [k: string]: unknown };
type ReleasePackage = { releases: Release[]; links: { next: string }; extensions: string[]; [k: string]: unknown };
type RecordPackage = {
  records: { ocid: string; releases: Release[]; compiledRelease: Release }[];
  extensions: string[];
  [k: string]: unknown;
};

async function ok(t: TestApp, path: string, body: object): Promise<number> {
  const res = await t.http.post(path).set(BUYER).send(body);
  if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return bodyOf<CommandResponse>(res).position;
}

/** A project with an award, an announced contract, two payments, three evaluations, an amended (revoked) penalty and a termination. */
async function fullLifecycle(t: TestApp): Promise<number> {
  await seedContract(t);
  await ok(t, `/v1/contracts/${C}/announcement`, { announcedAt: '2024-04-11', url: 'https://ccgp-jilin.gov.cn/C-2024-001' });
  await ok(t, `/v1/contracts/${C}/payments`, { paymentId: 'pay-1', amount: 37_500_000, paidAt: '2024-05-15', purpose: 'service_fee' });
  await ok(t, `/v1/contracts/${C}/payments`, { paymentId: 'pay-2', amount: 5_000_000, paidAt: '2024-06-20', purpose: 'service_fee' });
  for (const [evaluationId, evaluator, score] of [
    ['ev-1', 'purchaser', 90],
    ['ev-2', 'service_recipients', 84],
    ['ev-3', 'third_party', 88],
  ] as const) {
    await ok(t, `/v1/contracts/${C}/evaluations`, { evaluationId, evaluator, score, evaluatedAt: '2024-06-25', summary: '评价摘要' });
  }
  await ok(t, `/v1/contracts/${C}/violations`, {
    violationId: 'v-1',
    kind: 'breach',
    severity: 'minor',
    occurredAt: '2024-06-01',
    description: '迟交月报',
  });
  await ok(t, `/v1/contracts/${C}/penalties`, {
    penaltyId: 'pen-1',
    violationIds: ['v-1'],
    decidedAt: '2024-07-01',
    ...penaltyDecision({ authority: { ...AUTHORITY, name: '长春市民政局' } }),
    fine: 500_000,
  });
  await ok(t, '/v1/penalties/pen-1/revocation', { decidedAt: '2024-07-15', reason: '复议撤销' });
  await ok(t, `/v1/contracts/${C}/violations`, {
    violationId: 'v-2',
    kind: 'fraud',
    severity: 'serious',
    occurredAt: '2024-07-20',
    description: '伪造记录',
  });
  return ok(t, `/v1/contracts/${C}/penalties`, {
    penaltyId: 'pen-2',
    violationIds: ['v-2'],
    decidedAt: '2024-08-01',
    // 文号 are unique per authority.
    ...penaltyDecision({ decisionNumber: '南民罚决字〔2024〕第2号', authority: { ...AUTHORITY, name: '长春市民政局' } }),
    terminateContract: true,
  });
}

/** supertest wants a path: links.next is absolute. */
const pathOf = (url: string): string => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

/** Every page of the feed from the start until it answers 204, and each page package. */
async function readFeed(
  t: TestApp,
  limit: number,
  between?: (page: number) => Promise<void>,
): Promise<{ releases: Release[]; packages: ReleasePackage[] }> {
  const releases: Release[] = [];
  const packages: ReleasePackage[] = [];
  let path = `/v1/disclosure/ocds/releases?limit=${limit}`;
  for (let page = 0; ; page++) {
    const res = await t.http.get(path);
    if (res.status === 204) break;
    expect(res.status).toBe(200);
    const pkg = bodyOf<ReleasePackage>(res);
    packages.push(pkg);
    releases.push(...pkg.releases);
    path = pathOf(pkg.links.next);
    if (between) await between(page);
  }
  return { releases, packages };
}

function ocdsSuite(kind: 'sqlite' | 'postgres'): void {
  let t: TestApp;
  let head: number;
  const validate = ocdsValidators();

  beforeAll(async () => {
    t = await startTestApp(kind, {}, CLOCK);
    head = await fullLifecycle(t);
    // A second project whose contract is signed and paid but never announced.
    await ok(t, '/v1/projects', {
      projectId: 'P-2024-002',
      region: '220100',
      fiscalYear: 2024,
      registeredOn: '2024-01-15',
      purchaser: { code: '220100-MZJ', name: '长春市民政局' },
      title: '社区照料',
      category: 'service.care',
      budget: 10_000_000,
    });
    await ok(t, '/v1/projects/P-2024-002/tender', {
      method: 'single_source',
      publishedAt: '2024-03-12',
      content: '照料 20 户',
      term: '6 months',
      quantity: '20',
      quality: 'q',
      priceCeiling: 10_000_000,
      qualifications: 'q',
      evaluationStandards: 'e',
      singleSourceJustification: '唯一具备资质的机构',
      approval: { authority: '长春市财政局', reference: '长财采〔2024〕8号', approvedOn: '2024-03-05' },
      publicNotice: { url: 'https://www.ccgp-jilin.gov.cn/notices/2024-0042', publishedOn: '2024-03-01' },
    });
    await ok(t, '/v1/projects/P-2024-002/award', {
      contractorUscc: CONTRACTOR,
      amount: 9_000_000,
      awardedAt: '2024-04-02',
      evaluationMethod: 'comprehensive_scoring',
      eligibility: ELIGIBILITY,
    });
    await ok(t, '/v1/projects/P-2024-002/contracts', {
      contractId: 'C-2024-002',
      signedAt: '2024-04-12',
      amount: 9_000_000,
      startDate: '2024-05-01',
      endDate: '2024-10-31',
      paymentSchedule: [{ dueDate: '2024-05-15', amount: 9_000_000 }],
      deliverables: 'd',
      liabilities: 'l',
      takeoverPlan: 't',
    });
    head = await ok(t, '/v1/contracts/C-2024-002/payments', {
      paymentId: 'pay-x',
      amount: 1_000_000,
      paidAt: '2024-05-15',
      purpose: 'service_fee',
    });
    await t.http.get('/v1/disclosure/ocds/releases').query({ minPosition: head }).expect(200);
  });
  afterAll(async () => t.close());

  it('serves one release per public event, every release package valid against the official OCDS 1.1 schema', async () => {
    const { releases, packages } = await readFeed(t, 3);
    expect(packages.length).toBeGreaterThan(5);
    for (const p of packages) {
      expect(validate.releasePackage(p)).toEqual([]);
      expect(p).toMatchObject({ version: '1.1', extensions: EXTENSIONS, publisher: { name: expect.any(String) } });
    }
    const mine = releases.filter((r) => r.ocid === OCID);
    expect(mine.map((r) => r.tag.join())).toEqual([
      'planning',
      'tender',
      'award',
      'contract',
      'implementation',
      'implementation',
      'implementationUpdate',
      'implementationUpdate',
      'implementationUpdate',
      'implementationUpdate',
      'implementationUpdate',
      'implementationUpdate',
      'contractTermination',
    ]);
    expect(new Set(releases.map((r) => `${r.ocid}/${r.id}`)).size).toBe(releases.length);
    for (const r of releases) expect(r.id).not.toContain('#');
    // Nothing of the unannounced contract: planning, tender and award of P-2024-002 only.
    expect(releases.filter((r) => r.ocid === 'ocds-ledger-P-2024-002').map((r) => r.tag.join())).toEqual(['planning', 'tender', 'award']);
    expect(JSON.stringify(releases)).not.toContain('C-2024-002');
    const tender = releases.find((r) => r.ocid === 'ocds-ledger-P-2024-002' && r.tag[0] === 'tender')!;
    expect(tender.tender).toMatchObject({
      procurementMethod: 'direct',
      procurementMethodDetails: '单一来源采购',
      procurementMethodRationale: '唯一具备资质的机构',
    });
  });

  it('serves a valid record package whose compiled release is the OCDS merge of its releases (checked by an independent merge)', async () => {
    const res = await t.http.get(`/v1/disclosure/ocds/records/${OCID}`).expect(200);
    const body = res.body as RecordPackage;
    expect(validate.recordPackage(body)).toEqual([]);
    expect(body.extensions).toEqual(EXTENSIONS);
    const [record] = body.records;
    expect(record.ocid).toBe(OCID);
    const dates = record.releases.map((r) => r.date);
    expect([...dates].sort()).toEqual(dates);
    expect(record.compiledRelease).toEqual(compileRelease(record.releases, record.compiledRelease.id));
    const compiled = record.compiledRelease as Release & {
      contracts: {
        id: string;
        status: string;
        amendments: object[];
        implementation: { transactions: object[]; metrics: { observations: object[] }[]; performanceFailures: { id: string }[] };
      }[];
      awards: object[];
      parties: object[];
    };
    expect(compiled.tag).toEqual(['compiled']);
    expect(compiled.parties).toHaveLength(2);
    expect(compiled.awards).toHaveLength(1);
    const [contract] = compiled.contracts;
    expect(contract).toMatchObject({ id: C, status: 'terminated' });
    expect(contract.implementation.transactions).toHaveLength(2);
    expect(contract.implementation.metrics[0].observations).toHaveLength(3);
    expect(contract.implementation.performanceFailures.map((f) => f.id)).toEqual(['pen-1', 'pen-2']);
    expect(contract.amendments).toEqual([
      expect.objectContaining({ id: 'revocation-pen-1', amendsReleaseID: expect.stringMatching(/^ledger-\d+$/) }),
    ]);
  });

  it('the schema check fails on a deliberately broken package', async () => {
    const good = (await t.http.get(`/v1/disclosure/ocds/records/${OCID}`).expect(200)).body as RecordPackage;
    const broken = structuredClone(good);
    broken.records[0].releases[0].tag = ['approved'];
    expect(validate.recordPackage(broken).length).toBeGreaterThan(0);
    const page = (await t.http.get('/v1/disclosure/ocds/releases?limit=2').expect(200)).body as ReleasePackage;
    const noOcid = structuredClone(page) as { releases: Partial<Release>[] };
    delete noOcid.releases[0].ocid;
    expect(validate.releasePackage(noOcid).length).toBeGreaterThan(0);
    const stringAmount = structuredClone(page) as { releases: { planning?: { budget: { amount: { amount: unknown } } } }[] };
    stringAmount.releases[0].planning!.budget.amount.amount = '800000';
    expect(validate.releasePackage(stringAmount).length).toBeGreaterThan(0);
  });

  it('answers bad input with problems and an unknown ocid with 404', async () => {
    const bad = await t.http.get('/v1/disclosure/ocds/releases?after=not-a-cursor').expect(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bodyOf<ProblemBody>(bad).code).toBe('VALIDATION_FAILED');
    await t.http.get('/v1/disclosure/ocds/releases?limit=0').expect(400);
    await t.http.get('/v1/disclosure/ocds/releases?limit=1001').expect(400);
    expect(bodyOf<ProblemBody>(await t.http.get('/v1/disclosure/ocds/records/ocds-ledger-nope').expect(404)).code).toBe('NOT_FOUND');
    await t.http.get('/v1/disclosure/ocds/records/ocds-other-P-2024-001').expect(404);
    await t.http.get('/v1/disclosure/ocds/records/bad%20ocid').expect(400);
  });

  it('returns each release exactly once across pages while new entries arrive', async () => {
    let n = 0;
    const writes: Promise<unknown>[] = [];
    // Between pages: new projects, and a contract whose payment waited for its announcement.
    const { releases } = await readFeed(t, 2, async (page) => {
      if (page === 1)
        writes.push(
          ok(t, '/v1/contracts/C-2024-002/announcement', { announcedAt: '2024-04-13', url: 'https://ccgp-jilin.gov.cn/C-2024-002' }),
        );
      if (page < 12) {
        writes.push(
          ok(t, '/v1/projects', {
            projectId: `P-live-${n++}`,
            region: '220100',
            fiscalYear: 2024,
            registeredOn: '2024-01-15',
            purchaser: { code: '220100-MZJ', name: '长春市民政局' },
            title: 't',
            category: 'service.care',
            budget: 100_000,
          }),
        );
      }
      await Promise.all(writes.splice(0));
      await t.http.get('/v1/disclosure/ocds/releases').query({ minPosition: await t.store.head() });
    });
    const ids = releases.map((r) => `${r.ocid}/${r.id}`);
    expect(new Set(ids).size).toBe(ids.length);
    const again = (await readFeed(t, 1000)).releases.map((r) => `${r.ocid}/${r.id}`);
    expect(ids).toEqual(again);
    expect(ids.filter((id) => id.startsWith('ocds-ledger-P-live-'))).toHaveLength(n);
    // The payment made before the announcement was published with it, once.
    const p2 = releases.filter((r) => r.ocid === 'ocds-ledger-P-2024-002').map((r) => r.tag.join());
    expect(p2).toEqual(['planning', 'tender', 'award', 'implementation', 'contract']);
  });
}

describe('OCDS links behind a proxy [sqlite]', () => {
  it('builds package URIs and links.next on LEDGER_PUBLIC_URL, with the configured ocid prefix and publisher', async () => {
    const t = await startTestApp(
      'sqlite',
      { LEDGER_PUBLIC_URL: 'https://ledger.example.gov.cn/api', LEDGER_OCID_PREFIX: 'ocds-213czf', LEDGER_OCDS_PUBLISHER: '吉林省民政厅' },
      CLOCK,
    );
    try {
      await seedContract(t);
      const head = await t.store.head();
      const page = bodyOf<ReleasePackage>(
        await t.http.get('/v1/disclosure/ocds/releases').query({ limit: 2, minPosition: head }).expect(200),
      );
      expect(page.uri).toBe('https://ledger.example.gov.cn/api/v1/disclosure/ocds/releases?limit=2&minPosition=' + head);
      expect(page.links.next).toMatch(
        /^https:\/\/ledger\.example\.gov\.cn\/api\/v1\/disclosure\/ocds\/releases\?after=[A-Za-z0-9_-]+&limit=2$/,
      );
      expect(page.publisher).toEqual({ name: '吉林省民政厅' });
      expect(page.releases[0].ocid).toBe('ocds-213czf-P-2024-001');
      await t.http.get('/v1/disclosure/ocds/records/ocds-213czf-P-2024-001').expect(200);
      await t.http.get('/v1/disclosure/ocds/records/ocds-ledger-P-2024-001').expect(404);
    } finally {
      await t.close();
    }
  });
});

function exportSuite(kind: 'sqlite' | 'postgres'): void {
  let t: TestApp;
  let dir: string;
  const validate = ocdsValidators();
  const settings = { ocidPrefix: 'ocds-ledger', publisher: 'test' };
  beforeAll(async () => {
    t = await startTestApp(kind, {}, CLOCK);
    await fullLifecycle(t);
    dir = mkdtempSync(join(tmpdir(), 'ocds-export-'));
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ledger export --ocds writes valid release packages at stable boundaries; new releases only extend the last file', async () => {
    // The command line opens the database itself, beside the running service.
    const store: EventStore = await openStore(parseDatabaseUrl(t.databaseUrl));
    try {
      const first = await exportOcds(store, settings, dir, { perFile: 4 });
      expect(first.releases).toBe(13);
      expect(readdirSync(dir).sort()).toEqual([
        'releases-000001.json',
        'releases-000002.json',
        'releases-000003.json',
        'releases-000004.json',
      ]);
      const read = (name: string): string => readFileSync(join(dir, name), 'utf8');
      const before = readdirSync(dir).sort().map(read);
      const packages = before.map((text) => JSON.parse(text) as ReleasePackage);
      for (const p of packages) expect(validate.releasePackage(p)).toEqual([]);
      expect(packages.map((p) => p.releases.length)).toEqual([4, 4, 4, 1]);
      const feed = (await readFeed(t, 1000)).releases;
      expect(packages.flatMap((p) => p.releases)).toEqual(feed);
      // Three new projects: the full files stay byte for byte; only the last one grows.
      for (const id of ['P-x1', 'P-x2', 'P-x3']) {
        await ok(t, '/v1/projects', {
          projectId: id,
          region: '220100',
          fiscalYear: 2024,
          registeredOn: '2024-01-15',
          purchaser: { code: '220100-MZJ', name: '长春市民政局' },
          title: 't',
          category: 'service.care',
          budget: 100_000,
        });
      }
      const second = await exportOcds(store, settings, dir, { perFile: 4 });
      expect(second.releases).toBe(16);
      const after = readdirSync(dir).sort().map(read);
      expect(after.slice(0, 3)).toEqual(before.slice(0, 3));
      expect(after.map((text) => (JSON.parse(text) as ReleasePackage).releases.length)).toEqual([4, 4, 4, 4]);
    } finally {
      await store.close();
    }
  });

  it('runs from the command line with the documented arguments', async () => {
    const out = join(dir, 'cli');
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await main(['export', '--ocds', out, '--database-url', t.databaseUrl])).toBe(0);
      expect(write).toHaveBeenCalledWith(`wrote 16 releases in 1 files to ${out}\n`);
    } finally {
      write.mockRestore();
    }
    const pkg = JSON.parse(readFileSync(join(out, 'releases-000001.json'), 'utf8')) as ReleasePackage;
    expect(validate.releasePackage(pkg)).toEqual([]);
    expect(pkg.uri).toMatch(/^file:\/\/.*\/cli\/releases-000001\.json$/);
    const usage = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['export', '--database-url', t.databaseUrl])).toBe(2);
    } finally {
      usage.mockRestore();
    }
  });
}

describe('OCDS routes [sqlite]', () => ocdsSuite('sqlite'));
describePostgres('OCDS routes', () => ocdsSuite('postgres'));
describe('OCDS bulk files [sqlite]', () => exportSuite('sqlite'));
describePostgres('OCDS bulk files', () => exportSuite('postgres'));
