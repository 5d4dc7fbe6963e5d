import 'reflect-metadata';
import { runCheckProof } from '../ledger/tree/check-proof';
import { describeUnsigned, verifyLedger } from './verify';
import { databaseSource, httpSource } from './sources';
import { openStore, parseDatabaseUrl } from '../ledger/open-store';
import { projectionStoreFor } from '../projection-runner/projection-store.factory';
import { ProjectionRunner } from '../projection-runner/projection-runner';
import { PROJECTIONS } from '../../projections';
import { exportOcds } from './export-ocds';
import { ocdsSettings } from '../disclosure/ocds/ocds';
import { loadConfig } from '../config/config';

async function rebuild(which: string, databaseUrl: string | undefined): Promise<number> {
  const names = which === 'all' ? PROJECTIONS.map((p) => p.name) : [which];
  const unknown = names.filter((n) => !PROJECTIONS.some((p) => p.name === n));
  if (unknown.length > 0) {
    process.stderr.write(`no projection named ${unknown.join(', ')}; there are: ${PROJECTIONS.map((p) => p.name).join(', ')}\n`);
    return 2;
  }
  const store = await openStore(parseDatabaseUrl(databaseUrl));
  try {
    const runner = new ProjectionRunner(store, projectionStoreFor(store), PROJECTIONS);
    const started = Date.now();
    await runner.rebuildAll(names);
    for (const status of (await runner.statuses()).filter((s) => names.includes(s.name))) {
      process.stdout.write(`${status.name}: rebuilt to position ${status.position}\n`);
    }
    process.stdout.write(`rebuilt ${names.length} in ${Date.now() - started} ms\n`);
    return 0;
  } finally {
    await store.close();
  }
}

const USAGE = `usage: npm run ledger -- <command>
  verify (--url http://host:port [--api-key KEY] | --database-url URL) [--state FILE] [--verifier-key KEY] [--require-signed]
      recompute every leaf hash and the root, check the latest signed checkpoint with the pinned key,
      and check the ledger still extends the checkpoint verified last time. Exit 0 ok, 1 not.
      Entries after the last checkpoint are reported as unsigned; --require-signed fails (exit 1) if there are any.
  check-proof FILE.json
      verify one inclusion or consistency proof (layout of shared/vectors/merkle). Exit 0 valid, 1 invalid, 2 malformed.
  rebuild <projection|all> [--database-url URL]
      rebuild read models from position 0 into new tables while the service keeps serving the old ones,
      then swap them in (blue/green). DATABASE_URL as for the service.
  export --ocds DIR [--database-url URL] [--base-uri URI]
      write every public OCDS 1.1 release as release packages, 10,000 releases per file
      (releases-000001.json, …; a full file never changes). LEDGER_OCID_PREFIX and LEDGER_OCDS_PUBLISHER
      as for the service; package URIs are --base-uri + file name (default: file URLs of DIR).`;

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case 'check-proof': {
      if (!args[0]) break;
      const { code, result } = runCheckProof(args[0]);
      process.stdout.write(`${result}\n`);
      return code;
    }
    case 'verify': {
      const url = option(args, '--url');
      const databaseUrl = option(args, '--database-url');
      if (!url === !databaseUrl) break;
      const source = url ? httpSource(url, option(args, '--api-key') ?? process.env.LEDGER_API_KEY) : await databaseSource(databaseUrl!);
      try {
        const result = await verifyLedger(source, option(args, '--state') ?? '.ledger-verify.json', option(args, '--verifier-key'), { requireSigned: args.includes('--require-signed') });
        process.stdout.write(`${result.ok ? 'OK' : 'FAILED'}: ${result.message}${result.firstBadPosition !== undefined ? ` (first bad position: ${result.firstBadPosition})` : ''}\n`);
        if (result.unsigned) process.stdout.write(`${describeUnsigned(result.unsigned)}\n`);
        return result.ok ? 0 : 1;
      } finally {
        await source.close();
      }
    }
    case 'rebuild': {
      if (!args[0] || args[0].startsWith('--')) break;
      return rebuild(args[0], option(args, '--database-url') ?? process.env.DATABASE_URL);
    }
    case 'export': {
      const dir = option(args, '--ocds');
      if (!dir || dir.startsWith('--')) break;
      const databaseUrl = option(args, '--database-url') ?? process.env.DATABASE_URL;
      const config = loadConfig({ ...process.env, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });
      const store = await openStore(config.database);
      try {
        const result = await exportOcds(store, ocdsSettings(config), dir, { baseUri: option(args, '--base-uri') });
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
  main(process.argv.slice(2)).then((code) => process.exit(code), (error: unknown) => {
    process.stderr.write(`ledger: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  });
}
