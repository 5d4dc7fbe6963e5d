import { expect } from '@jest/globals';
import canonicalizeIndependent from 'canonicalize';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkProofFile } from '../../../src/cli/check-proof';
import { leafHashOfBytes } from '../../../src/ledger/hashing';
import { checkTlogProof } from '../../../src/ledger/tree/check-proof';
import { frontierOf, inclusionProof, nodeKey, nodesOnAppend, rootAt, type NodeReader } from '../../../src/ledger/tree/merkle';
import { checkpointBody, generateSigningKey, signNote, verifierKeyOf } from '../../../src/ledger/tree/signed-note';
import { parseTlogPolicy } from '../../../src/ledger/tree/tlog-policy';
import { formatTlogProof, parseTlogProof, TLOG_PROOF_HEADER } from '../../../src/ledger/tree/tlog-proof';
import { testCosigner } from '../../support/test-cosigner';

const ORIGIN = 'example.org/ledger';
const key = generateSigningKey(ORIGIN);
const verifier = verifierKeyOf(key);

/** Five entries, hashed as API.md says, in a tree grown as the adapters grow it. */
const entries = [1, 2, 3, 4, 5].map((position) => ({ position, type: 'PaymentMade', data: { amount: position * 100 } }));
const bytes = entries.map((e) => Buffer.from(canonicalizeIndependent(e)!, 'utf8'));
const leaves = bytes.map((b) =>
  createHash('sha256')
    .update(Buffer.from([0]))
    .update(b)
    .digest(),
);
const nodes = new Map<string, Buffer>();
for (let size = 0; size < leaves.length; size++) {
  const frontier = new Map(frontierOf(size).map(({ level, index }) => [nodeKey(level, index), nodes.get(nodeKey(level, index))!]));
  for (const n of nodesOnAppend(size, frontier, [leaves[size]])) nodes.set(nodeKey(n.level, n.index), n.hash);
}
const reader: NodeReader = { node: (level, index) => nodes.get(nodeKey(level, index))! };

async function proofOf(position: number, note?: string): Promise<string> {
  const root = await rootAt(5, reader);
  const checkpoint = note ?? signNote(checkpointBody({ origin: ORIGIN, size: 5, root }), key);
  return formatTlogProof({
    extra: bytes[position - 1].toString('base64'),
    index: position - 1,
    auditPath: (await inclusionProof(position - 1, 5, reader)).map((h) => h.toString('base64')),
    checkpoint,
  });
}

describe('c2sp.org/tlog-proof@v1 (the portable proof of GET /v1/ledger/entries/:position/proof?format=tlog-proof)', () => {
  it('writes the header, the entry as extra data, the index, the proof hashes, an empty line, then the checkpoint verbatim', async () => {
    const text = await proofOf(3);
    const lines = text.split('\n');
    expect(lines[0]).toBe(TLOG_PROOF_HEADER);
    expect(lines[1]).toBe(`extra ${bytes[2].toString('base64')}`);
    expect(lines[2]).toBe('index 2');
    const blank = lines.indexOf('');
    expect(blank).toBe(3 + 3); // a tree of 5: the proof of leaf 2 has 3 hashes
    expect(lines.slice(3, blank).every((l) => Buffer.from(l, 'base64').length === 32)).toBe(true);
    expect(lines[blank + 1]).toBe(ORIGIN);
    expect(lines[blank + 2]).toBe('5');
    expect(text.endsWith('\n')).toBe(true);
    expect(parseTlogProof(text)).toMatchObject({ extra: bytes[2].toString('base64'), index: 2 });
  });

  it('is valid for every entry, and says which entry it proves', async () => {
    for (const position of [1, 2, 3, 4, 5]) {
      const outcome = checkTlogProof(await proofOf(position), verifier);
      expect(outcome).toEqual({ result: 'valid', reason: expect.stringContaining(`entry ${position} (PaymentMade)`) });
    }
  });

  it('fails an altered entry, an altered proof hash, another index, and a checkpoint signed by another key', async () => {
    const text = await proofOf(3);
    const altered = Buffer.from(bytes[2].toString('utf8').replace('300', '301'));
    expect(checkTlogProof(text.replace(bytes[2].toString('base64'), altered.toString('base64')), verifier)).toMatchObject({
      result: 'invalid',
      reason: expect.stringContaining('root mismatch'),
    });
    const lines = text.split('\n');
    lines[4] = Buffer.alloc(32, 7).toString('base64');
    expect(checkTlogProof(lines.join('\n'), verifier).result).toBe('invalid');
    expect(checkTlogProof(text.replace('index 2', 'index 3'), verifier)).toMatchObject({
      result: 'invalid',
      reason: 'the entry states position 3, the proof is for index 3',
    });
    const other = verifierKeyOf(generateSigningKey(ORIGIN));
    expect(checkTlogProof(text, other)).toMatchObject({ result: 'invalid', reason: expect.stringContaining('bad signature') });
  });

  it('refuses malformed files with the line that is wrong', () => {
    const cases: [string, RegExp][] = [
      ['c2sp.org/tlog-proof@v2\nindex 0\n\nx\n', /first line/],
      [`${TLOG_PROOF_HEADER}\nindex 01\n\nx\n`, /index line/],
      [`${TLOG_PROOF_HEADER}\nextra !!\nindex 0\n\nx\n`, /extra must be base64/],
      [`${TLOG_PROOF_HEADER}\nindex 0\nAAAA\n\nx\n`, /proof hash 1/],
      [`${TLOG_PROOF_HEADER}\nindex 0\n`, /no empty line/],
      [`${TLOG_PROOF_HEADER}\nindex 0\n\nx\n`, /no extra line/],
    ];
    for (const [text, reason] of cases)
      expect(checkTlogProof(text, verifier)).toMatchObject({ result: 'malformed', reason: expect.stringMatching(reason) });
  });

  it('with a policy, is valid only when the checkpoint carries the quorum of valid cosignatures', async () => {
    const [w1, w2, w3] = ['w1.example', 'w2.example', 'w3.example'].map((n) => testCosigner(n));
    const policy = parseTlogPolicy(
      [`log ${verifier.text}`, ...[w1, w2, w3].map((w, i) => `witness W${i + 1} ${w.vkey}`), 'group two 2 W1 W2 W3', 'quorum two', ''].join(
        '\n',
      ),
    );
    const root = await rootAt(5, reader);
    const logSigned = signNote(checkpointBody({ origin: ORIGIN, size: 5, root }), key);
    const withLines = (...lines: string[]): string => `${logSigned}${lines.map((l) => `${l}\n`).join('')}`;

    const one = checkTlogProof(await proofOf(2, withLines(w1.cosign(logSigned))), verifier, policy);
    expect(one).toMatchObject({ result: 'invalid', reason: expect.stringContaining("cosigned by 1 of the policy's 3 witnesses (W1)") });
    const two = checkTlogProof(await proofOf(2, withLines(w1.cosign(logSigned), w3.cosign(logSigned))), verifier, policy);
    expect(two).toMatchObject({ result: 'valid', reason: expect.stringContaining("cosigned by 2 of the policy's 3 witnesses (W1, W3)") });

    // A cosignature over another body (a forked checkpoint) does not count; it makes the note malformed.
    const forged = w2.cosign(logSigned.replace(root.toString('base64'), Buffer.alloc(32, 1).toString('base64')));
    expect(checkTlogProof(await proofOf(2, withLines(w1.cosign(logSigned), forged)), verifier, policy)).toMatchObject({
      result: 'invalid',
      reason: expect.stringContaining('the cosignature by w2.example does not verify'),
    });
    // An unknown witness's line is ignored.
    const stranger = testCosigner('stranger.example');
    expect(checkTlogProof(await proofOf(2, withLines(w1.cosign(logSigned), stranger.cosign(logSigned))), verifier, policy).result).toBe(
      'invalid',
    );
  });

  it('says why, without throwing, when the entry of the extra line is hostile JSON', () => {
    for (const entry of [
      { position: { toString: 1 }, type: 'X' },
      { position: 1, type: { toString: 1 } },
    ]) {
      const extra = Buffer.from(JSON.stringify(entry));
      const note = signNote(checkpointBody({ origin: ORIGIN, size: 1, root: leafHashOfBytes(extra) }), key);
      const text = formatTlogProof({ extra: extra.toString('base64'), index: 0, auditPath: [], checkpoint: note });
      expect(() => checkTlogProof(text, verifier)).not.toThrow();
    }
  });
});

