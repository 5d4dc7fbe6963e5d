import type { Fen, IsoDate, ProcurementMethod, ViolationKind } from '../../events';
import { formatFen } from '../../events/money';
import type { ProjectedEntry, Projection } from '../projection';
import { applyOnce, keys, own, pad12, put, type Tracked } from '../common/fold';
import { announce, heldItem, hold, releasedKeys, sealedAtSigning, type Sealed } from '../common/seal';

/**
 * OCDS 1.1 releases of the public side of each project (issue 6; API.md `GET /v1/disclosure/ocds/…`):
 * one release per public event, in the shape the Open Contracting Data Standard gives it, without
 * the parts that depend on the deployment (ocid prefix, package metadata), which the routes add.
 *
 * Redaction by construction, as in the disclosure projection: every value is copied by name from
 * event data; no event data is spread; a projection never receives an event's private part. Free
 * text other than the tender notice and the project title is left out (payment purposes,
 * evaluation summaries, violation descriptions, revocation reasons, acceptance reports, contract
 * deliverables and liabilities).
 *
 * Only announced contracts are public (000 §四(三)4: 合同应当依法予以公告). Events of a contract
 * before its announcement (payments, evaluations, penalties, a termination) wait in the contract's
 * row and become public, each as its own release with its own date, at the announcement
 * (projections/common/seal.ts). Unlike the credit routes, OCDS holds penalties too: a release is
 * about the contract, and the contract is not public yet.
 *
 * Rows:
 * - `release:<publishedAt 12>:<position 12>` kind 'release': one release; `position` is the entry it
 *   reports (its id is `ledger-<position>`), `publishedAt` the entry that made it public. Keys sort
 *   in the order releases became public: the change feed pages over them.
 * - `project:<projectId>` kind 'project': what later releases of the project need (title, buyer, award).
 * - `contract:<contractId>` kind 'contract': the contract's public terms, whether it is announced,
 *   its violations (for the penalties that cite them) and the releases waiting for its announcement.
 */

export const OCDS_CURRENCY = 'CNY';

/** The extensions these releases use: declared in every package (`extensions`). */
export const OCDS_EXTENSIONS = [
  'https://raw.githubusercontent.com/open-contracting-extensions/ocds_metrics_extension/master/extension.json',
  'https://raw.githubusercontent.com/open-contracting-extensions/ocds_performance_failures/master/extension.json',
] as const;

export type ReleaseTag = 'planning' | 'tender' | 'award' | 'contract' | 'implementation' | 'implementationUpdate' | 'contractTermination';

/** OCDS procurementMethod (closed codelist) of each method of DOMAIN.md, and its Chinese name (000 §四(三); 002 §三(四); 003 §一(二)). */
export const PROCUREMENT_METHODS: {
  readonly [M in ProcurementMethod]: { readonly ocds: 'open' | 'selective' | 'limited' | 'direct'; readonly name: string };
} = {
  public_tender: { ocds: 'open', name: '公开招标' },
  invited_tender: { ocds: 'selective', name: '邀请招标' },
  competitive_negotiation: { ocds: 'selective', name: '竞争性谈判' },
  competitive_consultation: { ocds: 'selective', name: '竞争性磋商' },
  inquiry: { ocds: 'selective', name: '询价' },
  single_source: { ocds: 'direct', name: '单一来源采购' },
  self_organized: { ocds: 'limited', name: '自行组织采购' },
};

interface OcdsValue {
  readonly amount: number;
  readonly currency: typeof OCDS_CURRENCY;
}
interface OrgRef {
  readonly id: string;
  readonly name: string;
}
/** The body of a release: everything but ocid, id, date, tag and initiationType. JSON, as OCDS has it. */
export type ReleaseBody = { readonly [field: string]: unknown };

export interface OcdsReleaseRow extends Tracked {
  readonly kind: 'release';
  readonly projectId: string;
  /** The entry this release reports. */
  readonly position: number;
  /** The entry that made it public: `position`, or the contract's announcement. */
  readonly publishedAt: number;
  /** The entry's recordedAt. */
  readonly date: string;
  readonly tag: readonly ReleaseTag[];
  readonly body: ReleaseBody;
}

export interface OcdsProjectRow extends Tracked {
  readonly kind: 'project';
  readonly projectId: string;
  readonly title: string;
  readonly buyer: OrgRef;
  readonly awardId: string | null;
  readonly supplier: OrgRef | null;
}

