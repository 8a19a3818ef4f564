import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** kubectl as the READMEs ask for it: the first one on PATH. */
export function kubectlPath(): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'kubectl');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  throw new Error(
    `kubectl was not found on PATH (${
      process.env.PATH ?? ''
    }); these tests need kubectl 1.32`,
  );
}
