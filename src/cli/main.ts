import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { exitCodeOf } from '../ledger/tree/check-proof';
import { checkProofFile } from './check-proof';
import { describeUnsigned, verifyLedger } from './verify';
import { databaseSource, httpSource } from './sources';
import { openStore } from '../ledger/open-store';
import { parseDatabaseUrl } from '../config/database-url';
import { projectionStoreFor } from '../projection-runner/projection-store.factory';
import { ProjectionRunner } from '../projection-runner/projection-runner';
import { PROJECTIONS } from '../../projections';
import { exportOcds } from './export-ocds';
import { ocdsSettings } from '../disclosure/ocds/ocds';
import { loadConfig } from '../config/config';
import { parseReadModelUrl } from '../config/read-model-url';

async function rebuild(which: string, databaseUrl: string | undefined, readModelUrl: string | undefined): Promise<number> {
  const names = which === 'all' ? PROJECTIONS.map((p) => p.name) : [which];
  const unknown = names.filter((n) => !PROJECTIONS.some((p) => p.name === n));
  if (unknown.length > 0) {
    process.stderr.write(`no projection named ${unknown.join(', ')}; there are: ${PROJECTIONS.map((p) => p.name).join(', ')}\n`);
    return 2;
  }
  const store = await openStore(parseDatabaseUrl(databaseUrl));
  const rows = projectionStoreFor(store, parseReadModelUrl(readModelUrl));
  try {
    const runner = new ProjectionRunner(store, rows, PROJECTIONS);
    const started = Date.now();
    await runner.rebuildAll(names);
    for (const status of (await runner.statuses()).filter((s) => names.includes(s.name))) {
      process.stdout.write(`${status.name}: rebuilt to position ${status.position}\n`);
    }
    process.stdout.write(`rebuilt ${names.length} in ${Date.now() - started} ms\n`);
    return 0;
  } finally {
    await rows.close();
    await store.close();
  }
}

const USAGE = `usage: npm run ledger -- <command>
  verify (--url http://host:port [--api-key KEY] | --database-url URL) [--state FILE] [--verifier-key KEY] [--require-signed]
      recompute every leaf hash and the root, check the latest signed checkpoint with the pinned key,
      and check the ledger still extends the checkpoint verified last time (remembered in --state, by
      default <data dir>/ledger-verify-state.json: LEDGER_DATA_DIR, else ./data). The API key may also
      come from LEDGER_API_KEY. Exit 0 ok, 1 not, 2 unusable arguments.
      Entries after the last checkpoint are reported as unsigned; --require-signed fails (exit 1) if there are any.
  check-proof FILE [--verifier-key KEY | --url http://host:port] [--policy POLICY]
      verify one proof: the bundle of GET /v1/ledger/entries/:position/proof, as JSON or as the
      c2sp.org/tlog-proof@v1 file of ?format=tlog-proof (the entry's leaf hash recomputed, the checkpoint's
      signature checked with KEY, or the key of --url's /v1/ledger/key, or the policy's log for the origin, and
      the audit path to its root), or an inclusion or consistency proof in the layout of the
      transparency-dev/merkle vectors (test/fixtures/merkle-vectors). --policy is a C2SP tlog-policy file (or
      an http(s) URL of one, e.g. the service's /v1/ledger/policy): the checkpoint must carry valid witness
      cosignatures meeting its quorum. Prints why. Exit 0 valid, 1 invalid (also: quorum not met), 2 unusable
      input (unreadable, not JSON nor tlog-proof, a missing or malformed field, no key, a bad policy).
  rebuild <projection|all> [--database-url URL] [--read-model-url URL]
      rebuild read models from position 0 into new tables while the service keeps serving the old ones,
      then swap them in (blue/green). DATABASE_URL and READ_MODEL_URL as for the service.
  export --ocds DIR [--database-url URL] [--read-model-url URL] [--base-uri URI]
      write every public OCDS 1.1 release as release packages, 10,000 releases per file
      (releases-000001.json, …; a full file never changes). LEDGER_OCID_PREFIX and LEDGER_OCDS_PUBLISHER
      as for the service; package URIs are --base-uri + file name (default: file URLs of DIR).`;

/**
 * A path the user typed: relative to the folder they ran the command in. `npm run ledger` runs in the
 * package's folder and says where it was started in INIT_CWD.
 */
function userPath(p: string): string {
  return resolve(process.env.INIT_CWD ?? process.cwd(), p);
}

/** Where verify remembers the checkpoint it last verified: the data directory as the service has it (git-ignored). */
function defaultVerifyState(): string {
  return join(resolve(process.env.LEDGER_DATA_DIR ?? 'data'), 'ledger-verify-state.json');
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return 0;
    case 'check-proof': {
      if (!args[0] || args[0].startsWith('--')) break;
      const policy = option(args, '--policy');
      const outcome = await checkProofFile(userPath(args[0]), {
        verifierKey: option(args, '--verifier-key'),
        url: option(args, '--url'),
        policy: policy === undefined || /^https?:\/\//.test(policy) ? policy : userPath(policy),
      });
      process.stdout.write(`${outcome.result}: ${outcome.reason}\n`);
      return exitCodeOf(outcome.result);
    }
    case 'verify': {
      const url = option(args, '--url');
      const databaseUrl = option(args, '--database-url');
      if (!url === !databaseUrl) break;
      const source = url ? httpSource(url, option(args, '--api-key') ?? process.env.LEDGER_API_KEY) : await databaseSource(databaseUrl!);
      try {
        const given = option(args, '--state');
        const state = given !== undefined ? userPath(given) : defaultVerifyState();
        mkdirSync(dirname(state), { recursive: true });
        const result = await verifyLedger(source, state, option(args, '--verifier-key'), {
          requireSigned: args.includes('--require-signed'),
        });
        process.stdout.write(
          `${result.ok ? 'OK' : 'FAILED'}: ${result.message}${result.firstBadPosition !== undefined ? ` (first bad position: ${result.firstBadPosition})` : ''}\n`,
        );
        if (result.unsigned) process.stdout.write(`${describeUnsigned(result.unsigned)}\n`);
        return result.ok ? 0 : 1;
      } finally {
        await source.close();
      }
    }
    case 'rebuild': {
      if (!args[0] || args[0].startsWith('--')) break;
      return rebuild(
        args[0],
        option(args, '--database-url') ?? process.env.DATABASE_URL,
        option(args, '--read-model-url') ?? process.env.READ_MODEL_URL,
      );
    }
    case 'export': {
      const given = option(args, '--ocds');
      if (!given || given.startsWith('--')) break;
      const dir = userPath(given);
      const databaseUrl = option(args, '--database-url') ?? process.env.DATABASE_URL;
      const readModelUrl = option(args, '--read-model-url');
      const config = loadConfig({
        ...process.env,
        ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
        ...(readModelUrl ? { READ_MODEL_URL: readModelUrl } : {}),
      });
      const store = await openStore(config.database);
      try {
        const result = await exportOcds(store, ocdsSettings(config), dir, {
          baseUri: option(args, '--base-uri'),
          readModels: config.readModels,
        });
        process.stdout.write(`wrote ${result.releases} releases in ${result.files.length} files to ${dir}\n`);
        return 0;
      } finally {
        await store.close();
      }
    }
    default:
      break;
  }
  process.stderr.write(`${USAGE}\n`);
  return 2;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`ledger: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(2);
    },
  );
}
