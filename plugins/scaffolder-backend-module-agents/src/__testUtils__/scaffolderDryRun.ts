import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import localPublish from '@agentdeck/scaffolder-backend-module-local-publish';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import { scaffolderModuleAgents } from '../module';
import { TEMPLATES_DIR } from './templates';

type DryRunFile = { path: string; base64Content: string };

async function filesOf(dir: string, root = dir): Promise<DryRunFile[]> {
  const out: DryRunFile[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesOf(full, root)));
    else
      out.push({
        path: relative(root, full),
        base64Content: (await readFile(full)).toString('base64'),
      });
  }
  return out;
}

/** A backend serving the scaffolder's dry-run API with this module and the templates' demo publisher. */
export async function startScaffolderBackend() {
  const { server } = await startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModuleAgents,
      localPublish,
      catalogServiceMock.factory(),
      mockServices.rootConfig.factory({
        data: { backend: { baseUrl: 'http://localhost:7007' } },
      }),
    ],
  });
  return server;
}

/**
 * Runs a template (`<dir>/<name>.yaml`, the agent templates by default) with
 * form values through `POST /v2/dry-run`, as the scaffolder runs it for a
 * user; `edit` may change the template first.
 */
export async function dryRunTemplate(
  server: Awaited<ReturnType<typeof startScaffolderBackend>>,
  name: string,
  values: Record<string, unknown>,
  edit: (template: any) => void = () => {},
  dir: string = TEMPLATES_DIR,
) {
  const template = parse(await readFile(join(dir, `${name}.yaml`), 'utf8'));
  edit(template);
  return request(server)
    .post('/api/scaffolder/v2/dry-run')
    .set('authorization', mockCredentials.user.header())
    .send({
      template,
      values,
      secrets: {},
      directoryContents: await filesOf(dir),
    });
}

/** The files a dry run produced, by path. */
export function dryRunFiles(body: {
  directoryContents?: DryRunFile[];
}): Map<string, string> {
  return new Map(
    (body.directoryContents ?? []).map(f => [
      f.path,
      Buffer.from(f.base64Content, 'base64').toString('utf8'),
    ]),
  );
}

/** Writes a dry run's files into a directory, as the published repository would hold them. */
export async function writeFiles(dir: string, files: Map<string, string>) {
  for (const [path, content] of files) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
}
