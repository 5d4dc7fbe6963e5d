import { createHash } from 'node:crypto';
import {
  checkpointBody,
  generateSigningKey,
  keyIdOf,
  NoteError,
  openCheckpoint,
  parseSigningKey,
  parseVerifierKey,
  signNote,
  verifierKeyOf,
} from '../../../src/ledger/tree/signed-note';

// An independent Ed25519 implementation (ESM-only; Node ≥ 20.19 can require it).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ed = require('@noble/ed25519') as {
  verify(sig: Uint8Array, msg: Uint8Array, pub: Uint8Array): boolean;
  hashes: { sha512?: (m: Uint8Array) => Uint8Array };
};
ed.hashes.sha512 = (m: Uint8Array) => new Uint8Array(createHash('sha512').update(m).digest());

const root = createHash('sha256').update('root').digest();

describe('C2SP signed notes and tlog checkpoints (Ed25519)', () => {
  const key = generateSigningKey('ledger.example/social-assistance');
  const verifier = verifierKeyOf(key);
  const note = signNote(checkpointBody({ origin: 'ledger.example/social-assistance', size: 42, root }), key);

  it('writes the checkpoint body and one signature line', () => {
    const [body, sig] = note.split('\n\n');
    expect(body).toBe(`ledger.example/social-assistance\n42\n${root.toString('base64')}`);
    expect(sig).toMatch(/^\u2014 ledger\.example\/social-assistance [A-Za-z0-9+/]{91}=\n$/);
  });

  it('computes the key id as SHA-256(name ‖ 0x0A ‖ 0x01 ‖ key)[0:4] and round-trips key texts', () => {
    const expected = createHash('sha256')
      .update(Buffer.concat([Buffer.from('ledger.example/social-assistance'), Buffer.from([0x0a, 0x01]), key.publicKey]))
      .digest()
      .subarray(0, 4);
    expect(keyIdOf(key.name, key.publicKey)).toEqual(expected);
    expect(verifier.text).toBe(
      `ledger.example/social-assistance+${expected.toString('hex')}+${Buffer.concat([Buffer.from([1]), key.publicKey]).toString('base64')}`,
    );
    expect(parseSigningKey(key.text).publicKey).toEqual(key.publicKey);
    expect(parseVerifierKey(verifier.text).publicKey).toEqual(key.publicKey);
  });

  it('opens to the checkpoint it signed', () => {
    expect(openCheckpoint(note, verifier)).toEqual({ origin: 'ledger.example/social-assistance', size: 42, root });
  });

  it('verifies with an independent Ed25519 implementation (@noble/ed25519)', () => {
    const [body, sigLine] = note.split('\n\n');
    const raw = Buffer.from(sigLine.trim().split(' ')[2], 'base64');
    expect(raw.subarray(0, 4)).toEqual(key.keyId);
    expect(ed.verify(new Uint8Array(raw.subarray(4)), new Uint8Array(Buffer.from(`${body}\n`)), new Uint8Array(key.publicKey))).toBe(true);
    expect(
      ed.verify(
        new Uint8Array(raw.subarray(4)),
        new Uint8Array(Buffer.from(`${body.replace('\n42\n', '\n43\n')}\n`)),
        new Uint8Array(key.publicKey),
      ),
    ).toBe(false);
  });

  it('reproduces the golang.org/x/mod/sumdb/note known answer (PeterNeumann) byte for byte', () => {
    const goKey = parseSigningKey('PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz');
    const text = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
    expect(verifierKeyOf(goKey).text).toBe('PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW');
    expect(signNote(text, goKey)).toBe(
      `${text}\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`,
    );
  });

  it('refuses a changed size, root or signature, and another key', () => {
    expect(() => openCheckpoint(note.replace('\n42\n', '\n43\n'), verifier)).toThrow(NoteError);
    const otherRoot = createHash('sha256').update('other').digest().toString('base64');
    expect(() => openCheckpoint(note.replace(root.toString('base64'), otherRoot), verifier)).toThrow(NoteError);
    const sig = note.trim().split(' ').pop()!;
    const bad = Buffer.from(sig, 'base64');
    bad[10] ^= 1;
    expect(() => openCheckpoint(note.replace(sig, bad.toString('base64')), verifier)).toThrow(/does not verify/);
    expect(() => openCheckpoint(note, verifierKeyOf(generateSigningKey('ledger.example/social-assistance')))).toThrow(/no signature/);
    expect(() => parseSigningKey(key.text.replace(/\+[0-9a-f]{8}\+/, '+00000000+'))).toThrow(/does not match/);
  });
});
