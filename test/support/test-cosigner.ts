import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

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
