import { performance } from 'node:perf_hooks';
import {
  parseAgentSpec,
  renderEnvironmentObjects,
  renderManifestFiles,
} from '@agentdeck/plugin-scaffolder-backend-module-agents';
// The module's test data, not a public export (issue #15).
// eslint-disable-next-line @backstage/no-forbidden-package-imports
import { SAMPLE_SPECS } from '@agentdeck/plugin-scaffolder-backend-module-agents/src/__testUtils__/specs';
import { percentiles, Percentiles } from './stats';

/** Render time of one agent's whole manifest set (base files, overlays and per-environment objects). */
export interface ScaffolderResult {
  spec: string;
  renders: number;
  files: number;
  bytes: number;
  perRender: Percentiles;
  rendersPerSecond: number;
}

/** Times N full renders per sample spec. */
export function measureScaffolder(renders = 500): ScaffolderResult[] {
  return Object.entries(SAMPLE_SPECS).map(([name, input]) => {
    const spec = parseAgentSpec(input);
    const renderAll = () => {
      const files = renderManifestFiles(spec);
      for (const env of spec.environments) renderEnvironmentObjects(spec, env);
      return files;
    };
    for (let i = 0; i < 20; i++) renderAll();
    const samples: number[] = [];
    let files: Record<string, string> = {};
    const t = performance.now();
    for (let i = 0; i < renders; i++) {
      const s = performance.now();
      files = renderAll();
      samples.push(performance.now() - s);
    }
    const total = performance.now() - t;
    return {
      spec: name,
      renders,
      files: Object.keys(files).length,
      bytes: Object.values(files).reduce((n, c) => n + c.length, 0),
      perRender: percentiles(samples),
      rendersPerSecond: Math.round((renders * 1000) / total),
    };
  });
}
