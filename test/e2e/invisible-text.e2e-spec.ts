import { expect } from '@jest/globals';
import { describePostgres } from '../support/postgres-server';
import { bearer, KEYS, startTestApp, TestApp } from '../support/app';
import { bodyOf, ProblemBody } from '../support/bodies';
import { expectCreated, financialReport, post, project, signedContract, CONTRACTOR } from '../support/lifecycle';

/**
 * No fact is recorded with text that says nothing or hides something (found by a hostile-input pass): a control
 * character (NUL, ESC, …) anywhere in a body is a 400, and a text made only of invisible format characters
 * (zero-width space, direction marks) is blank, so a required text is refused as blank.
 */
function invisibleTextSuite(kind: 'sqlite' | 'postgres'): void {
  let t: TestApp;
  const key = KEYS.purchaserJilin;
  beforeAll(async () => {
    t = await startTestApp(kind);
    await signedContract(t);
  });
  afterAll(async () => t.close());

  const refused = async (path: string, body: object, inDetail: string): Promise<void> => {
    const head = await t.store.head();
    const res = await post(t, path, body, key);
    expect({ path, status: res.status, code: bodyOf<ProblemBody>(res).code }).toEqual({ path, status: 400, code: 'VALIDATION_FAILED' });
    expect(bodyOf<ProblemBody>(res).detail).toContain(inDetail);
    expect(await t.store.head()).toBe(head);
  };

  it('refuses control characters anywhere, naming the field', async () => {
    const takeover = '/v1/contracts/cc-2024-001-c1/takeover';
    await refused(takeover, { activatedAt: '2024-09-02', reason: '\u0000' }, 'reason must not contain control characters');
    await refused(takeover, { activatedAt: '2024-09-02', reason: '服务\u001b中断' }, 'reason must not contain control characters');
    await refused(
      `/v1/contractors/${CONTRACTOR}/financial-reports`,
      financialReport({ auditFirm: 'a\u0000b' }),
      'auditFirm must not contain control characters',
    );
    await refused(
      '/v1/projects',
      project({ projectId: 'p-nul', title: 't', purchaser: { code: '220102\u0000', name: 'n' } }),
      'purchaser.code',
    );
  });

  it('a text of only invisible format characters is blank; around a text they are trimmed', async () => {
    for (const reason of ['\u200b', '\u200f\u202e', '\ufeff \u200b']) {
      await refused('/v1/contracts/cc-2024-001-c1/takeover', { activatedAt: '2024-09-02', reason }, 'reason');
    }
    await expectCreated(post(t, '/v1/projects', project({ projectId: 'p-rlm', title: '\u200f南关区照料\u200b', budget: 1_000_000 }), key));
    const entries = await t.store.readAll(0, 1000);
    const registered = entries.find((e) => e.type === 'ProjectRegistered' && e.data.projectId === 'p-rlm');
    expect(registered?.data.title).toBe('南关区照料');
    // Tab and line breaks are text, not control characters to refuse.
    await expectCreated(
      post(t, '/v1/contracts/cc-2024-001-c1/takeover', { activatedAt: '2024-09-02', reason: '第一周未入户\n第二周未入户' }, key),
    );
    const state = bodyOf<{ takeoverReason: string }>(
      await t.http
        .get('/v1/contracts/cc-2024-001-c1')
        .query({ minPosition: await t.store.head() })
        .set(bearer(KEYS.auditor))
        .expect(200),
    );
    expect(state.takeoverReason).toBe('第一周未入户\n第二周未入户');
  });
}

describe('control and invisible characters in text [sqlite]', () => invisibleTextSuite('sqlite'));
describePostgres('control and invisible characters in text', () => invisibleTextSuite('postgres'));
