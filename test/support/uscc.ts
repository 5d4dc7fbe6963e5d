import { usccCheckChar } from '../../src/shared/domain/uscc';

/** A unified social credit code from its first 17 characters, with the right check character. */
export const uscc = (first17: string): string => first17 + usccCheckChar(first17)!;
/** The contractors most tests use: a Changchun social organisation and an Inner Mongolia enterprise. */
export const CONTRACTOR = uscc('52220100MJ0000001');
export const OTHER_CONTRACTOR = uscc('91150100MA0000002');
