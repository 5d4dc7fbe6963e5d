import { expect } from '@jest/globals';
import { Client } from 'pg';
import { byteaArray, int4Array, int8Array, textArray } from '../../src/ledger/postgres/binary-array';
import { createTestDatabase, describePostgres } from '../support/postgres-server';

describePostgres('PostgreSQL binary arrays (ledger_commit parameters, issue 18)', () => {
  let client: Client;
  beforeAll(async () => {
    client = new Client({ connectionString: await createTestDatabase('binarray') });
    await client.connect();
  });
  afterAll(() => client.end());

  /** What the server made of the parameter, as JSON (arrays of text, numbers as text, bytea as hex). */
  const asServer = async (type: string, value: Buffer): Promise<unknown> =>
    (await client.query<{ v: unknown }>(`SELECT to_jsonb($1::${type}) AS v`, [value])).rows[0].v;

  it('sends text as UTF-8, with NULLs, quotes, backslashes, braces, commas, empty strings and characters outside the BMP', async () => {
    const values = [
      '',
      'plain',
      '"quoted"',
      'back\\slash',
      '{braces},commas',
      'NULL',
      '长春市南关区民政局',
      '𝄞 and 😀',
      null,
      '{"a":[1,"b"]}',
    ];
    expect(await asServer('text[]', textArray(values))).toEqual(values);
    expect(await asServer('text[]', textArray([]))).toEqual([]);
    // The same bytes the text protocol stores.
    const [row] = (await client.query<{ same: boolean }>('SELECT $1::text[] = $2::text[] AS same', [textArray(values), values])).rows;
    expect(row.same).toBe(true);
  });

  it('sends 64-bit and 32-bit integers across their range, and refuses what does not fit', async () => {
    const big = [0, 1, -1, 2 ** 31, -(2 ** 31) - 1, 2 ** 32 + 5, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER];
    expect(await asServer('bigint[]', int8Array(big))).toEqual(big);
    const small = [0, 1, -1, 2 ** 31 - 1, -(2 ** 31)];
    expect(await asServer('integer[]', int4Array(small))).toEqual(small);
    expect(await asServer('bigint[]', int8Array([]))).toEqual([]);
    expect(() => int8Array([2 ** 53])).toThrow(RangeError);
    expect(() => int8Array([1.5])).toThrow(RangeError);
    expect(() => int4Array([2 ** 31])).toThrow(RangeError);
    expect(() => int4Array([0.5])).toThrow(RangeError);
  });

  it('sends bytea as it is, and the server refuses an array of another element type', async () => {
    const values = [Buffer.alloc(32, 7), Buffer.from([0, 255, 92, 34]), Buffer.alloc(0)];
    expect(await asServer('bytea[]', byteaArray(values))).toEqual(values.map((b) => `\\x${b.toString('hex')}`));
    await expect(asServer('bigint[]', textArray(['1']))).rejects.toThrow(/element type/);
  });
});
