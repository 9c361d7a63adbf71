// A finding's evidence in sentences a Go developer reads at a glance, and the raw values behind them for a details view.
import type { Finding } from '../report';
import { GO_VARIABLES } from '../data/goDocs';

/** Where a variable's effective value is written, when it is written in a file (the go env file, GOROOT/go.env). */
export type WhereSet = (variable: string) => { file: string; line: number } | undefined;

interface EnvEvidence {
  value: string;
  source: string;
  osValue?: string;
  fileValue?: string;
  goenvFile?: string;
  gorootFileValue?: string;
}

function isEnvEvidence(v: unknown): v is EnvEvidence {
  return !!v && typeof v === 'object' && typeof (v as EnvEvidence).value === 'string' && typeof (v as EnvEvidence).source === 'string';
}

function shown(value: string): string {
  return value === '' ? '(empty)' : value;
}

/** `~/x` for a path under the home directory, when one is given. */
function tilde(path: string, home: string | undefined): string {
  if (!home || home.length < 2) return path;
  return path === home ? '~' : path.startsWith(`${home}/`) || path.startsWith(`${home}\\`) ? `~${path.slice(home.length)}` : path;
}

interface SentenceOptions {
  whereSet?: WhereSet;
  homedir?: string;
}

/** "GOTOOLCHAIN=local, set in your go env file (~/.config/go/env, line 2)". */
export function variableSentence(name: string, ev: EnvEvidence, options: SentenceOptions = {}): string {
  const at = options.whereSet?.(name);
  const file = (f: string | undefined) => (f ? tilde(f, options.homedir) : undefined);
  let where: string;
  switch (ev.source) {
    case 'os':
      where = 'set in the OS environment';
      break;
    case 'goenv-file':
      where = `set in your go env file (${[file(at?.file ?? ev.goenvFile) ?? 'go env -w', at ? `line ${at.line}` : undefined].filter(Boolean).join(', ')})`;
      break;
    case 'goroot-go.env':
      where = `the default in GOROOT/go.env${at ? ` (${file(at.file)}, line ${at.line})` : ''}`;
      break;
    default:
      where = "the go command's default";
  }
  const sentence = ev.value === '' && ev.source === 'default' ? `${name} is not set` : `${name}=${shown(ev.value)}, ${where}`;
  const also: string[] = [];
  if (ev.source === 'os' && ev.fileValue !== undefined && ev.fileValue !== ev.value)
    also.push(`your go env file says ${shown(ev.fileValue)}, which the OS value overrides`);
  if (ev.source !== 'goroot-go.env' && ev.gorootFileValue !== undefined && ev.gorootFileValue !== ev.value && ev.source !== 'default')
    also.push(`GOROOT/go.env's default is ${shown(ev.gorootFileValue)}`);
  return `${sentence}${also.length ? `; ${also.join('; ')}` : ''}.`;
}

type Rule = (e: Record<string, unknown>, o: SentenceOptions) => string | undefined;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/**
 * Sentences for the evidence keys checks use, each reading only its own keys. Keys no rule reads (internal
 * states such as `cause` or `blocked`) are left to the details.
 */
