import { verify } from 'node:crypto';
import { ed25519PublicKey, keyIdOf, NoteError, signatureBy } from './signed-note';

/**
 * C2SP tlog-cosignature, Ed25519 (`cosignature/v1`): a witness's statement that, at its timestamp, the
 * checkpoint was the largest consistent tree it had seen for the log.
 *   cosigner vkey: <name>+<hex key id>+base64(0x04 ‖ 32-byte public key)
 *   key id:        SHA-256(<name> ‖ "\n" ‖ 0x04 ‖ public key)[:4]
 *   line:          "— <name> base64(key id ‖ u64 big-endian timestamp ‖ 64-byte signature)"
 *   signed:        "cosignature/v1\ntime <timestamp>\n" ‖ the checkpoint's note body
 */
const COSIGNATURE_V1 = 0x04;

export interface CosignerKey {
  readonly name: string;
  readonly keyId: Buffer;
  readonly publicKey: Buffer;
  /** The vkey text. */
  readonly text: string;
}

export const cosignerKeyId = (name: string, publicKey: Buffer): Buffer => keyIdOf(name, publicKey, COSIGNATURE_V1);

/** A cosigner vkey, or (with `name`) a bare base64 Ed25519 public key of that witness. */
export function parseCosignerKey(text: string, name?: string): CosignerKey {
  const trimmed = text.trim();
  const bare = Buffer.from(trimmed, 'base64');
  if (name !== undefined && /^[A-Za-z0-9+/]{43}=$/.test(trimmed) && bare.length === 32) {
    const keyId = cosignerKeyId(name, bare);
    return cosignerKey(name, keyId, bare);
  }
  const m = /^([^+\s]+)\+([0-9a-fA-F]{8})\+([A-Za-z0-9+/=]+)$/.exec(trimmed);
  if (!m) throw new NoteError('a witness key reads <name>+<hex key id>+base64(0x04 ‖ Ed25519 public key), or is a base64 public key');
  const [, keyName, hexId, b64] = m;
  const raw = Buffer.from(b64, 'base64');
  if (raw.length !== 33 || raw[0] !== COSIGNATURE_V1 || raw.toString('base64') !== b64)
    throw new NoteError(`the key of ${keyName} is not an Ed25519 cosigner key (0x04, standard base64)`);
  if (name !== undefined && name !== keyName) throw new NoteError(`the witness is named ${name}, its key ${keyName}`);
  const publicKey = raw.subarray(1);
  const keyId = cosignerKeyId(keyName, publicKey);
  if (keyId.toString('hex') !== hexId.toLowerCase())
    throw new NoteError(`the key id ${hexId} of ${keyName} does not match its name and key`);
  return cosignerKey(keyName, keyId, publicKey);
}

function cosignerKey(name: string, keyId: Buffer, publicKey: Buffer): CosignerKey {
  const text = `${name}+${keyId.toString('hex')}+${Buffer.concat([Buffer.from([COSIGNATURE_V1]), publicKey]).toString('base64')}`;
  return { name, keyId, publicKey, text };
}

/** The bytes a cosigner signs for a note body at a timestamp. */
export const cosignedMessage = (body: string, timestamp: bigint): Buffer =>
  Buffer.from(`cosignature/v1\ntime ${timestamp}\n${body}`, 'utf8');

/**
 * The timestamp of the valid cosignature by `key` among `lines` on `body`, or null if it has none.
 * A line with the key's name and id whose signature fails makes the note malformed (signed-note).
 */
export function cosignatureBy(key: CosignerKey, body: string, lines: readonly string[]): bigint | null {
  const publicKey = ed25519PublicKey(key.publicKey);
  let found: bigint | null = null;
  for (const line of lines) {
    const raw = signatureBy(line, key.name, key.keyId, 8 + 64);
    if (!raw) continue;
    const timestamp = raw.readBigUInt64BE(0);
    if (timestamp === 0n || timestamp > 2n ** 63n - 1n) throw new NoteError(`the cosignature by ${key.name} has no valid timestamp`);
    if (!verify(null, cosignedMessage(body, timestamp), publicKey, raw.subarray(8)))
      throw new NoteError(`the cosignature by ${key.name} does not verify`);
    found = timestamp;
  }
  return found;
}
