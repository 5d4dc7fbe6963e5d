import { readFileSync } from 'node:fs';
import {
  checkProofBundle,
  checkProofDocument,
  checkTlogProof,
  isProofBundle,
  readProofFile,
  type ProofOutcome,
} from '../ledger/tree/check-proof';
import { splitNote } from '../ledger/tree/cosignature';
import { NoteError, parseVerifierKey, type VerifierKey } from '../ledger/tree/signed-note';
import { logKeyFor, parseTlogPolicy, type TlogPolicy } from '../ledger/tree/tlog-policy';
import { parseTlogProof } from '../ledger/tree/tlog-proof';

export interface CheckProofOptions {
  /** The log's verifier key, as text. */
  readonly verifierKey?: string;
  /** A service whose /v1/ledger/key is trusted. */
  readonly url?: string;
  /** A C2SP tlog-policy: a file, or an http(s) URL to fetch it from (e.g. the service's /v1/ledger/policy). */
  readonly policy?: string;
}

const unusable = (reason: string): ProofOutcome => ({ result: 'malformed', reason });

async function fetchText(url: string, what: string): Promise<string | ProofOutcome> {
  try {
    const res = await fetch(url);
    if (!res.ok) return unusable(`GET ${url} answered ${res.status}`);
    return await res.text();
  } catch (error) {
    return unusable(`cannot fetch ${what} from ${url}: ${(error as Error).message}`);
  }
}

async function policyFrom(where: string | undefined): Promise<TlogPolicy | undefined | ProofOutcome> {
  if (where === undefined) return undefined;
  let text: string | ProofOutcome;
  if (/^https?:\/\//.test(where)) text = await fetchText(where, 'the policy');
  else {
    try {
      text = readFileSync(where, 'utf8');
    } catch (error) {
      return unusable(`cannot read the policy ${where}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  if (typeof text !== 'string') return text;
  try {
    return parseTlogPolicy(text);
  } catch (error) {
    return unusable(`--policy: ${(error as Error).message}`);
  }
}

/** The origin line of the proof's checkpoint, to find the policy's log key for it. */
function originOf(doc: unknown, tlogProof: string | undefined): string | undefined {
  try {
    const note = tlogProof !== undefined ? parseTlogProof(tlogProof).checkpoint : (doc as { checkpoint?: unknown }).checkpoint;
    return typeof note === 'string' ? splitNote(note).body.split('\n')[0] : undefined;
  } catch {
    return undefined;
  }
}

/** The verifier key to trust: given, else fetched from the service's /v1/ledger/key, else the policy's log for the origin. */
async function verifierFrom(
  options: CheckProofOptions,
  policy: TlogPolicy | undefined,
  origin: string | undefined,
): Promise<VerifierKey | ProofOutcome> {
  let text = options.verifierKey;
  if (text === undefined && options.url !== undefined) {
    const fetched = await fetchText(new URL('/v1/ledger/key', options.url).toString(), 'the verifier key');
    if (typeof fetched !== 'string') return fetched;
    text = fetched;
  }
  if (text === undefined) {
    const logKey = policy && origin !== undefined ? logKeyFor(policy, origin) : undefined;
    if (logKey) return logKey;
    return unusable(
      policy
        ? `the policy lists no log for the origin ${JSON.stringify(origin)}: give --verifier-key KEY`
        : 'a proof is checked against a key you trust: give --verifier-key KEY or --url of the service (or --policy listing the log)',
    );
  }
  try {
    return parseVerifierKey(text);
  } catch (error) {
    return unusable(`--verifier-key: ${error instanceof NoteError ? error.message : String(error)}`);
  }
}

/** `ledger check-proof FILE [--verifier-key KEY | --url URL] [--policy FILE|URL]`: the outcome and why. */
export async function checkProofFile(file: string, options: CheckProofOptions = {}): Promise<ProofOutcome> {
  const read = readProofFile(file);
  if ('error' in read) return read.error;
  const tlogProof = 'tlogProof' in read ? read.tlogProof : undefined;
  const doc = 'doc' in read ? read.doc : undefined;
  if (tlogProof !== undefined || isProofBundle(doc)) {
    const policy = await policyFrom(options.policy);
    if (policy && 'result' in policy) return policy;
    const verifier = await verifierFrom(options, policy, originOf(doc, tlogProof));
    if ('result' in verifier) return verifier;
    return tlogProof !== undefined ? checkTlogProof(tlogProof, verifier, policy) : checkProofBundle(doc, verifier, policy);
  }
  const result = checkProofDocument(doc);
  const reason =
    result === 'valid'
      ? 'the proof leads to the stated root'
      : result === 'invalid'
        ? 'the proof does not lead to the stated root'
        : 'neither a proof bundle { entry, proof, checkpoint }, a c2sp.org/tlog-proof@v1 file, nor an inclusion { leafIdx, treeSize, root, leafHash, proof } or consistency { size1, size2, root1, root2, proof } proof';
  return { result, reason };
}