const RULES: Rule[] = [
  (e, o) => {
    const tool = str(e.tool);
    const path = str(e.path);
    const built = str(e.builtWith);
    if (!tool || !built) return undefined;
    const version = str(e.moduleVersion);
    return `${tool}${version ? ` ${version}` : ''}${path ? ` at ${tilde(path, o.homedir)}` : ''} was built with ${built}.`;
  },
  (e, o) => {
    const by = str(e.requiredBy);
    const go = str(e.requiredGo);
    if (!by || !go) return undefined;
    const line = num(e.requiredLine);
    return `${tilde(by, o.homedir)}${line ? ` line ${line}` : ''} needs Go ${go}.`;
  },
  (e) => (str(e.goLine) ? `The go line says go ${str(e.goLine)}.` : undefined),
  (e) => (str(e.toolchainLine) ? `The toolchain line says toolchain ${str(e.toolchainLine)}.` : undefined),
  (e) => (str(e.activeGo) ? `The active Go is ${str(e.activeGo)}.` : undefined),
  (e) => {
    const selected = str(e.selected);
    if (!selected || selected === e.activeGo) return undefined;
    return `The go command would run ${selected}${e.needsDownload === true ? ', downloading it first' : ''}.`;
  },
  (e) => {
    const reason = str(e.reason);
    return reason ? `${reason.charAt(0).toUpperCase()}${reason.slice(1).replace(/\.?$/, '.')}` : undefined;
  },
  (e) => (str(e.message) ? `The go command says: ${str(e.message)}` : undefined),
  (e, o) => {
    const work = str(e.work);
    const workGo = str(e.workGo);
    const mod = str(e.module);
    const modGo = str(e.moduleGo);
    if (work && workGo && mod && modGo) return `${tilde(work, o.homedir)} says go ${workGo}; ${tilde(mod, o.homedir)} says go ${modGo}.`;
    if (work && str(e.use)) return `${tilde(work, o.homedir)} uses ${str(e.use)}${str(e.absPath) ? ` (${str(e.absPath)})` : ''}.`;
    return undefined;
  },
  (e, o) => {
    const ci = str(e.ciFile);
    if (!ci) return undefined;
    const mod = str(e.module);
    return `${tilde(ci, o.homedir)} selects Go ${str(e.ciGo) ?? str(e.raw) ?? '?'}${mod && str(e.moduleGo) ? `; ${tilde(mod, o.homedir)} says go ${str(e.moduleGo)}` : ''}.`;
  },
  (e, o) => (str(e.installDir) ? `go install writes to ${tilde(str(e.installDir)!, o.homedir)}.` : undefined),
  (e) => (str(e.distro) ? `WSL distro: ${str(e.distro)}.` : undefined),
  (e) => (str(e.readError) ? `It cannot be read: ${str(e.readError)}.` : undefined),
  (e) => {
    const errors = Array.isArray(e.errors) ? (e.errors as { line?: unknown; message?: unknown }[]) : [];
    const lines = errors
      .filter((x) => typeof x?.message === 'string')
      .slice(0, 3)
      .map((x) => `${typeof x.line === 'number' ? `Line ${x.line}: ` : ''}${String(x.message)}`);
    return lines.length ? lines.join(' · ') : undefined;
  },
];

/** The evidence as sentences, variables first (each with where it is set). */
export function evidenceSentences(finding: Pick<Finding, 'evidence'>, options: SentenceOptions = {}): string[] {
  const e = finding.evidence;
  const out: string[] = [];
  for (const [k, v] of Object.entries(e)) {
    if (!GO_VARIABLES.has(k)) continue;
    if (isEnvEvidence(v)) out.push(variableSentence(k, v, options));
    else if (typeof v === 'string') out.push(`${k}=${shown(v)}.`);
  }
  for (const rule of RULES) {
    const s = rule(e, options);
    if (s && !out.includes(s)) out.push(s);
  }
  return out;
}

/** Every raw value, flattened to `key`/`key.sub` lines, for a details toggle. */
export function evidenceDetails(finding: Pick<Finding, 'evidence'>): { key: string; value: string }[] {
  const out: { key: string; value: string }[] = [];
  const add = (key: string, v: unknown, depth: number) => {
    if (v && typeof v === 'object' && !Array.isArray(v) && depth < 2) {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) add(`${key}.${k}`, x, depth + 1);
      return;
    }
    const text = v === undefined || v === null ? 'unset' : typeof v === 'string' ? shown(v) : JSON.stringify(v);
    out.push({ key, value: text.length > 300 ? `${text.slice(0, 299)}…` : text });
  };
  for (const [k, v] of Object.entries(finding.evidence)) add(k, v, 0);
  return out;
}
