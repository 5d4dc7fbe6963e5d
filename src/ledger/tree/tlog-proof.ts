/**
 * C2SP tlog-proof@v1, the text form of a portable proof:
 *   c2sp.org/tlog-proof@v1
 *   extra <base64>        the entry's canonical JSON (JCS of its public envelope, without leafHash):
 *                         the leaf hash is SHA-256(0x00 ‖ these bytes), so the proof carries its entry
 *   index <leaf index>    position − 1
 *   <base64 hash>...      the inclusion proof, leaf's sibling first
 *   (empty line)
 *   <the checkpoint, verbatim, with the log's signature and any witness cosignatures>
 * The extra data is not trusted: it is what the verifier hashes and proves included. Plain strings and
 * no Node.js module: the CLI, the service and the portal's browser check share this one reader.
 */
export const TLOG_PROOF_HEADER = 'c2sp.org/tlog-proof@v1';

export interface TlogProof {
  /** base64 */
  readonly extra?: string;
  readonly index: number;
  /** base64 SHA-256 hashes, the leaf's sibling first. */
  readonly auditPath: readonly string[];
  readonly checkpoint: string;
}

export class TlogProofError extends Error {}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** 32 bytes in standard base64: 43 characters and one "=". */
const HASH = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;

export function formatTlogProof({ extra, index, auditPath, checkpoint }: TlogProof): string {
  const lines = [TLOG_PROOF_HEADER];
  if (extra !== undefined) lines.push(`extra ${extra}`);
  lines.push(`index ${index}`, ...auditPath, '');
  return `${lines.join('\n')}\n${checkpoint}`;
}

export const looksLikeTlogProof = (text: string): boolean => text.startsWith(`${TLOG_PROOF_HEADER}\n`);

/** Parses the text form; throws TlogProofError saying which line is wrong. */
export function parseTlogProof(text: string): TlogProof {
  if (!looksLikeTlogProof(text)) throw new TlogProofError(`the first line must be ${TLOG_PROOF_HEADER}`);
  const blank = text.indexOf('\n\n');
  if (blank < 0) throw new TlogProofError('no empty line between the proof and the checkpoint');
  const lines = text.slice(0, blank).split('\n').slice(1);
  const checkpoint = text.slice(blank + 2);
  let extra: string | undefined;
  if (lines[0]?.startsWith('extra ')) {
    extra = lines.shift()!.slice('extra '.length);
    if (!BASE64.test(extra)) throw new TlogProofError('line 2: extra must be base64');
  }
  const index = /^index (0|[1-9]\d{0,15})$/.exec(lines.shift() ?? '');
  if (!index) throw new TlogProofError('the index line must read "index <leaf index>" (decimal, no leading zeroes)');
  lines.forEach((line, i) => {
    if (!HASH.test(line)) throw new TlogProofError(`proof hash ${i + 1} is not a base64 SHA-256 hash`);
  });
  if (lines.length > 63) throw new TlogProofError('an inclusion proof has at most 63 hashes');
  return { ...(extra !== undefined ? { extra } : {}), index: Number(index[1]), auditPath: lines, checkpoint };
}
