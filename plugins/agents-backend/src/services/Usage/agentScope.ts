import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { KUBERNETES_ANNOTATIONS } from '@agentdeck/plugin-agents-common';

/** The Kubernetes id and namespace an agent's pods carry. @public */
export function agentScope(entity: Entity): { id: string; namespace?: string } {
  const annotations = entity.metadata.annotations ?? {};
  return {
    id: annotations[KUBERNETES_ANNOTATIONS.id] ?? entity.metadata.name,
    namespace: annotations[KUBERNETES_ANNOTATIONS.namespace],
  };
}

const quote = (v: string) =>
  `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const regexEscape = (v: string) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Deployment pods are <id>-<template hash>-<5>, DaemonSet <id>-<5>, StatefulSet
// <id>-<ordinal>: anchored so billing-agent-v2's pods never match billing-agent.
const POD_SUFFIX = '-([a-z0-9]{6,10}-[a-z0-9]{5}|[a-z0-9]{5}|[0-9]+)';
const POD_SUFFIX_ONLY = new RegExp(`^${POD_SUFFIX}$`);

/** PromQL label matchers for an agent's pods: by label, else by pod name shape. @public */
export function promSelector(entity: Entity, selectorLabel?: string): string {
  const { id, namespace } = agentScope(entity);
  const matchers = namespace ? [`namespace=${quote(namespace)}`] : [];
  matchers.push(
    selectorLabel
      ? `${selectorLabel}=${quote(id)}`
      : `pod=~${quote(`${regexEscape(id)}${POD_SUFFIX}`)}`,
  );
  return matchers.join(',');
}

/**
 * Finds the agent that a series grouped by (namespace, label or pod) belongs
 * to. Pod names are matched on an `<id>` prefix followed only by a
 * controller's pod suffix, so billing-agent-v2 pods never count for billing-agent.
 * @public
 */
export function createAgentResolver(
  entities: Entity[],
  selectorLabel?: string,
) {
  const byId = new Map<string, Entity[]>();
  for (const e of entities) {
    const { id } = agentScope(e);
    byId.set(id, [...(byId.get(id) ?? []), e]);
  }
  const pick = (id: string, namespace?: string) => {
    const candidates = byId.get(id) ?? [];
    const found =
      candidates.find(
        e => namespace && agentScope(e).namespace === namespace,
      ) ?? candidates.find(e => !agentScope(e).namespace);
    return found && stringifyEntityRef(found);
  };
  return (labels: Record<string, string>): string | undefined => {
    const namespace = labels.namespace;
    if (selectorLabel) {
      const value = labels[selectorLabel];
      return value ? pick(value, namespace) : undefined;
    }
    const parts = (labels.pod ?? '').split('-');
    for (let n = parts.length - 1; n > 0; n--) {
      // the rest must be a controller's suffix, as in promSelector: billing-agent-v2-<hash>-<5>
      // belongs to another workload even when no billing-agent-v2 entity is listed
      if (!POD_SUFFIX_ONLY.test(`-${parts.slice(n).join('-')}`)) continue;
      const ref = pick(parts.slice(0, n).join('-'), namespace);
      if (ref) return ref;
    }
    return undefined;
  };
}

/**
 * Finds the unregistered agent a series grouped by (namespace, pod) belongs
 * to: its pods are `<name>-<controller suffix>` in its namespace. Several
 * clusters' agents of one namespace and name cannot be told apart in a
 * Prometheus without a cluster label: their usage goes to the first.
 * @public
 */
export function createTargetResolver(
  targets: Array<{ key: string; namespace: string; name: string }>,
) {
  const byName = new Map<string, string>();
  for (const t of targets) {
    const k = `${t.namespace}/${t.name}`;
    if (!byName.has(k)) byName.set(k, t.key);
  }
  return (labels: Record<string, string>): string | undefined => {
    if (byName.size === 0) return undefined;
    const parts = (labels.pod ?? '').split('-');
    for (let n = parts.length - 1; n > 0; n--) {
      if (!POD_SUFFIX_ONLY.test(`-${parts.slice(n).join('-')}`)) continue;
      const key = byName.get(
        `${labels.namespace}/${parts.slice(0, n).join('-')}`,
      );
      if (key) return key;
    }
    return undefined;
  };
}