type Pending = Omit<OcdsReleaseRow, 'kind' | 'publishedAt' | 'lastPosition'>;

/** `pending`: releases of this contract's events before its announcement, oldest first. */
export interface OcdsContractRow extends Tracked, Sealed<Pending> {
  readonly kind: 'contract';
  readonly contractId: string;
  readonly projectId: string;
  readonly status: 'active' | 'terminated';
  readonly awardId: string | null;
  readonly buyer: OrgRef;
  readonly supplier: OrgRef;
  readonly value: OcdsValue;
  readonly dateSigned: IsoDate;
  readonly period: { readonly startDate: IsoDate; readonly endDate: IsoDate };
  readonly violations: { readonly [violationId: string]: { readonly kind: ViolationKind; readonly occurredAt: IsoDate } };
  /** The release id of each penalty, for the amendment that revokes it. */
  readonly penalties: { readonly [penaltyId: string]: string };
}

export type OcdsRow = OcdsReleaseRow | OcdsProjectRow | OcdsContractRow;

export const releaseKey = (publishedAt: number, position: number): string => `release:${pad12(publishedAt)}:${pad12(position)}`;
const projectKey = (id: string): string => `project:${id}`;
const contractKey = (id: string): string => `contract:${id}`;

/** Release ids are unique within an ocid (one release per entry) and free of `#`. */
export const releaseId = (position: number): string => `ledger-${position}`;
/** Fen to CNY: amounts in OCDS are in the currency's unit. */
export const ocdsValue = (fen: Fen): OcdsValue => ({ amount: fen / 100, currency: OCDS_CURRENCY });
/** A business date (UTC+8, as the documents write it) as the date-time OCDS requires. */
export const dateTime = (date: IsoDate): string => `${date}T00:00:00+08:00`;
export const supplierId = (uscc: string): string => `CN-USCI-${uscc}`;
export const buyerId = (purchaserCode: string): string => `CN-PURCHASER-${purchaserCode}`;

const PERFORMANCE_METRIC = { id: 'performance-score', title: '绩效评价得分 (0–100)' };
const SATISFACTION_METRIC = { id: 'satisfaction-rate', title: '服务对象满意度 (0–1)' };

/** A release about one contract; OCDS requires every contract to name its award. */
function contractRelease(c: OcdsContractRow, fields: ReleaseBody): ReleaseBody {
  return { contracts: [{ id: c.contractId, awardID: c.awardId ?? 'award-unknown', ...fields }] };
}

