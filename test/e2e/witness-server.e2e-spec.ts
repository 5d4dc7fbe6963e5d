import { expect } from '@jest/globals';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { checkpointBody, generateSigningKey, signNote, SigningKey, verifierKeyOf } from '../../src/ledger/tree/signed-note';
import { consistencyProof, NodeReader, rootAt } from '../../src/ledger/tree/merkle';
import { referenceRoot } from '../support/reference-merkle';
import { describeWitness, startWitness, Witness } from '../support/witness';

/**
 * The witness of test/servers/witness/ (Go, golang.org/x/mod) against c2sp.org/tlog-witness add-checkpoint
 * and c2sp.org/tlog-cosignature (Ed25519, cosignature/v1), fed checkpoints and consistency proofs made by
 * the ledger's own code, its cosignatures checked here with node:crypto alone. The ledger's tests trust this
 * witness to refuse a log that rewrites history; these tests are why.
 */
const ORIGIN = 'ledger.example/social-assistance';
const logKey = generateSigningKey(ORIGIN);
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');

const sha256 = (...parts: (Buffer | string)[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

/** A history of leaf hashes; different tags give histories that differ from the first leaf on. */
const history = (tag: string, n: number): Buffer[] => Array.from({ length: n }, (_, i) => sha256(Buffer.from([0]), `${tag}:${i}`));

/** The tree's nodes straight from the leaves (RFC 9162 MTH of each aligned range). */
const readerOf = (leaves: readonly Buffer[]): NodeReader => ({
  node: (level, index) => referenceRoot(leaves.slice(index * 2 ** level, (index + 1) * 2 ** level)),
});

async function checkpointOf(leaves: readonly Buffer[], key: SigningKey = logKey, origin = ORIGIN): Promise<string> {
  const root = await rootAt(leaves.length, readerOf(leaves));
  return signNote(checkpointBody({ origin, size: leaves.length, root }), key);
}

const proofOf = (leaves: readonly Buffer[], old: number): Promise<Buffer[]> => consistencyProof(old, leaves.length, readerOf(leaves));

const requestBody = (old: number, proof: readonly Buffer[], note: string): string =>
  `old ${old}\n${proof.map((h) => `${h.toString('base64')}\n`).join('')}\n${note}`;

interface Answer {
  readonly status: number;
  readonly type: string | null;
  readonly text: string;
}

async function post(w: Witness, body: string): Promise<Answer> {
  const res = await fetch(`${w.url}/add-checkpoint`, { method: 'POST', body });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

const add = async (w: Witness, old: number, proof: readonly Buffer[], note: string): Promise<Answer> =>
  post(w, requestBody(old, proof, note));

/** Grows the witness's view to `leaves` from `old` with an honest proof, expecting a cosignature. */
async function grow(w: Witness, old: number, leaves: readonly Buffer[]): Promise<string> {
  const answer = await add(w, old, await proofOf(leaves, old), await checkpointOf(leaves));
  expect(answer.status).toBe(200);
  return answer.text;
}

/** What the witness tells a log that asks with old size 0: its stored size (409) or nothing yet. */
async function storedSize(w: Witness): Promise<number> {
  const answer = await add(w, 0, [], await checkpointOf([]));
  if (answer.status === 200) return 0;
  expect(answer).toMatchObject({ status: 409, type: 'text/x.tlog.size' });
  return Number(answer.text.trim());
}

async function latestCheckpoint(w: Witness, origin = ORIGIN): Promise<{ status: number; text: string }> {
  const res = await fetch(`${w.url}/${sha256(origin).toString('hex')}/checkpoint`);
  return { status: res.status, text: await res.text() };
}

/**
 * Checks a cosignature line against the witness's verifier key by tlog-cosignature alone: the key id is
 * SHA-256(name ‖ "\n" ‖ 0x04 ‖ key)[:4], the signature is over "cosignature/v1\ntime <t>\n" and the
 * checkpoint body. Returns the timestamp.
 */
function verifyCosignature(vkey: string, line: string, note: string): number {
  const key = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+=*)$/.exec(vkey);
  if (!key) throw new Error(`not a verifier key: ${vkey}`);
  const [, name, hexId, b64] = key;
  const material = Buffer.from(b64, 'base64');
  expect(material.length).toBe(33);
  expect(material[0]).toBe(0x04);
  const publicKey = material.subarray(1);
  expect(sha256(name, '\n', material).subarray(0, 4).toString('hex')).toBe(hexId);

  const m = /^\u2014 (\S+) ([A-Za-z0-9+/]+=*)\n$/.exec(line);
  if (!m) throw new Error(`not one signature line: ${JSON.stringify(line)}`);
  expect(m[1]).toBe(name);
  const raw = Buffer.from(m[2], 'base64');
  expect(raw.length).toBe(4 + 8 + 64);
  expect(raw.subarray(0, 4).toString('hex')).toBe(hexId);
  const timestamp = Number(raw.readBigUInt64BE(4));
  const body = note.slice(0, note.indexOf('\n\n') + 1);
  const message = Buffer.from(`cosignature/v1\ntime ${timestamp}\n${body}`, 'utf8');
  const spki = createPublicKey({ key: Buffer.concat([SPKI_ED25519, publicKey]), format: 'der', type: 'spki' });
  expect(verify(null, message, spki, raw.subarray(12))).toBe(true);
  return timestamp;
}

describeWitness('tlog-witness witness (test/servers/witness)', () => {
  const fresh = (logKeys = [verifierKeyOf(logKey).text]): Promise<Witness> => startWitness({ name: 'witness.example/w1', logKeys });

  it('cosigns a first checkpoint (old 0): the cosignature verifies against its printed vkey, with its timestamp and the checkpoint body', async () => {
    const w = await fresh();
    const leaves = history('a', 13);
    const note = await checkpointOf(leaves);
    const before = Math.floor(Date.now() / 1000);
    const answer = await add(w, 0, [], note);
    const after = Math.ceil(Date.now() / 1000);

    expect(answer.status).toBe(200);
    const timestamp = verifyCosignature(w.vkey, answer.text, note);
    expect(timestamp).toBeGreaterThanOrEqual(before);
    expect(timestamp).toBeLessThanOrEqual(after);
    // Flipping one bit of the body breaks it: the signature covers the checkpoint.
    expect(() => verifyCosignature(w.vkey, answer.text, note.replace('\n13\n', '\n12\n'))).toThrow();
    // The monitoring read serves the checkpoint with the log's signature and the cosignature.
    expect(await latestCheckpoint(w)).toEqual({ status: 200, text: note + answer.text });
    expect((await latestCheckpoint(w, 'ledger.example/other')).status).toBe(404);
  });

  it('cosigns each growth that comes with a correct consistency proof, and the same checkpoint again', async () => {
    const w = await fresh();
    const leaves = history('a', 1100);
    let old = 0;
    for (const size of [1, 2, 3, 8, 13, 64, 65, 1024, 1100, 1100]) {
      const note = await checkpointOf(leaves.slice(0, size));
      const answer = await add(w, old, await proofOf(leaves.slice(0, size), old), note);
      expect({ size, status: answer.status }).toEqual({ size, status: 200 });
      verifyCosignature(w.vkey, answer.text, note);
      old = size;
    }
    expect(await storedSize(w)).toBe(1100);
  });

  it('answers a wrong old size with 409, text/x.tlog.size and the size it cosigned last', async () => {
    const w = await fresh();
    const leaves = history('a', 20);
    await grow(w, 0, leaves.slice(0, 10));
    for (const old of [0, 5, 9, 11]) {
      const answer = await add(w, old, await proofOf(leaves, old), await checkpointOf(leaves));
      expect(answer).toEqual({ status: 409, type: 'text/x.tlog.size', text: '10\n' });
    }
    await grow(w, 10, leaves);
  });

  it('refuses a forked checkpoint (a log that rewrote history) with 422, no cosignature, its state unchanged, and keeps the request', async () => {
    const w = await fresh();
    const honest = history('honest', 40);
    await grow(w, 0, honest.slice(0, 16));
    const cosigned = await latestCheckpoint(w);

    // The log rewrites entry 7 and signs a larger tree on top of it, with its own valid key.
    const forged = honest.map((leaf, i) => (i === 6 ? sha256(Buffer.from([0]), 'rewritten') : leaf));
    const forgedNote = await checkpointOf(forged.slice(0, 25));
    // The best a forger has: the proof of its own tree, and the proof of the honest prefix grown by the forged leaves.
    const attempts = [
      await proofOf(forged.slice(0, 25), 16),
      await proofOf([...honest.slice(0, 16), ...forged.slice(16, 25)], 16),
      await proofOf(honest.slice(0, 25), 16),
    ];
    for (const proof of attempts) {
      const answer = await add(w, 16, proof, forgedNote);
      expect(answer.status).toBe(422);
      expect(answer.text).not.toContain('\u2014');
    }
    // A rewrite that keeps the size is no better.
    const sameSize = await add(w, 16, [], await checkpointOf(forged.slice(0, 16)));
    expect(sameSize.status).toBe(422);

    expect(await latestCheckpoint(w)).toEqual(cosigned);
    expect(await storedSize(w)).toBe(16);
    // The refused request, signed by the log, is kept as evidence of the fork.
    expect(w.stderr()).toContain(JSON.stringify(forgedNote).slice(1, -1));
    // The honest history still grows.
    await grow(w, 16, honest.slice(0, 25));
  });

  it('refuses a different root for the size it cosigned (422)', async () => {
    const w = await fresh();
    await grow(w, 0, history('a', 8));
    const answer = await add(w, 8, [], await checkpointOf(history('b', 8)));
    expect(answer.status).toBe(422);
    expect(await storedSize(w)).toBe(8);
  });

  it('refuses a checkpoint without a valid signature by a trusted key (403), and ignores unknown keys', async () => {
    const w = await fresh();
    const leaves = history('a', 5);
    const note = await checkpointOf(leaves);
    // The same name under another key is an unknown key: no trusted signature is left.
    expect((await add(w, 0, [], await checkpointOf(leaves, generateSigningKey(ORIGIN)))).status).toBe(403);
    // The trusted key's line over another body fails to verify.
    const otherRoot = (await rootAt(5, readerOf(history('b', 5)))).toString('base64');
    const tampered = note.replace((await rootAt(5, readerOf(leaves))).toString('base64'), otherRoot);
    expect((await add(w, 0, [], tampered)).status).toBe(403);
    // A corrupted signature by the trusted key.
    const lines = note.split('\n');
    const sig = Buffer.from(lines[4].split(' ')[2], 'base64');
    sig[10] ^= 1;
    lines[4] = `${lines[4].split(' ').slice(0, 2).join(' ')} ${sig.toString('base64')}`;
    expect((await add(w, 0, [], lines.join('\n'))).status).toBe(403);
    expect(await storedSize(w)).toBe(0);

    // An extra signature by a key the witness does not know is ignored.
    const stranger = signNote(note.slice(0, note.indexOf('\n\n') + 1), generateSigningKey('someone.example/log'));
    const both = `${note}${stranger.slice(stranger.indexOf('\n\n') + 2)}`;
    const answer = await add(w, 0, [], both);
    expect(answer.status).toBe(200);
    verifyCosignature(w.vkey, answer.text, both);
  });

  it('answers an unknown origin with 404', async () => {
    const w = await fresh();
    const other = generateSigningKey('ledger.example/unknown');
    expect((await add(w, 0, [], await checkpointOf(history('a', 3), other, 'ledger.example/unknown'))).status).toBe(404);
  });

  it('takes the origin from "<vkey> <origin>" when it is not the key name', async () => {
    const key = generateSigningKey('ledger-key');
    const origin = 'localhost/social assistance ledger';
    const w = await fresh([`${verifierKeyOf(key).text} ${origin}`]);
    const note = await checkpointOf(history('a', 3), key, origin);
    const answer = await add(w, 0, [], note);
    expect(answer.status).toBe(200);
    verifyCosignature(w.vkey, answer.text, note);
    expect((await add(w, 0, [], await checkpointOf(history('a', 3), key, 'ledger-key'))).status).toBe(404);
  });

  it('answers 400 to an old size above the checkpoint size and to malformed bodies', async () => {
    const w = await fresh();
    const leaves = history('a', 6);
    const note = await checkpointOf(leaves);
    const proof = await proofOf(leaves, 4);
    const bad = [
      requestBody(7, [], note),
      `old 04\n\n${note}`,
      `old -1\n\n${note}`,
      `old 0\n${note}`, // no empty line after the proof
      `old 4\nnot base64\n\n${note}`,
      `old 4\n${proof[0].subarray(1).toString('base64')}\n\n${note}`,
      requestBody(
        4,
        Array.from({ length: 64 }, () => proof[0]),
        note,
      ),
      requestBody(0, [], signNote(`${ORIGIN}\n06\n${(await rootAt(6, readerOf(leaves))).toString('base64')}\n`, logKey)),
      requestBody(0, [], signNote(`${ORIGIN}\n6\n`, logKey)),
      requestBody(0, [], note.replace('\n\n\u2014', '\n\u2014')),
      '',
    ];
    for (const body of bad) expect({ body, status: (await post(w, body)).status }).toEqual({ body, status: 400 });
    expect(await storedSize(w)).toBe(0);
  });

  it('refuses a non-empty root for size 0 and a proof with old size 0 (422)', async () => {
    const w = await fresh();
    expect((await add(w, 0, [], await checkpointOf([]))).status).toBe(200);
    const wrongEmpty = signNote(checkpointBody({ origin: ORIGIN, size: 0, root: sha256('not empty') }), logKey);
    expect((await add(w, 0, [], wrongEmpty)).status).toBe(422);
    const leaves = history('a', 4);
    expect((await add(w, 0, [sha256('x')], await checkpointOf(leaves))).status).toBe(422);
    expect(await storedSize(w)).toBe(0);
  });

  it('cosigns exactly one of concurrent requests from the same old size; the others get 409', async () => {
    const w = await fresh();
    const leaves = history('a', 30);
    await grow(w, 0, leaves.slice(0, 10));
    const answers = await Promise.all(
      [11, 12, 13, 14, 15, 16, 17, 18].map(async (size) =>
        add(w, 10, await proofOf(leaves.slice(0, size), 10), await checkpointOf(leaves.slice(0, size))),
      ),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(7);
    const winner = 11 + answers.findIndex((a) => a.status === 200);
    expect(await storedSize(w)).toBe(winner);
  });

  it('keeps its state across a restart: the 409 reports the stored size, and the log grows on from it', async () => {
    const w = await fresh();
    const leaves = history('a', 50);
    await grow(w, 0, leaves.slice(0, 21));
    const cosigned = await latestCheckpoint(w);
    const url = w.url;
    await w.restart();
    expect(w.url).toBe(url);
    expect(await add(w, 0, [], await checkpointOf(leaves.slice(0, 30)))).toEqual({ status: 409, type: 'text/x.tlog.size', text: '21\n' });
    expect(await latestCheckpoint(w)).toEqual(cosigned);
    await grow(w, 21, leaves.slice(0, 30));
    // A fork is still refused after the restart: the stored root came back too.
    const forged = await checkpointOf(history('b', 30));
    expect((await add(w, 30, [], forged)).status).toBe(422);
  });
});
