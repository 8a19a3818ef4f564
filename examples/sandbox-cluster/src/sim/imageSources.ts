import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The file the scaffolder's skeleton writes and its image serves as its A2A card. */
const CARD_FILE = 'agent-card.json';

/**
 * The repository an image is built from, by name: the last path segment of the
 * image's repository without its tag or digest, lower-cased
 * (`ghcr.io/acme/faq-agent:1.0.0` and `faq-agent@sha256:…` are both `faq-agent`).
 */
export function imageRepositoryName(image: string): string | undefined {
  const withoutDigest = image.split('@')[0];
  const last = withoutDigest.split('/').pop() ?? '';
  const name = last.split(':')[0].toLowerCase();
  return name || undefined;
}

/**
 * A simulated CI image build: the images of repositories published by the
 * demo's local publisher (`<directory>/bare/<owner>/<repo>.git`) serve the
 * repository's `agent-card.json` as it is on its default branch.
 *
 * A pod's image comes from the one bare repository, under any owner, whose name
 * is the image repository's last path segment (compared without case). When no
 * repository or more than one has that name, or the repository has no card
 * yet, the image is not served from a repository. A card found is kept for the
 * image's lifetime (an image is built once); a miss is looked up again on the
 * next request, so a repository published while the sandbox runs is picked up.
 */
export class ImageSources {
  private readonly cards = new Map<string, string>();

  constructor(readonly directory: string) {}

  /** The card file's text for an image, or undefined when no single repository builds it. */
  card(image: string | undefined): string | undefined {
    if (!image) return undefined;
    const cached = this.cards.get(image);
    if (cached !== undefined) return cached;
    const name = imageRepositoryName(image);
    if (!name) return undefined;
    const repos = this.repositoriesNamed(name);
    if (repos.length !== 1) return undefined;
    const text = this.readCard(repos[0]);
    if (text !== undefined) this.cards.set(image, text);
    return text;
  }

  /** The bare repositories, under every owner, named `name`. */
  private repositoriesNamed(name: string): string[] {
    const bare = join(this.directory, 'bare');
    const out: string[] = [];
    for (const owner of dirs(bare))
      for (const repo of dirs(join(bare, owner)))
        if (
          repo.toLowerCase().endsWith('.git') &&
          repo.slice(0, -4).toLowerCase() === name
        )
          out.push(join(bare, owner, repo));
    return out;
  }

  /** The card on the bare repository's default branch (its HEAD); undefined while it has none. */
  private readCard(gitDir: string): string | undefined {
    try {
      return execFileSync(
        'git',
        ['--git-dir', gitDir, 'show', `HEAD:${CARD_FILE}`],
        {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
          maxBuffer: 16 * 1024 * 1024,
          timeout: 10_000,
          env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
        },
      );
    } catch {
      // not a repository yet (being published), no commit, or no card in it
      return undefined;
    }
  }
}

function dirs(path: string): string[] {
  try {
    return readdirSync(path, { withFileTypes: true })
      .filter(e => e.isDirectory())
      .map(e => e.name);
  } catch {
    return [];
  }
}
