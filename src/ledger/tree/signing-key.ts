import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, type AppConfig } from '../../config/config';
import { generateSigningKey, parseSigningKey, SigningKey } from './signed-note';

export const SIGNING_KEY = Symbol('SIGNING_KEY');
export const SIGNING_KEY_FILE = 'ledger-signing-key';

/**
 * LEDGER_SIGNING_KEY, else the key kept in the data directory, else a new one written there
 * (mode 0600) on first start. Several instances must share one key: set LEDGER_SIGNING_KEY.
 */
export function loadSigningKey(config: AppConfig): SigningKey {
  const key = readOrCreate(config);
  // Witnesses and tlog-policy verifiers know a log by its key, whose name must be the origin.
  if (config.witnessing.witnesses.length > 0 && key.name !== config.origin)
    throw new ConfigError([
      `with LEDGER_WITNESSES, the signing key's name must be the checkpoint origin: the key is named ${key.name}, LEDGER_ORIGIN is ${config.origin}`,
    ]);
  return key;
}

function readOrCreate(config: AppConfig): SigningKey {
  if (config.signingKey) return parseSigningKey(config.signingKey);
  const file = join(config.dataDir, SIGNING_KEY_FILE);
  if (existsSync(file)) return parseSigningKey(readFileSync(file, 'utf8'));
  const key = generateSigningKey(config.origin.replace(/[\s+]/g, '_'));
  mkdirSync(config.dataDir, { recursive: true });
  writeFileSync(file, `${key.text}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return key;
}
