// CI probing: the Go version GitHub Actions (setup-go), Dockerfiles (FROM golang:X) and GitLab CI (image: golang:X) select, at their exact lines.
import type { Document, LineCounter, Node as YamlNode, Scalar } from 'yaml';

// The YAML parser is most of the CLI's code; it is loaded only when a workspace has YAML CI files.
let yamlModule: typeof import('yaml') | undefined;
export function yaml(): typeof import('yaml') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous lazy load is the point
  return (yamlModule ??= require('yaml') as typeof import('yaml'));
}
import { pathApi, type Host } from '../host';
import type { CiGoVersion, UnreadPart } from '../facts';
import { compareGoVersionStrings } from '../goversion';
import type { ProbeCache } from './cache';
import { READ_LIMITS } from './read';
import { MAX_YAML_FLOW_DEPTH, yamlFlowNestsDeeperThan } from './yamlDepth';

/**
 * YAML parsing costs about 3 ms per kilobyte and runs on the check's only thread, beside the go processes it
 * waits for. Each file is bounded by READ_LIMITS.ciYaml; all of them together by this, after which the rest are
 * named as not read rather than parsed.
 */
const YAML_BUDGET_BYTES = 1024 * 1024;

/**
 * The minimum Go version a version spec selects: `1.21`, `1.21.x`, `^1.21`, `>=1.21.0`, `~1.21.3`,
 * `go1.21.3`; undefined for floating specs (`stable`, `latest`, `1.x`, `${{ … }}`, empty).
 */
