/**
 * The ledger's hashes and signed checkpoints checked in the browser with Web Crypto (SHA-256, Ed25519):
 * the same formats as src/ledger/hashing.ts and src/ledger/tree/signed-note.ts, the same RFC 8785 canonical
 * form (src/ledger/jcs.ts) and the same RFC 9162 order of hashing (src/ledger/tree/proof-order.ts), imported
 * from the server's own pure modules so there is one implementation of each.
 */
import { canonicalize } from '../../src/ledger/jcs.js';
import { FrontierFold, inclusionOrder } from '../../src/ledger/tree/proof-order.js';

export type Hash = Uint8Array;

const encoder = new TextEncoder();
const B64 = /^[A-Za-z0-9+/]*={0,2}$/;

export class NoteError extends Error {}

export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

/** Strict base64 (as the CLI reads it): undefined when it is not. */
export function fromBase64(text: unknown): Uint8Array | undefined {
  if (typeof text !== 'string' || !B64.test(text) || text.length % 4 !== 0) return undefined;
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

const concat = (...parts: Uint8Array[]): Uint8Array<ArrayBuffer> => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

export const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

export async function sha256(...parts: Uint8Array[]): Promise<Hash> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', concat(...parts)));
}

/** SHA-256(0x00 ‖ JCS(envelope)), the envelope without leafHash (API.md "Ledger entry envelope"). */
export const leafHashOf = (envelope: object): Promise<Hash> => sha256(Uint8Array.of(0x00), encoder.encode(canonicalize(envelope)));

/** SHA-256(0x01 ‖ left ‖ right), RFC 9162 §2.1.1. */
export const nodeHash = (left: Hash, right: Hash): Promise<Hash> => sha256(Uint8Array.of(0x01), left, right);

/** RFC 9162 §2.1.3.2 with the shared order: does the audit path lead from the leaf to the root? */
export async function verifyInclusion(
  leafIndex: number,
  treeSize: number,
  leaf: Hash,
  path: readonly Hash[],
  root: Hash,
): Promise<boolean> {
  const sides = inclusionOrder(leafIndex, treeSize, path.length);
  if (!sides || ![leaf, root, ...path].every((h) => h.length === 32)) return false;
  let r = leaf;
  for (let i = 0; i < path.length; i++) r = sides[i] === 'left' ? await nodeHash(path[i], r) : await nodeHash(r, path[i]);
  return sameBytes(r, root);
}

/** The root of a list of leaves grown one by one (the console's whole-ledger check). */
export const newTree = (): FrontierFold<Hash> => new FrontierFold<Hash>(nodeHash);
export const emptyRoot = (): Promise<Hash> => sha256();

export interface VerifierKey {
  readonly name: string;
  readonly keyId: Uint8Array;
  readonly publicKey: Uint8Array;
  readonly text: string;
}

export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly root: Hash;
}

const NAME = /^[^\s+]+$/;
const hex = (bytes: Uint8Array): string => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');

/** First 4 bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key), C2SP signed-note. */
const keyIdOf = async (name: string, publicKey: Uint8Array): Promise<Uint8Array> =>
  (await sha256(encoder.encode(name), Uint8Array.of(0x0a, 0x01), publicKey)).subarray(0, 4);

/** `<name>+<hex key id>+<base64(0x01 ‖ 32-byte Ed25519 public key)>`, its id checked against name and key. */
export async function parseVerifierKey(text: string): Promise<VerifierKey> {
  const m = /^([^+\s]+)\+([0-9a-fA-F]{8})\+([A-Za-z0-9+/=]+)$/.exec(text.trim());
  if (!m) throw new NoteError('台账公钥的格式应为 <名称>+<密钥编号>+<base64 公钥>');
  const [, name, hexId, b64] = m;
  const raw = fromBase64(b64);
  if (!NAME.test(name) || !raw || raw.length !== 33 || raw[0] !== 0x01) throw new NoteError('不是 Ed25519 台账公钥');
  const publicKey = raw.subarray(1);
  const keyId = await keyIdOf(name, publicKey);
  if (hex(keyId) !== hexId.toLowerCase()) throw new NoteError(`台账公钥的编号 ${hexId} 与其名称和公钥不符`);
  return { name, keyId, publicKey, text: text.trim() };
}

/** A note's signature was checked and is wrong, or the trusted key did not sign it (the CLI's "bad signature"). */
export class BadSignature extends NoteError {}

/** Checks the signed note's Ed25519 signature by `verifier` and returns the tlog checkpoint it states. */
export async function openCheckpoint(note: string, verifier: VerifierKey): Promise<Checkpoint> {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw new NoteError('不是签名检查点：签名前没有空行');
  const body = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  const key = await crypto.subtle.importKey('raw', concat(verifier.publicKey), { name: 'Ed25519' }, false, ['verify']);
  let verified = false;
  for (const line of lines) {
    const m = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(line);
    if (!m) throw new NoteError(`签名行格式错误：${JSON.stringify(line)}`);
    const raw = fromBase64(m[2]);
    if (m[1] !== verifier.name || !raw || raw.length !== 68 || !sameBytes(raw.subarray(0, 4), verifier.keyId)) continue; // another signer's line
    if (!(await crypto.subtle.verify({ name: 'Ed25519' }, key, concat(raw.subarray(4)), encoder.encode(body))))
      throw new BadSignature(`${verifier.name} 的签名验证不通过`);
    verified = true;
  }
  if (!verified) throw new BadSignature(`检查点上没有 ${verifier.name}+${hex(verifier.keyId)} 的签名`);
  const [origin, sizeText, rootText] = body.split('\n');
  const root = fromBase64(rootText ?? '');
  if (!origin || !/^(0|[1-9]\d{0,15})$/.test(sizeText ?? '') || !root || root.length !== 32 || toBase64(root) !== rootText)
    throw new NoteError('检查点正文不是 tlog 检查点（来源、大小、base64 根哈希）');
  return { origin, size: Number(sizeText), root };
}
