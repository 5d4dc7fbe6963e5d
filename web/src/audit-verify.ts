/**
 * The console's ledger check (/audit/verify): with the auditor key of this tab, read the entries page by
 * page, re-hash each one (the envelope without leafHash, private and privateSalt, exactly as the server
 * hashes it; API.md "Ledger entry envelope") and check its private part against privateDigest, then tie
 * them to the latest signed checkpoint: the whole ledger by its recomputed RFC 9162 root, a range by each
 * entry's inclusion proof. A <progress> follows the work; the result is said in words.
 */
import { count } from '../../src/portal/views/format.js';
import { canonicalize } from '../../src/ledger/jcs.js';
import { ApiError, getJson, getText, storedKey } from './api.js';
import { trustedKey } from './fact-check.js';
import {
  emptyRoot,
  fromBase64,
  leafHashOf,
  newTree,
  openCheckpoint,
  sameBytes,
  sha256,
  toBase64,
  verifyInclusion,
} from './ledger-crypto.js';
import type { Checkpoint, Hash } from './ledger-crypto.js';

interface Entry extends Record<string, unknown> {
  readonly position: number;
  readonly leafHash: string;
  readonly private?: object;
  readonly privateSalt?: string;
  readonly privateDigest?: string;
  /** An erased private part (PIPL art. 47): the auditor's view says so; not part of the hash. */
  readonly privateErased?: true;
}

const PAGE = 1000;

class Failure extends Error {}

const form = document.querySelector<HTMLFormElement>('#ledger-verify')!;
const button = form.querySelector<HTMLButtonElement>('button[type=submit]')!;
const bar = document.querySelector<HTMLProgressElement>('#verify-progress')!;
const counter = document.querySelector<HTMLElement>('#verify-count')!;
const result = document.querySelector<HTMLOutputElement>('#verify-result')!;

function progress(done: number, total: number, what: string): void {
  bar.max = Math.max(total, 1);
  bar.value = done;
  counter.textContent = `${what} ${count(done)} / ${count(total)}`;
}

/** The leaf hash of an entry as the server computes it; its private part checked against its digest. */
async function leafOf(e: Entry, expected: number): Promise<Hash> {
  if (e.position !== expected) throw new Failure(`第 ${count(expected)} 条记录缺失：读到的是第 ${String(e.position)} 条`);
  const { leafHash: stated, private: privatePart, privateSalt, privateErased: _erased, ...envelope } = e;
  const leaf = await leafHashOf(envelope);
  if (toBase64(leaf) !== stated)
    throw new Failure(`第 ${count(e.position)} 条记录被改动：它的哈希是 ${toBase64(leaf)}，台账记的是 ${stated}`);
  if (privatePart !== undefined) {
    const salt = fromBase64(privateSalt);
    const digest = salt && toBase64(await sha256(salt, new TextEncoder().encode(canonicalize(privatePart))));
    if (digest !== e.privateDigest) throw new Failure(`第 ${count(e.position)} 条记录的私密部分与其摘要 privateDigest 不符`);
  }
  return leaf;
}

/** Reads entries from..to (1-based, inclusive) with the key, handing each recomputed leaf to `take`. */
async function readLeaves(key: string, from: number, to: number, take: (leaf: Hash, position: number) => Promise<void>): Promise<void> {
  for (let next = from; next <= to;) {
    const page = await getJson<{ items: Entry[] }>(`/v1/ledger/events?after=${next - 1}&limit=${Math.min(PAGE, to - next + 1)}`, key);
    if (page.items.length === 0) throw new Failure(`台账在第 ${count(next)} 条之前就结束了`);
    for (const e of page.items.slice(0, to - next + 1)) {
      await take(await leafOf(e, next), next);
      next++;
    }
  }
}

async function wholeLedger(key: string, cp: Checkpoint): Promise<string> {
  const tree = newTree();
  progress(0, cp.size, '已读取并重新计算');
  await readLeaves(key, 1, cp.size, async (leaf, p) => {
    await tree.append(leaf);
    if (p % 100 === 0 || p === cp.size) progress(p, cp.size, '已读取并重新计算');
  });
  const root = await tree.root(await emptyRoot());
  if (!sameBytes(root, cp.root))
    throw new Failure(`根哈希不符：重新计算的 ${toBase64(root)} 不是 ${cp.origin} 签名的 ${toBase64(cp.root)}`);
  return `✓ 全部 ${count(cp.size)} 条记录逐条重新计算哈希，默克尔树根哈希与 ${cp.origin} 签名的 ${count(cp.size)} 条台账检查点一致`;
}

async function range(key: string, cp: Checkpoint, from: number, to: number): Promise<string> {
  const leaves: Hash[] = [];
  const total = 2 * (to - from + 1);
  progress(0, total, '已完成');
  await readLeaves(key, from, to, (leaf) => {
    leaves.push(leaf);
    progress(leaves.length, total, '已完成');
    return Promise.resolve();
  });
  for (let p = from; p <= to; p++) {
    const proof = await getJson<{ auditPath: string[] }>(`/v1/ledger/proofs/inclusion?position=${p}&treeSize=${cp.size}`);
    const path = proof.auditPath.map(fromBase64);
    if (!path.every((h): h is Hash => h !== undefined) || !(await verifyInclusion(p - 1, cp.size, leaves[p - from], path, cp.root)))
      throw new Failure(`第 ${count(p)} 条记录不在 ${cp.origin} 签名的台账中：包含证明不能通向签名的根哈希`);
    progress(leaves.length + p - from + 1, total, '已完成');
  }
  return `✓ 第 ${count(from)}–${count(to)} 条记录（共 ${count(to - from + 1)} 条）逐条重新计算哈希，都在 ${cp.origin} 签名的 ${count(cp.size)} 条台账中（包含证明）`;
}

const whole = (v: string): number | undefined => (v === '' ? undefined : Number(v));

async function run(key: string): Promise<string> {
  const cp = await openCheckpoint(await getText('/v1/ledger/checkpoint'), await trustedKey());
  const from = whole((form.elements.namedItem('from') as HTMLInputElement).value);
  const to = whole((form.elements.namedItem('to') as HTMLInputElement).value);
  if (from === undefined && to === undefined) return wholeLedger(key, cp);
  const a = from ?? 1;
  const b = to ?? cp.size;
  if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b) || a < 1 || b < a) throw new Failure('范围应为 1 ≤ 起 ≤ 止 的整数');
  if (b > cp.size) throw new Failure(`最新签名检查点只有 ${count(cp.size)} 条记录：第 ${count(b)} 条还没有签名可以核对`);
  return range(key, cp, a, b);
}

const key = storedKey();
if (key === null) document.querySelector<HTMLElement>('#signin')!.hidden = false;
else {
  button.disabled = false;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    button.disabled = true;
    result.textContent = '正在核验…';
    result.classList.remove('ok', 'bad');
    run(key)
      .then((text) => ({ ok: true, text }))
      .catch((error: unknown) => {
        const why =
          error instanceof ApiError ? `${error.message}（${error.code}）` : error instanceof Error ? error.message : String(error);
        return { ok: false, text: `✗ 核验未通过：${why}` };
      })
      .then(({ ok, text }) => {
        result.textContent = text;
        result.classList.toggle('ok', ok);
        result.classList.toggle('bad', !ok);
        button.disabled = false;
      })
      .catch(() => undefined);
  });
}
