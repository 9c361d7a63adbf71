// The one reader for files a workspace or the environment names: bounded in size, regular files only, and never through a link out of the workspace.
import { pathApi, type FileStat, type Host } from '../host';
import { isUnder } from '../paths';

/**
 * How much of each kind of file is read. Far above any real file of the kind (a large go.mod is tens of kilobytes),
 * far below what would hurt: a 1 GB sparse go.mod or a GOENV pointing at a huge file is refused, not read whole.
 * CI YAML has the lowest limit because parsing it costs about 3 ms per kilobyte.
 */
export const READ_LIMITS = {
  /** go.mod, go.work. */
  moduleFile: 1024 * 1024,
  /** The user's go env file and $GOROOT/go.env. */
  goEnvFile: 256 * 1024,
  /** $GOROOT/VERSION: one release name and a date. */
  versionFile: 4 * 1024,
  /** GitHub workflows and .gitlab-ci.yml. */
  ciYaml: 256 * 1024,
  dockerfile: 256 * 1024,
  /** .vscode/launch.json, settings files. */
  jsonConfig: 1024 * 1024,
  /** /etc/wsl.conf, .wslconfig. */
  wslConfig: 64 * 1024,
  /** A few lines of /proc. */
  procFile: 64 * 1024,
} as const;

export interface ReadPolicy {
  maxBytes: number;
  /**
   * For files the workspace names: the workspace folders. The file's real path must stay inside the real path of
   * the folder it lies in (or, for a file found above every folder, its own directory): a go.mod that is a link to
   * ~/.token is not read, so its content cannot reach a report. Absent for files the environment names.
   */
  within?: readonly string[];
  /**
   * The caller found the file by listing directories down from a workspace folder, through none that is a link,
   * and the file is no link either: its real path is inside, so it is not resolved (two calls per go.mod saved).
   */
  reachedByListing?: boolean;
}

export interface ReadOutcome {
  /** The text, when the file was read. */
  content?: string;
  /** The file's stat (links followed); undefined when it does not exist. */
  stat?: FileStat;
  /** Why an existing file was not read, as a sentence naming it. */
  notRead?: string;
}

function size(bytes: number): string {
  if (bytes >= 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024 / 1024).toFixed(1)} GiB`;
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${bytes} bytes`;
}

/** Real paths, asked once per run (`memo` is the caller's). */
export type RealPaths = (file: string) => Promise<string | undefined>;

/**
 * Reads one file by the policy. Never throws and never blocks on a special file. `stat` is the file's stat when the
 * caller has it already; without it the opened file's own stat serves (one call fewer per file). What the stat
 * refuses (a special file, one too large) and a link out of the workspace are refused after the bounded read,
 * whose open never blocks and whose text is dropped unseen.
 */
export async function readBounded(
  host: Host,
  file: string,
  policy: ReadPolicy,
  realpath: RealPaths = (f) => host.fs.realpath(f).catch(() => undefined),
  knownStat?: FileStat,
): Promise<ReadOutcome> {
  const outside = policy.within && !policy.reachedByListing ? linkOutside(host, file, policy.within, realpath) : undefined;
  const read = await host.fs.readFile(file, policy.maxBytes).catch(() => ({ refused: 'unreadable' as const, stat: undefined }));
  if (read === undefined) return {};
  const st = knownStat ?? read.stat ?? (await host.fs.stat(file).catch(() => undefined));
  if (!st) return {};
  if (!st.isFile) return { stat: st, notRead: notRegular(file) };
  if (st.size > policy.maxBytes) return { stat: st, notRead: tooLarge(file, st.size, policy.maxBytes) };
  const linkedOut = await outside;
  if (linkedOut) return { stat: st, notRead: linkedOut };
  if ('text' in read) return { content: read.text, stat: st };
  switch (read.refused) {
    case 'not-a-file':
      return { stat: st, notRead: notRegular(file) };
    case 'too-large':
      return { stat: st, notRead: tooLarge(file, read.size ?? policy.maxBytes + 1, policy.maxBytes) };
    case 'unreadable':
      return { stat: st, notRead: `${file} could not be read (no permission, or an I/O error)` };
  }
}

function notRegular(file: string): string {
  return `${file} is not a regular file (a FIFO, a device or a directory), so it was not read`;
}

function tooLarge(file: string, bytes: number, max: number): string {
  return `${file} is ${size(bytes)}, more than the ${size(max)} Go Health reads of such a file, so it was not read`;
}

/** A sentence when `file` resolves outside the folder it lies in; undefined when it stays inside. */
async function linkOutside(host: Host, file: string, folders: readonly string[], realpath: RealPaths): Promise<string | undefined> {
  const p = pathApi(host);
  const win = host.platform === 'win32';
  const root = folders.find((f) => isUnder(file, f, win)) ?? p.dirname(file);
  const [realFile, realRoot] = await Promise.all([realpath(file), realpath(root)]);
  if (realFile === undefined) return `${file} cannot be resolved, so it was not read`;
  if (isUnder(realFile, realRoot ?? root, win)) return undefined;
  return `${file} is a link to ${realFile}, outside ${root}, so it was not read`;
}
