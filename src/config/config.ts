import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { dirname } from 'node:path';
import { parseDatabaseUrl, StoreLocation } from './database-url';
import { parseWitnessConfig, type WitnessConfig } from './witnesses';
import { parseReadModelUrl, type ReadModelLocation } from './read-model-url';

export const ROLES = ['admin', 'purchaser', 'auditor', 'credit-platform'] as const;
export type Role = (typeof ROLES)[number];

/** An API key as held in memory: only its SHA-256, never the key itself. */
export interface ApiKeyRecord {
  /** Stable, non-secret id for logs and entry metadata: `key:` + 12 hex of the hash. */
  readonly id: string;
  readonly hash: Buffer;
  readonly role: Role;
  readonly regions: readonly string[];
  /** Who holds the key, e.g. "长春市民政局 采购科 张三": recorded with every entry it appends, shown to auditors only. */
  readonly name?: string;
  readonly organization?: string;
}

export interface AppConfig {
  readonly port: number;
  /** The address to listen on: 127.0.0.1 by default, 0.0.0.0 in the container image. */
  readonly host: string;
  readonly database: StoreLocation;
  /** READ_MODEL_URL: the read models in MongoDB; absent, they live in the ledger's own database. */
  readonly readModels?: ReadModelLocation;
  /** Where generated files (signing key) live: the SQLite file's folder, or ./data. */
  readonly dataDir: string;
  readonly apiKeys: readonly ApiKeyRecord[];
  readonly signingKey?: string;
  readonly origin: string;
  readonly logLevel: string;
  /** OCDS: ocid = `<ocidPrefix>-<projectId>` (a prefix registered with OCP, e.g. `ocds-213czf`). */
  readonly ocidPrefix: string;
  /** OCDS: the publisher named in every package. */
  readonly ocdsPublisher: string;
  /** The service's public base URL (behind a proxy); package URIs and links use it, else the request's Host. */
  readonly publicUrl?: string;
  readonly http: HttpLimits;
  /** Witnesses cosigning the checkpoints (c2sp.org/tlog-witness) and the quorum of them. */
  readonly witnessing: WitnessConfig;
}

