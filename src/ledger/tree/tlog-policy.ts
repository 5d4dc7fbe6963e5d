import { cosignatureBy, parseCosignerKey, type CosignerKey } from './cosignature';
import { NoteError, parseVerifierKey, splitNote, type VerifierKey } from './signed-note';

/**
 * C2SP tlog-policy: the logs a verifier accepts, the witnesses it knows, and the quorum of witnesses
 * whose cosignatures make a checkpoint trustworthy (`group <name> <k|any|all> <member>...`,
 * `quorum <name|none>`). `ledger check-proof --policy` enforces it; the service publishes its own
 * (GET /v1/ledger/policy), built from LEDGER_WITNESSES and LEDGER_WITNESS_POLICY.
 */
export interface Witness {
  readonly name: string;
  readonly key: CosignerKey;
  readonly url?: string;
}

interface Group {
  readonly name: string;
  readonly threshold: number;
  readonly members: readonly string[];
}

export interface TlogPolicy {
  readonly logs: readonly { key: VerifierKey; url?: string }[];
  readonly witnesses: readonly Witness[];
  readonly groups: readonly Group[];
  /** A witness or group name, or 'none'. */
  readonly quorum: string;
}

export interface PolicyOutcome {
  readonly satisfied: boolean;
  /** The policy's witnesses with a valid cosignature on the checkpoint. */
  readonly cosignedBy: readonly string[];
  readonly reason: string;
}

const fail = (line: number, message: string): never => {
  throw new NoteError(`policy line ${line}: ${message}`);
};

export function parseTlogPolicy(text: string): TlogPolicy {
  if (/[\x00-\x08\x0b-\x1f\x7f]/.test(text)) throw new NoteError('policy: only tab and newline may be control characters');
  const logs: { key: VerifierKey; url?: string }[] = [];
  const witnesses: Witness[] = [];
  const groups: Group[] = [];
  const defined = new Set<string>();
  let quorum: string | undefined;
  text.split('\n').forEach((raw, i) => {
    const n = i + 1;
    // Only ASCII space and tab separate items (tlog-policy "Structure"); names are opaque otherwise.
    const words = raw.replace(/^[ \t]+|[ \t]+$/g, '').split(/[ \t]+/);
    if (words[0] === '' || words[0].startsWith('#')) return;
    const [keyword, ...rest] = words;
    const keyOf = <T>(parse: () => T): T => {
      try {
        return parse();
      } catch (error) {
        return fail(n, (error as Error).message);
      }
    };
    switch (keyword) {
      case 'log': {
        if (rest.length < 1 || rest.length > 2) fail(n, 'log <vkey> [<url>]');
        const key = keyOf(() => parseVerifierKey(rest[0]));
        if (logs.some((l) => l.key.publicKey.equals(key.publicKey))) fail(n, 'duplicate log key');
        logs.push({ key, ...(rest[1] ? { url: rest[1] } : {}) });
        return;
      }
      case 'witness': {
        if (rest.length < 2 || rest.length > 3) fail(n, 'witness <name> <vkey> [<url>]');
        const [name, vkey, url] = rest;
        if (name === 'none' || defined.has(name)) fail(n, `the name ${name} is taken`);
        const key = keyOf(() => parseCosignerKey(vkey));
        if (witnesses.some((w) => w.key.publicKey.equals(key.publicKey))) fail(n, 'duplicate witness key');
        witnesses.push({ name, key, ...(url ? { url } : {}) });
        defined.add(name);
        return;
      }
      case 'group': {
        if (rest.length < 3) fail(n, 'group <name> <all|any|k> <member>...');
        const [name, k, ...members] = rest;
        if (name === 'none' || defined.has(name)) fail(n, `the name ${name} is taken`);
        if (new Set(members).size !== members.length) fail(n, 'a member is listed twice');
        for (const m of members) if (!defined.has(m)) fail(n, `${m} is not defined on an earlier line`);
        const threshold = k === 'all' ? members.length : k === 'any' ? 1 : /^[1-9]\d*$/.test(k) ? Number(k) : NaN;
        if (!(threshold >= 1 && threshold <= members.length)) fail(n, `the threshold ${k} is not all, any or 1..${members.length}`);
        groups.push({ name, threshold, members });
        defined.add(name);
        return;
      }
      case 'quorum':
        if (quorum !== undefined) fail(n, 'a policy has exactly one quorum line');
        if (rest.length !== 1 || (rest[0] !== 'none' && !defined.has(rest[0]))) fail(n, 'quorum <defined name|none>');
        quorum = rest[0];
        return;
      default:
        fail(n, `unknown keyword ${JSON.stringify(keyword)}`);
    }
  });
  if (quorum === undefined) throw new NoteError('policy: no quorum line');
  return { logs, witnesses, groups, quorum };
}

/** The policy's text form: one log, the witnesses, and a quorum of k of them. */
export function formatTlogPolicy(log: VerifierKey, witnesses: readonly Witness[], threshold: number): string {
  const lines = [`log ${log.text}`];
  for (const w of witnesses) lines.push(`witness ${w.name} ${w.key.text}${w.url ? ` ${w.url}` : ''}`);
  if (witnesses.length === 0) lines.push('quorum none');
  else {
    lines.push(`group witnesses ${threshold} ${witnesses.map((w) => w.name).join(' ')}`);
    lines.push('quorum witnesses');
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Whether a signed checkpoint meets the policy's quorum. The log's own signature is checked apart
 * (the verifier key the caller trusts); here only the cosignatures of the policy's witnesses count.
 */
export function checkQuorum(policy: TlogPolicy, note: string): PolicyOutcome {
  const { body, lines } = splitNote(note);
  const cosignedBy = policy.witnesses.filter((w) => cosignatureBy(w.key, body, lines) !== null).map((w) => w.name);
  const have = new Set(cosignedBy);
  const groups = new Map(policy.groups.map((g) => [g.name, g]));
  const memo = new Map<string, boolean>(); // groups share members: each name is evaluated once
  const witnessed = (name: string): boolean => {
    let known = memo.get(name);
    if (known === undefined) {
      const g = groups.get(name);
      known = g ? g.members.filter(witnessed).length >= g.threshold : have.has(name);
      memo.set(name, known);
    }
    return known;
  };
  const satisfied = policy.quorum === 'none' || witnessed(policy.quorum);
  const known = policy.witnesses.map((w) => w.name);
  const quorum = groups.get(policy.quorum);
  const needed = quorum ? `${quorum.threshold} of ${quorum.members.join(', ')}` : policy.quorum;
  const reason =
    policy.quorum === 'none'
      ? 'the policy asks for no cosignature'
      : `cosigned by ${cosignedBy.length} of the policy's ${known.length} witnesses (${cosignedBy.join(', ') || 'none'}); the quorum asks for ${needed}`;
  return { satisfied, cosignedBy, reason };
}

/** The logs of the policy that sign for `origin` (a log's key name is its origin). */
export function logKeysFor(policy: TlogPolicy, origin: string): VerifierKey[] {
  return policy.logs.filter((l) => l.key.name === origin).map((l) => l.key);
}
