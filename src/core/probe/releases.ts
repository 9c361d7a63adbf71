// Probe stage: the list of Go releases, from golang.org/toolchain's version list through GOPROXY as the go command walks it, cached for a day.
import { getEnv, pathApi, type Host } from '../host';
import type { EnvFile } from '../facts';
import { builtinReleases, parseToolchainList, ageInWords, type ReleaseFacts } from '../releases';
import { envValue, parseEnvFile } from './goEnv';
import type { ProbeCache } from './cache';
import { READ_LIMITS } from './read';
import type { FileRead } from '../host';

const TOOLCHAIN_MODULE = 'golang.org/toolchain';
/** The go command's own default, from $GOROOT/go.env (and built in when that file is missing). */
export const DEFAULT_GOPROXY = 'https://proxy.golang.org,direct';
const FRESH_MS = 24 * 60 * 60 * 1000;
/** After a failed fetch the proxy is left alone this long, so that a hanging proxy costs one wait, not one per run. */
const RETRY_AFTER_FAILURE_MS = 60 * 60 * 1000;
const FETCH_TIMEOUT_MS = 4000;
const MAX_LIST_BYTES = 4 * 1024 * 1024;

/** A list or cache file that is not a regular file of sane size reads as absent (a FIFO there must not hang the check). */
function textOf(read: FileRead | undefined): string | undefined {
  return read && 'text' in read ? read.text : undefined;
}

/** The go command's settings that decide where it lists toolchains. */
export interface ProxySettings {
  goproxy: string;
  /** GONOPROXY, which defaults to GOPRIVATE. */
  gonoproxy: string;
}

/** GOPROXY and GONOPROXY as the go command sees them before it runs: OS environment, go env file, $GOROOT/go.env, default. */
export function proxySettings(host: Pick<Host, 'platform' | 'env'>, userFile?: EnvFile, gorootFile?: EnvFile): ProxySettings {
  const value = (name: string) => envValue(host, name, userFile, gorootFile, undefined).value;
  return { goproxy: value('GOPROXY') || DEFAULT_GOPROXY, gonoproxy: value('GONOPROXY') || value('GOPRIVATE') };
}

/** The settings, once the user's go env file is read and the first go on PATH is known (its $GOROOT/go.env sets the default GOPROXY). */
export async function releaseSettings(
  host: Host,
  cache: ProbeCache,
  firstGo: Promise<{ realPath: string } | undefined>,
  userFile: Promise<EnvFile | undefined>,
): Promise<ProxySettings> {
  const [go, file] = await Promise.all([firstGo.catch(() => undefined), userFile.catch(() => undefined)]);
  const p = pathApi(host);
  const root = file?.vars.GOROOT || getEnv(host, 'GOROOT') || (go ? p.dirname(p.dirname(go.realPath)) : undefined);
  const goEnvFile = root ? p.join(root, 'go.env') : undefined;
  const gorootFile = goEnvFile
    ? parseEnvFile(
        goEnvFile,
        (await cache.readFile(host, goEnvFile, { maxBytes: READ_LIMITS.goEnvFile }).catch(() => ({ content: undefined }))).content,
      )
    : undefined;
  return proxySettings(host, file, gorootFile);
}

/** module.MatchPrefixPatterns: a comma-separated list of globs, each matched against as many leading path elements as it has. */
export function matchesPrefixPatterns(patterns: string, target: string): boolean {
  for (const raw of patterns.split(',')) {
    const glob = raw.trim();
    if (!glob) continue;
    const n = glob.split('/').length;
    const prefix = target.split('/').slice(0, n).join('/');
    if (target.split('/').length < n) continue;
    if (globToRegExp(glob).test(prefix)) return true;
  }
  return false;
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) return /$^/;
      const body = glob.slice(i + 1, end).replace(/^\^/, '!');
      re += `[${body.startsWith('!') ? '^' + body.slice(1) : body}]`;
      i = end;
    } else if (c === '\\' && i + 1 < glob.length) re += escape(glob[++i]);
    else re += escape(c);
  }
  return new RegExp(`^${re}$`);
}

function escape(c: string): string {
  return c.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
}

/** One step of GOPROXY, as modfetch's proxyList builds it. */
export type ProxyStep = { kind: 'url'; url: string; fallBackOnError: boolean } | { kind: 'off' } | { kind: 'direct' } | { kind: 'noproxy' };

