/**
 * "Verify this fact" (issue 16): fetch an entry's proof bundle and the service's verifier key, check the
 * bundle in the browser (bundle-check.ts) and say in plain words what was checked — or why it failed.
 */
import { chineseDate, count } from '../../src/portal/views/format.js';
import { ApiError, getJson, getText } from './api.js';
import { looksLikeTlogProof } from '../../src/ledger/tree/tlog-proof.js';
import { checkBundle, tlogProofAsBundle, type BundleOutcome } from './bundle-check.js';
import { parseVerifierKey, type VerifierKey } from './ledger-crypto.js';

export interface Verdict {
  readonly ok: boolean;
  readonly text: string;
}

let trusted: Promise<VerifierKey> | null = null;

/** The key checkpoints must be signed with: the service's published one, fetched once per page. */
export function trustedKey(): Promise<VerifierKey> {
  trusted ??= getText('/v1/ledger/key').then(parseVerifierKey);
  void trusted.catch(() => (trusted = null));
  return trusted;
}

const today = (): string =>
  new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'long', day: 'numeric' }).format(new Date());

/**
 * The sentence. A tlog checkpoint carries no date and the API gives none for it, so the date said is the
 * one the entry records (inside what was hashed and proved) and, for a bundle just fetched, the day of the
 * check: the checkpoint was the latest the service had signed then.
 */
export function verdictOf(outcome: BundleOutcome, fetched: boolean): Verdict {
  if (outcome.result !== 'valid') return { ok: false, text: `✗ 核验未通过：${outcome.reason}` };
  const { position, recordedAt, checkpoint } = outcome.fact;
  const when = fetched ? `；签名检查点是 ${today()} 核验时的最新检查点` : '';
  return {
    ok: true,
    text: `✓ 第 ${count(position)} 条记录在 ${checkpoint.origin} 签名的 ${count(checkpoint.size)} 条台账中（记录记入于 ${chineseDate(recordedAt)}${when}）`,
  };
}

const failed = (error: unknown): Verdict => ({
  ok: false,
  text: `✗ 无法核验：${error instanceof ApiError ? `${error.message}（${error.code}）` : error instanceof Error ? error.message : String(error)}`,
});

/** Fetches and checks the bundle of ledger position `position`. */
export async function verifyPosition(position: number): Promise<Verdict> {
  try {
    const [key, bundle] = await Promise.all([trustedKey(), getJson<unknown>(`/v1/ledger/entries/${position}/proof`)]);
    return verdictOf(await checkBundle(bundle, key), true);
  } catch (error) {
    return failed(error);
  }
}

/** Checks a bundle someone pasted or uploaded (JSON text, or a .tlog-proof file) against the service's key. */
export async function verifyBundleText(text: string): Promise<Verdict> {
  let doc: unknown;
  if (looksLikeTlogProof(text.replace(/\r\n/g, '\n'))) {
    try {
      doc = await tlogProofAsBundle(text.replace(/\r\n/g, '\n'));
    } catch (error) {
      return { ok: false, text: `✗ 无法核验：tlog-proof 格式不对（${(error as Error).message}）` };
    }
  } else {
    try {
      doc = JSON.parse(text);
    } catch (error) {
      return { ok: false, text: `✗ 无法核验：证明包不是 JSON，也不是 c2sp.org/tlog-proof@v1 文件（${(error as Error).message}）` };
    }
  }
  try {
    return verdictOf(await checkBundle(doc, await trustedKey()), false);
  } catch (error) {
    return failed(error);
  }
}

/** Writes a verdict into an <output>, marked good or bad by class (the CSP allows no inline style). */
export function show(output: HTMLOutputElement, verdict: Verdict): void {
  output.textContent = verdict.text;
  output.classList.toggle('ok', verdict.ok);
  output.classList.toggle('bad', !verdict.ok);
}