/** Bounds on what one client can hold of the HTTP server (README "Configuration"). */
export interface HttpLimits {
  /** The request line and headers must have arrived this long after the request began. */
  readonly headersTimeoutMs: number;
  /** The whole request, headers and body, must have arrived this long after it began (a response, SSE included, is not bounded). */
  readonly requestTimeoutMs: number;
  /** Open TCP connections in total; more are answered 503 and closed. */
  readonly maxConnections: number;
  /** Open TCP connections from one client address. */
  readonly maxConnectionsPerClient: number;
  /** How long a read given ?minPosition waits for its read models before answering 503. */
  readonly freshnessWaitMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const REGION = /^\d{6}$/;

export function hashApiKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/** Reads and checks the environment once, at start; every problem is reported, not just the first. */
export function loadConfig(env: NodeJS.ProcessEnv): AppConfig {
  const problems: string[] = [];
  const port = parsePort(env.PORT, problems);
  const host = env.HOST?.trim() || '127.0.0.1';
  if (
    isIP(host) === 0 &&
    !/^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/.test(host)
  ) {
    problems.push(`HOST must be an IP address (e.g. 127.0.0.1, 0.0.0.0, ::) or a host name, got ${JSON.stringify(env.HOST)}`);
  }
  let database: StoreLocation = parseDatabaseUrl(undefined);
  try {
    database = parseDatabaseUrl(env.DATABASE_URL);
  } catch (e) {
    problems.push((e as Error).message);
  }
  let readModels: ReadModelLocation | undefined;
  try {
    readModels = parseReadModelUrl(env.READ_MODEL_URL);
  } catch (e) {
    problems.push((e as Error).message);
  }
  const apiKeys = parseApiKeys(env.LEDGER_API_KEYS, problems);
  const origin = env.LEDGER_ORIGIN ?? 'localhost/social-assistance-ledger';
  if (origin.trim() === '' || /[\n\r]/.test(origin) || origin !== origin.trim()) {
    problems.push('LEDGER_ORIGIN must be one non-empty line without surrounding spaces (it is the checkpoint origin line)');
  }
  const signingKey = env.LEDGER_SIGNING_KEY?.trim() || undefined;
  if (signingKey !== undefined && !/^PRIVATE\+KEY\+[^+\s]+\+[0-9a-f]{8}\+[A-Za-z0-9+/=]+$/.test(signingKey)) {
    problems.push('LEDGER_SIGNING_KEY must be a signed-note Ed25519 key: PRIVATE+KEY+<name>+<8 hex key id>+<base64>');
  }
  const ocidPrefix = env.LEDGER_OCID_PREFIX ?? 'ocds-ledger';
  // OCDS ocid prefixes are `ocds-` and six characters; any letters, digits and hyphens are accepted for private deployments.
  if (!/^[A-Za-z0-9][A-Za-z0-9-]{0,62}$/.test(ocidPrefix))
    problems.push('LEDGER_OCID_PREFIX must be letters, digits and hyphens (e.g. ocds-213czf)');
  const ocdsPublisher = env.LEDGER_OCDS_PUBLISHER ?? origin;
  if (ocdsPublisher.trim() === '') problems.push('LEDGER_OCDS_PUBLISHER must not be empty');
  const publicUrl = env.LEDGER_PUBLIC_URL?.trim() || undefined;
  if (publicUrl !== undefined && !/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(publicUrl))
    problems.push('LEDGER_PUBLIC_URL must be an http(s) URL without query or fragment, e.g. https://ledger.example.gov.cn');
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(logLevel)}`);
  const http = parseHttpLimits(env, problems);
  const witnessing = parseWitnessConfig(env, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  const dataDir = database.kind === 'sqlite' ? dirname(database.file) : (env.LEDGER_DATA_DIR ?? './data');
  return {
    port,
    host,
    database,
    ...(readModels ? { readModels } : {}),
    dataDir,
    apiKeys,
    ...(signingKey ? { signingKey } : {}),
    origin,
    logLevel,
    ocidPrefix,
    ocdsPublisher,
    ...(publicUrl ? { publicUrl: publicUrl.replace(/\/+$/, '') } : {}),
    http,
    witnessing,
  };
}

function parseHttpLimits(env: NodeJS.ProcessEnv, problems: string[]): HttpLimits {
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
      return fallback;
    }
    return Number(raw);
  };
  const headersTimeoutMs = int('HTTP_HEADERS_TIMEOUT_MS', 10_000, 100, 600_000);
  const requestTimeoutMs = int('HTTP_REQUEST_TIMEOUT_MS', 30_000, 100, 3_600_000);
  const maxConnections = int('MAX_CONNECTIONS', 1000, 1, 1_000_000);
  const limits = {
    headersTimeoutMs,
    requestTimeoutMs,
    maxConnections,
    maxConnectionsPerClient: int('MAX_CONNECTIONS_PER_CLIENT', Math.min(100, maxConnections), 1, 1_000_000),
    freshnessWaitMs: int('FRESHNESS_WAIT_MS', 2000, 0, 60_000),
  };
  // Node refuses a header timeout longer than the request timeout: the request would always end first.
  if (limits.headersTimeoutMs > limits.requestTimeoutMs)
    problems.push(
      `HTTP_HEADERS_TIMEOUT_MS (${limits.headersTimeoutMs}) must not exceed HTTP_REQUEST_TIMEOUT_MS (${limits.requestTimeoutMs})`,
    );
  if (limits.maxConnectionsPerClient > limits.maxConnections)
    problems.push(
      `MAX_CONNECTIONS_PER_CLIENT (${limits.maxConnectionsPerClient}) must not exceed MAX_CONNECTIONS (${limits.maxConnections})`,
    );
  return limits;
}

function parsePort(raw: string | undefined, problems: string[]): number {
  if (raw === undefined || raw === '') return 3000;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1 || port > 65535) {
    problems.push(`PORT must be an integer from 1 to 65535, got ${JSON.stringify(raw)}`);
    return 3000;
  }
  return port;
}

function parseApiKeys(raw: string | undefined, problems: string[]): ApiKeyRecord[] {
  if (raw === undefined || raw.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    problems.push('LEDGER_API_KEYS must be a JSON array like [{"key":"…","role":"purchaser","regions":["220000"]}] (it is not valid JSON)');
    return [];
  }
  if (!Array.isArray(parsed)) {
    problems.push('LEDGER_API_KEYS must be a JSON array of {key, role, regions?, name?, organization?}');
    return [];
  }
  const seen = new Set<string>();
  const records: ApiKeyRecord[] = [];
  parsed.forEach((item: unknown, i) => {
    const where = `LEDGER_API_KEYS[${i}]`;
    if (item === null || typeof item !== 'object') return void problems.push(`${where} must be an object`);
    const { key, role, regions, name, organization, ...rest } = item as Record<string, unknown>;
    if (Object.keys(rest).length > 0) problems.push(`${where} has unknown fields: ${Object.keys(rest).join(', ')}`);
    if (typeof key !== 'string' || key.length < 16 || /\s/.test(key))
      return void problems.push(`${where}.key must be a string of at least 16 characters without spaces`);
    if (!ROLES.includes(role as Role)) return void problems.push(`${where}.role must be one of ${ROLES.join(', ')}`);
    let regionList: string[] = [];
    if (role === 'purchaser') {
      if (!Array.isArray(regions) || regions.length === 0 || !regions.every((r) => typeof r === 'string' && REGION.test(r))) {
        return void problems.push(`${where}.regions must list the purchaser's 6-digit region codes, e.g. ["220000"]`);
      }
      regionList = regions as string[];
    } else if (regions !== undefined) {
      return void problems.push(`${where}.regions applies to purchasers only`);
    }
    const label = (field: string, value: unknown): string | undefined | null => {
      if (value === undefined) return undefined;
      if (typeof value !== 'string' || value.trim() === '' || value.trim().length > 200 || /[\u0000-\u001f]/.test(value)) {
        problems.push(`${where}.${field} must be one line of 1 to 200 characters`);
        return null;
      }
      return value.trim();
    };
    const holder = label('name', name);
    const org = label('organization', organization);
    if (holder === null || org === null) return;
    const hash = hashApiKey(key);
    const hex = hash.toString('hex');
    if (seen.has(hex)) return void problems.push(`${where} repeats a key given earlier`);
    seen.add(hex);
    records.push({
      id: `key:${hex.slice(0, 12)}`,
      hash,
      role: role as Role,
      regions: regionList,
      ...(holder ? { name: holder } : {}),
      ...(org ? { organization: org } : {}),
    });
  });
  return records;
}
