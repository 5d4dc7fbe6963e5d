import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { EntryEnvelope, JsonObject } from '../ledger/event-store.port';
import { leafHashOf, privateDigestOf } from '../ledger/hashing';
import { Checkpoint, NoteError, openCheckpoint, parseVerifierKey, VerifierKey } from '../ledger/tree/signed-note';
import { firstDivergence, SignedRoot } from '../ledger/tree/bisect';
import { RecomputedTree } from './recomputed-tree';

/** An entry as the verifier reads it: the hashed envelope, its leafHash, and its private part and salt while kept (not once erased). */
export type VerifiedEntry = EntryEnvelope & { leafHash: string; private?: JsonObject; privateSalt?: string };

/** Where the verifier reads a ledger from: the HTTP API (with an auditor key) or the database. */
export interface LedgerSource {
  readonly description: string;
  /** Entries after `afterPosition` (default 0) in position order. */
  entries(afterPosition?: number): AsyncIterable<VerifiedEntry>;
  latestCheckpoint(): Promise<string | null>;
  /** Every checkpoint the source keeps, oldest first (signed notes). */
  checkpoints(): AsyncIterable<string>;
  /** A stored tree node (the hash of leaves [index·2^level, (index+1)·2^level)): evidence to check, never trusted. */
  treeNode(level: number, index: number): Promise<Buffer>;
  /** The verifier key the source announces (pinned on first use, compared after). */
  verifierKey(): Promise<string | null>;
  close(): Promise<void>;
}

/** What the verifier remembers between runs: the key it pinned and the last checkpoint it accepted. */
export interface VerifierState {
  readonly verifierKey: string;
  readonly checkpoint?: { readonly size: number; readonly root: string; readonly note: string };
}

export interface VerifyResult {
  readonly ok: boolean;
  readonly entries: number;
  readonly message: string;
  readonly firstBadPosition?: number;
  /** Entries after the last signed checkpoint: nothing but the store vouches for them yet. */
  readonly unsigned?: { readonly count: number; readonly from: number; readonly to: number };
}

function fail(entries: number, message: string, firstBadPosition?: number): VerifyResult {
  return { ok: false, entries, message, ...(firstBadPosition !== undefined ? { firstBadPosition } : {}) };
}

export function describeUnsigned(u: NonNullable<VerifyResult['unsigned']>): string {
  const where = u.from === u.to ? `position ${u.from}` : `positions ${u.from}–${u.to}`;
  return `unsigned: ${u.count} ${u.count === 1 ? 'entry' : 'entries'} after the last checkpoint (${where})`;
}

/** The recomputed leaf hashes of up to `limit` entries after `after`, read again from the source. */
async function rereadLeaves(source: LedgerSource, after: number, limit: number): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const { leafHash: _stored, private: _p, privateSalt: _s, ...envelope } of source.entries(after)) {
    out.push(leafHashOf(envelope));
    if (out.length >= limit) break;
  }
  return out;
}

/**
 * A signed root disagrees with the entries although each still hashes to its stored leaf hash:
 * find where, from every checkpoint signed by the pinned key and the store's tree nodes (checked against them).
 */
async function locate(
  source: LedgerSource,
  key: VerifierKey,
  tree: RecomputedTree,
  known: readonly SignedRoot[],
): Promise<{ text: string; position?: number }> {
  const checkpoints = [...known];
  for await (const note of source.checkpoints()) {
    try {
      const c = openCheckpoint(note, key);
      if (c.size <= tree.size) checkpoints.push(c);
    } catch {
      // Not signed by the pinned key: no evidence of anything.
    }
  }
  const found = await firstDivergence({
    recomputed: tree,
    checkpoints,
    stored: { node: (level, index) => source.treeNode(level, index) },
  }).catch((error: Error) => error);
  if (found instanceof Error) return { text: `; the search for the first altered position failed: ${found.message}` };
  if (!found) return { text: '' };
  if ('position' in found)
    return { text: `; first position whose leaf differs from the signed tree: ${found.position}`, position: found.position };
  return {
    text: `; the first position whose leaf differs from the signed tree is between ${found.after + 1} and ${found.upTo} (the store's tree nodes do not tell more)`,
  };
}

/**
 * Recomputes every leaf hash from the entry's canonical JSON, the root from the leaves, checks it
 * against the latest signed checkpoint (pinned key), and checks that the ledger still extends the
 * checkpoint seen last time (no rollback, no rewrite). Trusts nothing but the pinned key.
 */
