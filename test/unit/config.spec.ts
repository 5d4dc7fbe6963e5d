import { expect } from '@jest/globals';
import { ConfigError, loadConfig } from '../../src/config/config';
import { generateSigningKey } from '../../src/ledger/tree/signed-note';
import { loadSigningKey } from '../../src/ledger/tree/signing-key';
import { testCosigner } from '../support/test-cosigner';

const KEY = 'k-0123456789abcdef';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe('configuration', () => {
  it('defaults to port 3000 and the embedded store in ./data/ledger.db', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.database).toEqual({ kind: 'sqlite', file: expect.stringMatching(/\/data\/ledger\.db$/) });
    expect(c.apiKeys).toEqual([]);
    expect(c.origin).toBe('localhost/social-assistance-ledger');
    expect(c).toMatchObject({ ocidPrefix: 'ocds-ledger', ocdsPublisher: 'localhost/social-assistance-ledger' });
  });

  it('listens on 127.0.0.1 unless HOST says otherwise, and refuses a HOST that is no address or host name', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '::' }).host).toBe('::');
    expect(loadConfig({ HOST: 'ledger.internal' }).host).toBe('ledger.internal');
    expect(problemsOf({ HOST: '0.0.0.0:3000' })).toEqual([
      'HOST must be an IP address (e.g. 127.0.0.1, 0.0.0.0, ::) or a host name, got "0.0.0.0:3000"',
    ]);
    expect(problemsOf({ HOST: 'http://x' })).toHaveLength(1);
  });

  it('takes a name and an organization for a key, one line each', () => {
    const keys = JSON.stringify([
      { key: KEY, role: 'purchaser', regions: ['220000'], name: ' 长春市民政局 采购科 张三 ', organization: '长春市民政局' },
    ]);
    expect(loadConfig({ LEDGER_API_KEYS: keys }).apiKeys[0]).toMatchObject({
      name: '长春市民政局 采购科 张三',
      organization: '长春市民政局',
    });
    expect(problemsOf({ LEDGER_API_KEYS: JSON.stringify([{ key: KEY, role: 'auditor', name: '' }]) })).toEqual([
      'LEDGER_API_KEYS[0].name must be one line of 1 to 200 characters',
    ]);
    expect(problemsOf({ LEDGER_API_KEYS: JSON.stringify([{ key: KEY, role: 'auditor', organization: 'a\nb' }]) })).toEqual([
      'LEDGER_API_KEYS[0].organization must be one line of 1 to 200 characters',
    ]);
  });

  it('takes a public base URL for links behind a proxy, without a trailing slash', () => {
    expect(loadConfig({ LEDGER_PUBLIC_URL: 'https://ledger.example.gov.cn/api/' }).publicUrl).toBe('https://ledger.example.gov.cn/api');
    expect(loadConfig({}).publicUrl).toBeUndefined();
    expect(problemsOf({ LEDGER_PUBLIC_URL: 'ftp://x?y' })).toEqual([
      'LEDGER_PUBLIC_URL must be an http(s) URL without query or fragment, e.g. https://ledger.example.gov.cn',
    ]);
  });

  it('takes the OCDS ocid prefix and publisher, and refuses a prefix that could not start an ocid', () => {
    expect(loadConfig({ LEDGER_OCID_PREFIX: 'ocds-213czf', LEDGER_OCDS_PUBLISHER: '吉林省民政厅' })).toMatchObject({
      ocidPrefix: 'ocds-213czf',
      ocdsPublisher: '吉林省民政厅',
    });
    expect(problemsOf({ LEDGER_OCID_PREFIX: 'ocds#1' })).toEqual([
      'LEDGER_OCID_PREFIX must be letters, digits and hyphens (e.g. ocds-213czf)',
    ]);
    expect(problemsOf({ LEDGER_OCID_PREFIX: '', LEDGER_OCDS_PUBLISHER: ' ' })).toEqual([
      'LEDGER_OCID_PREFIX must be letters, digits and hyphens (e.g. ocds-213czf)',
      'LEDGER_OCDS_PUBLISHER must not be empty',
    ]);
  });

  it('reads sqlite:///abs/path and postgres:// URLs', () => {
    expect(loadConfig({ DATABASE_URL: 'sqlite:///var/lib/l.db' }).database).toEqual({ kind: 'sqlite', file: '/var/lib/l.db' });
    expect(loadConfig({ DATABASE_URL: 'sqlite:///var/lib/l.db' }).dataDir).toBe('/var/lib');
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@h:5432/d' }).database).toEqual({ kind: 'postgres', url: 'postgres://u:p@h:5432/d' });
  });

  it('reads READ_MODEL_URL: unset keeps the read models in the ledger database, mongodb:// names the database', () => {
    expect(loadConfig({}).readModels).toBeUndefined();
    expect(loadConfig({ READ_MODEL_URL: '' }).readModels).toBeUndefined();
    expect(loadConfig({ READ_MODEL_URL: 'mongodb://u:p@h1:27017,h2:27018/ledger_rm?replicaSet=rs0' }).readModels).toEqual({
      kind: 'mongodb',
      url: 'mongodb://u:p@h1:27017,h2:27018/ledger_rm?replicaSet=rs0',
      database: 'ledger_rm',
    });
    expect(loadConfig({ READ_MODEL_URL: 'mongodb+srv://cluster.example/rm' }).readModels?.database).toBe('rm');
    const naming =
      'READ_MODEL_URL must name its database in the path (1 to 63 bytes, none of / \\ . space " $ * < > : | ?), e.g. mongodb://127.0.0.1:27017/ledger_read_models';
    expect(problemsOf({ READ_MODEL_URL: 'postgres://h/d' })).toEqual([
      'READ_MODEL_URL must start with mongodb:// or mongodb+srv://, got postgres:',
    ]);
    expect(problemsOf({ READ_MODEL_URL: 'mongodb://h:27017' })).toEqual([
      'READ_MODEL_URL must be a MongoDB URL naming its database, e.g. mongodb://127.0.0.1:27017/ledger_read_models',
    ]);
    expect(problemsOf({ READ_MODEL_URL: 'mongodb://h:27017/' })).toEqual([naming]);
    expect(problemsOf({ READ_MODEL_URL: 'mongodb://h/a.b' })).toEqual([naming]);
    expect(problemsOf({ READ_MODEL_URL: 'mongodb://h/a%2Fb' })).toEqual([naming]);
    expect(problemsOf({ READ_MODEL_URL: `mongodb://h/${'x'.repeat(64)}` })).toEqual([naming]);
    // Reported with the other settings' problems, not alone.
    expect(problemsOf({ READ_MODEL_URL: 'mongodb://h/', PORT: 'x' })).toHaveLength(2);
  });

  it('keeps only hashes of API keys, with a non-secret id', () => {
    const c = loadConfig({
      LEDGER_API_KEYS: JSON.stringify([
        { key: KEY, role: 'purchaser', regions: ['220000'] },
        { key: `${KEY}x`, role: 'auditor' },
      ]),
    });
    expect(c.apiKeys.map((k) => [k.role, k.regions])).toEqual([
      ['purchaser', ['220000']],
      ['auditor', []],
    ]);
    expect(c.apiKeys[0].id).toMatch(/^key:[0-9a-f]{12}$/);
    expect(JSON.stringify(c)).not.toContain(KEY);
  });

  it('reports every bad value at once, with what was expected', () => {
    const problems = problemsOf({
      PORT: 'abc',
      DATABASE_URL: 'mysql://x',
      LOG_LEVEL: 'loud',
      LEDGER_ORIGIN: 'a\nb',
      LEDGER_SIGNING_KEY: 'not-a-key',
      LEDGER_API_KEYS: JSON.stringify([
        { key: 'short', role: 'admin' },
        { key: KEY, role: 'purchaser' },
        { key: `${KEY}y`, role: 'root' },
        { key: `${KEY}z`, role: 'auditor', regions: ['220000'] },
      ]),
    });
    expect(problems).toEqual([
      'PORT must be an integer from 1 to 65535, got "abc"',
      'DATABASE_URL must start with sqlite:// or postgres://, got mysql:',
      'LEDGER_API_KEYS[0].key must be a string of at least 16 characters without spaces',
      'LEDGER_API_KEYS[1].regions must list the purchaser\'s 6-digit region codes, e.g. ["220000"]',
      'LEDGER_API_KEYS[2].role must be one of admin, purchaser, auditor, credit-platform',
      'LEDGER_API_KEYS[3].regions applies to purchasers only',
      'LEDGER_ORIGIN must be one non-empty line without surrounding spaces (it is the checkpoint origin line)',
      'LEDGER_SIGNING_KEY must be a signed-note Ed25519 key: PRIVATE+KEY+<name>+<8 hex key id>+<base64>',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"',
    ]);
  });

  it('refuses relative sqlite paths, ports out of range, non-JSON keys and repeated keys', () => {
    expect(problemsOf({ DATABASE_URL: 'sqlite://data/l.db' })[0]).toMatch(/absolute path/);
    expect(problemsOf({ PORT: '70000' })[0]).toMatch(/PORT/);
    expect(problemsOf({ PORT: '0' })[0]).toMatch(/PORT/);
    expect(problemsOf({ LEDGER_API_KEYS: '{nope' })[0]).toMatch(/not valid JSON/);
    expect(
      problemsOf({
        LEDGER_API_KEYS: JSON.stringify([
          { key: KEY, role: 'admin' },
          { key: KEY, role: 'auditor' },
        ]),
      })[0],
    ).toMatch(/repeats a key/);
  });

  it('bounds HTTP connections: header and request timeouts, total and per-client limits, with checked values', () => {
    expect(loadConfig({}).http).toEqual({
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      maxConnections: 1000,
      maxConnectionsPerClient: 100,
      freshnessWaitMs: 2000,
    });
    expect(
      loadConfig({ HTTP_HEADERS_TIMEOUT_MS: '500', HTTP_REQUEST_TIMEOUT_MS: '900', MAX_CONNECTIONS: '20', MAX_CONNECTIONS_PER_CLIENT: '4' })
        .http,
    ).toEqual({ headersTimeoutMs: 500, requestTimeoutMs: 900, maxConnections: 20, maxConnectionsPerClient: 4, freshnessWaitMs: 2000 });
    expect(loadConfig({ FRESHNESS_WAIT_MS: '0' }).http.freshnessWaitMs).toBe(0);
    expect(problemsOf({ FRESHNESS_WAIT_MS: '60001' })).toEqual(['FRESHNESS_WAIT_MS must be an integer from 0 to 60000, got "60001"']);
    // A small total brings the per-client default down with it.
    expect(loadConfig({ MAX_CONNECTIONS: '10' }).http.maxConnectionsPerClient).toBe(10);
    expect(problemsOf({ HTTP_HEADERS_TIMEOUT_MS: '10s', MAX_CONNECTIONS: '0' })).toEqual([
      'HTTP_HEADERS_TIMEOUT_MS must be an integer from 100 to 600000, got "10s"',
      'MAX_CONNECTIONS must be an integer from 1 to 1000000, got "0"',
    ]);
    expect(problemsOf({ HTTP_HEADERS_TIMEOUT_MS: '20000', HTTP_REQUEST_TIMEOUT_MS: '5000' })).toEqual([
      'HTTP_HEADERS_TIMEOUT_MS (20000) must not exceed HTTP_REQUEST_TIMEOUT_MS (5000)',
    ]);
    expect(problemsOf({ MAX_CONNECTIONS: '10', MAX_CONNECTIONS_PER_CLIENT: '11' })).toEqual([
      'MAX_CONNECTIONS_PER_CLIENT (11) must not exceed MAX_CONNECTIONS (10)',
    ]);
  });

  it('reads the witnesses (name, key, URL) and the quorum k of n, refusing what cannot work', () => {
    const [a, b] = [testCosigner('a.example'), testCosigner('b.example')];
    const witnesses = JSON.stringify([
      { name: 'a.example', key: a.vkey, url: 'http://127.0.0.1:7001/' },
      { name: 'b.example', key: b.publicKey.toString('base64'), url: 'https://b.example/witness' },
    ]);
    const c = loadConfig({ LEDGER_WITNESSES: witnesses, LEDGER_WITNESS_POLICY: '1 of 2' });
    expect(c.witnessing.witnesses.map((w) => [w.name, w.key.text, w.url])).toEqual([
      ['a.example', a.vkey, 'http://127.0.0.1:7001'],
      ['b.example', b.vkey, 'https://b.example/witness'],
    ]);
    expect(c.witnessing.quorum).toBe(1);
    expect(loadConfig({ LEDGER_WITNESSES: witnesses }).witnessing.quorum).toBe(2); // all, unless told
    expect(loadConfig({ LEDGER_WITNESSES: witnesses, LEDGER_WITNESS_POLICY: 'any' }).witnessing.quorum).toBe(1);
    expect(loadConfig({}).witnessing).toMatchObject({ witnesses: [], quorum: 0 });
    expect(problemsOf({ LEDGER_WITNESSES: witnesses, LEDGER_WITNESS_POLICY: '3' })).toEqual([
      'LEDGER_WITNESS_POLICY asks for 3 cosignatures of 2 witnesses',
    ]);
    expect(problemsOf({ LEDGER_WITNESSES: witnesses, LEDGER_WITNESS_POLICY: '2 of 3' })).toEqual([
      'LEDGER_WITNESS_POLICY says of 3, but LEDGER_WITNESSES lists 2',
    ]);
    expect(problemsOf({ LEDGER_WITNESSES: witnesses, LEDGER_WITNESS_POLICY: 'most' })[0]).toMatch(/must be k, "k of n", any or all/);
    expect(problemsOf({ LEDGER_WITNESSES: '{"name":"a"}' })).toEqual(['LEDGER_WITNESSES must be a JSON array of { "name", "key", "url" }']);
    expect(problemsOf({ LEDGER_WITNESSES: JSON.stringify([{ name: 'x.example', key: a.vkey, url: 'ftp://x' }]) })).toEqual([
      'LEDGER_WITNESSES[0].url must be the http(s) submission prefix of the witness',
      'LEDGER_WITNESSES[0].key: the witness is named x.example, its key a.example',
    ]);
  });

  it('refuses witness names the published policy uses, and a signing key not named after the origin when there are witnesses', () => {
    const w = testCosigner('witnesses');
    expect(problemsOf({ LEDGER_WITNESSES: JSON.stringify([{ name: 'witnesses', key: w.vkey, url: 'http://w.example' }]) })).toEqual([
      'LEDGER_WITNESSES[0].name must not be "none" or "witnesses" (words of the tlog-policy)',
    ]);
    const a = testCosigner('a.example');
    const witnesses = JSON.stringify([{ name: 'a.example', key: a.vkey, url: 'http://127.0.0.1:7001' }]);
    const other = generateSigningKey('other.example/log').text;
    expect(() =>
      loadSigningKey(loadConfig({ LEDGER_WITNESSES: witnesses, LEDGER_SIGNING_KEY: other, LEDGER_ORIGIN: 'ledger.example/x' })),
    ).toThrow(
      "with LEDGER_WITNESSES, the signing key's name must be the checkpoint origin: the key is named other.example/log, LEDGER_ORIGIN is ledger.example/x",
    );
    expect(
      loadSigningKey(loadConfig({ LEDGER_WITNESSES: witnesses, LEDGER_SIGNING_KEY: other, LEDGER_ORIGIN: 'other.example/log' })).name,
    ).toBe('other.example/log');
    expect(loadSigningKey(loadConfig({ LEDGER_SIGNING_KEY: other, LEDGER_ORIGIN: 'ledger.example/x' })).name).toBe('other.example/log');
  });
});
