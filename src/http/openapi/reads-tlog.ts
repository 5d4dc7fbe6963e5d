import type { ResponseObject } from '@nestjs/swagger';
import { problemResponse } from './refusals';
import { text } from './schema';

const bytes = (description: string): ResponseObject => ({
  description,
  content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
});

const CACHING =
  'A full tile is fixed for ever: Cache-Control: public, max-age=31536000, immutable; a partial one (.p/<W>) public, max-age=5.';

/** What the C2SP tlog-tiles routes answer (https://c2sp.org/tlog-tiles; README "C2SP tlog-tiles"). */
export const TLOG_READS: Record<string, Record<string, ResponseObject>> = {
  'get /tlog/checkpoint': {
    200: text('the latest checkpoint: a C2SP tlog-checkpoint signed note (Ed25519), as GET /v1/ledger/checkpoint'),
  },
  'get /tlog/tile/{L}/{N}': {
    200: bytes(`the concatenated 32-byte hashes of tree level 8·L, nodes 256·N onwards: 256 of them, or W of a partial tile. ${CACHING}`),
  },
  'get /tlog/tile/entries/{N}': {
    200: bytes(
      `entries 256·N+1 onwards, each a big-endian uint16 length then the JCS (RFC 8785) UTF-8 bytes of its public envelope without leafHash: SHA-256(0x00 ‖ bytes) is its leaf hash. ${CACHING}`,
    ),
    401: problemResponse(401, '/tlog/tile/entries/{N}', 'get'),
    403: problemResponse(403, '/tlog/tile/entries/{N}', 'get'),
  },
};
