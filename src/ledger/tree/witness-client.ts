/**
 * The log side of c2sp.org/tlog-witness `add-checkpoint`: the old size the witness is believed to
 * hold, the consistency proof from it, an empty line, the checkpoint. The answer is the witness's
 * cosignature lines (200), the size it really holds (409, text/x.tlog.size), or a refusal.
 */
export type WitnessAnswer =
  | { readonly kind: 'cosigned'; readonly lines: readonly string[] }
  | { readonly kind: 'conflict'; readonly size: number }
  | { readonly kind: 'refused'; readonly status: number; readonly detail: string };

export const addCheckpointBody = (oldSize: number, proof: readonly Buffer[], note: string): string =>
  `old ${oldSize}\n${proof.map((h) => `${h.toString('base64')}\n`).join('')}\n${note}`;

export async function addCheckpoint(
  submissionPrefix: string,
  oldSize: number,
  proof: readonly Buffer[],
  note: string,
  timeoutMs: number,
): Promise<WitnessAnswer> {
  if (proof.length > 63) throw new Error('a consistency proof has at most 63 hashes');
  const res = await fetch(`${submissionPrefix}/add-checkpoint`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    body: addCheckpointBody(oldSize, proof, note),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  if (res.status === 200) {
    const lines = text.split('\n').filter((l) => l !== '');
    return { kind: 'cosigned', lines };
  }
  if (res.status === 409) {
    const m = /^(0|[1-9]\d{0,15})\n$/.exec(text);
    if (m) return { kind: 'conflict', size: Number(m[1]) };
  }
  return { kind: 'refused', status: res.status, detail: text.slice(0, 300) };
}
