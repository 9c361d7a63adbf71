// The go a check will judge and its release, known before the language server answers: for the badge's first state.
import * as path from 'node:path';
import { nodeHost } from '../core/nodeHost';
import { firstOnPathByStat } from '../core/probe/pathProbe';
import { readBounded, READ_LIMITS } from '../core/probe/read';

/**
 * The configured go (an absolute goHealth.goPath) or the first go on PATH, and the release its installation's
 * VERSION file names (`go1.26.8`): a few stats and one small read, no process, so the badge can say "Go 1.26.8"
 * at once, as VS Code Go's status item does, while the first check runs. Undefined when that is not known so cheaply
 * (no go, or a source build without VERSION): the check will say.
 */
export async function goBeforeTheServer(
  env: Record<string, string | undefined>,
  configuredGoPath: string | undefined,
): Promise<{ path: string; version: string } | undefined> {
  const host = nodeHost({ env });
  const go =
    configuredGoPath && path.isAbsolute(configuredGoPath)
      ? { path: configuredGoPath, realPath: (await host.fs.realpath(configuredGoPath)) ?? configuredGoPath }
      : await firstOnPathByStat(host, 'go');
  if (!go) return undefined;
  const versionFile = path.join(path.dirname(path.dirname(go.realPath)), 'VERSION');
  const { content } = await readBounded(host, versionFile, { maxBytes: READ_LIMITS.versionFile });
  const version = content?.split(/\r?\n/)[0]?.trim();
  return version && /^go\d+\.\d+/.test(version) ? { path: go.path, version } : undefined;
}
