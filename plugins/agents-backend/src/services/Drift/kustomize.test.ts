import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { kubectlPath } from '@agentdeck/test-utils';
import {
  parseAgentSpec,
  renderManifestFiles,
} from '@agentdeck/plugin-scaffolder-backend-module-agents';
import { DRIFT_SPECS } from './__testUtils__/specs';
import { buildKustomization, KubeObject } from './kustomize';

const exec = promisify(execFile);

async function kubectlKustomize(dir: string): Promise<KubeObject[]> {
  const { stdout } = await exec(kubectlPath(), ['kustomize', dir], {
    maxBuffer: 8 << 20,
  });
  return parseAllDocuments(stdout).map(d => d.toJS() as KubeObject);
}

const key = (o: KubeObject) => `${o.kind}/${o.metadata.name}`;
const sorted = (objects: KubeObject[]) =>
  [...objects].sort((a, b) => key(a).localeCompare(key(b)));

/** Reads file: URLs, as a UrlReader would, counting reads. */
function fileReader() {
  const reads: string[] = [];
  return {
    reads,
    read: async (url: string) => {
      reads.push(url);
      return readFile(fileURLToPath(url), 'utf8');
    },
  };
}

async function writeFiles(root: string, files: Record<string, string>) {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
}

const rootUrl = (dir: string) => `${pathToFileURL(dir).toString()}/`;

describe('the kustomize subset', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'agentdeck-drift-kustomize-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  describe.each(Object.entries(DRIFT_SPECS))(
    'rendered from %s',
    (name, input) => {
      const spec = parseAgentSpec(input);
      let repo: string;
      beforeAll(async () => {
        repo = join(dir, name);
        await writeFiles(repo, renderManifestFiles(spec));
      });

      it.each(spec.environments)(
        'builds the %s overlay as kubectl kustomize does',
        async env => {
          const overlay = join(repo, 'deploy/overlays', env);
          const expected = await kubectlKustomize(overlay);
          const { read } = fileReader();
          const built = await buildKustomization(
            `${rootUrl(overlay)}`,
            read,
            rootUrl(repo),
          );
          expect(built.length).toBeGreaterThan(8);
          expect(sorted(built)).toEqual(sorted(expected));
        },
      );
    },
  );

  it('matches kubectl beyond the generated overlays: name references, templates, list ops', async () => {
    const repo = join(dir, 'hand');
    await writeFiles(repo, {
      'base/kustomization.yaml': 'resources: [all.yaml, more.yml]\n',
      'base/all.yaml': `apiVersion: v1
kind: ServiceAccount
metadata: {name: a}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: a}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: a}
subjects:
- {kind: ServiceAccount, name: a}
- {kind: ServiceAccount, name: a, namespace: elsewhere}
- {kind: ServiceAccount, name: b}
- {kind: ServiceAccount, name: default, namespace: elsewhere}
- {kind: User, name: u}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: c, labels: {keep: "1"}}
spec: {schedule: "* * * * *", jobTemplate: {spec: {template: {spec: {containers: [{name: x, image: x:1}]}}}}}
`,
      'base/more.yml': `apiVersion: v1
kind: ConfigMap
metadata: {name: cfg}
data: {A: "1", B: "2", "x/y": "3"}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  selector: {matchLabels: {app: d}}
  template:
    metadata: {labels: {app: d}}
    spec:
      containers: [{name: a, image: a:1, args: [one, two]}]
`,
      'overlays/x/kustomization.yaml': `namespace: team-x
resources: [../../base]
labels:
- pairs: {tier: x}
- pairs: {env: x}
  includeTemplates: true
patches:
- target: {kind: ConfigMap, name: cfg}
  patch: |
    - {op: remove, path: /data/B}
    - {op: add, path: /data/x~1y, value: "4"}
- target: {kind: Deployment, name: d}
  patch: |
    - {op: add, path: /spec/template/spec/containers/0/args/-, value: three}
    - {op: add, path: /spec/template/spec/containers/0/args/0, value: zero}
    - {op: replace, path: /spec/template/spec/containers/0/image, value: a:2}
- target: {name: "c|cfg"}
  patch: |
    - {op: add, path: /metadata/annotations, value: {hit: "yes"}}
`,
    });
    const overlay = join(repo, 'overlays/x');
    const { read } = fileReader();
    const built = await buildKustomization(
      rootUrl(overlay),
      read,
      rootUrl(repo),
    );
    expect(sorted(built)).toEqual(sorted(await kubectlKustomize(overlay)));
  });

  describe('refuses what it does not build, naming the field and file', () => {
    const cases: Array<[string, string, string]> = [
      [
        'images',
        'resources: [../../base]\nimages: [{name: x, newTag: "2"}]\n',
        'images in overlays/bad/kustomization.yaml is not supported',
      ],
      [
        'a strategic merge patch',
        'resources: [../../base]\npatches:\n- target: {kind: ConfigMap}\n  patch: "metadata: {name: cfg}"\n',
        'patches[0] (a strategic merge patch) in overlays/bad/kustomization.yaml is not supported',
      ],
      [
        'includeSelectors',
        'resources: [../../base]\nlabels: [{pairs: {a: b}, includeSelectors: true}]\n',
        'labels[0].includeSelectors: true in overlays/bad/kustomization.yaml is not supported',
      ],
      [
        'a remote base',
        'resources: ["https://github.com/acme/x//deploy?ref=main"]\n',
        'is not supported',
      ],
      [
        'a target by label selector',
        'resources: [../../base]\npatches:\n- target: {labelSelector: a=b}\n  patch: "[]"\n',
        'patches[0].target.labelSelector in overlays/bad/kustomization.yaml is not supported',
      ],
      [
        'a move operation',
        'resources: [../../base]\npatches:\n- target: {kind: ConfigMap}\n  patch: "[{op: move, from: /data/A, path: /data/C}]"\n',
        'patches[0] operation move in overlays/bad/kustomization.yaml is not supported',
      ],
      [
        'a file outside the repository',
        'resources: [../../../../etc/passwd.yaml]\n',
        '(outside the repository) in overlays/bad/kustomization.yaml is not supported',
      ],
    ];
    it.each(cases)('%s', async (_, kustomization, message) => {
      const repo = join(dir, 'refused');
      await writeFiles(repo, {
        'base/kustomization.yaml': 'resources: [cm.yaml]\n',
        'base/cm.yaml':
          'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\ndata: {A: "1"}\n',
        'overlays/bad/kustomization.yaml': kustomization,
      });
      const { read, reads } = fileReader();
      await expect(
        buildKustomization(
          rootUrl(join(repo, 'overlays/bad')),
          read,
          rootUrl(repo),
        ),
      ).rejects.toThrow(message);
      expect(reads.every(r => r.startsWith(rootUrl(repo)))).toBe(true);
    });
  });

  it('says which patch does not apply', async () => {
    const repo = join(dir, 'broken');
    await writeFiles(repo, {
      'base/kustomization.yaml': 'resources: [cm.yaml]\n',
      'base/cm.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\ndata: {A: "1"}\n',
      'overlays/o/kustomization.yaml':
        'resources: [../../base]\npatches:\n- target: {kind: ConfigMap, name: cfg}\n  patch: "[{op: replace, path: /data/B, value: x}]"\n',
    });
    await expect(
      buildKustomization(
        rootUrl(join(repo, 'overlays/o')),
        fileReader().read,
        rootUrl(repo),
      ),
    ).rejects.toThrow(
      'patches[0] in overlays/o/kustomization.yaml does not apply to ConfigMap/cfg',
    );
  });
});
