import type { ResponseObject, SchemaObject } from '@nestjs/swagger';
import { DISCLOSURE_STATUSES } from '../../../projections/disclosure/disclosure.projection';
import { array, date, fen, instant, json, object, page, position, ref, text } from './schema';

const DISCLOSURE_STATUS: SchemaObject = {
  type: 'string',
  enum: [...DISCLOSURE_STATUSES],
  description: 'registered, tendered, awarded, or contracted once a contract is announced',
};

/**
 * What the disclosure, catalogue, audit and ledger reads answer (API.md "Queries"); the main fields,
 * not every nested one.
 */
export const DISCLOSURE_AND_LEDGER_READS: Record<string, Record<string, ResponseObject>> = {
  'get /v1/disclosure/projects': {
    200: {
      description: 'a page of the disclosed projects that match, with their number; or, as CSV, the matching projects',
      content: {
        'application/json': {
          schema: object({
            items: array(object({ projectId: { type: 'string' }, status: DISCLOSURE_STATUS, contracts: array({ type: 'object' }) })),
            page: { type: 'integer', minimum: 1 },
            pageSize: { type: 'integer', minimum: 1, maximum: 100 },
            total: { type: 'integer', minimum: 0, description: 'how many projects match the query, on every page' },
            pages: { type: 'integer', minimum: 0, description: 'how many pages of pageSize they fill' },
          }),
        },
        'text/csv': {
          schema: {
            type: 'string',
            description:
              "RFC 4180, CRLF, UTF-8 with a BOM, one line per project, columns named by their JSON field, amounts in fen; a cell beginning with = + - @ TAB CR gets a leading ' (formula injection guard)",
            // The header row of src/disclosure/queries/project-list.csv.ts (test/e2e/disclosure-list.e2e-spec.ts compares them).
            example:
              '\uFEFFprojectId,title,region,fiscalYear,registeredOn,status,category,budget,purchaser.code,purchaser.name,tender.method,' +
              'tender.publishedAt,tender.priceCeiling,award.contractorUscc,award.contractorName,award.amount,award.awardedAt,contractIds,position\r\n',
          },
        },
      },
    },
  },
  'get /v1/disclosure/projects/{projectId}': {
    200: json(
      object({ projectId: { type: 'string' }, status: DISCLOSURE_STATUS, contracts: array({ type: 'object' }) }, [
        'projectId',
        'status',
        'contracts',
      ]),
      'the public view of the project',
    ),
  },
  'get /v1/disclosure/budgets/{region}/{fiscalYear}': {
    200: json(
      object(
        {
          region: { type: 'string' },
          fiscalYear: { type: 'integer' },
          policyId: { type: 'string', description: 'the pack the cap is judged by: that of the latest reservation' },
          capRule: { type: 'string' },
          fundBaseYear: { type: 'integer' },
          fundBase: fen(),
          cap: fen(),
          reserved: fen(),
          committed: fen(),
          paid: fen(),
          remaining: { type: 'integer', description: 'cap − reserved, in fen (negative when over the cap)' },
          byCategory: { type: 'object', additionalProperties: object({ reserved: fen(), committed: fen(), paid: fen() }) },
        },
        ['region', 'fiscalYear', 'fundBase', 'cap', 'reserved', 'committed', 'paid', 'byCategory'],
      ),
      'public budget figures of the region-year (002 §三(五))',
    ),
  },
  'get /v1/disclosure/budgets/{region}/{fiscalYear}/children': {
    200: json(
      object(
        {
          region: { type: 'string' },
          fiscalYear: { type: 'integer' },
          children: array(
            object(
              {
                region: { type: 'string' },
                fiscalYear: { type: 'integer' },
                policyId: { type: 'string' },
                capRule: { type: 'string' },
                fundBaseYear: { type: 'integer' },
                fundBase: fen(),
                cap: fen(),
                reserved: fen(),
                committed: fen(),
                paid: fen(),
                remaining: { type: 'integer', description: 'cap − reserved, in fen (negative when over the cap)' },
              },
              ['region', 'fiscalYear', 'fundBase', 'cap', 'reserved', 'committed', 'paid', 'remaining'],
            ),
          ),
        },
        ['region', 'fiscalYear', 'children'],
      ),
      "the province's cities or the city's counties with a budget that year, by code, each with its own figures (not summed over the regions below it)",
    ),
  },
  'get /v1/disclosure/ocds/records/{ocid}': {
    200: json(
      object({ uri: { type: 'string' }, publishedDate: instant(), records: array({ type: 'object' }) }, [
        'uri',
        'publishedDate',
        'records',
      ]),
      'an OCDS 1.1 record package',
    ),
  },
  'get /v1/disclosure/ocds/releases': {
    200: json(
      object(
        {
          uri: { type: 'string' },
          publishedDate: instant(),
          releases: array({ type: 'object' }),
          links: object({ next: { type: 'string' } }),
        },
        ['uri', 'publishedDate', 'releases'],
      ),
      'an OCDS 1.1 release package',
    ),
  },
  'get /v1/catalogue': {
    200: json(
      object({
        purchasable: array(
          object({
            code: { type: 'string' },
            name: { type: 'string' },
            kind: { type: 'string', enum: ['affairs', 'service'] },
            kindName: { type: 'string' },
            source: { type: 'string' },
          }),
        ),
        prohibited: array(object({ code: { type: 'string' }, reason: { type: 'string' } })),
        paymentPurposes: array(object({ code: { type: 'string' }, name: { type: 'string' } })),
        prohibitedPurposes: array(object({ code: { type: 'string' }, reason: { type: 'string' }, policies: array({ type: 'string' }) })),
      }),
      'the catalogue',
    ),
  },
  'get /v1/ledger/events': {
    200: json(
      page(ref('LedgerEntry'), 'opaque cursor (or pass a ledger position): ?after= for the next page'),
      'raw ledger entries, ascending, with their private parts',
    ),
  },
  'get /v1/audit/findings': {
    200: json(
      object({
        region: { type: 'string' },
        fiscalYear: { type: 'integer' },
        asOf: date(),
        items: array(
          object(
            {
              code: {
                type: 'string',
                enum: [
                  'LATE_ANNOUNCEMENT',
                  'MISSING_EVALUATIONS',
                  'PAYMENTS_BEHIND_SCHEDULE',
                  'PAYMENTS_AHEAD_OF_SCHEDULE',
                  'NEAR_BUDGET_CAP',
                  'MISSING_FINANCIAL_REPORT',
                ],
              },
              contractId: { type: 'string' },
              uscc: { type: 'string', description: 'the contractor a contractor finding is about (MISSING_FINANCIAL_REPORT)' },
              detail: { type: 'string' },
              positions: array(position),
            },
            ['code', 'detail', 'positions'],
          ),
        ),
      }),
      'compliance findings',
    ),
  },
  'get /v1/ledger/checkpoint': { 200: text('the latest checkpoint: a C2SP tlog-checkpoint signed note (Ed25519)') },
  'get /v1/ledger/checkpoints': {
    200: json(
      page({ type: 'string', description: 'a signed note' }, 'the tree size of the last checkpoint: ?after= for the next page'),
      'every checkpoint issued, oldest first',
    ),
  },
  'get /v1/ledger/key': { 200: text('the verifier key, C2SP form name+hexkeyid+base64(0x01‖pubkey)') },
  'get /v1/ledger/policy': {
    200: text(
      'the C2SP tlog-policy of this ledger: its log key, its witnesses (LEDGER_WITNESSES) and their quorum (LEDGER_WITNESS_POLICY)',
    ),
  },
  'get /v1/ledger/proofs/inclusion': {
    200: json(
      object({
        leafIndex: { type: 'integer', minimum: 0 },
        treeSize: { type: 'integer', minimum: 1 },
        leafHash: { type: 'string', format: 'byte' },
        auditPath: array({ type: 'string', format: 'byte' }),
      }),
      'RFC 9162 §2.1.3 inclusion proof',
    ),
  },
  'get /v1/ledger/proofs/consistency': {
    200: json(
      object({
        from: { type: 'integer', minimum: 1 },
        to: { type: 'integer', minimum: 1 },
        proof: array({ type: 'string', format: 'byte' }),
      }),
      'RFC 9162 §2.1.4 consistency proof',
    ),
  },
  'get /v1/ledger/entries/{position}/proof': {
    200: {
      description:
        'the public envelope, its inclusion proof and the signed checkpoint (with any witness cosignatures); with ?format=tlog-proof, the same proof as a c2sp.org/tlog-proof@v1 file',
      content: {
        'application/json': {
          schema: object({
            entry: ref('LedgerEntry'),
            proof: object({
              leafIndex: { type: 'integer', minimum: 0 },
              treeSize: { type: 'integer', minimum: 1 },
              leafHash: { type: 'string' },
              auditPath: array({ type: 'string' }),
            }),
            checkpoint: { type: 'string', description: 'the signed checkpoint the proof is against, with witness cosignature lines' },
            verifierKey: { type: 'string' },
          }),
        },
        'text/plain': {
          schema: {
            type: 'string',
            description:
              "c2sp.org/tlog-proof@v1: header, extra (the entry's canonical JSON), index, proof hashes, an empty line, the checkpoint",
          },
        },
      },
    },
  },
};