export async function verifyLedger(
  source: LedgerSource,
  statePath: string,
  givenKey?: string,
  options: { requireSigned?: boolean } = {},
): Promise<VerifyResult> {
  const remembered: VerifierState | null = existsSync(statePath) ? (JSON.parse(readFileSync(statePath, 'utf8')) as VerifierState) : null;
  const announced = await source.verifierKey();
  const keyText = givenKey ?? remembered?.verifierKey ?? announced;
  if (!keyText) return fail(0, 'no verifier key: pass --verifier-key, or verify once against the service to pin its key');
  let key: VerifierKey;
  try {
    key = parseVerifierKey(keyText);
  } catch (e) {
    return fail(0, `bad verifier key: ${(e as Error).message}`);
  }
  if (remembered && remembered.verifierKey !== key.text)
    return fail(0, `the verifier key changed: pinned ${remembered.verifierKey}, now ${key.text}`);
  if (announced && announced !== key.text) return fail(0, `the service announces key ${announced}, not the pinned ${key.text}`);

  const note = await source.latestCheckpoint();
  let checkpoint: Checkpoint | null = null;
  if (note) {
    try {
      checkpoint = openCheckpoint(note, key);
    } catch (e) {
      return fail(0, `the latest checkpoint does not verify: ${(e as NoteError).message}`);
    }
  }

  const tree = new RecomputedTree((after, limit) => rereadLeaves(source, after, limit));
  const rootsAt = new Map<number, Buffer>();
  const wanted = new Set([checkpoint?.size, remembered?.checkpoint?.size].filter((s): s is number => s !== undefined));
  let count = 0;
  for await (const entry of source.entries()) {
    count += 1;
    if (entry.position !== count) return fail(count - 1, `positions are not dense: expected ${count}, found ${entry.position}`, count);
    const { leafHash, private: privatePart, privateSalt, ...envelope } = entry;
    const recomputed = leafHashOf(envelope);
    if (recomputed.toString('base64') !== leafHash)
      return fail(count, `entry ${count} has been altered: its content no longer hashes to its leaf hash`, count);
    // A private part still kept must match the digest the entry commits to; an erased one (none) has nothing to check.
    if (privatePart !== undefined && privateDigestOf(Buffer.from(privateSalt ?? '', 'base64'), privatePart) !== envelope.privateDigest)
      return fail(count, `the private part of entry ${count} does not match its privateDigest`, count);
    tree.append(recomputed);
    if (wanted.has(count)) rootsAt.set(count, tree.root());
  }

  const seen = remembered?.checkpoint;
  if (seen && count < seen.size) {
    return fail(
      count,
      `rollback: the ledger has ${count} entries, but a checkpoint of ${seen.size} entries was verified before`,
      count + 1,
    );
  }
  const signed: SignedRoot[] = [];
  if (seen) signed.push({ size: seen.size, root: Buffer.from(seen.root, 'base64') });
  if (checkpoint && checkpoint.size <= count) signed.push(checkpoint);
  if (seen && !rootsAt.get(seen.size)!.equals(Buffer.from(seen.root, 'base64'))) {
    const where = await locate(source, key, tree, signed);
    return fail(
      count,
      `rewrite: the first ${seen.size} entries no longer have the root of the checkpoint verified before${where.text}`,
      where.position,
    );
  }
  if (checkpoint) {
    if (checkpoint.size > count)
      return fail(count, `the latest checkpoint covers ${checkpoint.size} entries, but only ${count} are there`, count + 1);
    if (!rootsAt.get(checkpoint.size)!.equals(checkpoint.root)) {
      const where = await locate(source, key, tree, signed);
      return fail(
        count,
        `the entries do not have the root signed in the checkpoint of size ${checkpoint.size}${where.text}`,
        where.position,
      );
    }
    if (seen && checkpoint.size < seen.size)
      return fail(count, `rollback: the latest checkpoint (${checkpoint.size}) is older than one verified before (${seen.size})`);
  }
  const keep =
    checkpoint && (!seen || checkpoint.size >= seen.size)
      ? { size: checkpoint.size, root: checkpoint.root.toString('base64'), note: note! }
      : seen;
  writeFileSync(statePath, `${JSON.stringify({ verifierKey: key.text, ...(keep ? { checkpoint: keep } : {}) }, null, 2)}\n`);
  const signedUpTo = checkpoint?.size ?? 0;
  const unsigned = count > signedUpTo ? { count: count - signedUpTo, from: signedUpTo + 1, to: count } : undefined;
  const message = `${count} entries verified; root ${tree.root().toString('base64')}${checkpoint ? `; checkpoint of ${checkpoint.size} entries signed by ${key.name}` : '; no checkpoint yet'}`;
  if (unsigned && options.requireSigned) {
    return {
      ok: false,
      entries: count,
      message: `${message}; ${unsigned.count} entries after the last checkpoint are unsigned (--require-signed)`,
      unsigned,
    };
  }
  return { ok: true, entries: count, message, ...(unsigned ? { unsigned } : {}) };
}
