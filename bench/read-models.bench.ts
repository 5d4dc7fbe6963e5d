import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { EventStore, NewEvent } from '../src/ledger/event-store.port';
import { ProjectionRunner } from '../src/projection-runner/projection-runner';
import { projectionStoreFor } from '../src/projection-runner/projection-store.factory';
import { PROJECTIONS } from '../projections';
import { usccCheckChar } from '../src/shared/domain/uscc';
import { Measurement, measurement } from './stats';
import type { CreditLoadJob, CreditLoadResult } from './credit-load';
import { CURRENT_SCHEMA_VERSION } from '../events';

const meta = { actor: 'key:bench', role: 'admin', correlationId: 'bench', causationId: 'bench' };
export const benchUscc = (i: number): string => {
  const first = `9122010${String(i).padStart(6, '0')}MA00`.slice(0, 17);
  return first + usccCheckChar(first);
};
const e = (type: string, data: Record<string, unknown>): NewEvent => ({
  eventId: randomUUID(),
  type,
  schemaVersion: CURRENT_SCHEMA_VERSION[type as keyof typeof CURRENT_SCHEMA_VERSION],
  data: data as never,
  metadata: meta,
});

/**
 * A ledger shaped like real use: contractors, projects with their budget reservations, signed
 * contracts, payments, evaluations, violations and dishonesty records (the entries every read model folds).
 */
export async function fillLifecycle(store: EventStore, total: number, contractors = 2000): Promise<void> {
  for (let c = 0; c < contractors; c += 500) {
    await store.append(
      `bench-contractors-${c}`,
      Array.from({ length: 500 }, (_, k) =>
        e('ContractorRegistered', { uscc: benchUscc(c + k), name: `承接主体 ${c + k}`, kind: 'social_organization' }),
      ),
      { expectedVersion: 'any' },
    );
  }
  await store.append(
    'fund-220102-2024',
    [e('FundAllocated', { region: '220102', fiscalYear: 2024, source: 'central', amount: 1e13, reference: 'bench' })],
    { expectedVersion: 'any' },
  );
  let n = 0;
  while ((await store.head()) < total) {
    const p = `p${n}`;
    const c = `c${n}`;
    const uscc = benchUscc(n % contractors);
    const events: [string, NewEvent][] = [
      [
        `project-${p}`,
        e('ProjectRegistered', {
          projectId: p,
          region: '220102',
          fiscalYear: 2024,
          purchaser: { code: 'x', name: '民政局' },
          title: 't',
          category: 'service.care',
          budget: 100000,
          registeredAt: '2024-02-01',
          policyId: 'jilin-2020',
        }),
      ],
      [
        'budget-220102-2024',
        e('BudgetReserved', { region: '220102', fiscalYear: 2024, projectId: p, amount: 100000, reservedAt: '2024-02-01' }),
      ],
      [
        `project-${p}`,
        e('TenderPublished', {
          projectId: p,
          method: 'competitive_consultation',
          publishedAt: '2024-02-10',
          content: 'c',
          term: '12 months',
          quantity: 'q',
          quality: 'q',
          priceCeiling: 100000,
          qualifications: 'q',
          evaluationStandards: 'e',
          approval: null,
          publicNotice: null,
        }),
      ],
      [
        `project-${p}`,
        e('ContractorAwarded', {
          projectId: p,
          contractorUscc: uscc,
          contractorName: 'n',
          amount: 90000,
          awardedAt: '2024-03-01',
          evaluationMethod: 'comprehensive_scoring',
          eligibility: {
            civilLiability: { documentRef: 'd' },
            facilitiesAndStaff: { documentRef: 'd' },
            governance: { documentRef: 'd' },
            taxAndSocialInsurance: { documentRef: 'd' },
            noMajorViolations: { documentRef: 'd' },
          },
        }),
      ],
      [
        `contract-${c}`,
        e('ContractSigned', {
          contractId: c,
          projectId: p,
          region: '220102',
          fiscalYear: 2024,
          purchaser: { code: 'x', name: '民政局' },
          category: 'service.care',
          contractorUscc: uscc,
          amount: 90000,
          signedAt: '2024-03-05',
          startDate: '2024-04-01',
          endDate: '2025-03-31',
          paymentSchedule: [{ dueDate: '2024-06-30', amount: 90000 }],
          deliverables: 'd',
          liabilities: 'l',
          takeoverPlan: 't',
        }),
      ],
      [`project-${p}`, e('ProjectContracted', { projectId: p, contractId: c, signedAt: '2024-03-05', amount: 90000 })],
      [`contract-${c}`, e('ContractAnnounced', { contractId: c, announcedAt: '2024-03-06', url: 'u' })],
      [`contract-${c}`, e('PaymentMade', { contractId: c, paymentId: 'pay', amount: 45000, paidAt: '2024-06-30', purpose: 'service_fee' })],
      [
        `contract-${c}`,
        e('PerformanceEvaluated', {
          contractId: c,
          evaluationId: 'ev',
          evaluator: 'purchaser',
          score: 70 + (n % 30),
          // The grade the packs' thresholds give that score (≥ 90 excellent, ≥ 80 good, ≥ 60 pass).
          grade: n % 30 >= 20 ? 'excellent' : n % 30 >= 10 ? 'good' : 'pass',
          evaluatedAt: '2024-09-01',
        }),
      ],
      [
        `contract-${c}`,
        e('ViolationRecorded', {
          contractId: c,
          contractorUscc: uscc,
          violationId: 'v',
          kind: 'breach',
          severity: 'minor',
          occurredAt: '2024-09-02',
          description: 'd',
        }),
      ],
    ];
    const byStream = new Map<string, NewEvent[]>();
    for (const [s, ev] of events) byStream.set(s, [...(byStream.get(s) ?? []), ev]);
    await store.commit([...byStream].map(([streamId, evs]) => ({ streamId, events: evs, expectedVersion: 'any' as const })));
    n++;
  }
}