/** The release an entry adds to a contract's history, or null if the event is not public. */
function contractEventRelease(c: OcdsContractRow, entry: ProjectedEntry): { tag: ReleaseTag; body: ReleaseBody } | null {
  const e = entry.event;
  switch (e.type) {
    case 'PaymentMade': {
      // Not `purpose`: the transaction, its value and the parties.
      const transaction = {
        id: e.data.paymentId,
        date: dateTime(e.data.paidAt),
        value: ocdsValue(e.data.amount),
        payer: c.buyer,
        payee: c.supplier,
      };
      return { tag: 'implementation', body: contractRelease(c, { implementation: { transactions: [transaction] } }) };
    }
    case 'PerformanceEvaluated': {
      // The metrics extension: one observation per evaluation, its evaluator as a dimension. Not `summary`.
      const { evaluationId, evaluator, score, evaluatedAt, satisfactionRate } = e.data;
      const period = { startDate: dateTime(evaluatedAt), endDate: dateTime(evaluatedAt) };
      const metrics: object[] = [
        { ...PERFORMANCE_METRIC, observations: [{ id: evaluationId, period, measure: score, dimensions: { evaluator } }] },
      ];
      if (satisfactionRate !== undefined)
        metrics.push({
          ...SATISFACTION_METRIC,
          observations: [{ id: evaluationId, period, measure: satisfactionRate, dimensions: { evaluator } }],
        });
      return { tag: 'implementationUpdate', body: contractRelease(c, { implementation: { metrics } }) };
    }
    case 'PenaltyImposed': {
      // The performance_failures extension: the violations and failed evaluations the penalty cites, and what was
      // imposed (000 §四(四); 004 §三(五): 整改 and loss of eligibility for a period).
      const { penaltyId, violationIds, evaluationIds, decidedAt, rectificationDeadline, authority, fine, terminateContract, debarment } =
        e.data;
      const { publishDishonestyRecord } = e.data;
      const cited = violationIds.map((id) => own(c.violations, id)).filter((v) => v !== undefined);
      const dates = cited.map((v) => v.occurredAt).sort();
      const imposed = [
        `${authority.name} ${decidedAt}`,
        ...(rectificationDeadline !== null ? [`限期整改至 ${rectificationDeadline}`] : []),
        ...(fine !== undefined ? [`罚款 ${formatFen(fine)} 元`] : []),
        ...(terminateContract ? ['终止合同'] : []),
        ...(debarment !== undefined ? [`禁止参与 ${debarment.from} 至 ${debarment.until}`] : []),
        ...(publishDishonestyRecord ? ['列入失信记录'] : []),
      ].join('; ');
      const failure = {
        id: penaltyId,
        ...(dates.length > 0 ? { period: { startDate: dateTime(dates[0]), endDate: dateTime(dates[dates.length - 1]) } } : {}),
        category:
          [...new Set([...cited.map((v) => v.kind), ...(evaluationIds.length > 0 ? ['failed_evaluation'] : [])])].join(', ') || 'violation',
        events: violationIds.length + evaluationIds.length,
        penaltyImposed: imposed,
      };
      return { tag: 'implementationUpdate', body: contractRelease(c, { implementation: { performanceFailures: [failure] } }) };
    }
    case 'PenaltyRevoked': {
      // An amendment of the release that imposed the penalty. Not `reason`.
      const amends = own(c.penalties, e.data.penaltyId);
      const amendment = {
        id: `revocation-${e.data.penaltyId}`,
        date: dateTime(e.data.decidedAt),
        description: `处罚 ${e.data.penaltyId} 已于 ${e.data.decidedAt} 撤销`,
        ...(amends !== undefined ? { amendsReleaseID: amends } : {}),
        releaseID: releaseId(entry.position),
      };
      const failure = { id: e.data.penaltyId, penaltyImposed: `已撤销 (${e.data.decidedAt})` };
      return {
        tag: 'implementationUpdate',
        body: contractRelease(c, { implementation: { performanceFailures: [failure] }, amendments: [amendment] }),
      };
    }
    case 'ContractTerminated':
      return {
        tag: 'contractTermination',
        body: contractRelease(c, { status: 'terminated', period: { endDate: dateTime(e.data.terminatedAt) } }),
      };
    case 'ContractCompleted': // OCDS: `terminated` also covers a contract that came to a close on completion. Not `report`.
      return { tag: 'contractTermination', body: contractRelease(c, { status: 'terminated' }) };
    default:
      return null;
  }
}

function foldProject(row: OcdsProjectRow | null, entry: ProjectedEntry): OcdsProjectRow | null {
  const e = entry.event;
  if (e.type === 'ProjectRegistered') {
    if (row !== null) return row;
    const { projectId, title, purchaser } = e.data;
    return {
      kind: 'project',
      projectId,
      title,
      buyer: { id: buyerId(purchaser.code), name: purchaser.name },
      awardId: null,
      supplier: null,
      lastPosition: entry.position,
    };
  }
  if (row !== null && e.type === 'ContractorAwarded') {
    return { ...row, awardId: `award-${entry.position}`, supplier: { id: supplierId(e.data.contractorUscc), name: e.data.contractorName } };
  }
  return row;
}

