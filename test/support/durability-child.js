// Appends in a loop and reports every acknowledged append on stdout, until killed.
// Plain JS on the built code (dist/), so the test kills a real node process running
// exactly what production runs. Usage: node durability-child.js <DATABASE_URL>
'use strict';
const { randomUUID } = require('node:crypto');
const { openStore } = require('../../dist/src/ledger/open-store');
const { parseDatabaseUrl } = require('../../dist/src/config/database-url');

async function main() {
  const store = await openStore(parseDatabaseUrl(process.argv[2]));
  let n = 0;
  const writer = async (w) => {
    for (;;) {
      const i = n++;
      const events = [1, 2].map((k) => ({
        eventId: randomUUID(),
        type: 'DurabilityProbe',
        schemaVersion: 1,
        data: { w, i, k },
        metadata: { actor: 'durability-child', role: 'admin', correlationId: `c-${i}`, causationId: `c-${i}` },
      }));
      const r = await store.append(`durability-${w}-${i % 7}`, events, { expectedVersion: 'any' });
      // stdout to a pipe is synchronous on Linux: once written, the parent has it.
      for (const e of r.entries) process.stdout.write(`ack ${e.position} ${e.eventId} ${e.leafHash}\n`);
    }
  };
  await Promise.all([0, 1, 2, 3].map(writer));
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e) + '\n');
  process.exit(1);
});