export function normalizeGoVersionSpec(spec: string): string | undefined {
  const s = spec.trim().replace(/^['"]|['"]$/g, '');
  if (!s || s.includes('${{')) return undefined;
  const m = /^(?:>=|=|\^|~|v|go)*\s*(\d+)\.(\d+)(?:\.(\d+|x|X|\*))?(?:-?(rc|beta)\.?(\d+))?/.exec(s);
  if (!m) return undefined;
  const [, major, minor, patch, pre, preN] = m;
  if (pre && (patch === undefined || patch === '0')) return `${major}.${minor}${pre}${preN}`;
  if (patch !== undefined && /^\d+$/.test(patch)) return `${major}.${minor}.${patch}`;
  return `${major}.${minor}`;
}

function lowest(versions: (string | undefined)[]): string | undefined {
  const known = versions.filter((v): v is string => v !== undefined);
  if (known.length === 0 || known.length !== versions.length) return undefined;
  return known.sort(compareGoVersionStrings)[0];
}

/** Range of a scalar's value inside its quotes, as 1-based line/columns. */
export function scalarPosition(
  node: Scalar,
  lc: LineCounter,
  text: string,
): { line: number; column: number; endColumn: number; raw: string } | undefined {
  if (!node.range) return undefined;
  let [start, end] = node.range;
  if (node.type === 'QUOTE_SINGLE' || node.type === 'QUOTE_DOUBLE') {
    start += 1;
    end -= 1;
  }
  const pos = lc.linePos(start);
  const raw = text.slice(start, end);
  // A plain scalar cannot span lines here; keep the range on one line anyway.
  const firstLine = raw.split(/\r?\n/)[0];
  return { line: pos.line, column: pos.col, endColumn: pos.col + firstLine.length, raw: firstLine };
}

let lastParse: { text: string; result: { doc?: Document; lc: LineCounter } } | undefined;

/** Parses YAML with line positions; the last text's result is kept, since the Go version and the env readers read each file in turn. */
export function parseYaml(text: string): { doc?: Document; lc: LineCounter } {
  if (lastParse?.text === text) return lastParse.result;
  const lc = new (yaml().LineCounter)();
  // Never handed to the parser: deep flow nesting can end the process (see yamlDepth.ts).
  if (yamlFlowNestsDeeperThan(text)) return { lc };
  let result: { doc?: Document; lc: LineCounter };
  try {
    result = { doc: yaml().parseDocument(text, { keepSourceTokens: true, lineCounter: lc, uniqueKeys: false, prettyErrors: false }), lc };
  } catch {
    result = { lc };
  }
  lastParse = { text, result };
  return result;
}

/** The value setup-go receives: an unquoted `1.20` is the YAML number 1.2, which is what it installs. */
function scalarVersion(node: Scalar, raw: string): string | undefined {
  if (node.type === 'PLAIN' && typeof node.value === 'number') return normalizeGoVersionSpec(String(node.value));
  return normalizeGoVersionSpec(raw);
}

/** `actions/setup-go` steps with `go-version` (not `go-version-file`, which follows go.mod). */
export function extractGithubActions(file: string, text: string): CiGoVersion[] {
  const { doc, lc } = parseYaml(text);
  const out: CiGoVersion[] = [];
  const jobs = doc?.get('jobs', true);
  if (!yaml().isMap(jobs)) return out;
  for (const jobPair of jobs.items) {
    const job = jobPair.value;
    if (!yaml().isMap(job)) continue;
    const steps = job.get('steps', true);
    if (!yaml().isSeq(steps)) continue;
    for (const step of steps.items) {
      if (!yaml().isMap(step)) continue;
      const uses = step.get('uses');
      if (typeof uses !== 'string' || !/^actions\/setup-go(@|$)/.test(uses.trim())) continue;
      const withNode = step.get('with', true);
      if (!yaml().isMap(withNode)) continue;
      const v = withNode.get('go-version', true);
      const versionFile = withNode.get('go-version-file', true);
      if (!yaml().isScalar(v) && yaml().isScalar(versionFile) && typeof versionFile.value === 'string') {
        // The version comes from that file (go.mod, .go-version, .tool-versions), relative to the repository root.
        const pos = scalarPosition(versionFile, lc, text);
        if (pos) out.push({ file, kind: 'github-actions', ...pos, versionFile: repositoryPath(file, versionFile.value) });
        continue;
      }
      if (!yaml().isScalar(v)) continue;
      const pos = scalarPosition(v, lc, text);
      if (!pos) continue;
      let version = scalarVersion(v, pos.raw);
      const matrixRef = /^\$\{\{\s*matrix\.([\w-]+)\s*\}\}$/.exec(pos.raw.trim());
      if (matrixRef) version = lowest(matrixValues(job as YamlNode, matrixRef[1], lc, text));
      out.push({
        file,
        kind: 'github-actions',
        line: pos.line,
        column: pos.column,
        endColumn: pos.endColumn,
        raw: pos.raw,
        ...(version ? { version } : {}),
        quoted: v.type === 'QUOTE_SINGLE' || v.type === 'QUOTE_DOUBLE',
      });
    }
  }
  return out;
}

/** A path setup-go reads relative to the checkout (the folder holding .github), made absolute. */
function repositoryPath(workflowFile: string, relative: string): string {
  const sep = workflowFile.includes('\\') && !workflowFile.includes('/') ? '\\' : '/';
  const parts = workflowFile.split(/[\\/]/);
  const i = parts.lastIndexOf('.github');
  const root = (i >= 0 ? parts.slice(0, i) : parts.slice(0, -1)).join(sep);
  return `${root}${sep}${relative.replace(/^\.[\\/]/, '')}`;
}

/** The values a `strategy.matrix.<key>` list offers, each normalized (undefined entries make the result float). */
function matrixValues(job: YamlNode, key: string, lc: LineCounter, text: string): (string | undefined)[] {
  if (!yaml().isMap(job)) return [undefined];
  const strategy = job.get('strategy', true);
  const matrix = yaml().isMap(strategy) ? strategy.get('matrix', true) : undefined;
  const list = yaml().isMap(matrix) ? matrix.get(key, true) : undefined;
  if (!yaml().isSeq(list) || list.items.length === 0) return [undefined];
  return list.items.map((item) => {
    if (!yaml().isScalar(item)) return undefined;
    const pos = scalarPosition(item, lc, text);
    return pos ? scalarVersion(item, pos.raw) : undefined;
  });
}

const GOLANG_IMAGE_RE = /^(?:[\w.-]+(?::\d+)?\/)*(?:library\/)?golang(?::([\w.-]+))?(?:@sha256:[0-9a-f]+)?$/i;

/** The version a `golang:<tag>` image gives: `1.21-alpine` -> 1.21, `1.21.3` -> 1.21.3; `latest`, `alpine`, `1` float. */
export function golangImageVersion(image: string): { isGolang: boolean; version?: string } {
  const m = GOLANG_IMAGE_RE.exec(image.trim());
  if (!m) return { isGolang: false };
  const tag = m[1];
  if (!tag) return { isGolang: true };
  const v = /^(\d+\.\d+(?:\.\d+)?(?:rc\d+)?)(?:-|$)/.exec(tag);
  return { isGolang: true, ...(v ? { version: v[1] } : {}) };
}

/** `FROM [--platform=…] golang:X[-variant] [AS name]`, with `ARG NAME=default` substitution. */
export function extractDockerfile(file: string, text: string): CiGoVersion[] {
  const out: CiGoVersion[] = [];
  // A Map: an ARG named __proto__ or constructor is only a name.
  const args = new Map<string, string>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const arg = /^\s*ARG\s+([A-Za-z_][\w]*)=(?:"([^"]*)"|'([^']*)'|(\S*))/i.exec(line);
    if (arg) {
      args.set(arg[1], arg[2] ?? arg[3] ?? arg[4] ?? '');
      continue;
    }
    const from = /^(\s*FROM\s+)((?:--[\w-]+=\S+\s+)*)(\S+)/i.exec(line);
    if (!from) continue;
    const raw = from[3];
    const column = from[1].length + from[2].length + 1;
    const expanded = raw.replace(/\$\{?([A-Za-z_]\w*)(?::-([^}]*))?\}?/g, (_, name: string, dflt?: string) => args.get(name) ?? dflt ?? '');
    const img = golangImageVersion(expanded);
    if (!img.isGolang) continue;
    out.push({
      file,
      kind: 'dockerfile',
      line: i + 1,
      column,
      endColumn: column + raw.length,
      raw,
      ...(img.version ? { version: img.version } : {}),
    });
  }
  return out;
}