function foldContract(row: OcdsContractRow | null, entry: ProjectedEntry, project: OcdsProjectRow | null): OcdsContractRow | null {
  const e = entry.event;
  if (e.type === 'ContractSigned') {
    if (row !== null) return row;
    // Not: paymentSchedule, deliverables, liabilities, extendedTermJustification.
    const { contractId, projectId, purchaser, contractorUscc, amount, signedAt, startDate, endDate } = e.data;
    const awarded = project?.supplier?.id === supplierId(contractorUscc) ? project.supplier : null;
    return {
      kind: 'contract',
      contractId,
      projectId,
      ...sealedAtSigning,
      status: 'active',
      awardId: project?.awardId ?? null,
      buyer: { id: buyerId(purchaser.code), name: project?.buyer.name ?? purchaser.name },
      supplier: awarded ?? { id: supplierId(contractorUscc), name: contractorUscc },
      value: ocdsValue(amount),
      dateSigned: signedAt,
      period: { startDate, endDate },
      violations: {},
      penalties: {},
      lastPosition: entry.position,
    };
  }
  if (row === null) return null;
  switch (e.type) {
    case 'ContractAnnounced':
      return announce(row);
    case 'ViolationRecorded': // not public by itself; a penalty cites it
      return { ...row, violations: put(row.violations, e.data.violationId, { kind: e.data.kind, occurredAt: e.data.occurredAt }) };
    default: {
      const release = contractEventRelease(row, entry);
      if (release === null) return row;
      const next: OcdsContractRow = {
        ...row,
        ...(e.type === 'PenaltyImposed' ? { penalties: put(row.penalties, e.data.penaltyId, releaseId(entry.position)) } : {}),
        ...(e.type === 'ContractTerminated' || e.type === 'ContractCompleted' ? { status: 'terminated' as const } : {}),
      };
      return hold<Pending, OcdsContractRow>(next, {
        projectId: row.projectId,
        position: entry.position,
        date: entry.recordedAt,
        tag: [release.tag],
        body: release.body,
      });
    }
  }
}

/** The release of an entry about a project (not about one of its contracts), or null. */
function projectEventRelease(
  entry: ProjectedEntry,
  project: OcdsProjectRow | null,
): { projectId: string; tag: ReleaseTag; body: ReleaseBody } | null {
  const e = entry.event;
  switch (e.type) {
    case 'ProjectRegistered': {
      const { projectId, title, purchaser, budget } = e.data;
      const buyer = { id: buyerId(purchaser.code), name: purchaser.name };
      return {
        projectId,
        tag: 'planning',
        body: {
          buyer,
          parties: [{ ...buyer, roles: ['buyer'] }],
          planning: { budget: { id: projectId, description: title, amount: ocdsValue(budget), project: title, projectID: projectId } },
        },
      };
    }
    case 'TenderPublished': {
      // The tender notice of 000 §四(二): content, price ceiling, qualifications; the method by its OCDS code and Chinese name.
      const { projectId, method, publishedAt, content, priceCeiling, qualifications, singleSourceJustification } = e.data;
      const m = PROCUREMENT_METHODS[method];
      return {
        projectId,
        tag: 'tender',
        body: {
          tender: {
            id: projectId,
            ...(project !== null ? { title: project.title } : {}),
            description: content,
            status: 'active',
            procurementMethod: m.ocds,
            procurementMethodDetails: m.name,
            ...(singleSourceJustification !== undefined ? { procurementMethodRationale: singleSourceJustification } : {}),
            mainProcurementCategory: 'services',
            value: ocdsValue(priceCeiling),
            eligibilityCriteria: qualifications,
            tenderPeriod: { startDate: dateTime(publishedAt) },
          },
        },
      };
    }
    case 'ContractorAwarded': {
      const { projectId, contractorUscc, contractorName, amount, awardedAt } = e.data;
      const supplier = { id: supplierId(contractorUscc), name: contractorName };
      return {
        projectId,
        tag: 'award',
        body: {
          parties: [{ ...supplier, identifier: { scheme: 'CN-USCI', id: contractorUscc, legalName: contractorName }, roles: ['supplier'] }],
          awards: [
            { id: `award-${entry.position}`, status: 'active', date: dateTime(awardedAt), value: ocdsValue(amount), suppliers: [supplier] },
          ],
          tender: { id: projectId, status: 'complete' },
        },
      };
    }
    default:
      return null;
  }
}

/** The `contract` release of an announcement: the contract as it stands, with its notice. */
function announcementRelease(c: OcdsContractRow, entry: ProjectedEntry): ReleaseBody {
  const e = entry.event;
  if (e.type !== 'ContractAnnounced') throw new Error(`not an announcement: ${e.type}`);
  return contractRelease(c, {
    status: c.status,
    value: c.value,
    dateSigned: dateTime(c.dateSigned),
    period: { startDate: dateTime(c.period.startDate), endDate: dateTime(c.period.endDate) },
    documents: [
      { id: `${c.contractId}-notice`, documentType: 'contractNotice', url: e.data.url, datePublished: dateTime(e.data.announcedAt) },
    ],
  });
}

