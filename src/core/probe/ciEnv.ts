// The Go variables CI and container files set for their machines: workflow/job/step `env:`, GitLab `variables:`, Dockerfile ENV/ARG, each at its line.
import type { LineCounter, Pair, Scalar } from 'yaml';
import { isGoVariable, type DeclaredEnvironment, type DeclaredVariable, type DeclaringFileKind } from '../declared';
import type { Host } from '../host';
import type { ProbeCache } from './cache';
import { parseYaml, readCiFiles, yaml } from './ci';

/** Values that are computed when the job runs (`${{ … }}`, `$VAR`): unknown here, so not judged. */
function isComputed(value: string): boolean {
  return value.includes('${{') || /\$[{A-Za-z_]/.test(value);
}

/** One `NAME: value` pair of a YAML map as a declared variable, when NAME is a Go variable and the value is known. */
function yamlVariable(
  pair: Pair,
  file: string,
  kind: DeclaringFileKind,
  scope: string,
  text: string,
  lc: LineCounter,
): DeclaredVariable | undefined {
  const Y = yaml();
  const key = pair.key;
  if (!Y.isScalar(key) || typeof key.value !== 'string' || !isGoVariable(key.value)) return undefined;
  // GitLab allows { value: …, description: … }.
  const node = Y.isMap(pair.value) ? pair.value.get('value', true) : pair.value;
  if (!Y.isScalar(node) || !node.range || node.value === null) return undefined;
  const quote = node.type === 'QUOTE_DOUBLE' ? '"' : node.type === 'QUOTE_SINGLE' ? "'" : undefined;
  if (node.type !== 'PLAIN' && !quote) return undefined;
  let [start, end] = node.range;
  if (quote) {
    start += 1;
    end -= 1;
  }
  const raw = text.slice(start, end);
  if (raw.includes('\n')) return undefined;
  const value = quote ? String(node.value) : raw;
  if (isComputed(value)) return undefined;
  const pos = lc.linePos(start);
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lineEndAt = text.indexOf('\n', start);
  const lineEnd = lineEndAt < 0 ? text.length : lineEndAt;
  const before = text.slice(lineStart, (key as Scalar).range?.[0] ?? start);
  const after = text.slice(node.range[1], lineEnd);
  const wholeLine = /^\s*$/.test(before) && /^\s*(#.*)?\r?$/.test(after) && !Y.isMap(pair.value);
  return {
    name: key.value,
    value,
    file,
    kind,
    scope,
    line: pos.line,
    column: pos.col,
    endColumn: pos.col + raw.length,
    ...(quote ? { quote } : {}),
    wholeLine,
  };
}

function mapEnvironment(
  map: unknown,
  file: string,
  kind: DeclaringFileKind,
  scope: string,
  text: string,
  lc: LineCounter,
): DeclaredEnvironment | undefined {
  if (!yaml().isMap(map)) return undefined;
  const vars = map.items.map((p) => yamlVariable(p, file, kind, scope, text, lc)).filter((v): v is DeclaredVariable => !!v);
  return vars.length ? { file, kind, scope, vars } : undefined;
}

/** GitHub Actions: the workflow's `env:`, each job's (and its container's) and each step's. */
export function extractGithubEnv(file: string, text: string): DeclaredEnvironment[] {
  const Y = yaml();
  const { doc, lc } = parseYaml(text);
  const out: DeclaredEnvironment[] = [];
  const root = doc?.contents;
  if (!Y.isMap(root)) return out;
  const push = (env: DeclaredEnvironment | undefined) => env && out.push(env);
  push(mapEnvironment(root.get('env', true), file, 'github-actions', 'workflow', text, lc));
  const jobs = root.get('jobs', true);
  if (!Y.isMap(jobs)) return out;
  for (const jobPair of jobs.items) {
    const id = Y.isScalar(jobPair.key) ? String(jobPair.key.value) : '?';
    const job = jobPair.value;
    if (!Y.isMap(job)) continue;
    push(mapEnvironment(job.get('env', true), file, 'github-actions', `job ${id}`, text, lc));
    const container = job.get('container', true);
    if (Y.isMap(container)) push(mapEnvironment(container.get('env', true), file, 'github-actions', `job ${id} container`, text, lc));
    const steps = job.get('steps', true);
    if (!Y.isSeq(steps)) continue;
    steps.items.forEach((step, i) => {
      if (!Y.isMap(step)) return;
      const name = step.get('name') ?? step.get('id') ?? step.get('uses');
      const label = typeof name === 'string' ? `job ${id}, step "${name}"` : `job ${id}, step ${i + 1}`;
      push(mapEnvironment(step.get('env', true), file, 'github-actions', label, text, lc));
    });
  }
  return out;
}

/** GitLab CI: the global `variables:` and each job's (keys that are not GitLab's own settings). */
export function extractGitlabEnv(file: string, text: string): DeclaredEnvironment[] {
  const Y = yaml();
  const { doc, lc } = parseYaml(text);
  const out: DeclaredEnvironment[] = [];
  const root = doc?.contents;
  if (!Y.isMap(root)) return out;
  for (const pair of root.items) {
    const key = Y.isScalar(pair.key) ? String(pair.key.value) : '';
    if (key === 'variables') {
      const env = mapEnvironment(pair.value, file, 'gitlab-ci', 'variables', text, lc);
      if (env) out.push(env);
    } else if (!GITLAB_KEYWORDS.has(key)) {
      const job = pair.value;
      const env = Y.isMap(job) ? mapEnvironment(job.get('variables', true), file, 'gitlab-ci', `job ${key}`, text, lc) : undefined;
      if (env) out.push(env);
    }
  }
  return out;
}

/** Top-level GitLab CI keys that configure the pipeline rather than name a job. */
const GITLAB_KEYWORDS = new Set([
  'default',
  'include',
  'stages',
  'variables',
  'workflow',
  'image',
  'services',
  'cache',
  'before_script',
  'after_script',
]);

/** A character of a Dockerfile instruction with its place in the file (continuation lines joined). */
interface PlacedChar {
  ch: string;
  line: number;
  column: number;
}

/** Words of an instruction's arguments, quotes removed, each with where its characters are. */
function dockerWords(chars: PlacedChar[]): { text: string; chars: PlacedChar[]; quotes: { at: number; quote: '"' | "'" }[] }[] {
  const words: { text: string; chars: PlacedChar[]; quotes: { at: number; quote: '"' | "'" }[] }[] = [];
  let i = 0;
  while (i < chars.length) {
    while (i < chars.length && /\s/.test(chars[i].ch)) i++;
    if (i >= chars.length) break;
    const word = { text: '', chars: [] as PlacedChar[], quotes: [] as { at: number; quote: '"' | "'" }[] };
    let quote: '"' | "'" | undefined;
    for (; i < chars.length && (quote || !/\s/.test(chars[i].ch)); i++) {
      const c = chars[i];
      if (!quote && (c.ch === '"' || c.ch === "'")) {
        quote = c.ch;
        word.quotes.push({ at: word.text.length, quote });
        continue;
      }
      if (quote && c.ch === quote) {
        quote = undefined;
        continue;
      }
      if (quote === '"' && c.ch === '\\' && i + 1 < chars.length) i++;
      word.text += chars[i].ch;
      word.chars.push(chars[i]);
    }
    words.push(word);
  }
  return words;
}

/** Dockerfile: ENV (both forms) and ARG defaults inside each stage, per stage. */
export function extractDockerfileEnv(file: string, text: string): DeclaredEnvironment[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const stages: DeclaredEnvironment[] = [];
  let current: DeclaredEnvironment | undefined;
  let stageCount = 0;
  for (let i = 0; i < lines.length; i++) {
    const first = i;
    const chars: PlacedChar[] = [];
    // Join continuation lines (a trailing backslash), keeping each character's own line and column.
    for (;;) {
      const l = lines[i] ?? '';
      const continued = /\\\s*$/.test(l) && i + 1 < lines.length;
      const body = continued ? l.replace(/\\\s*$/, '') : l;
      for (let c = 0; c < body.length; c++) chars.push({ ch: body[c], line: i + 1, column: c + 1 });
      chars.push({ ch: ' ', line: i + 1, column: body.length + 1 });
      if (!continued) break;
      i++;
    }
    const instruction = /^\s*([A-Za-z]+)\s/.exec(lines[first] ?? '');
    if (!instruction || /^\s*#/.test(lines[first] ?? '')) continue;
    const keyword = instruction[1].toUpperCase();
    const rest = chars.slice(instruction[0].length);
    if (keyword === 'FROM') {
      stageCount++;
      const as = /\s+AS\s+(\S+)/i.exec(lines[first] ?? '');
      current = { file, kind: 'dockerfile', scope: `stage ${as ? as[1] : stageCount}`, vars: [] };
      stages.push(current);
      continue;
    }
    if (!current || (keyword !== 'ENV' && keyword !== 'ARG')) continue;
    const words = dockerWords(rest);
    const singleLine = i === first;
    const pairs = words.filter((w) => w.text.includes('='));
    // `ENV NAME value…` (the old form): the value is the rest of the instruction.
    if (keyword === 'ENV' && pairs.length === 0 && words.length >= 2) {
      const name = words[0].text;
      const valueChars = words.slice(1).flatMap((w, k) => (k === 0 ? w.chars : [{ ...w.chars[0], ch: ' ' }, ...w.chars]));
      const value = words
        .slice(1)
        .map((w) => w.text)
        .join(' ');
      const start = words[1].chars[0];
      if (isGoVariable(name) && start && !isComputed(value) && valueChars.every((c) => c.line === start.line))
        current.vars.push({
          name,
          value,
          file,
          kind: 'dockerfile',
          scope: current.scope,
          line: start.line,
          column: start.column,
          endColumn: words.at(-1)!.chars.at(-1)!.column + 1,
          wholeLine: singleLine,
        });
      continue;
    }
    for (const w of words) {
      const eq = w.text.indexOf('=');
      if (eq <= 0) continue;
      const name = w.text.slice(0, eq);
      const value = w.text.slice(eq + 1);
      const valueChars = w.chars.slice(eq + 1);
      if (!isGoVariable(name) || isComputed(value)) continue;
      const quote = w.quotes.find((q) => q.at >= eq + 1)?.quote;
      const at = valueChars[0] ?? w.chars[eq];
      const lineOk = valueChars.every((c) => c.line === at.line);
      if (!lineOk) continue;
      const column = valueChars[0] ? valueChars[0].column : w.chars[eq].column + 1 + (quote ? 1 : 0);
      current.vars.push({
        name,
        value,
        file,
        kind: 'dockerfile',
        scope: current.scope,
        line: at.line,
        column,
        endColumn: valueChars.length ? valueChars.at(-1)!.column + 1 : column,
        ...(quote ? { quote } : {}),
        wholeLine: singleLine && words.length === 1,
      });
    }
  }
  return stages.filter((s) => s.vars.length);
}

/** The Go variables every workflow, GitLab CI file and Dockerfile of the workspace sets. */
export async function probeCiEnvironments(
  host: Host,
  cache: ProbeCache,
  folders: string[],
  dockerfiles: string[],
): Promise<DeclaredEnvironment[]> {
  const { found } = await readCiFiles(host, cache, folders, dockerfiles, {
    github: { extract: extractGithubEnv },
    gitlab: { extract: extractGitlabEnv },
    dockerfile: { extract: extractDockerfileEnv },
  });
  return found;
}
