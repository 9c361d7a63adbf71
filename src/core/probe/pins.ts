// Go version pins outside go.mod and CI: .go-version, .tool-versions, mise.toml and dev containers (image, go feature, containerEnv).
import { parseTree, type Node } from 'jsonc-parser';
import { READ_LIMITS } from './read';
import { isGoVariable, type DeclaredEnvironment, type DeclaredVariable, type GoVersionPin, type PinManager } from '../declared';
import { pathApi, type Host } from '../host';
import { parseGoVersion } from '../goversion';
import type { ProbeCache } from './cache';
import { golangImageVersion } from './ci';
import { folderAndParents } from './repo';

/** The version-manager files, in the order mise prefers them within one directory. */
const MANAGER_FILES: readonly { name: string; kind: GoVersionPin['kind'] }[] = [
  { name: 'mise.toml', kind: 'mise' },
  { name: '.mise.toml', kind: 'mise' },
  { name: '.tool-versions', kind: 'tool-versions' },
  { name: '.go-version', kind: 'go-version' },
];

/** The names the workspace walk notes for this probe. */
export const VERSION_FILE_NAMES: ReadonlySet<string> = new Set(MANAGER_FILES.map((m) => m.name));

interface PinProbe {
  pins: GoVersionPin[];
  /** containerEnv / remoteEnv of dev containers. */
  declaredEnvs: DeclaredEnvironment[];
  /** Dockerfiles dev containers build from (outside the walk, which skips dot-directories). */
  dockerfiles: string[];
}

/** `1.25.0`, `go1.25`, `1.26rc1` as the version it names; undefined for `latest`, `system`, `ref:…` and the like. */
function pinnedVersion(text: string): string | undefined {
  const t = text.trim().replace(/^go(?=\d)/, '');
  return parseGoVersion(t) ? t : undefined;
}

type Found = Omit<GoVersionPin, 'file' | 'dir' | 'kind'>;

/** `.go-version`: the first line that is not empty or a comment (goenv; setup-go's go-version-file reads it too). */
export function parseGoVersionFile(text: string): Found | undefined {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)(\S+)/.exec(lines[i]);
    if (!m || m[2].startsWith('#')) continue;
    const version = pinnedVersion(m[2]);
    const column = m[1].length + 1;
    return { line: i + 1, column, endColumn: column + m[2].length, raw: m[2], ...(version ? { version } : {}), manager: 'goenv' };
  }
  return undefined;
}

/** `.tool-versions`: `golang 1.25.0` (asdf and mise) or `go 1.25.0` (mise only); the first version listed is used. */
export function parseToolVersions(text: string): Found | undefined {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)(golang|go)(\s+)(\S+)/.exec(lines[i].replace(/#.*$/, ''));
    if (!m) continue;
    const column = m[1].length + m[2].length + m[3].length + 1;
    const version = pinnedVersion(m[4]);
    const manager: PinManager = m[2] === 'golang' ? 'asdf or mise' : 'mise';
    return { line: i + 1, column, endColumn: column + m[4].length, raw: m[4], ...(version ? { version } : {}), manager };
  }
  return undefined;
}

