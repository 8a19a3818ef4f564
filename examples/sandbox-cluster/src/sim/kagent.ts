import type { ApiContext } from '../api/context';
import { createObject } from '../api/objects';
import { typeOf } from '../api/resources';
import type { KubeObject } from '../types';
import { agentDeployment } from './manifests';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const AGENTS = 'kagent.dev/agents';
const DEPLOY = typeOf('apps/deployments');

/**
 * kagent's controller (0.x), reduced to what the fleet needs: an Agent gets
 * its Deployment (owned by it, so deleting the Agent deletes it), and its
 * status says Accepted and whether the Deployment has an available replica,
 * with kagent's reasons and messages.
 */
export class KagentController {
  constructor(
    private readonly ctx: ApiContext,
    private readonly now: () => string,
  ) {}

  reconcileAll() {
    if (!this.ctx.installedGroups.has('kagent.dev')) return;
    for (const agent of this.ctx.store.list(AGENTS) as Json[]) {
      const ns = agent.metadata.namespace;
      const name = agent.metadata.name;
      let d = this.ctx.store.get(DEPLOY.storage, ns, name) as Json | undefined;
      if (!d && !agent.metadata.deletionTimestamp) {
        const replicas = agent.spec?.declarative?.deployment?.replicas;
        d = createObject(
          this.ctx,
          DEPLOY,
          agentDeployment(
            {
              name,
              namespace: ns,
              deployedBy: 'kagent',
              ...(typeof replicas === 'number' ? { replicas } : {}),
            },
            { uid: agent.metadata.uid },
          ),
          ns,
        ).obj as Json;
      }
      this.setStatus(agent, d);
    }
  }

  private setStatus(agent: Json, d: Json | undefined) {
    const available = d?.status?.availableReplicas ?? 0;
    const replicas = d?.spec?.replicas ?? 1;
    let ready = {
      status: 'False',
      reason: 'DeploymentNotReady',
      message: `Deployment is not ready, ${available}/${replicas} pods are ready`,
    };
    if (!d)
      ready = {
        status: 'Unknown',
        reason: 'DeploymentNotFound',
        message: `deployments.apps "${agent.metadata.name}" not found`,
      };
    else if (available > 0)
      ready = {
        status: 'True',
        reason: 'DeploymentReady',
        message: 'Deployment is ready',
      };
    const prev: Json[] = agent.status?.conditions ?? [];
    const cond = (
      type: string,
      c: { status: string; reason: string; message: string },
    ) => {
      const p = prev.find(x => x.type === type);
      return {
        type,
        status: c.status,
        observedGeneration: agent.metadata.generation ?? 1,
        lastTransitionTime:
          p && p.status === c.status ? p.lastTransitionTime : this.now(),
        reason: c.reason,
        message: c.message,
      };
    };
    const status = {
      observedGeneration: agent.metadata.generation ?? 1,
      conditions: [
        cond('Accepted', {
          status: 'True',
          reason: 'Reconciled',
          message: 'Agent configuration accepted',
        }),
        cond('Ready', ready),
      ],
    };
    if (JSON.stringify(status) !== JSON.stringify(agent.status ?? {}))
      this.ctx.store.put(AGENTS, { ...agent, status } as KubeObject);
  }
}
