import type { FundAllocatedData } from './funds.events';
import type { FundAllocatedV1Data } from './funds.events.v1';

const YUAN = /^(0|[1-9]\d*)(?:\.(\d{1,2}))?$/;

/** "1200000.5" → 120000050 fen, exactly (string arithmetic, never a float). */
export function yuanStringToFen(amountYuan: string): number {
  const m = YUAN.exec(amountYuan);
  if (!m) throw new RangeError(`FundAllocated v1: amountYuan ${JSON.stringify(amountYuan)} is not a yuan amount with at most 2 decimals`);
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  if (!Number.isSafeInteger(fen)) throw new RangeError(`FundAllocated v1: amountYuan ${amountYuan} is too large`);
  return fen;
}

/** FundAllocated v1 → v2: `amountYuan` (decimal string) becomes `amount` (integer fen); nothing else changes. */
export function upcastFundAllocatedV1(data: FundAllocatedV1Data): FundAllocatedData {
  const { amountYuan, ...rest } = data;
  return { ...rest, amount: yuanStringToFen(amountYuan) };
}
