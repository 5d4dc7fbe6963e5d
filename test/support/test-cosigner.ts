import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

/**
 * An Ed25519 cosigner written from c2sp.org/tlog-cosignature with node:crypto alone, sharing no code
 * with src/: for unit tests of what the product verifies (the witness the e2e suites run is the Go
 * program in test/servers/witness).
 */
export interface TestCosigner {
  readonly name: string;
  readonly vkey: string;
  readonly publicKey: Buffer;
  /** The note signature line over the note's body at `timestamp` (POSIX seconds). */
  cosign(note: string, timestamp?: number): string;
}

export function testCosigner(name: string, seed?: Buffer): TestCosigner {
  const privateKey: KeyObject = seed
    ? createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]), format: 'der', type: 'pkcs8' })
    : generateKeyPairSync('ed25519').privateKey;
  const publicKey = createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(12);
  const keyId = createHash('sha256')
    .update(`${name}\n`)
    .update(Buffer.from([0x04]))
    .update(publicKey)
    .digest()
    .subarray(0, 4);
  const vkey = `${name}+${keyId.toString('hex')}+${Buffer.concat([Buffer.from([0x04]), publicKey]).toString('base64')}`;
  return {
    name,
    vkey,
    publicKey,
    cosign(note, timestamp = Math.floor(Date.now() / 1000)) {
      const body = note.slice(0, note.indexOf('\n\n') + 1);
      const ts = Buffer.alloc(8);
      ts.writeBigUInt64BE(BigInt(timestamp));
      const signature = sign(null, Buffer.from(`cosignature/v1\ntime ${timestamp}\n${body}`, 'utf8'), privateKey);
      return `\u2014 ${name} ${Buffer.concat([keyId, ts, signature]).toString('base64')}`;
    },
  };
}

/** The timestamp of `vkey`'s valid cosignature line on the note, else null: the check written from the spec, apart from src/. */
export function cosignedAt(vkey: string, note: string): number | null {
  // The base64 key may itself hold "+": the name and key id are the first two fields.
  const [, name, hexId, b64] = /^([^+]+)\+([0-9a-f]{8})\+(.+)$/.exec(vkey)!;
  const raw = Buffer.from(b64, 'base64');
  const publicKey = createPublicKey({
    key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw.subarray(1)]),
    format: 'der',
    type: 'spki',
  });
  const split = note.indexOf('\n\n');
  const body = note.slice(0, split + 1);
  for (const line of note.slice(split + 2).split('\n')) {
    if (!line.startsWith(`\u2014 ${name} `)) continue;
    const sig = Buffer.from(line.slice(`\u2014 ${name} `.length), 'base64');
    if (sig.length !== 76 || sig.subarray(0, 4).toString('hex') !== hexId) continue;
    const timestamp = Number(sig.readBigUInt64BE(4));
    if (verify(null, Buffer.from(`cosignature/v1\ntime ${timestamp}\n${body}`, 'utf8'), publicKey, sig.subarray(12))) return timestamp;
  }
  return null;
}
