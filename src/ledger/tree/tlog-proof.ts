import { NoteError } from './signed-note';

/**
 * C2SP tlog-proof@v1, the text form of a portable proof:
 *   c2sp.org/tlog-proof@v1
 *   extra <base64>        the entry's canonical JSON (JCS of its public envelope, without leafHash):
 *                         the leaf hash is SHA-256(0x00 ‖ these bytes), so the proof carries its entry
 *   index <leaf index>    position − 1
 *   <base64 hash>...      the inclusion proof, leaf's sibling first
 *   (empty line)
 *   <the checkpoint, verbatim, with the log's signature and any witness cosignatures>
 * The extra data is not trusted: it is what the verifier hashes and proves included.
 */
export const TLOG_PROOF_HEADER = 'c2sp.org/tlog-proof@v1';

export interface TlogProof {
  readonly extra?: Buffer;
  readonly index: number;
  readonly auditPath: readonly Buffer[];
  readonly checkpoint: string;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function formatTlogProof({ extra, index, auditPath, checkpoint }: TlogProof): string {
  const lines = [TLOG_PROOF_HEADER];
  if (extra !== undefined) lines.push(`extra ${extra.toString('base64')}`);
  lines.push(`index ${index}`, ...auditPath.map((h) => h.toString('base64')), '');
  return `${lines.join('\n')}\n${checkpoint}`;
}

export const looksLikeTlogProof = (text: string): boolean => text.startsWith(`${TLOG_PROOF_HEADER}\n`);

/** Parses the text form; throws NoteError saying which line is wrong. */
export function parseTlogProof(text: string): TlogProof {
  if (!looksLikeTlogProof(text)) throw new NoteError(`the first line must be ${TLOG_PROOF_HEADER}`);
  const blank = text.indexOf('\n\n');
  if (blank < 0) throw new NoteError('no empty line between the proof and the checkpoint');
  const lines = text.slice(0, blank).split('\n').slice(1);
  const checkpoint = text.slice(blank + 2);
  let extra: Buffer | undefined;
  if (lines[0]?.startsWith('extra ')) {
    const b64 = lines.shift()!.slice('extra '.length);
    if (!BASE64.test(b64)) throw new NoteError('line 2: extra must be base64');
    extra = Buffer.from(b64, 'base64');
  }
  const index = /^index (0|[1-9]\d{0,15})$/.exec(lines.shift() ?? '');
  if (!index) throw new NoteError('the index line must read "index <leaf index>" (decimal, no leading zeroes)');
  const auditPath = lines.map((line, i) => {
    const hash = BASE64.test(line) ? Buffer.from(line, 'base64') : undefined;
    if (!hash || hash.length !== 32) throw new NoteError(`proof hash ${i + 1} is not a base64 SHA-256 hash`);
    return hash;
  });
  if (auditPath.length > 63) throw new NoteError('an inclusion proof has at most 63 hashes');
  return { ...(extra ? { extra } : {}), index: Number(index[1]), auditPath, checkpoint };
}
