import { expect } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CREDIT_POLICY_PACKS, POLICY_PACKS } from '../../../src/policy';
import { RULES } from '../../../src/policy/rule-registry';
import { renderRulesDoc, UNSOURCED } from '../../../src/policy/rules-doc';
import { RULE_CODES } from '../../../src/shared/domain/rule-violation';

const ROOT = join(__dirname, '..', '..', '..');
const DOC = join(ROOT, 'docs', 'rules.md');

/** 404 and 409 answers, not rules (API.md "Conventions"): docs/rules.md does not list them. */
const NOT_RULES = ['ALREADY_EXISTS', 'NOT_FOUND'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const matches = (text: string, pattern: RegExp): string[] => [...text.matchAll(pattern)].map((m) => m[1]);

/** Every code src/ raises: `new RuleViolation('X', …)`, the RuleCode list, and the FindingCode union with the findings' `code: 'X'`. */
function raisedCodes(): Map<string, string> {
  const where = new Map<string, string>();
  const note = (code: string, file: string) => where.has(code) || where.set(code, relative(ROOT, file));
  for (const file of sourceFiles(join(ROOT, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const code of matches(text, /new RuleViolation\(\s*'([A-Z][A-Z_]*)'/g)) note(code, file);
    for (const union of matches(text, /export type FindingCode\s*=([^;]*);/g))
      for (const code of matches(union, /'([A-Z][A-Z_]*)'/g)) note(code, file);
    if (file.includes(`${join('src', 'audit', 'domain')}`)) for (const code of matches(text, /\bcode: '([A-Z][A-Z_]*)'/g)) note(code, file);
  }
  for (const code of RULE_CODES) note(code, 'src/shared/domain/rule-violation.ts');
  return where;
}

describe('docs/rules.md (issue 15 item 2)', () => {
  it('is what `npm run rules` generates from the registry and the packs', () => {
    const committed = readFileSync(DOC, 'utf8');
    const generated = renderRulesDoc();
    if (committed !== generated) {
      const [a, b] = [committed.split('\n'), generated.split('\n')];
      const line = a.findIndex((l, i) => l !== b[i]);
      throw new Error(
        `docs/rules.md differs from the policy packs and the rule registry (first at line ${line + 1}: ${JSON.stringify(b[line] ?? '(end)')}): run \`npm run rules\` and commit docs/rules.md`,
      );
    }
  });

  it('the script prints the same document', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'rules-doc.js'), '--stdout'], { cwd: ROOT, encoding: 'utf8' });
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    expect(r.stdout).toBe(renderRulesDoc());
  });

  it('lists every rule and finding code raised anywhere in src/', () => {
    const raised = raisedCodes();
    expect(raised.size).toBeGreaterThanOrEqual(RULE_CODES.length + 5); // the scan found the refusals and the findings
    const documented = new Set(RULES.map((r) => r.code));
    const missing = [...raised]
      .filter(([code]) => !documented.has(code) && !NOT_RULES.includes(code))
      .map(([code, file]) => `${code} (${file})`);
    expect(missing).toEqual([]); // add one entry to RULES in src/policy/rule-registry.ts, then `npm run rules`
  });

  it('has one entry per code, each with a rule and a source; a refusal is a RuleCode', () => {
    const codes = RULES.map((r) => r.code);
    expect(codes.filter((c, i) => codes.indexOf(c) !== i)).toEqual([]);
    expect(RULES.filter((r) => r.rule.trim() === '' || r.source.trim() === '').map((r) => r.code)).toEqual([]);
    const known: readonly string[] = RULE_CODES;
    expect(RULES.filter((r) => r.kind === 'refusal' && !known.includes(r.code)).map((r) => r.code)).toEqual([]);
  });

  it('marks the parameters without a source, named in the packs themselves', () => {
    const fields = (pack: object) => new Set([...Object.keys(pack), 'effectiveTo']); // effectiveTo is absent when open
    const badNames = [...POLICY_PACKS, ...CREDIT_POLICY_PACKS].flatMap((p) =>
      p.unsourced.filter((u) => !fields(p).has(u.parameter.split('.')[0])).map((u) => `${p.id}: ${u.parameter}`),
    );
    expect(badNames).toEqual([]);
    const doc = renderRulesDoc();
    for (const [id, parameter] of [
      ['cn-default-2012', 'procurementThreshold'],
      ['cn-default-2012', 'budgetCap'],
      ['cn-default-2012', 'effectiveFrom'],
      ['nm-2023', 'effectiveTo'],
      ['jl-2020', 'procurementThreshold'],
    ]) {
      expect(POLICY_PACKS.find((p) => p.id === id)?.unsourced.map((u) => u.parameter)).toContain(parameter);
      expect(doc).toContain(`| \`${id}\` | \`${parameter}\` |`);
    }
    expect(doc).toContain(`**${UNSOURCED}**`);
  });

  it('derives which packs apply a pack-specific rule from the pack data', () => {
    const line = renderRulesDoc()
      .split('\n')
      .find((l) => l.startsWith('| `PROHIBITED_USE_OF_FUNDS`'));
    expect(line?.endsWith('| `nm-2023` |')).toBe(true);
  });
});
