import type { ApiKeyRecord } from '../config/config';
import { hashApiKey } from '../config/config';

/** The hex SHA-256 of every configured key: what a logged path is checked against (the keys themselves are not kept). */
export function keyDigests(keys: readonly ApiKeyRecord[]): ReadonlySet<string> {
  return new Set(keys.map((k) => k.hash.toString('hex')));
}

const MIN_KEY_LENGTH = 16;

/**
 * A request URL as logs show it: the path only, as the query string may carry a key (`?api_key=…`), and
 * any path segment holding a configured key (alone or as `name=key`, `Bearer key`) replaced by
 * `[redacted]`, so a key pasted into a URL by mistake never reaches the log.
 */
export function pathForLog(url: string, digests: ReadonlySet<string>): string {
  const path = url.split('?', 1)[0].split('#', 1)[0];
  if (digests.size === 0) return path;
  return path
    .split('/')
    .map((segment) => (holdsKey(segment, digests) ? '[redacted]' : segment))
    .join('/');
}

function holdsKey(segment: string, digests: ReadonlySet<string>): boolean {
  if (segment.length < MIN_KEY_LENGTH) return false;
  let decoded = segment;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    // Bad percent-encoding: the raw segment is checked as it is.
  }
  const tokens = new Set([segment, decoded, ...decoded.split(/[\s=:;,&]+/)]);
  for (const token of tokens) {
    if (token.length >= MIN_KEY_LENGTH && digests.has(hashApiKey(token).toString('hex'))) return true;
  }
  return false;
}
