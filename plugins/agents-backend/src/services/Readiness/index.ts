export { createReadinessService } from './createReadinessService';
export type { ReadinessServiceOptions } from './createReadinessService';
export { createPrometheusReadiness } from './createPrometheusReadiness';
export type { PrometheusReadinessOptions } from './createPrometheusReadiness';
export { createLimiter } from './createLimiter';
export { planFetch } from './fetchPlan';
export { redactSecrets, safeText } from './redactSecrets';
export { parseReadyz } from './parseReadyz';
export type * from './types';
