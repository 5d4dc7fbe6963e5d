/**
 * One-dimensional arrays in PostgreSQL's binary format (array_recv, src/backend/utils/adt/arrayfuncs.c; the element
 * forms are those of textrecv, int8recv, int4recv and bytearecv). node-postgres sends a Buffer parameter as binary, so
 * the server reads these as they are: no escaping in this process, no array_in parsing in the server. For a batch of
 * eight entries that measured 21-55 µs less per ledger_commit call than the same arrays as text literals (issue 18).
 *
 * Layout: int32 number of dimensions (0 for an empty array), int32 has-nulls flag, uint32 element type OID; per
 * dimension int32 length and int32 lower bound (1); per element int32 byte length (-1 for NULL) and its bytes.
 */

const TEXT_OID = 25;
const INT8_OID = 20;
const INT4_OID = 23;
const BYTEA_OID = 17;

/** Element bytes (null for SQL NULL) into an array of `oid`. */
function encode(
  oid: number,
  count: number,
  size: (i: number) => number | null,
  write: (out: Buffer, at: number, i: number) => void,
): Buffer {
  let length = count === 0 ? 12 : 20;
  let nulls = 0;
  const sizes = new Array<number | null>(count);
  for (let i = 0; i < count; i++) {
    const s = (sizes[i] = size(i));
    if (s === null) nulls = 1;
    length += 4 + (s ?? 0);
  }
  const out = Buffer.allocUnsafe(length);
  out.writeInt32BE(count === 0 ? 0 : 1, 0);
  out.writeInt32BE(nulls, 4);
  out.writeUInt32BE(oid, 8);
  let at = 12;
  if (count > 0) {
    out.writeInt32BE(count, 12);
    out.writeInt32BE(1, 16);
    at = 20;
  }
  for (let i = 0; i < count; i++) {
    const s = sizes[i];
    out.writeInt32BE(s ?? -1, at);
    at += 4;
    if (s === null) continue;
    write(out, at, i);
    at += s;
  }
  return out;
}

/** text[]: each string as UTF-8. */
export function textArray(values: readonly (string | null)[]): Buffer {
  return encode(
    TEXT_OID,
    values.length,
    (i) => (values[i] === null ? null : Buffer.byteLength(values[i])),
    (out, at, i) => void out.write(values[i]!, at, 'utf8'),
  );
}

/** bigint[]: safe integers, as 64-bit big-endian two's complement. */
export function int8Array(values: readonly number[]): Buffer {
  for (const v of values) if (!Number.isSafeInteger(v)) throw new RangeError(`not a safe integer: ${v}`);
  return encode(
    INT8_OID,
    values.length,
    () => 8,
    (out, at, i) => void out.writeBigInt64BE(BigInt(values[i]), at),
  );
}

/** integer[]: 32-bit integers. */
export function int4Array(values: readonly number[]): Buffer {
  for (const v of values) if (!Number.isInteger(v) || v < -(2 ** 31) || v >= 2 ** 31) throw new RangeError(`not a 32-bit integer: ${v}`);
  return encode(
    INT4_OID,
    values.length,
    () => 4,
    (out, at, i) => void out.writeInt32BE(values[i], at),
  );
}

/** bytea[]: the bytes as they are. */
export function byteaArray(values: readonly Buffer[]): Buffer {
  return encode(
    BYTEA_OID,
    values.length,
    (i) => values[i].length,
    (out, at, i) => void values[i].copy(out, at),
  );
}
