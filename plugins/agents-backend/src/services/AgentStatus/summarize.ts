import {
  AgentState,
  AutoscalerStatus,
  ClusterAgentStatus,
  PodStatus,
} from '@agentdeck/plugin-agents-common';

type Severity = AgentState | 'info';
const RANK: Record<Severity, number> = {
  down: 0,
  degraded: 1,
  unknown: 2,
  info: 3,
  healthy: 4,
};

interface Finding {
  severity: Severity;
  text: string;
}

function failingChecks(pods: PodStatus[]): string[] {
  const seen = new Map<string, string>();
  const add = (key: string, text: string) => {
    if (!seen.has(key)) seen.set(key, text);
  };
  for (const pod of pods) {
    const failing = pod.readiness?.checks.filter(c => !c.ok) ?? [];
    failing.forEach(c =>
      add(
        `check:${c.name}`,
        c.message ? `${c.name} failing (${c.message})` : `${c.name} failing`,
      ),
    );
    if (failing.length) continue;
    // a waiting container explains itself; its proxy error would only repeat it
    const why =
      pod.waitingReason ??
      (pod.readiness?.error
        ? undefined
        : pod.conditions.find(c => c.type === 'Ready')?.reason);
    if (why) add(`why:${why}`, why);
    else if (pod.readiness?.error)
      add('readiness', `readiness unknown (${pod.readiness.error})`);
  }
  return [...seen.values()];
}

function podFindings(
  c: ClusterAgentStatus,
  where: string,
  noneReady: boolean,
): Finding[] {
  const out: Finding[] = [];
  const live = c.pods.filter(
    p => p.phase !== 'Succeeded' && p.phase !== 'Failed',
  );
  const notReady = live.filter(p => !p.ready);
  if (notReady.length) {
    const severity = noneReady ? 'down' : 'degraded';
    const details = failingChecks(notReady);
    out.push({
      severity,
      text: `${notReady.length} of ${live.length} pods not ready${where}${
        details.length ? `: ${details.join('; ')}` : ''
      }`,
    });
  }
  for (const p of live) {
    if (
      p.waitingReason &&
      p.waitingReason !== 'ContainerCreating' &&
      p.waitingReason !== 'PodInitializing'
    ) {
      out.push({
        severity: 'degraded',
        text: `${p.name}: ${p.waitingReason}, ${p.restarts} restarts`,
      });
    } else if (p.lastTerminationReason === 'OOMKilled') {
      out.push({
        severity: p.ready ? 'info' : 'degraded',
        text: `${p.name}: last restart OOMKilled${
          p.lastTerminationExitCode !== undefined
            ? ` (exit ${p.lastTerminationExitCode})`
            : ''
        }, ${p.restarts} restarts`,
      });
    }
  }
  for (const w of c.workloads) {
    if (w.desired > 0 && w.ready === 0 && !live.length) {
      out.push({
        severity: noneReady ? 'down' : 'degraded',
        text: `${w.kind} ${w.name}${where}: 0 of ${w.desired} replicas ready`,
      });
    }
  }
  return out;
}

function autoscalerFindings(a: AutoscalerStatus): Finding[] {
  const label = `${a.kind === 'ScaledObject' ? 'ScaledObject' : 'HPA'} ${
    a.name
  }`;
  const out: Finding[] = [];
  const cond = (type: string) => a.conditions.find(c => c.type === type);
  // held at max means demand is not met; held at min (TooFewReplicas) is an idle agent, not a problem
  const heldAtMax =
    cond('ScalingLimited')?.reason === 'TooManyReplicas' ||
    a.currentReplicas >= a.maxReplicas;
  if (a.limited && heldAtMax)
    out.push({
      severity: 'degraded',
      text: `${label}: scaling limited at max ${a.maxReplicas} replicas${
        cond('ScalingLimited')?.reason
          ? ` (${cond('ScalingLimited')?.reason})`
          : ''
      }`,
    });
  const active = cond('ScalingActive');
  if (a.kind === 'HorizontalPodAutoscaler' && active?.status === 'False') {
    out.push({
      severity: 'degraded',
      text: `${label} cannot compute replicas: ${
        active.reason ?? 'ScalingActive=False'
      }`,
    });
  }
  if (a.keda) {
    if (a.keda.fallback)
      out.push({ severity: 'degraded', text: `${label} is in fallback` });
    for (const t of a.keda.triggers.filter(x => x.health === 'Failing')) {
      out.push({
        severity: 'degraded',
        text: `${label}: trigger ${t.name} (${t.type}) failing, ${t.numberOfFailures} failures`,
      });
    }
    if (!a.keda.ready && cond('Ready'))
      out.push({
        severity: 'degraded',
        text: `${label} not ready: ${cond('Ready')?.reason ?? ''}`.trim(),
      });
    if (a.keda.paused)
      out.push({
        severity: 'info',
        text: `${label} paused${
          a.keda.pausedReplicas !== undefined
            ? ` at ${a.keda.pausedReplicas} replicas`
            : ''
        }`,
      });
  }
  return out;
}

/** The overall state and its reasons in words, worst first. */
export function summarize(
  clusters: ClusterAgentStatus[],
  now = Date.now(),
): { state: AgentState; reasons: string[] } {
  const findings: Finding[] = [];
  const many = clusters.length > 1;
  let answered = 0;
  const noneReady = clusters.every(c => !c.pods.some(p => p.ready));
  for (const c of clusters) {
    const where = many ? ` in ${c.cluster}` : '';
    if (c.error) {
      findings.push({
        severity: c.syncedAt ? 'degraded' : 'unknown',
        text: `cluster ${c.cluster} ${c.error.kind}: ${c.error.message}`,
      });
    }
    if (c.stale && c.syncedAt) {
      const seconds = Math.round((now - Date.parse(c.syncedAt)) / 1000);
      findings.push({
        severity: 'unknown',
        text: `cluster ${c.cluster} stale: nothing heard from its API server for ${seconds} s`,
      });
    }
    // not a problem of the agent: said, without changing its state
    c.notVisible?.forEach(text =>
      findings.push({
        severity: 'info',
        text: many ? `cluster ${c.cluster}: ${text}` : text,
      }),
    );
    if (c.syncedAt) answered += 1;
    findings.push(...podFindings(c, where, noneReady));
    c.autoscalers.forEach(a => findings.push(...autoscalerFindings(a)));
  }
  if (answered === 0 && !findings.some(f => f.severity === 'unknown')) {
    findings.push({
      severity: 'unknown',
      text: clusters.length
        ? 'no cluster has answered yet'
        : 'no clusters configured',
    });
  }
  findings.sort((a, b) => RANK[a.severity] - RANK[b.severity]);
  const worst = findings.find(f => f.severity !== 'info')?.severity;
  return {
    state: worst && worst !== 'info' ? worst : 'healthy',
    reasons: findings.map(f => f.text),
  };
}
