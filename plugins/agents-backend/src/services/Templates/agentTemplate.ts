import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AgentTemplateResponse,
  OverviewAgentTemplate,
  TEMPLATE_ANNOTATIONS,
  parseTemplateChangelog,
  parseTemplateVersion,
} from '@agentdeck/plugin-agents-common';
import { TemplateRecordReader } from './templateRecord';

/** The template ref and version an Agent entity records, when it records both. */
export function recordedTemplate(
  entity: Entity,
): { template: string; version: number } | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const ref = annotations[TEMPLATE_ANNOTATIONS.template];
  const version = parseTemplateVersion(
    annotations[TEMPLATE_ANNOTATIONS.version],
  );
  if (!ref || version === undefined) return undefined;
  try {
    const template = stringifyEntityRef(
      parseEntityRef(ref, {
        defaultKind: 'template',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
    return { template, version };
  } catch {
    return undefined;
  }
}

/**
 * "Created from <title> v<N>; current v<M>" and the changelog between: the
 * Template is read with the caller's credentials, so one the catalog hides
 * from them shows only what the agent itself records. When the agent is
 * behind, `records` adds the inputs its repository records, for "Propose
 * update".
 */
export async function readAgentTemplate(
  catalog: CatalogService,
  entity: Entity,
  credentials: BackstageCredentials,
  records?: TemplateRecordReader,
): Promise<AgentTemplateResponse> {
  const recorded = recordedTemplate(entity);
  if (!recorded) return {};
  const template = await catalog.getEntityByRef(recorded.template, {
    credentials,
  });
  if (!template || template.kind.toLocaleLowerCase('en-US') !== 'template')
    return {
      template: { ...recorded, behind: false, changes: [] },
    };
  const annotations = template.metadata.annotations ?? {};
  const current = parseTemplateVersion(
    annotations[TEMPLATE_ANNOTATIONS.version],
  );
  const behind = current !== undefined && current > recorded.version;
  const inputs = behind ? await records?.inputs(entity) : undefined;
  return {
    template: {
      ...recorded,
      ...(template.metadata.title ? { title: template.metadata.title } : {}),
      ...(current !== undefined ? { current } : {}),
      behind,
      changes: behind
        ? parseTemplateChangelog(
            annotations[TEMPLATE_ANNOTATIONS.changelog],
          ).filter(c => c.version > recorded.version && c.version <= current)
        : [],
      ...(inputs ? { inputs } : {}),
    },
  };
}

/**
 * The current version of every Template, read from the catalog once per
 * refresh (with the plugin's own credentials), for the overview's rows.
 */
export interface TemplateVersions {
  refresh(): Promise<void>;
  /** The overview row's template of an agent; undefined when it records none. */
  forAgent(entity: Entity): OverviewAgentTemplate | undefined;
}

export function createTemplateVersions(deps: {
  catalog: CatalogService;
  auth: AuthService;
}): TemplateVersions {
  let current = new Map<string, number>();
  return {
    async refresh() {
      const { items } = await deps.catalog.getEntities(
        {
          filter: { kind: 'Template' },
          fields: [
            'kind',
            'metadata.name',
            'metadata.namespace',
            'metadata.annotations',
          ],
        },
        { credentials: await deps.auth.getOwnServiceCredentials() },
      );
      const next = new Map<string, number>();
      for (const t of items) {
        const v = parseTemplateVersion(
          t.metadata.annotations?.[TEMPLATE_ANNOTATIONS.version],
        );
        if (v !== undefined) next.set(stringifyEntityRef(t), v);
      }
      current = next;
    },
    forAgent(entity) {
      const recorded = recordedTemplate(entity);
      if (!recorded) return undefined;
      const now = current.get(recorded.template);
      return {
        name: recorded.template,
        version: recorded.version,
        ...(now !== undefined ? { current: now } : {}),
        behind: now !== undefined && now > recorded.version,
      };
    },
  };
}