/** `.gitlab-ci.yml`: top-level / `default:` / per-job `image: golang:X` or `image: { name: golang:X }`. */
export function extractGitlabCi(file: string, text: string): CiGoVersion[] {
  const { doc, lc } = parseYaml(text);
  const out: CiGoVersion[] = [];
  const root = doc?.contents;
  if (!yaml().isMap(root)) return out;
  const fromImage = (image: unknown) => {
    const node = yaml().isMap(image) ? image.get('name', true) : image;
    if (!yaml().isScalar(node) || typeof node.value !== 'string') return;
    const pos = scalarPosition(node, lc, text);
    if (!pos) return;
    const img = golangImageVersion(pos.raw);
    if (!img.isGolang) return;
    out.push({
      file,
      kind: 'gitlab-ci',
      line: pos.line,
      column: pos.column,
      endColumn: pos.endColumn,
      raw: pos.raw,
      ...(img.version ? { version: img.version } : {}),
    });
  };
  for (const pair of root.items) {
    const key = yaml().isScalar(pair.key) ? String(pair.key.value) : '';
    if (key === 'image') fromImage(pair.value);
    else if (yaml().isMap(pair.value)) fromImage(pair.value.get('image', true));
  }
  return out;
}

/** Lets the event loop turn (spawns finishing, timers) between two files that each take a while to parse. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** One kind of CI file: what to take from it, and (for YAML) the text a file must contain to be worth parsing. */
export interface CiExtractor<T> {
  extract(file: string, text: string): T[];
  mentions?: RegExp;
}

