import { parseCosignerKey } from '../ledger/tree/cosignature';
import type { Witness } from '../ledger/tree/tlog-policy';

/** The witnesses each checkpoint is sent to (c2sp.org/tlog-witness), and how many must cosign. */
export interface WitnessConfig {
  readonly witnesses: readonly (Witness & { readonly url: string })[];
  /** k of the n witnesses (LEDGER_WITNESS_POLICY); 0 when there are none. */
  readonly quorum: number;
  /** How long one add-checkpoint may take, and readers wait for a new checkpoint's cosignatures (LEDGER_WITNESS_TIMEOUT_MS). */
  readonly timeoutMs: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * LEDGER_WITNESSES: a JSON array of `{ "name", "key", "url" }` — the witness's name, its cosigner key
 * (the C2SP vkey `name+keyid+base64(0x04‖key)`, or the bare base64 Ed25519 key) and its submission
 * prefix. LEDGER_WITNESS_POLICY: the quorum, `k`, `k of n`, `any` or `all` (default all).
 */
export function parseWitnessConfig(env: NodeJS.ProcessEnv, problems: string[]): WitnessConfig {
  const rawTimeout = env.LEDGER_WITNESS_TIMEOUT_MS?.trim();
  let timeoutMs = 5000;
  if (rawTimeout) {
    if (/^\d+$/.test(rawTimeout) && Number(rawTimeout) >= 100 && Number(rawTimeout) <= 60_000) timeoutMs = Number(rawTimeout);
    else problems.push(`LEDGER_WITNESS_TIMEOUT_MS must be an integer from 100 to 60000, got ${JSON.stringify(rawTimeout)}`);
  }
  const raw = env.LEDGER_WITNESSES?.trim();
  let list: unknown = [];
  if (raw) {
    try {
      list = JSON.parse(raw);
    } catch {
      problems.push('LEDGER_WITNESSES must be a JSON array of { "name", "key", "url" }');
    }
  }
  if (!Array.isArray(list)) {
    problems.push('LEDGER_WITNESSES must be a JSON array of { "name", "key", "url" }');
    list = [];
  }
  const witnesses: (Witness & { url: string })[] = [];
  (list as unknown[]).forEach((w, i) => {
    const where = `LEDGER_WITNESSES[${i}]`;
    if (!isRecord(w) || typeof w.name !== 'string' || typeof w.key !== 'string' || typeof w.url !== 'string') {
      problems.push(`${where} must be { "name": string, "key": string, "url": string }`);
      return;
    }
    if (!/^[^\s+]+$/.test(w.name)) problems.push(`${where}.name must be one word without "+"`);
    // The published policy (formatTlogPolicy) names its group "witnesses"; "none" is the policy's own word.
    if (w.name === 'none' || w.name === 'witnesses')
      problems.push(`${where}.name must not be "none" or "witnesses" (words of the tlog-policy)`);
    if (!/^https?:\/\/[^\s?#]+$/.test(w.url)) problems.push(`${where}.url must be the http(s) submission prefix of the witness`);
    try {
      const key = parseCosignerKey(w.key, w.name);
      if (witnesses.some((o) => o.name === w.name || o.key.publicKey.equals(key.publicKey)))
        problems.push(`${where} repeats a witness's name or key`);
      witnesses.push({ name: w.name, key, url: w.url.replace(/\/+$/, '') });
    } catch (error) {
      problems.push(`${where}.key: ${(error as Error).message}`);
    }
  });
  const n = witnesses.length;
  const policy = env.LEDGER_WITNESS_POLICY?.trim() || 'all';
  const m = /^(?:(all|any)|([1-9]\d*)(?:\s*(?:of|\/)\s*([1-9]\d*))?)$/.exec(policy);
  let quorum = n;
  if (!m) problems.push(`LEDGER_WITNESS_POLICY must be k, "k of n", any or all; got ${JSON.stringify(policy)}`);
  else if (m[1]) quorum = m[1] === 'any' ? Math.min(1, n) : n;
  else {
    quorum = Number(m[2]);
    if (m[3] !== undefined && Number(m[3]) !== n) problems.push(`LEDGER_WITNESS_POLICY says of ${m[3]}, but LEDGER_WITNESSES lists ${n}`);
    if (quorum > n) problems.push(`LEDGER_WITNESS_POLICY asks for ${quorum} cosignatures of ${n} witnesses`);
  }
  return { witnesses, quorum, timeoutMs };
}
