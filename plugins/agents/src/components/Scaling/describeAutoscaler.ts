import {
  AutoscalerStatus,
  KubernetesCondition,
} from '@agentdeck/plugin-agents-common';

/** A sentence about an autoscaler's condition, with how much it matters. */
export interface ScalingNote {
  severity: 'error' | 'warning' | 'info';
  text: string;
}

function cond(
  a: AutoscalerStatus,
  type: string,
): KubernetesCondition | undefined {
  return a.conditions.find(c => c.type === type);
}

function detail(c: KubernetesCondition): string {
  const reason = c.reason ? ` (${c.reason})` : '';
  return `${reason}${c.message ? `: ${c.message}` : ''}`;
}

function hpaNotes(a: AutoscalerStatus): ScalingNote[] {
  const notes: ScalingNote[] = [];
  const able = cond(a, 'AbleToScale');
  if (able?.status === 'False') {
    notes.push({
      severity: 'error',
      text: `Cannot scale right now${detail(able)}`,
    });
  }
  const active = cond(a, 'ScalingActive');
  if (active?.status === 'False') {
    notes.push({
      severity: 'error',
      text: `Autoscaling is not active, replicas stay where they are${detail(
        active,
      )}`,
    });
  }
  const limited = cond(a, 'ScalingLimited');
  if (a.limited && a.desiredReplicas >= a.maxReplicas) {
    notes.push({
      severity: 'warning',
      text: `Scaling is held back by maxReplicas (${
        a.maxReplicas
      }): the metrics ask for more replicas than allowed${
        limited ? detail(limited) : ''
      }`,
    });
  } else if (a.limited) {
    // An idle agent resting at its floor is the normal case, not a problem.
    notes.push({
      severity: 'info',
      text: `The load would fit in fewer than minReplicas (${
        a.minReplicas
      }), so the floor applies${limited ? detail(limited) : ''}`,
    });
  } else if (a.currentReplicas >= a.maxReplicas) {
    notes.push({
      severity: 'info',
      text: 'At maxReplicas, but scaling is not held back.',
    });
  }
  return notes;
}

function kedaNotes(a: AutoscalerStatus): ScalingNote[] {
  const keda = a.keda;
  if (!keda) return [];
  const notes: ScalingNote[] = [];
  if (keda.paused) {
    const held =
      keda.pausedReplicas !== undefined
        ? ` at ${keda.pausedReplicas} replicas`
        : '';
    notes.push({
      severity: 'warning',
      text: `Paused by the autoscaling.keda.sh/paused annotation; replicas are held${held}.`,
    });
  }
  if (!keda.ready)
    notes.push({ severity: 'error', text: 'ScaledObject is not ready.' });
  if (keda.fallback) {
    notes.push({
      severity: 'error',
      text: 'Fallback is active: a trigger keeps failing, so KEDA uses the fallback replica count.',
    });
  }
  for (const t of keda.triggers.filter(tr => tr.health !== 'Happy')) {
    notes.push({
      severity: t.health === 'Failing' ? 'error' : 'warning',
      text: `Trigger ${t.name} (${t.type}) is ${t.health.toLowerCase()}, ${
        t.numberOfFailures
      } failures in a row.`,
    });
  }
  if (keda.ready && !keda.active && !keda.paused) {
    notes.push({
      severity: 'info',
      text: 'Inactive: no trigger is above its activation threshold.',
    });
  }
  return notes;
}

/** The conditions of an HPA or ScaledObject, in words. */
export function describeAutoscaler(a: AutoscalerStatus): ScalingNote[] {
  const notes = [...kedaNotes(a), ...hpaNotes(a)];
  return notes.length
    ? notes
    : [{ severity: 'info', text: 'Scaling normally.' }];
}

/** "6 / 8 (average per pod)" for a metric against its target. */
export function metricText(m: AutoscalerStatus['metrics'][number]): string {
  const per = {
    AverageValue: 'average per pod',
    Utilization: '% utilization',
    Value: 'total',
  }[m.targetType];
  return `${m.current ?? '?'} / ${m.target} (${per})`;
}
