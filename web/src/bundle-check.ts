/**
 * A proof bundle of GET /v1/ledger/entries/:position/proof checked in the browser, check for check as
 * `ledger check-proof` does it (src/ledger/tree/check-proof.ts checkProofBundle), in the same order and with
 * the same three outcomes: the entry's leaf hash recomputed from its canonical JSON, the checkpoint's
 * signature by the key the reader trusts (the service's /v1/ledger/key, never the bundle's own), the sizes,
 * and the audit path from the leaf to the signed root.
 */
import { parseTlogProof } from '../../src/ledger/tree/tlog-proof.js';
import {
  BadSignature,
  fromBase64,
  leafHashOf,
  NoteError,
  openCheckpoint,
  sameBytes,
  sha256,
  toBase64,
  verifyInclusion,
} from './ledger-crypto.js';
import type { Checkpoint, Hash, VerifierKey } from './ledger-crypto.js';

export type ProofCheck = 'valid' | 'invalid' | 'malformed';

/** What was proved, for the sentence that says so. */
export interface ProvedFact {
  readonly position: number;
  readonly type: string;
  readonly recordedAt: string;
  readonly checkpoint: Checkpoint;
}

export type BundleOutcome =
  { readonly result: 'valid'; readonly fact: ProvedFact } | { readonly result: 'invalid' | 'malformed'; readonly reason: string };

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const malformed = (reason: string): BundleOutcome => ({ result: 'malformed', reason });
const invalid = (reason: string): BundleOutcome => ({ result: 'invalid', reason });

function pathOf(v: unknown): Hash[] | undefined {
  if (v === null || v === undefined) return [];
  if (!Array.isArray(v)) return undefined;
  const out = v.map(fromBase64);
  return out.every((h): h is Hash => h !== undefined && h.length === 32) ? out : undefined;
}

export async function checkBundle(doc: unknown, verifier: VerifierKey): Promise<BundleOutcome> {
  if (!isRecord(doc)) return malformed('证明包不是 JSON 对象');
  const { entry, proof, checkpoint } = doc;
  if (!isRecord(entry)) return malformed('entry：应为记录的信封（对象）');
  if (!isRecord(proof)) return malformed('proof：应为对象 { leafIndex, treeSize, leafHash, auditPath }');
  if (typeof checkpoint !== 'string') return malformed('checkpoint：应为签名检查点（文本）');
  if (!isCount(proof.leafIndex)) return malformed('proof.leafIndex：应为整数');
  if (!isCount(proof.treeSize) || proof.treeSize <= proof.leafIndex) return malformed('proof.treeSize：应为大于 proof.leafIndex 的整数');
  const leafHash = fromBase64(proof.leafHash);
  if (!leafHash || leafHash.length !== 32) return malformed('proof.leafHash：应为 base64 的 SHA-256 哈希');
  const auditPath = pathOf(proof.auditPath);
  if (!auditPath) return malformed('proof.auditPath：应为 base64 SHA-256 哈希的列表');
  if (!isCount(entry.position) || entry.position !== proof.leafIndex + 1) return malformed('entry.position：应等于 proof.leafIndex + 1');
  const { leafHash: stated, ...envelope } = entry;
  let recomputed: Hash;
  try {
    recomputed = await leafHashOf(envelope);
  } catch (error) {
    return malformed(`entry：不是规范 JSON（${(error as Error).message}）`);
  }
  if (stated !== undefined && stated !== toBase64(recomputed))
    return invalid(`记录被改动：entry.leafHash ${JSON.stringify(stated)} 不是这条记录的哈希（${toBase64(recomputed)}）`);
  if (!sameBytes(recomputed, leafHash))
    return invalid(`记录被改动：它的哈希是 ${toBase64(recomputed)}，不是 proof.leafHash ${toBase64(leafHash)}`);
  let signed: Checkpoint;
  try {
    signed = await openCheckpoint(checkpoint, verifier);
  } catch (error) {
    if (error instanceof BadSignature) return invalid(`签名无效：${error.message}`);
    return malformed(`checkpoint：${error instanceof NoteError ? error.message : String(error)}`);
  }
  if (signed.size !== proof.treeSize) return invalid(`检查点签署的是 ${signed.size} 条记录的台账，证明却针对 ${proof.treeSize} 条`);
  if (!(await verifyInclusion(proof.leafIndex, proof.treeSize, leafHash, auditPath, signed.root)))
    return invalid(`根哈希不符：审计路径不能从第 ${entry.position} 条记录通向签名的根哈希 ${toBase64(signed.root)}`);
  const type = typeof entry.type === 'string' ? entry.type : String(entry.type);
  const recordedAt = typeof entry.recordedAt === 'string' ? entry.recordedAt : '';
  return { result: 'valid', fact: { position: entry.position, type, recordedAt, checkpoint: signed } };
}

/**
 * A c2sp.org/tlog-proof@v1 file (…/proof?format=tlog-proof) as the bundle it stands for: its extra line is the
 * entry's canonical JSON, whose SHA-256(0x00 ‖ bytes) is the leaf the proof starts from; checkBundle then
 * recomputes that leaf from the entry, so an extra line that is not the entry's canonical form fails.
 * Throws TlogProofError naming the line that is wrong.
 */
export async function tlogProofAsBundle(text: string): Promise<unknown> {
  const { extra, index, auditPath, checkpoint } = parseTlogProof(text);
  const bytes = extra === undefined ? undefined : fromBase64(extra);
  if (!bytes) return { proof: {}, checkpoint };
  let entry: unknown;
  try {
    entry = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    entry = null;
  }
  const leafHash = toBase64(await sha256(Uint8Array.of(0x00), bytes));
  return { entry, proof: { leafIndex: index, treeSize: Number(checkpoint.split('\n')[1]), leafHash, auditPath }, checkpoint };
}
