import {
  parseAgentSpec,
  renderEnvironmentObjects,
} from '@agentdeck/plugin-scaffolder-backend-module-agents';
import { stripDeployment } from '../ClusterCache/stripWorkloads';
import { stripHpa, stripScaledObject } from '../ClusterCache/stripAutoscalers';
import { DRIFT_SPECS } from './__testUtils__/specs';
import {
  compareObjects,
  imageRepository,
  LiveObjects,
  quantity,
} from './compare';
import type { KubeObject } from './kustomize';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const rendered = (name: keyof typeof DRIFT_SPECS, env = 'production') =>
  renderEnvironmentObjects(
    parseAgentSpec(DRIFT_SPECS[name]),
    env as 'production',
  ) as KubeObject[];

/** What an API server hands back: defaults filled in, quantities canonical, status and server metadata added. */
function served(o: KubeObject): Json {
  const out: Json = structuredClone(o);
  out.metadata = {
    ...out.metadata,
    uid: 'u-1',
    resourceVersion: '42',
    generation: 3,
    creationTimestamp: '2026-01-01T00:00:00Z',
    managedFields: [{ manager: 'kubectl' }],
    annotations: { 'deployment.kubernetes.io/revision': '4' },
    labels: { ...out.metadata.labels, 'added-by-someone': 'x' },
  };
  if (o.kind === 'Deployment') {
    out.spec.replicas ??= 1;
    out.spec.progressDeadlineSeconds = 600;
    for (const c of out.spec.template.spec.containers) {
      c.terminationMessagePath = '/dev/termination-log';
      c.terminationMessagePolicy = 'File';
      // the API server writes quantities in canonical form
      for (const part of ['requests', 'limits'])
        for (const [k, v] of Object.entries(c.resources[part] ?? {}))
          if (v === '1000m') c.resources[part][k] = '1';
          else if (v === '4000m') c.resources[part][k] = '4';
      for (const e of c.env ?? [])
        if (e.valueFrom?.secretKeyRef)
          e.valueFrom.secretKeyRef = {
            key: e.valueFrom.secretKeyRef.key,
            name: e.valueFrom.secretKeyRef.name,
          };
    }
    out.spec.template.spec.dnsPolicy = 'ClusterFirst';
    out.status = { replicas: 2, readyReplicas: 2 };
  }
  if (o.kind === 'HorizontalPodAutoscaler')
    out.status = { currentReplicas: 3, desiredReplicas: 3 };
  return out;
}

function liveOf(objects: KubeObject[], edit?: (o: Json) => void): LiveObjects {
  const live: LiveObjects = { deployments: [], hpas: [], scaledObjects: [] };
  for (const o of objects) {
    const raw = served(o);
    edit?.(raw);
    if (o.kind === 'Deployment') live.deployments.push(stripDeployment(raw));
    if (o.kind === 'HorizontalPodAutoscaler') live.hpas.push(stripHpa(raw));
    if (o.kind === 'ScaledObject')
      live.scaledObjects.push(stripScaledObject(raw));
  }
  return live;
}

const container = (o: Json) => o.spec.template.spec.containers[0];

