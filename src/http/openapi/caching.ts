import type { HeaderObject, ResponseObject } from '@nestjs/swagger';
import { PRIVATE_CACHE_CONTROL, PUBLIC_CACHE_CONTROL, type Caching } from '../http-cache';

const etag: HeaderObject = {
  description: 'a strong validator of the body; send it back as If-None-Match to get 304 while it is unchanged',
  schema: { type: 'string', pattern: '^"[A-Za-z0-9_-]{32}"$' },
};

/**
 * The caching and CORS headers a read answers with (src/http/http-cache.ts), on its 200, and the 304 of
 * a public read. Not required: a public read asked with a key answers `private, no-store` without an ETag.
 */
export function withCachingHeaders(responses: Record<string, unknown>, caching: Caching | undefined): void {
  const ok = responses['200'] as ResponseObject | undefined;
  if (!ok || caching === undefined || caching === 'live') return;
  if (caching === 'private') {
    const cacheControl = { description: `${PRIVATE_CACHE_CONTROL}: keyed answers are stored by no cache`, schema: { type: 'string' } };
    responses['200'] = { ...ok, headers: { ...ok.headers, 'Cache-Control': cacheControl } };
    return;
  }
  const cacheControl: HeaderObject = {
    description: `${PUBLIC_CACHE_CONTROL[caching]} (${PRIVATE_CACHE_CONTROL} when asked with an Authorization header)`,
    schema: { type: 'string' },
  };
  const cors: HeaderObject = { description: 'any origin may read it (CORS)', schema: { type: 'string', enum: ['*'] } };
  responses['200'] = {
    ...ok,
    headers: {
      ...ok.headers,
      ETag: etag,
      'Cache-Control': cacheControl,
      Vary: { description: 'Accept: a list may answer CSV too, and a cache keeps each representation apart', schema: { type: 'string' } },
      'Access-Control-Allow-Origin': cors,
    },
  };
  responses['304'] = {
    description: 'Not Modified: the If-None-Match request header names the current ETag; no body',
    headers: { ETag: etag, 'Cache-Control': cacheControl, 'Access-Control-Allow-Origin': cors },
  };
}
