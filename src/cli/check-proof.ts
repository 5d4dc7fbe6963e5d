import { readFileSync } from 'node:fs';
import {
  checkProofBundle,
  checkProofDocument,
  checkTlogProof,
  isProofBundle,
  readProofFile,
  type ProofOutcome,
} from '../ledger/tree/check-proof';
import { NoteError, parseVerifierKey, signatureBy, splitNote, type VerifierKey } from '../ledger/tree/signed-note';
import { logKeysFor, parseTlogPolicy, type TlogPolicy } from '../ledger/tree/tlog-policy';
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
    const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
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

/** The proof's checkpoint note, to find the policy's log for its origin. */
function checkpointOf(doc: unknown, tlogProof: string | undefined): string | undefined {
  try {
    const note = tlogProof !== undefined ? parseTlogProof(tlogProof).checkpoint : (doc as { checkpoint?: unknown }).checkpoint;
    return typeof note === 'string' ? note : undefined;
  } catch {
    return undefined;
  }
}

/** The key the reader gave: --verifier-key, or the one --url's service publishes. */
async function givenKey(options: CheckProofOptions): Promise<VerifierKey | ProofOutcome | undefined> {
  let text = options.verifierKey;
  if (text === undefined && options.url !== undefined) {
    let url: string;
    try {
      url = new URL('/v1/ledger/key', options.url).toString();
    } catch {
      return unusable(`--url: ${JSON.stringify(options.url)} is not a URL`);
    }
    const fetched = await fetchText(url, 'the verifier key');
    if (typeof fetched !== 'string') return fetched;
    text = fetched;
  }
  if (text === undefined) return undefined;
  try {
    return parseVerifierKey(text);
  } catch (error) {
    return unusable(`--verifier-key: ${error instanceof NoteError ? error.message : String(error)}`);
  }
}

/**
 * The log key to trust. Without a policy: the one given. With a policy that lists logs: one of its logs for
 * the checkpoint's origin (tlog-policy: a log's key name is its origin), and a key given must be one of them.
 */
async function verifierFrom(
  options: CheckProofOptions,
  policy: TlogPolicy | undefined,
  note: string | undefined,
): Promise<VerifierKey | ProofOutcome> {
  const given = await givenKey(options);
  if (given && 'result' in given) return given;
  if (!policy || policy.logs.length === 0) {
    return (
      given ??
      unusable('a proof is checked against a key you trust: give --verifier-key KEY or --url of the service (or --policy listing the log)')
    );
  }
  let origin = '';
  let lines: string[] = [];
  try {
    const split = splitNote(note ?? '');
    origin = split.body.split('\n')[0];
    lines = split.lines;
  } catch {
    // no checkpoint to read: no log of the policy matches, said below
  }
  const logs = logKeysFor(policy, origin);
  if (logs.length === 0) return unusable(`the policy lists no log for the origin ${JSON.stringify(origin)}`);
  if (given) {
    const listed = logs.find((k) => k.publicKey.equals(given.publicKey));
    return listed ?? { result: 'invalid', reason: `the key ${given.text} is not the policy's log for ${origin}` };
  }
  // The listed key with a signature line on the note (a log may have rotated keys); else the first, to say why.
  const signedBy = (k: VerifierKey): boolean =>
    lines.some((l) => {
      try {
        return signatureBy(l, k.name, k.keyId, 64) !== null;
      } catch {
        return false; // a malformed line: openCheckpoint says so
      }
    });
  return logs.find(signedBy) ?? logs[0];
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
    const verifier = await verifierFrom(options, policy, checkpointOf(doc, tlogProof));
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
