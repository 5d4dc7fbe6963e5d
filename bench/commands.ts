import { usccCheckChar } from '../src/shared/domain/uscc';

/**
 * The commands the HTTP benchmarks and the soak send, whichever load generator sends them (autocannon in
 * http-load.ts, vegeta in vegeta.ts): the i-th of a workload, each one valid and new (never an idempotent replay).
 */

export type Workload = 'contractors' | 'projects' | 'payments' | 'mixed' | 'disclosure';

/** What the commands name: the purchaser's key, the funded region-years and the announced contracts they go to. */
export interface CommandContext {
  readonly keys: { readonly purchaser: string };
  readonly budgets: readonly { readonly region: string; readonly fiscalYear: number }[];
  readonly contracts: readonly string[];
}

/** USCC org-code characters (GB 32100: no I, O, S, V, Z). */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** 9 characters: the tag's 2, then i's 7 (31^7 contractors per run). */
function orgCode(tag: number, i: number): string {
  const digits = (n: number, width: number): string => {
    let s = '';
    for (let k = 0; k < width; k++, n = Math.floor(n / ALPHABET.length)) s = ALPHABET[n % ALPHABET.length] + s;
    return s;
  };
  return digits(tag, 2) + digits(i, 7);
}

export interface CommandRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

const json = (method: string, path: string, key: string, body: unknown): CommandRequest => ({
  method,
  path,
  headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** A workload of one kind of command. */
export type CommandWorkload = Exclude<Workload, 'mixed' | 'disclosure'>;

/** The i-th command of a workload. */
export function command(job: CommandContext, tag: number, kind: CommandWorkload, i: number): CommandRequest {
  switch (kind) {
    case 'contractors': {
      const first17 = `52220100${orgCode(tag, i)}`;
      return json('POST', '/v1/contractors', job.keys.purchaser, {
        uscc: first17 + usccCheckChar(first17)!,
        name: `长春市第${i}社会工作服务中心`,
        kind: 'social_organization',
        region: '220102',
      });
    }
    case 'projects': {
      const { region, fiscalYear } = job.budgets[i % job.budgets.length];
      return json('POST', '/v1/projects', job.keys.purchaser, {
        projectId: `r${tag}-p${i}`,
        region,
        fiscalYear,
        registeredOn: `${fiscalYear}-01-15`,
        purchaser: { code: `${region}000000`, name: '长春市民政局' },
        title: '困难群众照料护理服务',
        category: 'service.care',
        budget: 10_000,
      });
    }
    case 'payments':
      return json('POST', `/v1/contracts/${job.contracts[i % job.contracts.length]}/payments`, job.keys.purchaser, {
        paymentId: `r${tag}-pay${i}`,
        amount: 100,
        paidAt: '2024-05-15',
        purpose: 'service_fee',
      });
  }
}

/** Mixed (soak): of every 10 commands, 4 contractor registrations, 2 project registrations, 4 payments. */
export const MIX = [
  'contractors',
  'payments',
  'projects',
  'contractors',
  'payments',
  'contractors',
  'payments',
  'projects',
  'contractors',
  'payments',
] as const;

/** How a non-2xx answer is tallied: its status and problem `code` ("409 CONCURRENCY_CONFLICT"), or the start of a body that is not a problem. */
export function refusalKey(status: number, body: string): string {
  let code = '';
  try {
    const parsed = JSON.parse(body) as { code?: unknown };
    code = typeof parsed.code === 'string' ? parsed.code : '';
  } catch {
    code = body.slice(0, 60);
  }
  return `${status} ${code}`;
}
