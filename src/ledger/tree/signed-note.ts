import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, sign, verify } from 'node:crypto';

/**
 * C2SP signed-note with Ed25519 (the format of Go's golang.org/x/mod/sumdb/note) and C2SP
 * tlog-checkpoint bodies. node:crypto only; the offline verifier and the server share it.
 *   signing key:  PRIVATE+KEY+<name>+<hex key id>+<base64(0x01 ‖ 32-byte seed)>
 *   verifier key: <name>+<hex key id>+<base64(0x01 ‖ 32-byte public key)>
 *   key id:       first 4 bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)
 *   signature:    "— <name> <base64(key id ‖ 64-byte signature)>" after a blank line
 */
const ED25519 = 0x01;
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const NAME = /^[^\s+]+$/;

export interface SigningKey {
  readonly name: string;
  readonly keyId: Buffer;
  readonly privateKey: KeyObject;
  readonly publicKey: Buffer;
  /** The PRIVATE+KEY text, to keep. */
  readonly text: string;
}

export interface VerifierKey {
  readonly name: string;
  readonly keyId: Buffer;
  readonly publicKey: Buffer;
  readonly text: string;
}

export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly root: Buffer;
}

export class NoteError extends Error {}

/** SHA-256(name ‖ "\n" ‖ algorithm ‖ public key)[:4]: 0x01 for a log's signature, 0x04 for an Ed25519 cosignature. */
export function keyIdOf(name: string, publicKey: Buffer, algorithm: number = ED25519): Buffer {
  return createHash('sha256')
    .update(name, 'utf8')
    .update(Buffer.from([0x0a, algorithm]))
    .update(publicKey)
    .digest()
    .subarray(0, 4);
}

/** A raw 32-byte Ed25519 public key, for node:crypto's verify. */
export const ed25519PublicKey = (raw: Buffer): KeyObject =>
  createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });

/** Splits a signed note into its body (with its final newline) and its signature lines. */
export function splitNote(note: string): { body: string; lines: string[] } {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw new NoteError('not a signed note: no blank line before the signatures');
  return { body: note.slice(0, split + 1), lines: note.slice(split + 2, -1).split('\n') };
}

/**
 * A signature line's key name and signature bytes if it is by `name` with key id `keyId` and `size` bytes
 * after the id; null for another signer's line. Throws on a malformed line, and on one of this signer in
 * anything but standard, padded base64 (strict readers such as Go's note package reject the whole note).
 */
export function signatureBy(line: string, name: string, keyId: Buffer, size: number): Buffer | null {
  const m = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(line);
  if (!m) throw new NoteError(`malformed signature line ${JSON.stringify(line)}`);
  const raw = Buffer.from(m[2], 'base64');
  if (m[1] !== name || raw.length !== 4 + size || !raw.subarray(0, 4).equals(keyId)) return null;
  if (raw.toString('base64') !== m[2]) throw new NoteError(`the signature by ${name} is not in standard base64`);
  return raw.subarray(4);
}

function fromSeed(name: string, seed: Buffer): SigningKey {
  if (!NAME.test(name)) throw new NoteError(`key name ${JSON.stringify(name)} must be non-empty, without spaces or "+"`);
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const publicKey = createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);
  const keyId = keyIdOf(name, publicKey);
  const text = `PRIVATE+KEY+${name}+${keyId.toString('hex')}+${Buffer.concat([Buffer.from([ED25519]), seed]).toString('base64')}`;
  return { name, keyId, privateKey, publicKey, text };
}

export function generateSigningKey(name: string): SigningKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_PREFIX.length);
  return fromSeed(name, Buffer.from(seed));
}

export function parseSigningKey(text: string): SigningKey {
  // base64 may itself contain "+": match the fields, do not split on it.
  const m = /^PRIVATE\+KEY\+([^+\s]+)\+([0-9a-fA-F]{8})\+([A-Za-z0-9+/=]+)$/.exec(text.trim());
  if (!m) throw new NoteError('a signing key reads PRIVATE+KEY+<name>+<key id>+<base64 key>');
  const [, name, hexId, b64] = m;
  const raw = Buffer.from(b64, 'base64');
  if (raw.length !== 33 || raw[0] !== ED25519) throw new NoteError('the signing key is not an Ed25519 seed (0x01 followed by 32 bytes)');
  const key = fromSeed(name, raw.subarray(1));
  if (key.keyId.toString('hex') !== hexId.toLowerCase())
    throw new NoteError(`the signing key's id ${hexId} does not match its name and key (${key.keyId.toString('hex')})`);
  return key;
}

export function verifierKeyOf(key: SigningKey): VerifierKey {
  const text = `${key.name}+${key.keyId.toString('hex')}+${Buffer.concat([Buffer.from([ED25519]), key.publicKey]).toString('base64')}`;
  return { name: key.name, keyId: key.keyId, publicKey: key.publicKey, text };
}

export function parseVerifierKey(text: string): VerifierKey {
  const m = /^([^+\s]+)\+([0-9a-fA-F]{8})\+([A-Za-z0-9+/=]+)$/.exec(text.trim());
  if (!m) throw new NoteError('a verifier key reads <name>+<key id>+<base64 key>');
  const [, name, hexId, b64] = m;
  const raw = Buffer.from(b64, 'base64');
  if (!NAME.test(name) || !/^[0-9a-f]{8}$/i.test(hexId) || raw.length !== 33 || raw[0] !== ED25519)
    throw new NoteError('not an Ed25519 verifier key');
  const publicKey = raw.subarray(1);
  const keyId = keyIdOf(name, publicKey);
  if (keyId.toString('hex') !== hexId.toLowerCase()) throw new NoteError(`the verifier key's id ${hexId} does not match its name and key`);
  return { name, keyId, publicKey, text: text.trim() };
}

/** tlog-checkpoint body: origin, size and base64 root, one per line. */
export function checkpointBody({ origin, size, root }: Checkpoint): string {
  if (!origin || /[\n]/.test(origin)) throw new NoteError('the origin must be one non-empty line');
  return `${origin}\n${size}\n${root.toString('base64')}\n`;
}

export function signNote(body: string, key: SigningKey): string {
  if (!body.endsWith('\n')) throw new NoteError('a note body ends with a newline');
  const signature = sign(null, Buffer.from(body, 'utf8'), key.privateKey);
  return `${body}\n\u2014 ${key.name} ${Buffer.concat([key.keyId, signature]).toString('base64')}\n`;
}

/** Checks the note's signature by `verifier` and returns the checkpoint it states. */
export function openCheckpoint(note: string, verifier: VerifierKey): Checkpoint {
  const { body, lines } = splitNote(note);
  const publicKey = ed25519PublicKey(verifier.publicKey);
  let verified = false;
  for (const line of lines) {
    const signature = signatureBy(line, verifier.name, verifier.keyId, 64);
    if (!signature) continue; // another signer's line
    if (!verify(null, Buffer.from(body, 'utf8'), publicKey, signature))
      throw new NoteError(`the signature by ${verifier.name} does not verify`);
    verified = true;
  }
  if (!verified) throw new NoteError(`the note carries no signature by ${verifier.name}+${verifier.keyId.toString('hex')}`);
  const [origin, sizeText, rootText] = body.split('\n');
  const root = Buffer.from(rootText ?? '', 'base64');
  if (!origin || !/^(0|[1-9]\d{0,15})$/.test(sizeText ?? '') || root.length !== 32 || root.toString('base64') !== rootText) {
    throw new NoteError('the note body is not a tlog checkpoint (origin, size, base64 root)');
  }
  return { origin, size: Number(sizeText), root };
}
