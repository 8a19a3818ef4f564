import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotificationPayload } from '@backstage/plugin-notifications-common';
import {
  AgentHealthFacts,
  LimitedAutoscaler,
} from '../AgentStatus/healthFacts';
import { BudgetBurn } from './budgetBurn';

/*
 * Every text here is made of facts the status and usage answers already show
 * to whoever may see the agent: names, counts, dollars. Nothing from pod
 * specs, environments or readiness messages.
 */

const usd = (n: number) => `$${n.toFixed(2)}`;
const minutesText = (m: number) => (m === 1 ? '1 minute' : `${m} minutes`);
const nameOf = (e: Entity) => e.metadata.title ?? e.metadata.name;

/** The agent's Agent tab, as the app routes entity pages. */
export function agentLink(entity: Entity): string {
  const ns = (entity.metadata.namespace ?? 'default').toLocaleLowerCase(
    'en-US',
  );
  return `/catalog/${encodeURIComponent(ns)}/agent/${encodeURIComponent(
    entity.metadata.name,
  )}/agent`;
}

function base(entity: Entity, notice: string, topic: string) {
  return {
    link: agentLink(entity),
    topic,
    // the notifications backend folds a repeated scope into one notification
    scope: `agents:${stringifyEntityRef(entity)}:${notice}`,
  };
}

/** A threshold of the monthly budget has been passed. */
export function budgetThresholdPayload(
  entity: Entity,
  notice: string,
  percent: number,
  burn: BudgetBurn,
): NotificationPayload {
  let severity: NotificationPayload['severity'] = 'normal';
  if (percent >= 100) severity = 'critical';
  else if (percent >= 80) severity = 'high';
  return {
    ...base(entity, notice, 'Agent budget'),
    title: `${nameOf(entity)} has used ${percent} % of its monthly budget`,
    description: `${usd(burn.spentThisMonthUsd)} of ${usd(
      burn.monthlyUsd,
    )} spent in ${burn.month}; at this rate the month ends at ${usd(
      burn.projectedMonthUsd,
    )}.`,
    severity,
  };
}

/** The month's projection exceeds the budget. */
export function budgetProjectionPayload(
  entity: Entity,
  notice: string,
  burn: BudgetBurn,
): NotificationPayload {
  return {
    ...base(entity, notice, 'Agent budget'),
    title: `${nameOf(entity)} is on course to overrun its monthly budget`,
    description: `Projected ${usd(burn.projectedMonthUsd)} for ${
      burn.month
    } against a budget of ${usd(burn.monthlyUsd)} (${usd(
      burn.spentThisMonthUsd,
    )} spent so far).`,
    severity: 'high',
  };
}

function downWords(down: NonNullable<AgentHealthFacts['down']>) {
  const parts = [
    down.pods
      ? `${down.notReady} of ${down.pods} pods not ready`
      : 'no pod running',
  ];
  if (down.crashLooping) parts.push(`${down.crashLooping} in CrashLoopBackOff`);
  return parts.join(', ');
}

function limitedWords(list: LimitedAutoscaler[]) {
  return list
    .map(
      a =>
        `${a.kind === 'ScaledObject' ? 'ScaledObject' : 'HPA'} ${a.namespace}/${
          a.name
        } in ${a.cluster} at its maximum of ${a.maxReplicas}`,
    )
    .join('; ');
}

/** A health incident has lasted past its delay. */
export function incidentPayload(
  entity: Entity,
  notice: string,
  kind: 'down' | 'scaling-limited',
  facts: AgentHealthFacts,
  minutes: number,
): NotificationPayload {
  const b = base(entity, notice, 'Agent health');
  if (kind === 'down' && facts.down) {
    const looping =
      facts.down.crashLooping > 0 && facts.down.notReady < facts.down.pods;
    return {
      ...b,
      title: `${nameOf(entity)} is ${looping ? 'crash-looping' : 'down'}`,
      description: `For more than ${minutesText(minutes)}: ${downWords(
        facts.down,
      )}.`,
      severity: 'critical',
    };
  }
  return {
    ...b,
    title: `${nameOf(entity)} cannot scale up: its autoscaler is at maximum`,
    description: `For more than ${minutesText(
      minutes,
    )} the autoscaler has wanted more replicas than it may run: ${limitedWords(
      facts.limitedAtMax,
    )}. Raise the maximum or reduce the load.`,
    severity: 'high',
  };
}

/** The follow-up once an incident the owner was told about is over. */
export function recoveryPayload(
  entity: Entity,
  notice: string,
  kind: 'down' | 'scaling-limited',
  since: number,
  now: number,
): NotificationPayload {
  const minutes = Math.max(1, Math.round((now - since) / 60_000));
  const what = kind === 'down' ? 'is running again' : 'scales freely again';
  const problem = kind === 'down' ? 'down' : 'held at its maximum replicas';
  return {
    ...base(entity, notice, 'Agent health'),
    title: `${nameOf(entity)} ${what}`,
    description: `It was ${problem} for about ${minutesText(
      minutes,
    )}, since ${new Date(since)
      .toISOString()
      .slice(0, 16)
      .replace('T', ' ')} UTC.`,
    severity: 'low',
  };
}
