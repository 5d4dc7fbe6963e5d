export * from './policy-pack';
export * from './catalogue';
export * from './packs';
export * from './policy-for';
export * from './credit-packs';
export * from './evaluation-grades';
export * from './grade-of';
