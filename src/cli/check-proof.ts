import { checkProofBundle, checkProofDocument, isProofBundle, readProofFile, type ProofOutcome } from '../ledger/tree/check-proof';
import { NoteError, parseVerifierKey, type VerifierKey } from '../ledger/tree/signed-note';

/** The verifier key to trust: given, or fetched from the service's /v1/ledger/key. */
async function verifierFrom(keyText: string | undefined, url: string | undefined): Promise<VerifierKey | ProofOutcome> {
  let text = keyText;
  if (text === undefined && url !== undefined) {
    try {
      const res = await fetch(new URL('/v1/ledger/key', url));
      if (!res.ok) return { result: 'malformed', reason: `GET ${url}/v1/ledger/key answered ${res.status}` };
      text = await res.text();
    } catch (error) {
      return { result: 'malformed', reason: `cannot fetch the verifier key from ${url}: ${(error as Error).message}` };
    }
  }
  if (text === undefined)
    return {
      result: 'malformed',
      reason: 'a proof bundle is checked against a key you trust: give --verifier-key KEY or --url of the service',
    };
  try {
    return parseVerifierKey(text);
  } catch (error) {
    return { result: 'malformed', reason: `--verifier-key: ${error instanceof NoteError ? error.message : String(error)}` };
  }
}

/** `ledger check-proof FILE [--verifier-key KEY | --url URL]`: the outcome and why. */
export async function checkProofFile(file: string, keyText?: string, url?: string): Promise<ProofOutcome> {
  const read = readProofFile(file);
  if ('error' in read) return read.error;
  if (isProofBundle(read.doc)) {
    const verifier = await verifierFrom(keyText, url);
    return 'result' in verifier ? verifier : checkProofBundle(read.doc, verifier);
  }
  const result = checkProofDocument(read.doc);
  const reason =
    result === 'valid'
      ? 'the proof leads to the stated root'
      : result === 'invalid'
        ? 'the proof does not lead to the stated root'
        : 'neither a proof bundle { entry, proof, checkpoint } nor an inclusion { leafIdx, treeSize, root, leafHash, proof } or consistency { size1, size2, root1, root2, proof } proof';
  return { result, reason };
}
