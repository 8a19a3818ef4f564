import {
  AuthService,
  DiscoveryService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { TEMPLATE_UPDATE_PARAMETER } from '@agentdeck/plugin-agents-common';
import { Knex } from 'knex';
import { TemplateVersions } from './agentTemplate';
import { TemplateRecordReader } from './templateRecord';

const TABLE = 'agents_template_proposals';

/** `agents.templateUpdates`: scheduled update proposals, off unless `propose` is set. */
export interface TemplateUpdateSettings {
  propose: boolean;
  intervalMinutes: number;
}

/** What one pass did: the agents proposed (with their scaffolder task) and why others were not. */
export interface ProposalPass {
  proposed: Array<{ agent: string; version: number; taskId: string }>;
  /** Behind, but the repository records no readable inputs. */
  noInputs: string[];
  failed: Array<{ agent: string; message: string }>;
}

/**
 * Proposes the update of every agent whose template has a newer version, as
 * the Agent tab's "Propose update" does: the agent's template run through the
 * scaffolder's task API with the inputs its repository records and
 * `agentdeckUpdate`, as the plugin itself (a service principal). Each agent
 * and version once: the proposals made are kept in the database.
 */
export function createUpdateProposer(deps: {
  /** Every Agent entity, as the plugin itself sees them. */
  listAgents: () => Promise<Entity[]>;
  auth: AuthService;
  discovery: DiscoveryService;
  versions: TemplateVersions;
  records: TemplateRecordReader;
  knex: Knex;
  logger: LoggerService;
}) {
  const { auth, knex, logger } = deps;

  async function startTask(templateRef: string, values: object) {
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'scaffolder',
    });
    const base = await deps.discovery.getBaseUrl('scaffolder');
    const res = await fetch(`${base}/v2/tasks`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ templateRef, values }),
    });
    const body = await res.text();
    if (!res.ok)
      throw new Error(
        `the scaffolder answered ${res.status}: ${body.slice(0, 300)}`,
      );
    return String(JSON.parse(body).id);
  }

  return {
    async run(): Promise<ProposalPass> {
      const pass: ProposalPass = { proposed: [], noInputs: [], failed: [] };
      await deps.versions.refresh();
      const items = await deps.listAgents();
      const done = new Set(
        (await knex(TABLE).select('entity_ref', 'version')).map(
          (r: { entity_ref: string; version: number }) =>
            `${r.entity_ref}@${r.version}`,
        ),
      );
      for (const entity of items) {
        const template = deps.versions.forAgent(entity);
        if (!template?.behind || template.current === undefined) continue;
        const agent = stringifyEntityRef(entity);
        if (done.has(`${agent}@${template.current}`)) continue;
        const inputs = await deps.records.inputs(entity);
        if (!inputs) {
          pass.noInputs.push(agent);
          continue;
        }
        try {
          const taskId = await startTask(template.name, {
            ...inputs,
            [TEMPLATE_UPDATE_PARAMETER]: true,
          });
          await knex(TABLE)
            .insert({
              entity_ref: agent,
              version: template.current,
              task_id: taskId,
              at: Date.now(),
            })
            .onConflict(['entity_ref', 'version'])
            .ignore();
          pass.proposed.push({ agent, version: template.current, taskId });
          logger.info(
            `Proposed the update of ${agent} to ${template.name} v${template.current} (scaffolder task ${taskId})`,
          );
        } catch (e) {
          const message = (e as Error).message;
          pass.failed.push({ agent, message });
          logger.warn(
            `Could not propose the update of ${agent} to ${template.name} v${template.current}: ${message}`,
          );
        }
      }
      return pass;
    },
  };
}

/** Runs the proposer every `intervalMinutes`, once across backend replicas; nothing unless `propose`. */
export async function scheduleUpdateProposals(
  settings: TemplateUpdateSettings,
  scheduler: SchedulerService,
  proposer: ReturnType<typeof createUpdateProposer>,
) {
  if (!settings.propose) return;
  await scheduler.scheduleTask({
    id: 'agents-template-update-proposals',
    frequency: { minutes: settings.intervalMinutes },
    timeout: { minutes: 30 },
    initialDelay: { minutes: 1 },
    scope: 'global',
    fn: async () => void (await proposer.run()),
  });
}
