/**
 * Shared vocabulary of the event catalogue. Event data is JSON only: money is integer fen
 * (`number`), dates are `YYYY-MM-DD` strings, instants ISO 8601 strings (API.md "Conventions").
 */

/*
 * The JSDoc tags (@asType, @minimum, @pattern) below are read by `npm run schemas`, which turns these
 * types into the JSON Schema the store checks every new event against (src/ledger/event-schema-guard.ts).
 */

/**
 * A whole number of fen (CNY minor units), never negative, never past 2^53 − 1.
 * @asType integer
 * @minimum 0
 * @maximum 9007199254740991
 */
export type Fen = number;
/**
 * `YYYY-MM-DD`, a business date.
 * @pattern ^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$
 */
export type IsoDate = string;
/**
 * 6-digit administrative division code (GB/T 2260); the province is the first two digits.
 * @pattern ^[1-9]\d{5}$
 */
export type RegionCode = string;
/**
 * A fiscal year (预算年度).
 * @asType integer
 * @minimum 2000
 * @maximum 2100
 */
export type FiscalYear = number;

/** A service recipient (救助对象): personal data, only ever in an event's private part. */
export type Recipient = {
  readonly name: string;
  readonly idNumber: string;
  readonly needs: string;
};

/**
 * The private part of an event (API.md "Ledger entry envelope"): never in `data`. The store keeps
 * it beside the entry (salted digest in the envelope), so it can be erased without breaking proofs.
 */
export type PrivatePart = {
  readonly recipients?: Recipient[];
  readonly internalNote?: string;
  /**
   * Who acted, by name (the API key's `name` and `organization`), beside the key's fingerprint in the
   * entry's metadata. Kept here, not in the envelope, because the envelope of a disclosed fact is public
   * (proof bundles) and a civil servant's name is for auditors only (API.md "Authentication and roles").
   */
  readonly actor?: ActorName;
};

export type ActorName = {
  readonly name: string;
  readonly organization?: string;
};

/**
 * One event as deciders return it and evolve folds it. Arrays in data are typed mutable (`T[]`) only so
 * an event is assignable to the store's JSON types; nothing mutates them (specs deep-freeze every event).
 */
export interface EventOf<T extends string, V extends number, D> {
  readonly type: T;
  readonly schemaVersion: V;
  readonly data: Readonly<D>;
  readonly private?: PrivatePart;
}

export const FUND_SOURCES = ['central', 'provincial'] as const;
export type FundSource = (typeof FUND_SOURCES)[number];

export const CONTRACTOR_KINDS = [
  'enterprise',
  'social_organization',
  'public_institution_ii',
  // 000 §二(一)2: 公益二类和从事生产经营活动的事业单位.
  'public_institution_production',
  'rural_collective',
  'grassroots_autonomous',
] as const;
export type ContractorKind = (typeof CONTRACTOR_KINDS)[number];

export const PROCUREMENT_METHODS = [
  'public_tender',
  'invited_tender',
  'competitive_negotiation',
  'competitive_consultation',
  'single_source',
  'inquiry',
  'self_organized',
] as const;
export type ProcurementMethod = (typeof PROCUREMENT_METHODS)[number];

export const EVALUATORS = ['purchaser', 'service_recipients', 'third_party'] as const;
export type Evaluator = (typeof EVALUATORS)[number];

/** An evaluation's grade (004 §三(五) 考评合格 / 不合格): 优秀, 良好, 合格, 不合格 — in descending order. */
export const GRADES = ['excellent', 'good', 'pass', 'fail'] as const;
export type Grade = (typeof GRADES)[number];

export const VIOLATION_KINDS = ['breach', 'fraud', 'subcontracting', 'service_failure', 'financial_irregularity'] as const;
export type ViolationKind = (typeof VIOLATION_KINDS)[number];

/**
 * A publication period (公示期) in whole months.
 * @asType integer
 * @minimum 1
 * @maximum 120
 */
export type Months = number;

/** 轻微 / 一般 / 严重, in ascending order: a penalty's severity is the most severe of the violations it cites. */
export const SEVERITIES = ['minor', 'general', 'serious'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** 处罚类别 of the 双公示 administrative-penalty data items: 警告, 罚款, 没收违法所得, 禁止参与, 解除合同, 其他. */
export const PENALTY_CATEGORIES = ['warning', 'fine', 'confiscation', 'debarment', 'contract_termination', 'other'] as const;
export type PenaltyCategory = (typeof PENALTY_CATEGORIES)[number];

/**
 * An organisation by name and unified social credit code (处罚机关 / 数据来源单位). `uscc` is null only
 * in entries written before the code was recorded (upcast from PenaltyImposed v1, which had a name only).
 */
export type Organization = {
  readonly name: string;
  readonly uscc: string | null;
};

export type Purchaser = {
  readonly code: string;
  readonly name: string;
};

export type PaymentInstalment = {
  readonly dueDate: IsoDate;
  readonly amount: Fen;
};