/** The proxies the go command tries for golang.org/toolchain, in order, or why the list is unusable. */
export function proxySteps(settings: ProxySettings): { steps: ProxyStep[] } | { error: string } {
  const steps: ProxyStep[] = [];
  if (settings.gonoproxy && settings.goproxy !== 'direct') {
    // GONOPROXY/GOPRIVATE naming golang.org/toolchain sends it to its repository, which cannot be listed without git.
    if (matchesPrefixPatterns(settings.gonoproxy, TOOLCHAIN_MODULE)) return { steps: [{ kind: 'noproxy' }] };
  }
  let rest = settings.goproxy;
  while (rest !== '') {
    const i = rest.search(/[,|]/);
    const fallBackOnError = i >= 0 && rest[i] === '|';
    let url = (i >= 0 ? rest.slice(0, i) : rest).trim();
    rest = i >= 0 ? rest.slice(i + 1) : '';
    if (url === '') continue;
    if (url === 'off') {
      steps.push({ kind: 'off' });
      break;
    }
    if (url === 'direct') {
      steps.push({ kind: 'direct' });
      break;
    }
    if (/[.:/]/.test(url) && !url.includes(':/') && !url.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(url)) url = `https://${url}`;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return { error: `GOPROXY entry ${url} is not a URL` };
    }
    if (!['http:', 'https:', 'file:'].includes(parsed.protocol)) return { error: `GOPROXY entry ${url} is not an http(s) or file URL` };
    steps.push({ kind: 'url', url: url.replace(/\/+$/, ''), fallBackOnError });
  }
  if (steps.length === 0) return { error: 'GOPROXY contains no entries' };
  return { steps };
}

type ListAnswer = { versions: Record<string, string[]>; origin: string } | { notFound: string } | { error: string };

/** Reads `<proxy>/golang.org/toolchain/@v/list`: a 404/410 (or a missing file) is "not found", the only answer a comma falls through. */
async function readList(host: Host, url: string, keepAlive: boolean, timeoutMs: number): Promise<ListAnswer> {
  const listUrl = `${url}/${TOOLCHAIN_MODULE}/@v/list`;
  if (url.startsWith('file:')) {
    const file = fileUrlPath(host, listUrl);
    const text = file === undefined ? undefined : textOf(await host.fs.readFile(file, MAX_LIST_BYTES).catch(() => undefined));
    if (text === undefined) return { notFound: `${listUrl}: no such file` };
    const versions = parseToolchainList(text);
    return versions ? { versions, origin: url } : { error: `${listUrl} is not a list of toolchain versions` };
  }
  if (!host.httpGet) return { error: 'this host does not reach the network' };
  const answer = await host.httpGet(listUrl, { timeoutMs, maxBytes: MAX_LIST_BYTES, keepAlive });
  if ('error' in answer) return { error: `${listUrl}: ${answer.error}` };
  if (answer.status === 404 || answer.status === 410) return { notFound: `${listUrl}: ${answer.status}` };
  if (answer.status !== 200) return { error: `${listUrl}: HTTP ${answer.status}` };
  const versions = parseToolchainList(answer.body);
  return versions ? { versions, origin: url } : { error: `${listUrl} answered something that is not a list of toolchain versions` };
}

