export * from './classify-dqe-failure.js';
export * from './identity-fields.js';
export * from './outcomes.js';
export * from './phone-number.js';
export * from './redirect-uri.js';
export * from './resolve-policy.js';
export * from './types.js';
export * from './validate-match-input.js';
