import type { LedgerEvent, PenaltyCategory, PenaltyImposedData, Severity, ViolationKind } from '../../events';
import { SEVERITIES } from '../../events';
import { formatFenAsWanYuan } from '../../events/money';
import type { ProjectedEntry, Projection } from '../projection';
import { pad12 } from '../common/fold';

/**
 * Administrative penalties in the 双公示 exchange layout (API.md `GET /v1/credit/penalties/xzcf`;
 * docs/credit-exchange.md has the item mapping and its sources). One `xzcf:` row per published
 * penalty, keyed by the position of the last entry that changed it: a revocation, the end of the
 * publication period or a credit repair moves the penalty's row to the end as a withdrawal notice
 * (the change in BZ, the misconduct no longer shared), so a platform that follows the pages with
 * `after` sees every change, and a full read lists each penalty once, as it stands.
 *
 * Not listed: a `minor` penalty (轻微, not published: NDRC Order 36 of 2025; 发改办财金〔2019〕527号).
 * The severity is the penalty's own, or for an entry written before it was recorded (v1), the most
 * severe of the violations it cites, as the ledger recorded them.
 *
 * Redaction by construction: every item is built by name from event data; a projection never
 * receives a private part. What the ledger does not hold (法定代表人, a v1 entry's 文号, ...) is an
 * empty string, never a made-up value.
 *
 * Rows: `xzcf:<position 12>:<index 12>` kind 'xzcf' (index: the penalty's place in an entry that
 * changes several, a v1 CreditRepaired); `penalty:<penaltyId>` its state and current key;
 * `contractor:<uscc>` the name; `violation:<contractId>:<violationId>` the severity.
 */

/** The item codes, in the standard's order: the JSON keys and the CSV header. */
export const XZCF_ITEMS = [
  'CF_XDR_MC',
  'CF_XDR_LB',
  'CF_XDR_SHXYM',
  'CF_WSH',
  'CF_WFXW',
  'CF_SY',
  'CF_YJ',
  'CF_CFLB',
  'CF_NR',
  'CF_NR_FK',
  'CF_JDRQ',
  'CF_YXQ',
  'CF_GSJZQ',
  'CF_CFJG',
  'CF_CFJGDM',
  'CF_SJLY',
  'CF_SJLYDM',
  'BZ',
] as const;
export type XzcfRecord = { readonly [item in (typeof XZCF_ITEMS)[number]]: string };

export interface XzcfRow {
  readonly kind: 'xzcf';
  readonly position: number;
  readonly index: number;
  readonly penaltyId: string;
  readonly record: XzcfRecord;
}

interface PenaltyRow {
  readonly kind: 'penalty';
  readonly penaltyId: string;
  readonly uscc: string;
  readonly name: string | null;
  readonly decision: PenaltyImposedData;
  readonly severity: Severity | null;
  readonly revokedOn: string | null;
  readonly endedOn: string | null;
  readonly repairedOn: string | null;
  /** The key of its `xzcf:` row; null when not published (minor). */
  readonly listedAs: string | null;
  readonly lastPosition: number;
}
interface ContractorRow {
  readonly kind: 'contractor';
  readonly name: string;
}
interface ViolationRow {
  readonly kind: 'violation';
  readonly severity: Severity;
}
type Row = XzcfRow | PenaltyRow | ContractorRow | ViolationRow;

export const xzcfKey = (position: number, index: number): string => `xzcf:${pad12(position)}:${pad12(index)}`;
const penaltyKey = (penaltyId: string): string => `penalty:${penaltyId}`;
const violationKey = (contractId: string, violationId: string): string => `violation:${contractId}:${violationId}`;

/** 处罚类别 as the issue names them (警告, 罚款, 没收违法所得, 禁止参与, 解除合同, 其他). */
const CATEGORY_NAMES: Record<PenaltyCategory, string> = {
  warning: '警告',
  fine: '罚款',
  confiscation: '没收违法所得',
  debarment: '禁止参与',
  contract_termination: '解除合同',
  other: '其他',
};
/** 违法行为类型 by the ledger's violation kinds (000 §四(四)). */
const VIOLATION_NAMES: Record<ViolationKind, string> = {
  breach: '违反合同约定',
  fraud: '弄虚作假',
  subcontracting: '转包',
  service_failure: '服务未达标准',
  financial_irregularity: '资金使用违规',
};
/** 违法行为类型 of a penalty citing failed evaluations (004 §三(五): 考评不合格). */
const FAILED_EVALUATION_NAME = '绩效考评不合格';
/** Every contractor kind the ledger registers has a unified social credit code: 法人及非法人组织. */
const XDR_LB = '法人及非法人组织';

