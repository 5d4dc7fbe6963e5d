import { readFileSync } from 'node:fs';
import { leafHashOf, leafHashOfBytes } from '../hashing';
import { NoteError, openCheckpoint, splitNote, type VerifierKey } from './signed-note';
import { checkQuorum, type TlogPolicy } from './tlog-policy';
import { looksLikeTlogProof, parseTlogProof } from './tlog-proof';
import { verifyConsistency, verifyInclusion } from './verify';

/**
 * `ledger check-proof`: one proof, in one of three layouts.
 * - The service's own bundle (GET /v1/ledger/entries/:position/proof): { entry, proof: { leafIndex, treeSize,
 *   leafHash, auditPath[] }, checkpoint, verifierKey }. The entry's leaf hash is recomputed from its canonical
 *   JSON, the checkpoint's signature is checked with a key the caller trusts (never the bundle's own), and the
 *   audit path must lead from the leaf to the signed root.
 * - The C2SP tlog-proof@v1 text form of the same route (?format=tlog-proof), its entry in the extra line.
 * With a C2SP tlog-policy, the checkpoint must also carry the cosignatures its quorum asks for.
 * - The public vectors (test/fixtures/merkle-vectors, from transparency-dev/merkle): inclusion {leafIdx,
 *   treeSize, root, leafHash, proof[]} or consistency {size1, size2, root1, root2, proof[]}, hashes in base64.
 */
export type ProofCheck = 'valid' | 'invalid' | 'malformed';

export interface ProofOutcome {
  readonly result: ProofCheck;
  /** Why, in words: what was checked, or what is wrong and where. */
  readonly reason: string;
}

const B64 = /^[A-Za-z0-9+/]*={0,2}$/;

function hashOf(v: unknown): Buffer | undefined {
  if (typeof v !== 'string' || !B64.test(v) || v.length % 4 !== 0) return undefined;
  return Buffer.from(v, 'base64');
}

function proofOf(v: unknown): Buffer[] | undefined {
  if (v === null || v === undefined) return []; // the vectors write an absent proof as null
  if (!Array.isArray(v)) return undefined;
  const out = v.map(hashOf);
  return out.every((h) => h !== undefined) ? out : undefined;
}

/** A field of an untrusted entry, in words (String() throws on some objects). */
const wordsOf = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : (JSON.stringify(v) ?? 'undefined'));
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export const isProofBundle = (doc: unknown): boolean => isRecord(doc) && 'entry' in doc && 'checkpoint' in doc;

/** A vector-layout proof: valid, invalid, or malformed. */
export function checkProofDocument(doc: unknown): ProofCheck {
  if (!isRecord(doc)) return 'malformed';
  const d = doc;
  if ('leafIdx' in d || 'leafHash' in d) {
    const leafHash = hashOf(d.leafHash);
    const root = hashOf(d.root);
    const proof = proofOf(d.proof);
    if (!isCount(d.leafIdx) || !isCount(d.treeSize) || !leafHash || !root || !proof) return 'malformed';
    return verifyInclusion(d.leafIdx, d.treeSize, leafHash, proof, root) ? 'valid' : 'invalid';
  }
  if ('size1' in d || 'size2' in d) {
    const root1 = hashOf(d.root1);
    const root2 = hashOf(d.root2);
    const proof = proofOf(d.proof);
    if (!isCount(d.size1) || !isCount(d.size2) || !root1 || !root2 || !proof) return 'malformed';
    return verifyConsistency(d.size1, d.size2, proof, root1, root2) ? 'valid' : 'invalid';
  }
  return 'malformed';
}

const malformed = (reason: string): ProofOutcome => ({ result: 'malformed', reason });
const invalid = (reason: string): ProofOutcome => ({ result: 'invalid', reason });

/** A bundle of GET /v1/ledger/entries/:position/proof, checked against a verifier key the caller trusts. */
export function checkProofBundle(doc: unknown, verifier: VerifierKey, policy?: TlogPolicy): ProofOutcome {
  if (!isRecord(doc)) return malformed('the bundle is not a JSON object');
  const { entry, proof, checkpoint } = doc;
  if (!isRecord(entry)) return malformed("entry: must be the entry's envelope (an object)");
  if (!isRecord(proof)) return malformed('proof: must be an object { leafIndex, treeSize, leafHash, auditPath }');
  if (typeof checkpoint !== 'string') return malformed('checkpoint: must be the signed checkpoint note (text)');
  if (!isCount(proof.leafIndex)) return malformed('proof.leafIndex: must be a whole number');
  if (!isCount(proof.treeSize) || proof.treeSize <= proof.leafIndex)
    return malformed('proof.treeSize: must be a whole number above proof.leafIndex');
  const leafHash = hashOf(proof.leafHash);
  if (!leafHash || leafHash.length !== 32) return malformed('proof.leafHash: must be a base64 SHA-256 hash');
  const auditPath = proofOf(proof.auditPath);
  if (!auditPath || auditPath.some((h) => h.length !== 32)) return malformed('proof.auditPath: must be a list of base64 SHA-256 hashes');
  if (!isCount(entry.position) || entry.position !== proof.leafIndex + 1) return malformed('entry.position: must be proof.leafIndex + 1');
  const { leafHash: stated, ...envelope } = entry;
  let recomputed: Buffer;
  try {
    recomputed = leafHashOf(envelope);
  } catch (error) {
    return malformed(`entry: not canonical JSON (${(error as Error).message})`);
  }
  if (stated !== undefined && stated !== recomputed.toString('base64'))
    return invalid(`entry.leafHash ${JSON.stringify(stated)} is not the hash of the entry (${recomputed.toString('base64')})`);
  if (!recomputed.equals(leafHash))
    return invalid(
      `the entry hashes to ${recomputed.toString('base64')}, not to proof.leafHash ${leafHash.toString('base64')}: the entry was altered`,
    );
  return checkSignedInclusion(checkpoint, verifier, policy, {
    leafIndex: proof.leafIndex,
    treeSize: proof.treeSize,
    leafHash,
    auditPath,
    what: `entry ${wordsOf(entry.position)} (${wordsOf(entry.type)})`,
  });
}