/** Every projection rebuilt from position 0 over the whole ledger, as `ledger rebuild all` does. */
export async function benchRebuild(store: EventStore): Promise<Measurement> {
  const runner = new ProjectionRunner(store, projectionStoreFor(store), PROJECTIONS);
  const head = await store.head();
  const started = process.hrtime.bigint();
  await runner.rebuildAll(PROJECTIONS.map((p) => p.name));
  return measurement(
    `rebuild all ${PROJECTIONS.length} projections over ${head.toLocaleString('en')} entries`,
    head,
    Number(process.hrtime.bigint() - started) / 1e9,
  );
}

/**
 * GET /v1/credit/contractors/:uscc from 50 concurrent keep-alive clients over HTTP on loopback. The
 * clients run in a child process (bench/credit-load.ts), as they would on another machine; only
 * the service runs in this one.
 */
export async function benchCreditLookups(
  app: INestApplication,
  key: string,
  contractors: number,
  requests: number,
  clients = 50,
): Promise<Measurement> {
  const paths = Array.from({ length: contractors }, (_, i) => `/v1/credit/contractors/${benchUscc(i)}`);
  const job: CreditLoadJob = { url: await app.getUrl(), key, paths, requests, clients, warmup: Math.min(2000, requests) };
  const child = fork(join(__dirname, 'credit-load.js'), { stdio: 'inherit' });
  const result = await new Promise<CreditLoadResult>((resolve, reject) => {
    child.once('message', (m) => resolve(m as CreditLoadResult));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the load generator exited with ${code} before reporting`)));
    child.send(job);
  });
  if (result.failures.length > 0)
    throw new Error(`credit lookups failed: ${result.failures.slice(0, 3).join('; ')} (${result.failures.length} in all)`);
  return measurement(`credit record lookups, ${clients} concurrent clients (separate process)`, requests, result.seconds, result.latencies);
}