function fileUrlPath(host: Pick<Host, 'platform'>, url: string): string | undefined {
  try {
    const p = decodeURIComponent(new URL(url).pathname);
    return host.platform === 'win32' ? p.replace(/^\/([A-Za-z]:)/, '$1').replace(/\//g, '\\') : p;
  } catch {
    return undefined;
  }
}

/** Walks the proxies like modfetch.TryProxies: on to the next after "not found", or after any error behind a `|`. */
export async function fetchToolchainList(
  host: Host,
  steps: ProxyStep[],
  options: { keepAlive: boolean; timeoutMs: number },
): Promise<ListAnswer | { unavailable: string }> {
  let last: ListAnswer | undefined;
  for (const step of steps) {
    if (step.kind === 'off') return { unavailable: 'GOPROXY=off: the go command itself lists no toolchains' };
    if (step.kind === 'direct' || step.kind === 'noproxy')
      return last && 'error' in last
        ? last
        : {
            unavailable:
              step.kind === 'noproxy'
                ? 'GONOPROXY/GOPRIVATE send golang.org/toolchain to its repository, which Go Health does not clone'
                : 'GOPROXY goes direct for golang.org/toolchain, which Go Health does not clone',
          };
    const answer = await readList(host, step.url, options.keepAlive, options.timeoutMs);
    if ('versions' in answer) return answer;
    last = answer;
    if ('error' in answer && !step.fallBackOnError) return answer;
  }
  return last ?? { unavailable: 'no proxy to ask' };
}

/** Where the list is cached: the user's cache directory, beside the CLI's code cache. */
export function releaseCacheFile(host: Pick<Host, 'platform' | 'env' | 'homedir'>): string | undefined {
  const p = pathApi(host);
  if (host.platform === 'win32') {
    const local = getEnv(host, 'LOCALAPPDATA');
    return local ? p.join(local, 'gohealth', 'Cache', 'go-releases.json') : undefined;
  }
  const home = getEnv(host, 'HOME') || host.homedir;
  if (host.platform === 'darwin') return home ? p.join(home, 'Library', 'Caches', 'gohealth', 'go-releases.json') : undefined;
  const xdg = getEnv(host, 'XDG_CACHE_HOME');
  const base = xdg && p.isAbsolute(xdg) ? xdg : home ? p.join(home, '.cache') : undefined;
  return base ? p.join(base, 'gohealth', 'go-releases.json') : undefined;
}

interface CacheFile {
  schema: 1;
  goproxy: string;
  origin?: string;
  fetchedAtMs?: number;
  versions?: Record<string, string[]>;
  failedAtMs?: number;
  failure?: string;
}

function parseCache(text: string | undefined): CacheFile | undefined {
  if (text === undefined) return undefined;
  try {
    const c = JSON.parse(text) as CacheFile;
    if (c?.schema !== 1 || typeof c.goproxy !== 'string') return undefined;
    if (c.versions !== undefined) {
      if (typeof c.versions !== 'object' || c.versions === null || typeof c.fetchedAtMs !== 'number') return undefined;
      for (const v of Object.values(c.versions)) if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) return undefined;
    }
    return c;
  } catch {
    return undefined;
  }
}

/** True when the file's directory (or the nearest one that exists) may be written, so a fetch can be kept. */
async function cacheWritable(host: Host, file: string): Promise<boolean> {
  if (!host.fs.writeFile) return false;
  const p = pathApi(host);
  let dir = p.dirname(file);
  for (let i = 0; i < 6; i++) {
    const st = await host.fs.stat(dir).catch(() => undefined);
    if (st) return st.isDirectory && (await host.fs.isWritableDir(dir).catch(() => false));
    const parent = p.dirname(dir);
    if (parent === dir) return false;
    dir = parent;
  }
  return false;
}

export interface ReleaseProbe {
  /** The list to judge with now: the proxy's when it has answered already, else the cached one, else the built-in table. */
  settle(): Promise<ReleaseFacts>;
  /** The fetch and the cache write, still running after settle() when the proxy was slow. */
  background: Promise<void>;
}

/**
 * Starts reading the cache beside the other probes and, when it is older than a day (or for another GOPROXY),
 * fetches the list once the go runs have answered. settle() never waits for the network: what has not arrived
 * by then (a file:// proxy is read in time; an HTTPS one rarely is) is left to finish in the background and fill
 * the cache for the next check.
 */
