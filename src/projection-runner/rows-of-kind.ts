/**
 * Read models that keep several kinds of row under one name tell them apart by `kind`. These narrow
 * what ProjectionStore returns by checking it, where a cast would only assert it.
 */
export function ofKind<R extends { readonly kind: string }, K extends R['kind']>(rows: readonly R[], kind: K): Extract<R, { kind: K }>[] {
  return rows.filter((r): r is Extract<R, { kind: K }> => r.kind === kind);
}

export function oneOfKind<R extends { readonly kind: string }, K extends R['kind']>(
  row: R | null,
  kind: K,
): Extract<R, { kind: K }> | null {
  return row !== null && row.kind === kind ? (row as Extract<R, { kind: K }>) : null;
}
