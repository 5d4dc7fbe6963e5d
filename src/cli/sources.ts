import type { EventStore, LedgerEntry } from '../ledger/event-store.port';
import { openStore } from '../ledger/open-store';
import { parseDatabaseUrl } from '../config/database-url';
import { join, dirname } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { parseSigningKey, verifierKeyOf } from '../ledger/tree/signed-note';
import { SIGNING_KEY_FILE } from '../ledger/tree/signing-key';
import type { LedgerSource, VerifiedEntry } from './verify';
import { nodeHash } from '../ledger/hashing';

const PAGE = 1000;
const b64 = (s: string): Buffer => Buffer.from(s, 'base64');

/** The hashed envelope plus leafHash, and the private part with its salt (checked against privateDigest) when still kept. */
function envelopeOf(e: LedgerEntry & { privateErased?: true }): VerifiedEntry {
  // privateErased (an erased entry, over HTTP) is a view of the auditor's, not part of the envelope.
  const { privateErased: _e, ...entry } = e;
  return entry;
}

/** The ledger through its HTTP API: entries need an auditor key; key and checkpoint are public. */
export function httpSource(baseUrl: string, apiKey: string | undefined): LedgerSource {
  const url = (path: string) => new URL(path, baseUrl).toString();
  const get = async (path: string, auth = false): Promise<Response> => {
    const res = await fetch(url(path), { headers: auth && apiKey ? { Authorization: `Bearer ${apiKey}` } : {} });
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return res;
  };
  return {
    description: baseUrl,
    async *entries(afterPosition = 0) {
      if (!apiKey) throw new Error('reading entries over HTTP needs an auditor key: --api-key or LEDGER_API_KEY');
      let cursor = afterPosition > 0 ? String(afterPosition) : '';
      for (;;) {
        const page = (await (
          await get(`/v1/ledger/events?limit=${PAGE}${cursor ? `&after=${encodeURIComponent(cursor)}` : ''}`, true)
        ).json()) as { items: LedgerEntry[]; nextCursor: string };
        for (const e of page.items) yield envelopeOf(e);
        if (page.items.length < PAGE) return;
        cursor = page.nextCursor;
      }
    },
    latestCheckpoint: async () => (await get('/v1/ledger/checkpoint')).text(),
    async *checkpoints() {
      for (let after = '0'; ;) {
        const page = (await (await get(`/v1/ledger/checkpoints?after=${after}&limit=${PAGE}`)).json()) as {
          items: string[];
          nextCursor: string;
        };
        yield* page.items;
        if (page.items.length < PAGE) return;
        after = page.nextCursor;
      }
    },
    // The API serves no raw nodes, but proofs are made of them: node (level, index) is the leaf
    // hash of its first leaf folded with that leaf's first `level` siblings, in the tree it ends.
    treeNode: async (level, index) => {
      const width = 2 ** level;
      const res = (await (
        await get(`/v1/ledger/proofs/inclusion?position=${index * width + 1}&treeSize=${(index + 1) * width}`)
      ).json()) as { leafHash: string; auditPath: string[] };
      if (res.auditPath.length < level) throw new Error(`the served proof has no node ${level}:${index}`);
      return res.auditPath.slice(0, level).reduce((left, right) => nodeHash(left, b64(right)), b64(res.leafHash));
    },
    verifierKey: async () => (await (await get('/v1/ledger/key')).text()).trim(),
    close: () => Promise.resolve(),
  };
}

/** The ledger straight from its database (SQLite file or PostgreSQL), as an operator would check it. */
export async function databaseSource(databaseUrl: string): Promise<LedgerSource> {
  const location = parseDatabaseUrl(databaseUrl);
  const store: EventStore = await openStore(location);
  return {
    description: location.kind === 'sqlite' ? location.file : 'PostgreSQL',
    async *entries(afterPosition = 0) {
      let after = afterPosition;
      for (;;) {
        const page = await store.readAll(after, PAGE);
        for (const e of page) yield envelopeOf(e);
        if (page.length < PAGE) return;
        after = page[page.length - 1].position;
      }
    },
    latestCheckpoint: async () => (await store.latestCheckpoint())?.note ?? null,
    async *checkpoints() {
      for (let after = 0; ;) {
        const page = await store.checkpoints(after, PAGE);
        yield* page.map((c) => c.note);
        if (page.length < PAGE) return;
        after = page[page.length - 1].size;
      }
    },
    treeNode: async (level, index) => {
      const node = (await store.readTreeNodes([{ level, index }])).get(`${level}:${index}`);
      if (!node) throw new Error(`Merkle node ${level}:${index} is missing from the store`);
      return node;
    },
    // The database holds no key; a SQLite ledger may keep its generated signing key beside it.
    verifierKey: () => {
      const file = location.kind === 'sqlite' ? join(dirname(location.file), SIGNING_KEY_FILE) : null;
      return Promise.resolve(file && existsSync(file) ? verifierKeyOf(parseSigningKey(readFileSync(file, 'utf8'))).text : null);
    },
    close: () => store.close(),
  };
}