/** What to take from each kind of CI file; a file that cannot be read or parsed gives nothing. */
export interface CiExtractors<T> {
  github: CiExtractor<T>;
  gitlab: CiExtractor<T>;
  dockerfile: CiExtractor<T>;
}

/**
 * Reads every CI file of the workspace folders (workflows and GitLab CI at each folder root; Dockerfiles found by
 * the walk) through the bounded reader and extracts from each, in that order; the files not read or parsed, with why.
 */
export async function readCiFiles<T>(
  host: Host,
  cache: ProbeCache,
  folders: string[],
  dockerfiles: string[],
  extractors: CiExtractors<T>,
): Promise<{ found: T[]; unread: UnreadPart[] }> {
  const p = pathApi(host);
  const unread: UnreadPart[] = [];
  const read = async (file: string, maxBytes: number) => {
    const outcome = await cache.readFile(host, file, { maxBytes, within: folders });
    if (outcome.notRead) unread.push({ path: file, reason: outcome.notRead });
    return outcome.content;
  };
  const safe = (file: string, text: string, extractor: CiExtractor<T>): T[] => {
    try {
      return extractor.extract(file, text);
    } catch {
      return [];
    }
  };
  let yamlBytes = 0;
  /** Parses one YAML file if it can matter (it names what the extractor looks for) and the budget allows. */
  const parseYamlFile = async (file: string, extractor: CiExtractor<T>): Promise<T[]> => {
    const text = await read(file, READ_LIMITS.ciYaml);
    if (text === undefined || (extractor.mentions && !extractor.mentions.test(text))) return [];
    if (yamlBytes + text.length > YAML_BUDGET_BYTES) {
      unread.push({
        path: file,
        reason: `${file} was not parsed: the CI files before it already took the ${YAML_BUDGET_BYTES / 1024 / 1024} MiB of YAML a check parses`,
      });
      return [];
    }
    if (yamlFlowNestsDeeperThan(text)) {
      unread.push({ path: file, reason: `${file} was not parsed: it nests [ and { more than ${MAX_YAML_FLOW_DEPTH} levels deep` });
      return [];
    }
    yamlBytes += text.length;
    if (text.length > 16 * 1024) await yieldToEventLoop();
    return safe(file, text, extractor);
  };
  const found: T[] = [];
  for (const folder of folders) {
    const wfDir = p.join(folder, '.github', 'workflows');
    const workflows = ((await cache.readdir(host, wfDir)) ?? [])
      .filter((e) => !e.isDirectory && /\.ya?ml$/i.test(e.name))
      .map((e) => p.join(wfDir, e.name))
      .sort();
    // One at a time: parsing is synchronous, so running them "in parallel" would only hold the event loop longer.
    for (const f of workflows) found.push(...(await parseYamlFile(f, extractors.github)));
    found.push(...(await parseYamlFile(p.join(folder, '.gitlab-ci.yml'), extractors.gitlab)));
  }
  const docker = await Promise.all(
    dockerfiles.map(async (f) => {
      const text = await read(f, READ_LIMITS.dockerfile);
      return text === undefined ? [] : safe(f, text, extractors.dockerfile);
    }),
  );
  return { found: [...found, ...docker.flat()], unread };
}

/** Every CI choice of Go in the workspace folders, and the CI files that were not read or parsed, with why. */
export function probeCi(
  host: Host,
  cache: ProbeCache,
  folders: string[],
  dockerfiles: string[],
): Promise<{ found: CiGoVersion[]; unread: UnreadPart[] }> {
  return readCiFiles(host, cache, folders, dockerfiles, {
    github: { extract: extractGithubActions, mentions: /setup-go/ },
    gitlab: { extract: extractGitlabCi, mentions: /golang/i },
    dockerfile: { extract: extractDockerfile },
  });
}
