import { expect } from '@jest/globals';
import { parseCosignerKey } from '../../../src/ledger/tree/cosignature';
import { checkpointBody, generateSigningKey, signNote, verifierKeyOf } from '../../../src/ledger/tree/signed-note';
import { checkQuorum, formatTlogPolicy, logKeysFor, parseTlogPolicy } from '../../../src/ledger/tree/tlog-policy';
import { testCosigner } from '../../support/test-cosigner';

const log = verifierKeyOf(generateSigningKey('example.org/ledger'));
const [x1, x2, x3, y1, y2] = ['x1', 'x2', 'x3', 'y1', 'y2'].map((n) => testCosigner(`${n}.example`));
const note = signNote(
  checkpointBody({ origin: 'example.org/ledger', size: 9, root: Buffer.alloc(32, 9) }),
  generateSigningKey('example.org/ledger'),
);
const cosigned = (...by: ReturnType<typeof testCosigner>[]): string => `${note}${by.map((w) => `${w.cosign(note)}\n`).join('')}`;

describe('C2SP tlog-policy (ledger check-proof --policy, GET /v1/ledger/policy)', () => {
  it("reads the spec's two-level example: 2 of the X witnesses and any of the Y witnesses", () => {
    const policy = parseTlogPolicy(`# the example of c2sp.org/tlog-policy
log ${log.text}

witness X1 ${x1.vkey}
witness X2 ${x2.vkey}
witness X3 ${x3.vkey} https://x3.example/witness
group X-witnesses 2 X1 X2 X3

  witness Y1 ${y1.vkey}
witness\tY2 ${y2.vkey}
group Y-witnesses any Y1 Y2

group X-and-Y all X-witnesses Y-witnesses
quorum X-and-Y
`);
    expect(policy.witnesses.map((w) => w.name)).toEqual(['X1', 'X2', 'X3', 'Y1', 'Y2']);
    expect(policy.witnesses[2].url).toBe('https://x3.example/witness');
    expect(logKeysFor(policy, 'example.org/ledger').map((k) => k.text)).toEqual([log.text]);
    expect(checkQuorum(policy, cosigned(x1, x2, y2))).toMatchObject({ satisfied: true, cosignedBy: ['X1', 'X2', 'Y2'] });
    expect(checkQuorum(policy, cosigned(x1, x2)).satisfied).toBe(false); // no Y
    expect(checkQuorum(policy, cosigned(x1, y1, y2)).satisfied).toBe(false); // one X
  });

  it('refuses what the spec forbids, naming the line', () => {
    const bad: [string, RegExp][] = [
      [`witness A ${x1.vkey}\ngroup G 2 A\nquorum G\n`, /line 2: the threshold 2/],
      [`group G any A\nquorum G\n`, /line 1: A is not defined/],
      [`witness A ${x1.vkey}\nwitness A ${x2.vkey}\nquorum A\n`, /line 2: the name A is taken/],
      [`witness A ${x1.vkey}\nwitness B ${x1.vkey}\nquorum A\n`, /line 2: duplicate witness key/],
      [`witness A ${x1.vkey}\ngroup G any A A\nquorum G\n`, /listed twice/],
      [`witness A ${x1.vkey}\n`, /no quorum line/],
      [`quorum none\nquorum none\n`, /exactly one quorum/],
      [`witness A ${log.text}\nquorum A\n`, /not an Ed25519 cosigner key/],
      [`frobnicate\nquorum none\n`, /unknown keyword/],
      [`quorum none\r\n`, /control characters/],
      [`witness A ${x1.vkey}\ngroup G any A\u00a0\nquorum G\n`, /A\u00a0 is not defined/],
      ['\ufeffquorum none\n', /unknown keyword/],
    ];
    for (const [text, message] of bad) expect(() => parseTlogPolicy(text)).toThrow(message);
  });

  it('writes the policy of LEDGER_WITNESSES and LEDGER_WITNESS_POLICY so that it reads back the same', () => {
    const witnesses = [x1, x2, x3].map((w, i) => ({
      name: `w${i + 1}`,
      key: parseCosignerKey(w.vkey),
      url: `http://127.0.0.1:${9000 + i}`,
    }));
    const text = formatTlogPolicy(log, witnesses, 2);
    expect(text).toBe(
      `log ${log.text}\n${witnesses.map((w) => `witness ${w.name} ${w.key.text} ${w.url}`).join('\n')}\ngroup witnesses 2 w1 w2 w3\nquorum witnesses\n`,
    );
    const policy = parseTlogPolicy(text);
    expect(checkQuorum(policy, cosigned(x3, x1))).toMatchObject({ satisfied: true, cosignedBy: ['w1', 'w3'] });
    expect(checkQuorum(policy, cosigned(x2))).toMatchObject({
      satisfied: false,
      reason: expect.stringContaining('asks for 2 of w1, w2, w3'),
    });
    expect(formatTlogPolicy(log, [], 0)).toBe(`log ${log.text}\nquorum none\n`);
    expect(checkQuorum(parseTlogPolicy(formatTlogPolicy(log, [], 0)), note).satisfied).toBe(true);
  });

  it('takes a witness key as a vkey or as a bare base64 key with the witness name, and checks the key id', () => {
    expect(parseCosignerKey(x1.publicKey.toString('base64'), 'x1.example').text).toBe(x1.vkey);
    expect(() => parseCosignerKey(x1.vkey, 'other')).toThrow('the witness is named other, its key x1.example');
    const name = x1.vkey.split('+')[0];
    expect(() => parseCosignerKey(`${name}+00000000+${x1.vkey.slice(name.length + 10)}`)).toThrow('does not match');
  });

  it('evaluates deeply nested groups once each (a hostile policy cannot make the check exponential)', () => {
    const lines = [`witness A ${x1.vkey}`, `witness B ${x2.vkey}`, 'group g0 any A B', 'group g1 any A g0'];
    for (let i = 2; i < 64; i++) lines.push(`group g${i} all g${i - 1} g${i - 2}`);
    lines.push('quorum g63');
    const t0 = process.hrtime.bigint();
    expect(checkQuorum(parseTlogPolicy(`${lines.join('\n')}\n`), cosigned(x1)).satisfied).toBe(true);
    expect(Number(process.hrtime.bigint() - t0) / 1e6).toBeLessThan(1000); // unmemoised, 64 levels would take years
  });
});