/**
 * A c2sp.org/tlog-proof@v1 file of GET /v1/ledger/entries/:position/proof?format=tlog-proof: its extra data is
 * the entry's canonical JSON, hashed here into the leaf, then proved included in the signed checkpoint.
 */
export function checkTlogProof(text: string, verifier: VerifierKey, policy?: TlogPolicy): ProofOutcome {
  let parsed;
  try {
    parsed = parseTlogProof(text);
  } catch (error) {
    return malformed(`tlog-proof: ${(error as Error).message}`);
  }
  const { index, checkpoint } = parsed;
  const extra = parsed.extra === undefined ? undefined : Buffer.from(parsed.extra, 'base64');
  const auditPath = parsed.auditPath.map((h) => Buffer.from(h, 'base64'));
  if (!extra) return malformed('tlog-proof: no extra line, so the entry it proves is unknown (the ledger writes the entry there)');
  let entry: unknown;
  try {
    entry = JSON.parse(extra.toString('utf8'));
  } catch {
    return malformed("tlog-proof: the extra data is not the entry's JSON");
  }
  if (!isRecord(entry)) return malformed("tlog-proof: the extra data is not the entry's JSON object");
  if (entry.position !== index + 1) return invalid(`the entry states position ${wordsOf(entry.position)}, the proof is for index ${index}`);
  let treeSize: number;
  try {
    treeSize = Number(splitNote(checkpoint).body.split('\n')[1]);
  } catch (error) {
    return malformed(`checkpoint: ${(error as Error).message}`);
  }
  return checkSignedInclusion(checkpoint, verifier, policy, {
    leafIndex: index,
    treeSize,
    leafHash: leafHashOfBytes(extra),
    auditPath,
    what: `entry ${index + 1} (${wordsOf(entry.type)})`,
  });
}

interface Inclusion {
  readonly leafIndex: number;
  readonly treeSize: number;
  readonly leafHash: Buffer;
  readonly auditPath: readonly Buffer[];
  readonly what: string;
}

/** The checkpoint's signature by the trusted key, the policy's quorum of cosignatures, and the audit path to its root. */
function checkSignedInclusion(checkpoint: string, verifier: VerifierKey, policy: TlogPolicy | undefined, p: Inclusion): ProofOutcome {
  let signed;
  try {
    signed = openCheckpoint(checkpoint, verifier);
  } catch (error) {
    if (error instanceof NoteError && /does not verify|carries no signature/.test(error.message))
      return invalid(`bad signature: ${error.message}`);
    return malformed(`checkpoint: ${(error as Error).message}`);
  }
  if (signed.size !== p.treeSize) return invalid(`the checkpoint signs a tree of ${signed.size} entries, the proof is for ${p.treeSize}`);
  if (p.leafIndex >= signed.size) return invalid(`index ${p.leafIndex} is not in a tree of ${signed.size} entries`);
  if (!verifyInclusion(p.leafIndex, p.treeSize, p.leafHash, p.auditPath, signed.root)) {
    return invalid(`root mismatch: the audit path does not lead from ${p.what} to the signed root ${signed.root.toString('base64')}`);
  }
  let witnessed = '';
  if (policy) {
    let quorum;
    try {
      quorum = checkQuorum(policy, checkpoint);
    } catch (error) {
      return invalid(`bad cosignature: ${(error as Error).message}`);
    }
    if (!quorum.satisfied) return invalid(`the checkpoint is not witnessed as the policy asks: ${quorum.reason}`);
    witnessed = `; ${quorum.reason}`;
  }
  return {
    result: 'valid',
    reason: `${p.what} is in the ledger of ${signed.size} entries signed by ${signed.origin} (key ${verifier.text})${witnessed}`,
  };
}

/** Exit codes of `ledger check-proof` (README): 0 valid, 1 invalid, 2 unusable input. */
export const exitCodeOf = (result: ProofCheck): 0 | 1 | 2 => (result === 'valid' ? 0 : result === 'invalid' ? 1 : 2);

/** Reads a proof file: the parsed document, or why it cannot be used. */
export function readProofFile(file: string): { doc: unknown } | { tlogProof: string } | { error: ProofOutcome } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { error: malformed(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`) };
  }
  // Lines end in a newline (tlog-proof); a file saved with CRLF ends is read as its LF text.
  const lf = text.replace(/\r\n/g, '\n');
  if (looksLikeTlogProof(lf)) return { tlogProof: lf };
  try {
    return { doc: JSON.parse(text) };
  } catch (error) {
    return { error: malformed(`${file} is not JSON (nor a c2sp.org/tlog-proof@v1 file): ${(error as Error).message}`) };
  }
}