export function startReleaseProbe(host: Host, settings: Promise<ProxySettings>, options: { timeoutMs: number }): ReleaseProbe {
  const nowMs = Date.now();
  const file = releaseCacheFile(host);
  const state: { fetched?: ReleaseFacts; failure?: string; waitingFor?: string } = {};
  const prepared = prepare(host, settings, file, nowMs);
  let begin!: () => void;
  const begun = new Promise<void>((r) => (begin = r));
  // The request starts when the check has its go runs' answers (settle): a TLS handshake on a 2-core machine
  // would otherwise slow the go processes the check is waiting for. It then fills the cache for the next check.
  const background = Promise.all([prepared, begun]).then(async ([plan]) => {
    if (!plan.fetch) return;
    const { steps, keepAlive, goproxy, cached } = plan.fetch;
    state.waitingFor = steps[0]?.kind === 'url' ? steps[0].url : 'the proxy';
    const answer = await fetchToolchainList(host, steps, { keepAlive, timeoutMs: Math.min(options.timeoutMs, FETCH_TIMEOUT_MS) }).catch(
      (e: unknown) => ({ error: String(e) }),
    );
    if ('versions' in answer) {
      state.fetched = { source: 'proxy', origin: answer.origin, asOfMs: Date.now(), nowMs, versions: answer.versions };
      const record: CacheFile = { schema: 1, goproxy, origin: answer.origin, fetchedAtMs: state.fetched.asOfMs, versions: answer.versions };
      if (file) await host.fs.writeFile?.(file, JSON.stringify(record)).catch(() => false);
      return;
    }
    state.failure = 'unavailable' in answer ? answer.unavailable : 'error' in answer ? answer.error : answer.notFound;
    // Remembered, so that a failing or hanging proxy is asked again only after an hour.
    if ('unavailable' in answer || !file) return;
    const record: CacheFile = { ...(cached ?? {}), schema: 1, goproxy, failedAtMs: Date.now(), failure: state.failure };
    await host.fs.writeFile?.(file, JSON.stringify(record)).catch(() => false);
  });
  return {
    background: background.catch(() => undefined),
    async settle() {
      begin();
      const plan = await prepared;
      // One turn of the event loop lets an answer that has just arrived be used.
      await new Promise((r) => setImmediate(r));
      if (state.fetched) return state.fetched;
      const notYet = plan.fetch && !state.failure ? `${state.waitingFor ?? 'the proxy'} had not answered yet` : undefined;
      return withReason(plan.fallback, state.failure, notYet, ...plan.notes);
    },
  };
}

interface Plan {
  /** What to judge with unless the fetch answers in time. */
  fallback: ReleaseFacts;
  /** Said with the fallback: a corrupt cache, a cache that cannot be written. */
  notes: string[];
  fetch?: { steps: ProxyStep[]; keepAlive: boolean; goproxy: string; cached?: CacheFile };
}

/** Reads the cache and decides: use it (fresh), or fetch (stale, missing, another GOPROXY), or neither (GOPROXY unusable, a recent failure). */
async function prepare(host: Host, settings: Promise<ProxySettings>, file: string | undefined, nowMs: number): Promise<Plan> {
  const s = await settings;
  const text = file ? textOf(await host.fs.readFile(file, MAX_LIST_BYTES).catch(() => undefined)) : undefined;
  const parsed = parseCache(text);
  const cached = parsed?.goproxy === s.goproxy ? parsed : undefined;
  const notes = text !== undefined && !parsed ? [`the cached list ${file} could not be read`] : [];
  const cachedFacts: ReleaseFacts | undefined =
    cached?.versions && cached.fetchedAtMs !== undefined
      ? {
          source: 'cache',
          ...(cached.origin ? { origin: cached.origin } : {}),
          asOfMs: cached.fetchedAtMs,
          nowMs,
          versions: cached.versions,
        }
      : undefined;
  const fallback = cachedFacts ?? builtinReleases(nowMs);
  if (cachedFacts && nowMs - cachedFacts.asOfMs < FRESH_MS) return { fallback: cachedFacts, notes: [] };
  const plan = proxySteps(s);
  if ('error' in plan) return { fallback: withReason(fallback, plan.error), notes };
  if (cached?.failedAtMs !== undefined && nowMs - cached.failedAtMs < RETRY_AFTER_FAILURE_MS)
    return {
      fallback: withReason(fallback, `the proxy failed ${ageInWords(nowMs - cached.failedAtMs)} ago: ${cached.failure ?? 'no answer'}`),
      notes,
    };
  const keepAlive = file ? await cacheWritable(host, file) : false;
  if (file && !keepAlive) notes.push(`${file} cannot be written`);
  return { fallback, notes, fetch: { steps: plan.steps, keepAlive, goproxy: s.goproxy, ...(cached ? { cached } : {}) } };
}

function joinReasons(...reasons: (string | undefined)[]): string | undefined {
  const r = reasons.filter(Boolean);
  return r.length ? r.join('; ') : undefined;
}

function withReason(r: ReleaseFacts, ...reasons: (string | undefined)[]): ReleaseFacts {
  const reason = joinReasons(r.fallbackReason, ...reasons);
  return { ...r, ...(reason ? { fallbackReason: reason } : {}) };
}