const mostSevere = (severities: readonly Severity[]): Severity | null =>
  severities.reduce<Severity | null>((a, s) => (a === null || SEVERITIES.indexOf(s) > SEVERITIES.indexOf(a) ? s : a), null);

/** The penalties an entry changes on this read model, by id. */
function penaltiesChanged(ev: LedgerEvent): readonly string[] {
  switch (ev.type) {
    case 'PenaltyRevoked':
    case 'CreditPublicationEnded':
      return [ev.data.penaltyId];
    case 'CreditRepaired':
      return ev.data.penaltyIds;
    default:
      return [];
  }
}

const asPenalty = (row: Row | null): PenaltyRow | null => (row?.kind === 'penalty' ? row : null);

/** The penalty's severity, or for a v1 entry the most severe cited violation the ledger recorded. */
function severityOf(d: PenaltyImposedData, get: (key: string) => Row | null): Severity | null {
  if (d.severity !== null) return d.severity;
  const cited = d.violationIds
    .map((id) => get(violationKey(d.contractId, id)))
    .flatMap((r) => (r?.kind === 'violation' ? [r.severity] : []));
  return mostSevere(cited);
}

function bz(p: PenaltyRow): string {
  const notes = [`账本处罚编号：${p.penaltyId}`];
  // No 双公示 item holds an order to rectify (004 §三(五)); the remark carries its deadline.
  if (p.decision.rectificationDeadline !== null) notes.push(`整改期限：${p.decision.rectificationDeadline}`);
  if (p.revokedOn !== null) notes.push(`状态：已撤销（${p.revokedOn}撤销决定），不再公示`);
  if (p.repairedOn !== null) notes.push(`状态：已信用修复，自${p.repairedOn}起不再公示`);
  if (p.endedOn !== null) notes.push(`状态：公示期满，自${p.endedOn}起不再公示`);
  return notes.join('；');
}

/**
 * What an ended penalty's row no longer shares: the misconduct and the sanction. Once revoked, expired
 * or repaired (Order 36: publication and sharing end) the row is a withdrawal notice: who, which
 * decision (文号, date, authority, source), the period, and BZ saying why; the ledger keeps the rest
 * for auditors (credit record, feed history).
 */
const WITHDRAWN_ITEMS = ['CF_WFXW', 'CF_SY', 'CF_YJ', 'CF_CFLB', 'CF_NR', 'CF_NR_FK', 'CF_YXQ'] as const;

/** The 双公示 items of a penalty as it stands (docs/credit-exchange.md). */
export function xzcfRecord(p: PenaltyRow): XzcfRecord {
  const record = decisionItems(p);
  const ended = p.revokedOn !== null || p.endedOn !== null || p.repairedOn !== null;
  return ended ? { ...record, ...Object.fromEntries(WITHDRAWN_ITEMS.map((item) => [item, ''])) } : record;
}

function decisionItems(p: PenaltyRow): XzcfRecord {
  const d = p.decision;
  return {
    CF_XDR_MC: p.name ?? '',
    CF_XDR_LB: XDR_LB,
    CF_XDR_SHXYM: p.uscc,
    CF_WSH: d.decisionNumber ?? '',
    CF_WFXW: [
      ...(d.violationType ?? []).map((k) => VIOLATION_NAMES[k]),
      ...(d.evaluationIds.length > 0 ? [FAILED_EVALUATION_NAME] : []),
    ].join(';'),
    CF_SY: d.facts ?? '',
    CF_YJ: d.legalBasis ?? '',
    CF_CFLB: (d.penaltyCategories ?? []).map((c) => CATEGORY_NAMES[c]).join(';'),
    CF_NR: d.content ?? '',
    CF_NR_FK: d.fine !== undefined ? formatFenAsWanYuan(d.fine) : '',
    CF_JDRQ: d.decidedAt,
    CF_YXQ: d.debarment?.until ?? '',
    CF_GSJZQ: d.publishedUntil ?? '',
    CF_CFJG: d.authority.name,
    CF_CFJGDM: d.authority.uscc ?? '',
    CF_SJLY: d.dataSource?.name ?? '',
    CF_SJLYDM: d.dataSource?.uscc ?? '',
    BZ: bz(p),
  };
}

