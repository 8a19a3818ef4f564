import type { AgentSpec } from './spec';

/** Requests/limits and worker counts per resource profile (FIELD-NOTES). @public */
export interface ResourceProfile {
  requests: Record<string, string>;
  limits: Record<string, string>;
  workers: number;
  gpu: boolean;
  /** Seconds the startup probe tolerates; models take longer to load. */
  startupSeconds: number;
}

/** The four profiles. @public */
export const RESOURCE_PROFILES: Record<AgentSpec['profile'], ResourceProfile> =
  {
    api: {
      requests: { cpu: '250m', memory: '256Mi' },
      limits: { cpu: '1000m', memory: '1Gi' },
      workers: 2,
      gpu: false,
      startupSeconds: 60,
    },
    embeddings: {
      requests: { cpu: '500m', memory: '512Mi' },
      limits: { cpu: '2000m', memory: '2Gi' },
      workers: 2,
      gpu: false,
      startupSeconds: 90,
    },
    orchestrator: {
      requests: { cpu: '1000m', memory: '1Gi' },
      limits: { cpu: '4000m', memory: '4Gi' },
      workers: 2,
      gpu: false,
      startupSeconds: 90,
    },
    'local-model': {
      requests: { cpu: '2000m', memory: '8Gi', 'nvidia.com/gpu': '1' },
      limits: { cpu: '4000m', memory: '16Gi', 'nvidia.com/gpu': '1' },
      // One worker per GPU: a second process would load a second copy of the model.
      workers: 1,
      gpu: true,
      startupSeconds: 300,
    },
  };
