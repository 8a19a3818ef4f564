export { parseExposition } from './exposition';
export type {
  Exposition,
  ExpositionSample,
  ExpositionLimits,
  ParseOptions,
} from './exposition';
export { createPrometheusClient, PrometheusError } from './prometheusClient';
export type { PrometheusClient, PromSeries } from './prometheusClient';
export { createPrometheusUsageReader } from './createPrometheusUsageReader';
export { createPodMetricsStore } from './podMetricsStore';
export type { PodMetricsStore } from './podMetricsStore';
export { createPodMetricsSampler } from './createPodMetricsSampler';
export type {
  PodMetricsSampler,
  PodMetricsSamplerDeps,
  RejectedPod,
} from './createPodMetricsSampler';
export type { PlausibilityLimits } from './counterPlan';
export { DEFAULT_PLAUSIBILITY, podMetricsLimits } from './usageLimits';
export type { PodMetricsLimits } from './usageLimits';
export { createPodMetricsUsageReader } from './createPodMetricsUsageReader';
export { createUsageService } from './createUsageService';
export { parseUsageQuery } from './parseUsageQuery';
export { priceUsage, findPrice } from './pricing';
export * from './types';