/** The inclusive last day of a penalty still published, or null (not listed, no period, or ended). */
export function openUntil(p: PenaltyRow): string | null {
  const ended = p.revokedOn !== null || p.endedOn !== null || p.repairedOn !== null;
  return p.listedAs === null || ended ? null : p.decision.publishedUntil;
}

function foldPenalty(row: PenaltyRow | null, e: ProjectedEntry, get: (key: string) => Row | null): PenaltyRow | null {
  const ev = e.event;
  if (ev.type === 'PenaltyImposed') {
    if (row !== null) return row;
    const d = ev.data;
    const contractor = get(`contractor:${d.contractorUscc}`);
    const severity = severityOf(d, get);
    return {
      kind: 'penalty',
      penaltyId: d.penaltyId,
      uscc: d.contractorUscc,
      name: contractor?.kind === 'contractor' ? contractor.name : null,
      decision: d,
      severity,
      revokedOn: null,
      endedOn: null,
      repairedOn: null,
      listedAs: severity === 'minor' ? null : xzcfKey(e.position, 0),
      lastPosition: e.position,
    };
  }
  if (row === null || row.lastPosition >= e.position) return row;
  const index = penaltiesChanged(ev).indexOf(row.penaltyId);
  const listedAs = row.listedAs === null ? null : xzcfKey(e.position, index);
  switch (ev.type) {
    case 'PenaltyRevoked':
      return { ...row, revokedOn: ev.data.decidedAt, listedAs, lastPosition: e.position };
    case 'CreditPublicationEnded':
      return { ...row, endedOn: ev.data.endedOn, listedAs, lastPosition: e.position };
    case 'CreditRepaired':
      return { ...row, repairedOn: ev.data.repairedAt, listedAs, lastPosition: e.position };
    default:
      return row;
  }
}

export const creditXzcf: Projection<Row> = {
  name: 'credit_xzcf',
  /**
   * 2: `open_until`, the penalties still published by their period's last day (issue 14: their publication ends too).
   * 3: failed evaluations in CF_WFXW, the rectification deadline in BZ (issue 15).
   */
  version: 3,
  columns: {
    kind: { type: 'text', of: (r) => r.kind },
    /**
     * A penalty row's publishedUntil while it is still published (listed, not revoked, expired or repaired),
     * else null: the service finds the penalties whose period has elapsed with a range query on it.
     */
    open_until: { type: 'text', of: (r) => (r.kind === 'penalty' ? openUntil(r) : null) },
  },
  keysOf(e, get) {
    const ev = e.event;
    switch (ev.type) {
      case 'ContractorRegistered':
        return [`contractor:${ev.data.uscc}`];
      case 'ViolationRecorded':
        return [violationKey(ev.data.contractId, ev.data.violationId)];
      case 'PenaltyImposed': {
        const d = ev.data;
        if (get(penaltyKey(d.penaltyId)) !== null) return []; // delivered twice
        const cited = d.violationIds.map((id) => violationKey(d.contractId, id));
        const listed = severityOf(d, get) !== 'minor';
        return [`contractor:${d.contractorUscc}`, ...cited, penaltyKey(d.penaltyId), ...(listed ? [xzcfKey(e.position, 0)] : [])];
      }
      default:
        // A changed penalty: its state, its row at the new key, its row at the old key (removed).
        return penaltiesChanged(ev).flatMap((id, index) => {
          const p = asPenalty(get(penaltyKey(id)));
          if (p === null || p.lastPosition >= e.position) return [];
          return p.listedAs === null ? [penaltyKey(id)] : [penaltyKey(id), xzcfKey(e.position, index), p.listedAs];
        });
    }
  },
  apply(row, e, key, get) {
    const ev = e.event;
    if (key.startsWith('contractor:')) {
      return ev.type === 'ContractorRegistered' && row === null ? { kind: 'contractor', name: ev.data.name } : row;
    }
    if (key.startsWith('violation:'))
      return ev.type === 'ViolationRecorded' && row === null ? { kind: 'violation', severity: ev.data.severity } : row;
    if (key.startsWith('penalty:')) return foldPenalty(asPenalty(row), e, get);
    const [, position, index] = key.split(':').map(Number);
    if (position !== e.position) return null; // the penalty's row before this change: it moved
    if (row !== null) return row;
    const penaltyId = ev.type === 'PenaltyImposed' ? ev.data.penaltyId : penaltiesChanged(ev)[index];
    const p = asPenalty(get(penaltyKey(penaltyId)));
    return p === null ? null : { kind: 'xzcf', position, index, penaltyId, record: xzcfRecord(p) };
  },
};
