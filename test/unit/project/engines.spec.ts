import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';

const ROOT = join(__dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { engines?: { node?: string } | string[]; version?: string; optional?: boolean }>;
};

/**
 * Issue 12: `npm ci` installs without EBADENGINE warnings on every Node the project says it runs on
 * (package.json engines). npm warns when a package's engines.node does not admit the running Node, so
 * every locked package must admit the lowest Node the project admits, and the one this machine runs.
 */
describe('Node versions', () => {
  const lowest = semver.minVersion(pkg.engines.node)!.version;

  it('the project admits Node 20.19 and later, and the Node running the tests', () => {
    expect(lowest).toBe('20.19.0');
    expect(semver.satisfies(process.version, pkg.engines.node)).toBe(true);
  });

  it('every locked package admits them (no EBADENGINE on npm ci)', () => {
    const refusing: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      const range = entry.engines && !Array.isArray(entry.engines) ? entry.engines.node : undefined;
      if (!path || range === undefined) continue;
      for (const node of [lowest, process.version]) {
        if (!semver.satisfies(node, range)) refusing.push(`${path}@${entry.version} wants node ${range}, not ${node}`);
      }
    }
    expect(refusing).toEqual([]);
  });
});