type Get = (key: string) => OcdsRow | null;

const asProject = (row: OcdsRow | null): OcdsProjectRow | null => (row !== null && row.kind === 'project' ? row : null);
const asContract = (row: OcdsRow | null): OcdsContractRow | null => (row !== null && row.kind === 'contract' ? row : null);
const contractIdOf = (entry: ProjectedEntry): string | undefined =>
  (entry.event.data as { contractId?: unknown }).contractId as string | undefined;

/**
 * The release a key names, as of this entry. Release keys come before the contract's key in
 * keysOf, so `get` shows the contract as it was before the entry (with its waiting releases).
 */
function releaseRow(entry: ProjectedEntry, key: string, get: Get): OcdsReleaseRow | null {
  const [, publishedAt, position] = key.split(':').map(Number);
  const stamp = { kind: 'release' as const, publishedAt, lastPosition: entry.position };
  const e = entry.event;
  if (e.type === 'ProjectRegistered' || e.type === 'TenderPublished' || e.type === 'ContractorAwarded') {
    const r = projectEventRelease(entry, asProject(get(projectKey(e.data.projectId))));
    return r === null ? null : { ...stamp, projectId: r.projectId, position, date: entry.recordedAt, tag: [r.tag], body: r.body };
  }
  const contractId = contractIdOf(entry);
  const c = contractId === undefined ? null : asContract(get(contractKey(contractId)));
  if (c === null) return null;
  if (position !== entry.position) {
    const waiting = heldItem(c, position);
    return waiting === undefined ? null : { ...stamp, ...waiting };
  }
  if (e.type === 'ContractAnnounced')
    return { ...stamp, projectId: c.projectId, position, date: entry.recordedAt, tag: ['contract'], body: announcementRelease(c, entry) };
  const r = contractEventRelease(c, entry);
  return r === null ? null : { ...stamp, projectId: c.projectId, position, date: entry.recordedAt, tag: [r.tag], body: r.body };
}

function fold(row: OcdsRow | null, entry: ProjectedEntry, key: string, get: Get): OcdsRow | null {
  if (key.startsWith('release:')) return row ?? releaseRow(entry, key, get);
  if (key.startsWith('project:')) return foldProject(asProject(row), entry);
  if (key.startsWith('contract:')) {
    const c = asContract(row);
    const e = entry.event;
    return foldContract(c, entry, e.type === 'ContractSigned' ? asProject(get(projectKey(e.data.projectId))) : null);
  }
  return row;
}

export const ocdsReleasesProjection: Projection<OcdsRow> = {
  name: 'ocds_releases',
  // 2: fines printed by formatFen (10,000.00 元), as every amount elsewhere. 3: failed evaluations and the rectification deadline (issue 15).
  version: 3,
  columns: {
    kind: { type: 'text', of: (r) => r.kind },
    project_id: { type: 'text', of: (r) => r.projectId },
    published_at: { type: 'integer', of: (r) => (r.kind === 'release' ? r.publishedAt : null) },
  },
  keysOf(entry, get) {
    const e = entry.event;
    const here = releaseKey(entry.position, entry.position);
    switch (e.type) {
      case 'ProjectRegistered':
      case 'TenderPublished':
      case 'ContractorAwarded':
        return keys(projectKey(e.data.projectId), here);
      case 'ContractSigned':
        return keys(projectKey(e.data.projectId), contractKey(e.data.contractId));
      case 'ContractAnnounced': {
        const c = asContract(get(contractKey(e.data.contractId)));
        if (c === null || c.announced) return [];
        // The contract's release, then those that waited for it, all published by this entry; the contract's row last.
        return keys(here, ...releasedKeys(c, entry.position, releaseKey), contractKey(c.contractId));
      }
      case 'ViolationRecorded':
        return [contractKey(e.data.contractId)];
      case 'PaymentMade':
      case 'PerformanceEvaluated':
      case 'PenaltyImposed':
      case 'PenaltyRevoked':
      case 'ContractTerminated':
      case 'ContractCompleted': {
        const c = asContract(get(contractKey(e.data.contractId)));
        if (c === null) return [];
        return c.announced ? keys(here, contractKey(c.contractId)) : [contractKey(c.contractId)];
      }
      default:
        return [];
    }
  },
  apply: applyOnce(fold),
};
