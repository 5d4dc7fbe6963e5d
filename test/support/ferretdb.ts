import { mongoServerUrl, mongoUnavailable, stopFerretDb, BUILD_TIMEOUT_MS, START_TIMEOUT_MS } from './ferretdb-server';

export { ferretDbLog, mongoServerUrl, stopFerretDb, testReadModelUrl } from './ferretdb-server';

/**
 * `describe` for suites that need a MongoDB server: FerretDB (or MONGODB_URL), started before the suite and
 * stopped after it. Skipped with the reason when there is none, unless REQUIRE_MONGODB=1 (set by .ci/run),
 * where that, or a failed build, fails the suite.
 */
export function describeMongo(name: string, body: () => void): void {
  const reason = mongoUnavailable();
  if (!reason)
    return describe(`${name} [mongodb]`, () => {
      // With Go installed, a failed build fails the suite (as the witness's does): it is a defect, not an absence.
      beforeAll(() => mongoServerUrl(), BUILD_TIMEOUT_MS + START_TIMEOUT_MS);
      afterAll(stopFerretDb);
      body();
    });
  if (process.env.REQUIRE_MONGODB === '1')
    return describe(`${name} [mongodb]`, () =>
      it('has Go to build FerretDB with, or a MONGODB_URL (REQUIRE_MONGODB=1)', () => {
        throw new Error(reason);
      }));
  console.warn(`SKIPPED ${name} [mongodb]: ${reason}`);
  describe.skip(`${name} [mongodb] (skipped: ${reason})`, body);
}