describe('ledger check-proof --policy: which log key is trusted', () => {
  const dir = mkdtempSync(join(tmpdir(), 'check-proof-policy-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string): string => (writeFileSync(join(dir, name), text), join(dir, name));
  const oneEntry = (signer = key): string => {
    const extra = Buffer.from(JSON.stringify({ position: 1, type: 'X' }));
    const note = signNote(checkpointBody({ origin: ORIGIN, size: 1, root: leafHashOfBytes(extra) }), signer);
    return file(
      `p-${Math.random()}.tlog-proof`,
      formatTlogProof({ extra: extra.toString('base64'), index: 0, auditPath: [], checkpoint: note }),
    );
  };

  it("takes the policy's log for the origin, and refuses a key given beside the policy that is not one of its logs", async () => {
    const policy = file('p1', `log ${verifier.text}\nquorum none\n`);
    expect(await checkProofFile(oneEntry(), { policy })).toMatchObject({ result: 'valid' });
    const rogue = generateSigningKey(ORIGIN);
    expect(await checkProofFile(oneEntry(rogue), { verifierKey: verifierKeyOf(rogue).text, policy })).toEqual({
      result: 'invalid',
      reason: `the key ${verifierKeyOf(rogue).text} is not the policy's log for ${ORIGIN}`,
    });
    expect(await checkProofFile(oneEntry(rogue), { policy })).toMatchObject({
      result: 'invalid',
      reason: expect.stringContaining('bad signature'),
    });
  });

  it('accepts a checkpoint signed by any of the logs the policy lists for the origin (a rotated key)', async () => {
    const next = generateSigningKey(ORIGIN);
    const policy = file('p2', `log ${verifier.text}\nlog ${verifierKeyOf(next).text}\nquorum none\n`);
    expect(await checkProofFile(oneEntry(next), { policy })).toMatchObject({ result: 'valid' });
    expect(await checkProofFile(oneEntry(), { policy })).toMatchObject({ result: 'valid' });
  });

  it('is unusable, not a crash, for a --url that is not a URL or a policy naming no log for the origin', async () => {
    expect(await checkProofFile(oneEntry(), { url: 'not a url' })).toMatchObject({
      result: 'malformed',
      reason: expect.stringContaining('--url'),
    });
    const other = file('p3', `log ${verifierKeyOf(generateSigningKey('other.example/log')).text}\nquorum none\n`);
    expect(await checkProofFile(oneEntry(), { policy: other })).toEqual({
      result: 'malformed',
      reason: `the policy lists no log for the origin "${ORIGIN}"`,
    });
  });

  it('reads a tlog-proof saved with CRLF line ends as its LF text', async () => {
    const path = oneEntry();
    const crlf = file('crlf.tlog-proof', readFileSync(path, 'utf8').replace(/\n/g, '\r\n'));
    expect(await checkProofFile(crlf, { verifierKey: verifier.text })).toMatchObject({ result: 'valid' });
  });
});