/** mise.toml: `go = "1.25"` (or `golang`, a list, or `{ version = "…" }`) in the `[tools]` table. */
export function parseMiseToml(text: string): Found | undefined {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let inTools = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const table = /^\s*\[([^\]]*)\]/.exec(line);
    if (table) {
      inTools = table[1].trim() === 'tools';
      continue;
    }
    const dotted = /^\s*tools\.(?:"?)(go|golang)(?:"?)\s*=/.test(line);
    if (!inTools && !dotted) continue;
    if (!dotted && !/^\s*["']?(go|golang)["']?\s*=/.test(line)) continue;
    const eq = line.indexOf('=');
    const q = /(["'])([^"']*)\1/.exec(line.slice(eq + 1));
    if (!q) continue;
    const column = eq + 1 + q.index + 2;
    const version = pinnedVersion(q[2]);
    return { line: i + 1, column, endColumn: column + q[2].length, raw: q[2], ...(version ? { version } : {}), manager: 'mise' };
  }
  return undefined;
}

/** The Go a dev container image gives: golang:1.25-bookworm, mcr.microsoft.com/devcontainers/go:1-1.25-bookworm. */
export function containerImageGo(image: string): { isGo: boolean; version?: string } {
  const golang = golangImageVersion(image);
  if (golang.isGolang) return { isGo: true, ...(golang.version ? { version: golang.version } : {}) };
  const m = /(?:^|\/)devcontainers\/go(?::([\w.-]+))?$/.exec(image.trim());
  if (!m) return { isGo: false };
  const token = (m[1] ?? '').split('-').find((t) => /^\d+\.\d+(\.\d+)?$/.test(t));
  return { isGo: true, ...(token ? { version: token } : {}) };
}

class Lines {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.starts.push(i + 1);
  }
  at(offset: number): { line: number; column: number } {
    let line = 0;
    while (line + 1 < this.starts.length && this.starts[line + 1] <= offset) line++;
    return { line: line + 1, column: offset - this.starts[line] + 1 };
  }
}

function child(node: Node | undefined, key: string): Node | undefined {
  if (node?.type !== 'object') return undefined;
  return node.children?.find((p) => p.children?.[0]?.value === key)?.children?.[1];
}

/** A JSON string's place, inside its quotes. */
function stringSpan(node: Node, lines: Lines): { line: number; column: number; endColumn: number } {
  const start = lines.at(node.offset + 1);
  return { ...start, endColumn: start.column + Math.max(0, node.length - 2) };
}

/** What a devcontainer.json pins and sets: the image's Go, the go feature's version, containerEnv/remoteEnv, its Dockerfile. */
export function parseDevcontainer(
  file: string,
  text: string,
): { pins: Omit<GoVersionPin, 'dir'>[]; envs: DeclaredEnvironment[]; dockerfile?: string } {
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  const lines = new Lines(text);
  const pins: Omit<GoVersionPin, 'dir'>[] = [];
  const envs: DeclaredEnvironment[] = [];
  if (root?.type !== 'object') return { pins, envs };
  const image = child(root, 'image');
  if (image?.type === 'string') {
    const go = containerImageGo(String(image.value));
    if (go.isGo)
      pins.push({
        file,
        kind: 'devcontainer-image',
        ...stringSpan(image, lines),
        raw: String(image.value),
        ...(go.version ? { version: go.version } : {}),
      });
  }
  for (const feature of child(root, 'features')?.children ?? []) {
    const [key, value] = feature.children ?? [];
    if (typeof key?.value !== 'string' || !/\/features\/go(:|$)/.test(key.value)) continue;
    const v = child(value, 'version');
    if (v?.type !== 'string') continue;
    const version = pinnedVersion(String(v.value));
    pins.push({ file, kind: 'devcontainer-feature', ...stringSpan(v, lines), raw: String(v.value), ...(version ? { version } : {}) });
  }
  for (const scope of ['containerEnv', 'remoteEnv']) {
    const vars: DeclaredVariable[] = [];
    for (const prop of child(root, scope)?.children ?? []) {
      const [key, value] = prop.children ?? [];
      if (typeof key?.value !== 'string' || !isGoVariable(key.value) || value?.type !== 'string') continue;
      const v = String(value.value);
      if (v.includes('${')) continue;
      vars.push({
        name: key.value,
        value: v,
        file,
        kind: 'devcontainer',
        scope,
        ...stringSpan(value, lines),
        quote: '"',
        wholeLine: false,
      });
    }
    if (vars.length) envs.push({ file, kind: 'devcontainer', scope, vars });
  }
  const build = child(root, 'build');
  const dockerfile = child(build, 'dockerfile') ?? child(root, 'dockerFile');
  return { pins, envs, ...(dockerfile?.type === 'string' ? { dockerfile: String(dockerfile.value) } : {}) };
}

/**
 * Every pin governing the workspace: version-manager files in each folder's parents up to the repository root
 * (a stat per name and directory) and in the directories the walk listed (no extra I/O), and the dev container of
 * each folder and repository root.
 */
export async function probePins(
  host: Host,
  cache: ProbeCache,
  folders: readonly string[],
  walk: { readonly walked: ReadonlySet<string>; readonly versionFiles: readonly string[] },
): Promise<PinProbe> {
  const p = pathApi(host);
  const candidates = new Map<string, { dir: string; kind: GoVersionPin['kind'] }>();
  for (const file of walk.versionFiles) {
    const kind = MANAGER_FILES.find((m) => m.name === p.basename(file))?.kind;
    if (kind) candidates.set(file, { dir: p.dirname(file), kind });
  }
  const containerDirs = new Set<string>();
  await Promise.all(
    folders.map(async (folder) => {
      const chain = await folderAndParents(host, cache, folder);
      containerDirs.add(chain[0]);
      containerDirs.add(chain[chain.length - 1]);
      const above = chain.filter((d) => !walk.walked.has(d));
      const files = above.flatMap((dir) => MANAGER_FILES.map((m) => ({ dir, kind: m.kind, file: p.join(dir, m.name) })));
      const stats = await Promise.all(files.map((f) => cache.stat(host, f.file)));
      files.forEach((f, i) => {
        if (stats[i]?.isFile) candidates.set(f.file, { dir: f.dir, kind: f.kind });
      });
    }),
  );
  const read = async (file: string) => (await cache.readFile(host, file, { maxBytes: READ_LIMITS.jsonConfig })).content;
  const managerPins = await Promise.all(
    [...candidates].map(async ([file, { dir, kind }]) => {
      const text = await read(file);
      if (text === undefined) return undefined;
      const found = kind === 'mise' ? parseMiseToml(text) : kind === 'tool-versions' ? parseToolVersions(text) : parseGoVersionFile(text);
      return found ? ({ file, dir, kind, ...found } as GoVersionPin) : undefined;
    }),
  );
  const containers = await Promise.all([...containerDirs].map((dir) => devcontainersIn(host, cache, dir)));
  return {
    pins: [...managerPins.filter((x): x is GoVersionPin => !!x), ...containers.flatMap((c) => c.pins)].sort(
      (a, b) => a.file.localeCompare(b.file) || a.line - b.line,
    ),
    declaredEnvs: containers.flatMap((c) => c.envs),
    dockerfiles: [...new Set(containers.flatMap((c) => c.dockerfiles))],
  };
}

/** The dev container definitions of a directory: .devcontainer.json, .devcontainer/devcontainer.json, .devcontainer/<name>/devcontainer.json. */
async function devcontainersIn(
  host: Host,
  cache: ProbeCache,
  dir: string,
): Promise<{ pins: GoVersionPin[]; envs: DeclaredEnvironment[]; dockerfiles: string[] }> {
  const p = pathApi(host);
  const folder = p.join(dir, '.devcontainer');
  const entries = (await cache.readdir(host, folder)) ?? [];
  const files = [
    p.join(dir, '.devcontainer.json'),
    ...entries.filter((e) => !e.isDirectory && e.name === 'devcontainer.json').map((e) => p.join(folder, e.name)),
    ...entries.filter((e) => e.isDirectory).map((e) => p.join(folder, e.name, 'devcontainer.json')),
  ];
  const out = { pins: [] as GoVersionPin[], envs: [] as DeclaredEnvironment[], dockerfiles: [] as string[] };
  for (const file of files) {
    const text = (await cache.readFile(host, file, { maxBytes: READ_LIMITS.jsonConfig })).content;
    if (text === undefined) continue;
    const parsed = parseDevcontainer(file, text);
    out.pins.push(...parsed.pins.map((pin) => ({ ...pin, dir })));
    out.envs.push(...parsed.envs);
    if (parsed.dockerfile) out.dockerfiles.push(p.resolve(p.dirname(file), parsed.dockerfile));
  }
  return out;
}
