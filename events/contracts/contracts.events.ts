import type {
  Evaluator,
  EventOf,
  Fen,
  FiscalYear,
  Grade,
  IsoDate,
  PaymentInstalment,
  Purchaser,
  RegionCode,
  Severity,
  ViolationKind,
} from '../common';

/** Contract (书面合同) and what happens under it. Stream: `contract-<contractId>`. */

/** 000 §四(三)1: 服务的内容、期限、数量、质量、价格、资金结算方式、各方权利义务事项和违约责任. */
export type ContractSignedData = {
  readonly contractId: string;
  readonly projectId: string;
  readonly region: RegionCode;
  readonly fiscalYear: FiscalYear;
  readonly purchaser: Purchaser;
  readonly category: string;
  readonly contractorUscc: string;
  readonly amount: Fen;
  readonly signedAt: IsoDate;
  /** Term startDate … endDate, both inclusive (src/shared/domain/dates.ts). */
  readonly startDate: IsoDate;
  readonly endDate: IsoDate;
  readonly paymentSchedule: PaymentInstalment[];
  readonly deliverables: string;
  readonly liabilities: string;
  /**
   * The 临时接管预案 made in advance (000 §四(四)3; 001 §二(六)): how the service goes on if the contractor
   * cannot provide it. Null only for contracts signed before v2 recorded it (a gap, never invented).
   */
  readonly takeoverPlan: string | null;
  readonly extendedTermJustification?: string;
};
export type ContractSigned = EventOf<'ContractSigned', 2, ContractSignedData>;

/** 000 §四(三)4: 合同应当依法予以公告. */
export type ContractAnnouncedData = { readonly contractId: string; readonly announcedAt: IsoDate; readonly url: string };
export type ContractAnnounced = EventOf<'ContractAnnounced', 1, ContractAnnouncedData>;

export type PaymentMadeData = {
  readonly contractId: string;
  readonly paymentId: string;
  readonly amount: Fen;
  readonly paidAt: IsoDate;
  /**
   * A payment purpose code (src/policy/catalogue.ts PAYMENT_PURPOSES), e.g. `service_fee`. A string in the
   * stored shape: entries written before the code list may hold free text (`wages`, `工资`), read as written.
   */
  readonly purpose: string;
};
export type PaymentMade = EventOf<'PaymentMade', 1, PaymentMadeData>;

/** 000 §四(五): 购买主体、服务对象及第三方组成的综合性评价机制. */
export type PerformanceEvaluatedData = {
  readonly contractId: string;
  readonly evaluationId: string;
  readonly evaluator: Evaluator;
  /**
   * 0–100.
   * @minimum 0
   * @maximum 100
   */
  readonly score: number;
  readonly evaluatedAt: IsoDate;
  readonly summary?: string;
  /**
   * 0–1.
   * @minimum 0
   * @maximum 1
   */
  readonly satisfactionRate?: number;
  /**
   * 优秀 / 良好 / 合格 / 不合格 (004 §三(五)): as the evaluator stated it, else derived from the score by the
   * thresholds of the pack in force on evaluatedAt. null: an entry written as v1 (contracts.events.v1.ts),
   * which recorded no grade; rules derive it then (src/policy/evaluation-grades.ts), read models show null.
   */
  readonly grade: Grade | null;
};
export type PerformanceEvaluated = EventOf<'PerformanceEvaluated', 2, PerformanceEvaluatedData>;

export type ViolationRecordedData = {
  readonly contractId: string;
  readonly contractorUscc: string;
  readonly violationId: string;
  readonly kind: ViolationKind;
  readonly severity: Severity;
  readonly occurredAt: IsoDate;
  readonly description: string;
};
export type ViolationRecorded = EventOf<'ViolationRecorded', 1, ViolationRecordedData>;

/** Ordered by a penalty (000 §四(四)4: 终止合同执行). */
export type ContractTerminatedData = {
  readonly contractId: string;
  readonly penaltyId: string;
  readonly terminatedAt: IsoDate;
  readonly paid: Fen;
  readonly unpaid: Fen;
};
export type ContractTerminated = EventOf<'ContractTerminated', 1, ContractTerminatedData>;

/**
 * 000 §四(四)3; 001 §二(六): 在承接主体发生不能按合同约定提供服务的情形时，及时启动预案, 确保救助对象的正当权利不受影响.
 * The purchaser has started the takeover plan: ordered by a penalty that terminates the contract (penaltyId,
 * reason null), or by the purchaser after a service failure without a penalty (reason, penaltyId null). It
 * does not end the contract by itself; only ContractTerminated does.
 */
export type TakeoverActivatedData = {
  readonly contractId: string;
  readonly projectId: string;
  readonly penaltyId: string | null;
  readonly activatedAt: IsoDate;
  readonly reason: string | null;
};
export type TakeoverActivated = EventOf<'TakeoverActivated', 2, TakeoverActivatedData>;

/**
 * The final settlement stated on acceptance while scheduled instalments were unpaid: `amount` is what
 * remains payable after acceptance (0 … the unpaid remainder), `reason` why (000 §四(三)1 资金结算方式;
 * 000 §四(五)2 按照合同约定向承接主体支付款项).
 */
export type FinalSettlement = { readonly amount: Fen; readonly reason: string };

/** Acceptance (检查验收, 002 §三(四)). */
export type ContractCompletedData = {
  readonly contractId: string;
  readonly acceptedAt: IsoDate;
  readonly report: string;
  /** Σ payments when accepted. */
  readonly paid: Fen;
  /** Null when none was stated (nothing unpaid, or completed before v2 recorded it). */
  readonly finalSettlement: FinalSettlement | null;
};
export type ContractCompleted = EventOf<'ContractCompleted', 2, ContractCompletedData>;

export type ContractEvent =
  | ContractSigned
  | ContractAnnounced
  | PaymentMade
  | PerformanceEvaluated
  | ViolationRecorded
  | ContractTerminated
  | TakeoverActivated
  | ContractCompleted;
