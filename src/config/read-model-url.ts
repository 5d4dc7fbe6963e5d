/** Where the read models are, from READ_MODEL_URL: read by the configuration without loading a database driver. */
export interface ReadModelLocation {
  readonly kind: 'mongodb';
  /** The URL as given, handed to the driver. */
  readonly url: string;
  /** The database named in the URL's path: one collection per read model in it. */
  readonly database: string;
}

const MONGODB_URL = /^mongodb(\+srv)?:\/\/([^/?#]+)\/([^/?#]*)(\?[^#]*)?$/;
/** What MongoDB refuses in a database name (and '%', which would be an undecoded escape). */
const BAD_DATABASE = /[/\\. "$*<>:|?%\0]/;

/** READ_MODEL_URL → unset: read models in the ledger's own database; mongodb://host[:port][,…]/dbname → MongoDB. */
export function parseReadModelUrl(url: string | undefined): ReadModelLocation | undefined {
  if (url === undefined || url.trim() === '') return undefined;
  const m = MONGODB_URL.exec(url.trim());
  if (!m) {
    const scheme = /^[a-z+]+:/i.exec(url)?.[0];
    throw new Error(
      scheme && !/^mongodb(\+srv)?:$/.test(scheme)
        ? `READ_MODEL_URL must start with mongodb:// or mongodb+srv://, got ${scheme}`
        : 'READ_MODEL_URL must be a MongoDB URL naming its database, e.g. mongodb://127.0.0.1:27017/ledger_read_models',
    );
  }
  let database: string;
  try {
    database = decodeURIComponent(m[3]);
  } catch {
    database = '%';
  }
  if (database === '' || BAD_DATABASE.test(database) || Buffer.byteLength(database) > 63)
    throw new Error(
      `READ_MODEL_URL must name its database in the path (1 to 63 bytes, none of / \\ . space " $ * < > : | ?), e.g. mongodb://127.0.0.1:27017/ledger_read_models`,
    );
  return { kind: 'mongodb', url: url.trim(), database };
}