describe('compareObjects', () => {
  it.each(Object.keys(DRIFT_SPECS))(
    'finds no drift in objects as an API server serves them (%s)',
    name => {
      const objects = rendered(name);
      const result = compareObjects(objects, liveOf(objects));
      expect(result.differences).toEqual([]);
      expect(result.missing).toEqual([]);
      expect(result.notChecked).toContain('ConfigMap');
      expect(result.notChecked).toContain('Service');
      expect(result.notChecked).not.toContain('Deployment');
    },
  );

  it('ignores the image tag but not the repository', () => {
    const objects = rendered('hpa');
    const retagged = compareObjects(
      objects,
      liveOf(objects, o => {
        if (o.kind === 'Deployment')
          container(o).image = 'ghcr.io/acme/billing-agent:0.9.9';
      }),
    );
    expect(retagged.differences).toEqual([]);
    const moved = compareObjects(
      objects,
      liveOf(objects, o => {
        if (o.kind === 'Deployment')
          container(o).image = 'docker.io/evil/billing-agent:0.1.0';
      }),
    );
    expect(moved.differences).toEqual([
      {
        kind: 'Deployment',
        name: 'billing-agent',
        field: 'spec.template.spec.containers[agent].image',
        expected: 'ghcr.io/acme/billing-agent',
        live: 'docker.io/evil/billing-agent',
      },
    ]);
  });

  it('leaves replicas to an autoscaler that owns them, compares them otherwise', () => {
    const hpa = rendered('hpa');
    expect(
      compareObjects(
        hpa,
        liveOf(hpa, o => {
          if (o.kind === 'Deployment') o.spec.replicas = 7;
        }),
      ).differences,
    ).toEqual([]);
    // an overlay that sets replicas beside an HPA: the HPA still owns them
    const both = structuredClone(hpa) as Json[];
    both.find(o => o.kind === 'Deployment').spec.replicas = 2;
    expect(
      compareObjects(
        both,
        liveOf(hpa, o => {
          if (o.kind === 'Deployment') o.spec.replicas = 7;
        }),
      ).differences,
    ).toEqual([]);
    const keda = rendered('keda');
    expect(
      compareObjects(
        keda,
        liveOf(keda, o => {
          if (o.kind === 'Deployment') o.spec.replicas = 0;
        }),
      ).differences,
    ).toEqual([]);
    const fixed = rendered('fixedReplicas');
    expect(
      compareObjects(
        fixed,
        liveOf(fixed, o => {
          if (o.kind === 'Deployment') o.spec.replicas = 5;
        }),
      ).differences,
    ).toEqual([
      {
        kind: 'Deployment',
        name: 'local-llm-gateway',
        field: 'spec.replicas',
        expected: '2',
        live: '5',
      },
    ]);
  });

  it('names a changed, removed or added env var and never carries its value', () => {
    const objects = rendered('hpa');
    const result = compareObjects(
      objects,
      liveOf(objects, o => {
        if (o.kind !== 'Deployment') return;
        const env = container(o).env as Json[];
        env.find(e => e.name === 'WEB_CONCURRENCY').value = 'SECRET-VALUE-9';
        env.find(e => e.name === 'LLM_API_KEY').valueFrom.secretKeyRef.name =
          'SECRET-NAME';
        env.push({ name: 'EXTRA', value: 'SECRET-EXTRA' });
      }),
    );
    const byField = [...result.differences].sort((a, b) =>
      a.field.localeCompare(b.field),
    );
    expect(byField).toEqual(
      ['WEB_CONCURRENCY', 'LLM_API_KEY', 'EXTRA']
        .map(n => ({
          kind: 'Deployment',
          name: 'billing-agent',
          field: `spec.template.spec.containers[agent].env[${n}]`,
        }))
        .sort((a, b) => a.field.localeCompare(b.field)),
    );
    const text = JSON.stringify(result);
    for (const secret of ['SECRET', '"2"', 'billing-agent-llm'])
      expect(text).not.toContain(secret);
  });

  it('compares quantities by value, labels and autoscaler bounds by what the overlay sets', () => {
    const objects = rendered('hpa', 'dev');
    const result = compareObjects(
      objects,
      liveOf(objects, o => {
        if (o.kind === 'Deployment') {
          container(o).resources.requests.cpu = '0.25';
          container(o).resources.limits.memory = '2Gi';
          o.spec.template.metadata.labels['agentdeck.io/environment'] =
            'staging';
        }
        if (o.kind === 'HorizontalPodAutoscaler') {
          o.spec.maxReplicas = 6;
          o.spec.metrics[0].pods.target.averageValue = '20';
          // a field the overlay does not set: a default, not drift
          o.spec.behavior.scaleDown.selectPolicy = 'Max';
        }
      }),
    );
    expect(result.differences.map(d => [d.field, d.expected, d.live])).toEqual([
      [
        'spec.template.metadata.labels.agentdeck.io/environment',
        'dev',
        'staging',
      ],
      [
        'spec.template.spec.containers[agent].resources.limits.memory',
        '1Gi',
        '2Gi',
      ],
      ['spec.maxReplicas', '2', '6'],
      [
        'spec.metrics[Pods:agent_active_requests].target',
        'AverageValue 8',
        'AverageValue 20',
      ],
    ]);
  });

  it('leaves out fields the overlay does not set', () => {
    const objects = rendered('hpa') as Json[];
    const hpa = objects.find(o => o.kind === 'HorizontalPodAutoscaler');
    delete hpa.spec.minReplicas;
    delete hpa.spec.scaleTargetRef;
    const result = compareObjects(
      objects,
      liveOf(objects, o => {
        if (o.kind !== 'HorizontalPodAutoscaler') return;
        o.spec.minReplicas = 3;
        o.spec.scaleTargetRef = { kind: 'StatefulSet', name: 'other' };
      }),
    );
    expect(result.differences).toEqual([]);
  });

  it('lists objects missing live and kinds the cache cannot check', () => {
    const objects = rendered('keda');
    const live = liveOf(objects);
    live.scaledObjects = [];
    expect(compareObjects(objects, live)).toMatchObject({
      differences: [],
      missing: [{ kind: 'ScaledObject', name: 'invoice-reconciler' }],
    });
    // ScaledObjects AgentDeck may not read in that cluster are not checked, not missing
    const hidden = compareObjects(objects, live, new Set(['ScaledObject']));
    expect(hidden.missing).toEqual([]);
    expect(hidden.notChecked).toContain('ScaledObject');
    expect(hidden.notChecked).toEqual([...hidden.notChecked].sort());
  });
});

describe('imageRepository and quantity', () => {
  it.each([
    ['ghcr.io/acme/a:1.2.3', 'ghcr.io/acme/a'],
    ['localhost:5000/a:1', 'localhost:5000/a'],
    ['localhost:5000/a', 'localhost:5000/a'],
    ['a@sha256:abc', 'a'],
    ['a:1@sha256:abc', 'a'],
  ])('%s is %s', (image, repo) => expect(imageRepository(image)).toBe(repo));

  it.each([
    ['500m', 0.5],
    ['1', 1],
    ['1Gi', 2 ** 30],
    ['1e3', 1000],
    ['1.5k', 1500],
  ])('%s = %d', (q, n) => expect(quantity(q)).toBeCloseTo(n));
});
