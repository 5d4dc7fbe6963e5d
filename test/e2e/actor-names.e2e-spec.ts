import { describePostgres } from '../support/postgres-server';
import { bearer, startTestApp, TestApp } from '../support/app';
import { contractor, expectCreated, fund, post, project } from '../support/lifecycle';
import { bodyOf, Page } from '../support/bodies';

const ADMIN = 'named-admin-key-0123456789';
const CLERK = 'named-clerk-key-0123456789';
const AUDITOR = 'named-auditor-key-012345678';
const NAME = '长春市民政局 采购科 张三';
const ORG = '长春市民政局';

/** Issue 12: keys carry the holder's name; every entry records it for auditors, and no public route shows it. */
function actorNameSuite(kind: 'sqlite' | 'postgres'): void {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind, {
      LEDGER_API_KEYS: JSON.stringify([
        { key: ADMIN, role: 'admin' },
        { key: CLERK, role: 'purchaser', regions: ['220000'], name: NAME, organization: ORG },
        { key: AUDITOR, role: 'auditor', name: '省审计厅 李四' },
      ]),
    });
    await expectCreated(post(t, '/v1/funds', fund(), ADMIN));
    await expectCreated(post(t, '/v1/contractors', contractor(), CLERK));
    await expectCreated(post(t, '/v1/projects', project({ internalNote: '备注' }), CLERK));
  });
  afterAll(async () => t.close());

  /** The parts of a ledger entry (API.md envelope) this test reads. */
  interface Entry {
    type: string;
    metadata: { actor: string };
    private?: { actor?: unknown };
    privateDigest?: string;
  }

  it("records the key holder's name with every entry the key appends, beside its fingerprint; auditors read it", async () => {
    const { items } = bodyOf<Page<Entry>>(await t.http.get('/v1/ledger/events').set(bearer(AUDITOR)).expect(200));
    const byClerk = items.filter((e) => e.metadata.actor !== items[0].metadata.actor);
    expect(byClerk.map((e) => e.type)).toEqual(['ContractorRegistered', 'ProjectRegistered', 'BudgetReserved']);
    for (const entry of byClerk) {
      expect(entry.metadata.actor).toMatch(/^key:[0-9a-f]{12}$/);
      expect(entry.private?.actor).toEqual({ name: NAME, organization: ORG });
      expect(entry.privateDigest).toEqual(expect.any(String));
    }
    // The project's own private fields stay beside the name.
    expect(byClerk[1].private).toEqual({ internalNote: '备注', actor: { name: NAME, organization: ORG } });
    // A key without a name records none.
    expect(items[0].private).toBeUndefined();
  });

  it('never shows the name on public routes (disclosure, proof bundles, OCDS)', async () => {
    const head = await t.store.head();
    const pages = [
      await t.http.get('/v1/disclosure/projects?minPosition=' + head),
      await t.http.get('/v1/disclosure/projects/cc-2024-001'),
      await t.http.get('/v1/disclosure/ocds/releases'),
      ...(await Promise.all(Array.from({ length: head }, (_, i) => t.http.get(`/v1/ledger/entries/${i + 1}/proof`)))),
    ];
    for (const page of pages) {
      expect(page.status).toBeLessThan(500);
      expect(page.text).not.toContain('张三');
      expect(page.text).not.toContain(ORG);
    }
    // The proof bundles of disclosed facts were served, so the scan could have found the name.
    expect(pages.filter((p) => p.status === 200 && p.text.includes('"entry"')).length).toBeGreaterThan(0);
  });
}

describe('actor names [sqlite]', () => actorNameSuite('sqlite'));
describePostgres('actor names', () => actorNameSuite('postgres'));
