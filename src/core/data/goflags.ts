// The flags the go command knows (any subcommand), with the values it accepts, for judging GOFLAGS.

type FlagKind =
  | { kind: 'bool' }
  | { kind: 'string' }
  | { kind: 'int' }
  | { kind: 'duration' }
  | { kind: 'bool-or-auto' }
  /** A value is optional: -u or -u=patch. */
  | { kind: 'optional' }
  | { kind: 'enum'; values: readonly string[] };

const bool = { kind: 'bool' } as const;
const str = { kind: 'string' } as const;
const int = { kind: 'int' } as const;
const duration = { kind: 'duration' } as const;
const oneOf = (...values: string[]): FlagKind => ({ kind: 'enum', values });

/**
 * Every flag some go subcommand defines (build, test, get, list, mod, work, clean, env, version, vet,
 * run, install, generate, doc, fmt, fix, tool), checked against go1.26: each name here is accepted in GOFLAGS,
 * and every name the go command accepts is here. GOFLAGS entries naming none of these make every go command
 * but `go env` and `go bug` stop with `go: parsing $GOFLAGS: unknown flag -x`; flags only some commands know are
 * ignored by the others.
 */
const GO_FLAGS: Readonly<Record<string, FlagKind>> = {
  // build flags shared by build, run, test, install, list, vet, get
  a: bool,
  asan: bool,
  asmflags: str,
  buildmode: oneOf('archive', 'c-archive', 'c-shared', 'default', 'shared', 'exe', 'pie', 'plugin'),
  buildvcs: { kind: 'bool-or-auto' },
  C: str,
  compiler: oneOf('gc', 'gccgo'),
  cover: bool,
  covermode: oneOf('set', 'count', 'atomic'),
  coverpkg: str,
  gccgoflags: str,
  gcflags: str,
  installsuffix: str,
  json: bool,
  ldflags: str,
  linkshared: bool,
  mod: oneOf('readonly', 'vendor', 'mod'),
  modcacherw: bool,
  modfile: str,
  msan: bool,
  n: bool,
  o: str,
  overlay: str,
  p: int,
  pgo: str,
  pkgdir: str,
  race: bool,
  tags: str,
  toolexec: str,
  trimpath: bool,
  v: bool,
  work: bool,
  x: bool,
  'debug-actiongraph': str,
  'debug-runtime-trace': str,
  'debug-trace': str,
  // test and test binary flags
  artifacts: bool,
  bench: str,
  benchmem: bool,
  benchtime: str,
  blockprofile: str,
  blockprofilerate: int,
  c: bool,
  count: int,
  coverprofile: str,
  cpu: str,
  cpuprofile: str,
  exec: str,
  failfast: bool,
  fullpath: bool,
  fuzz: str,
  fuzzminimizetime: str,
  fuzztime: str,
  list: str,
  memprofile: str,
  memprofilerate: int,
  mutexprofile: str,
  mutexprofilefraction: int,
  outputdir: str,
  parallel: int,
  run: str,
  short: bool,
  shuffle: str,
  skip: str,
  timeout: duration,
  trace: str,
  vet: str,
  // get, list, mod, work, clean, env, version, doc, fix, generate
  d: bool,
  f: str,
  fix: str,
  insecure: bool,
  t: bool,
  // go get -u takes no value or -u=patch.
  u: { kind: 'optional' },
  compiled: bool,
  deps: bool,
  e: bool,
  export: bool,
  find: bool,
  m: bool,
  retracted: bool,
  versions: bool,
  reuse: str,
  test: bool,
  go: str,
  compat: str,
  diff: bool,
  droprequire: str,
  dropreplace: str,
  exclude: str,
  dropexclude: str,
  fmt: bool,
  module: str,
  print: bool,
  replace: str,
  require: str,
  retract: str,
  dropretract: str,
  toolchain: str,
  godebug: str,
  dropgodebug: str,
  tool: str,
  droptool: str,
  use: str,
  dropuse: str,
  r: bool,
  cache: bool,
  testcache: bool,
  modcache: bool,
  fuzzcache: bool,
  i: bool,
  changed: bool,
  w: bool,
  ignore: str,
  dropignore: str,
  vendor: bool,
};

/** Values Go's flag package accepts for a boolean flag (strconv.ParseBool). */
const GO_BOOL_VALUES: readonly string[] = ['1', '0', 't', 'f', 'T', 'F', 'true', 'false', 'TRUE', 'FALSE', 'True', 'False'];

/** Accepts Go's time.ParseDuration syntax: 10m, 1h30m, 1.5s, 0. */
function isGoDuration(text: string): boolean {
  return text === '0' || /^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h))+$/.test(text);
}

/** One GOFLAGS entry and what the go command makes of it. */
export interface GoflagsEntry {
  text: string;
  /** Flag name without dashes, when the entry is a flag. */
  name?: string;
  value?: string;
  problem?: 'non-flag' | 'unknown' | 'bad-value' | 'missing-value' | 'misquoted' | 'unterminated';
  /** What is wrong, quoting the go command where it has its own message. */
  message?: string;
  /** A likely intended entry (`-mod=vendor` for `-mod=vender`), already quoted for GOFLAGS. */
  suggestion?: string;
  /** How many entries the suggestion replaces (a value split at its spaces: 2 or more), starting at `from`. */
  span?: number;
  /** The index of the first entry the suggestion replaces, when it is not this one (a value split from its flag). */
  from?: number;
  /** Set on entries that belong to an earlier misquoted one: that one speaks for them. */
  partOf?: number;
}

/** The go command's error for a GOFLAGS it cannot split into entries. */
export class GoflagsSplitError extends Error {}

/**
 * Splits GOFLAGS exactly like the go command (cmd/internal/quoted.Split): fields separated by spaces, tabs and
 * newlines; a field that *starts* with ' or " runs to the next same quote (no escapes), and a quote anywhere else
 * is an ordinary character. An unterminated quote is an error the go command reports as
 * `go: parsing $GOFLAGS: unterminated ' string`.
 */
export function splitGoflagsStrict(value: string): string[] {
  const out: string[] = [];
  const space = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
  let i = 0;
  while (i < value.length) {
    while (i < value.length && space(value[i])) i++;
    if (i >= value.length) break;
    const q = value[i];
    if (q === '"' || q === "'") {
      const end = value.indexOf(q, i + 1);
      if (end < 0) throw new GoflagsSplitError(`unterminated ${q} string`);
      out.push(value.slice(i + 1, end));
      i = end + 1;
      continue;
    }
    let j = i;
    while (j < value.length && !space(value[j])) j++;
    out.push(value.slice(i, j));
    i = j;
  }
  return out;
}

/** splitGoflagsStrict, with an unterminated quote's text kept as one last entry (for display). */
export function splitGoflags(value: string): string[] {
  try {
    return splitGoflagsStrict(value);
  } catch {
    const out: string[] = [];
    let rest = value;
    for (;;) {
      const m = /^\s*(['"])/.exec(rest);
      if (m) {
        out.push(rest.trim());
        return out;
      }
      const w = /^\s*(\S+)/.exec(rest);
      if (!w) return out;
      out.push(w[1]);
      rest = rest.slice(w[0].length);
    }
  }
}

/**
 * An entry written so that the go command reads it back whole: as is without spaces; otherwise in single quotes,
 * or double quotes when it holds a single quote. Undefined when it holds spaces and both quotes (not expressible).
 */
export function quoteGoflagsEntry(entry: string): string | undefined {
  const starts = entry.startsWith("'") || entry.startsWith('"');
  if (!/[\s]/.test(entry) && !starts) return entry;
  if (!entry.includes("'")) return `'${entry}'`;
  if (!entry.includes('"')) return `"${entry}"`;
  return undefined;
}

function closestOf(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  // Short names are close to everything: only a single edit counts for them.
  let bestD = word.length <= 3 ? 2 : 3;
  for (const c of candidates) {
    const d = distance(word, c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

/** Judges one entry on its own, as base.InitGOFLAGS and SetFromGOFLAGS do. */
function judgeEntry(text: string, where: string): GoflagsEntry {
  if (!text.startsWith('-') || text === '-' || text === '--' || text.startsWith('---') || text.startsWith('-=') || text.startsWith('--=')) {
    return { text, problem: 'non-flag', message: `go: parsing $GOFLAGS: non-flag "${text}"` };
  }
  const body = text.startsWith('--') ? text.slice(2) : text.slice(1);
  const eq = body.indexOf('=');
  const name = eq >= 0 ? body.slice(0, eq) : body;
  const val = eq >= 0 ? body.slice(eq + 1) : undefined;
  const kind = GO_FLAGS[name];
  if (!kind) {
    const near = /['"]/.test(name)
      ? undefined
      : closestOf(
          name,
          Object.keys(GO_FLAGS).filter((k) => k.length > 1),
        );
    const suggestion = near ? quoteGoflagsEntry(`-${near}${val !== undefined ? `=${val}` : ''}`) : undefined;
    return {
      text,
      name,
      value: val,
      problem: 'unknown',
      message: `go: parsing $GOFLAGS: unknown flag -${name}`,
      ...(suggestion ? { suggestion } : {}),
    };
  }
  const bad = (message: string, suggestion?: string): GoflagsEntry => ({
    text,
    name,
    value: val,
    problem: 'bad-value',
    message,
    ...(suggestion ? { suggestion } : {}),
  });
  // The go command's own wording (go1.26): flag.Value errors are reported "(from $GOFLAGS)", %GOFLAGS% on Windows.
  const missing = (): GoflagsEntry => ({
    text,
    name,
    problem: 'missing-value',
    message: `go: flag needs an argument: -${name} (from ${where})`,
  });
  const invalid = () => bad(`go: invalid value "${val}" for flag -${name} (from ${where}): parse error`);
  switch (kind.kind) {
    case 'bool':
      if (val !== undefined && !GO_BOOL_VALUES.includes(val))
        return bad(`go: invalid boolean value "${val}" for flag -${name} (from ${where}): parse error`);
      break;
    case 'bool-or-auto':
      if (val !== undefined && val !== 'auto' && !GO_BOOL_VALUES.includes(val)) {
        return bad(
          `go: invalid boolean value "${val}" for flag -${name} (from ${where}): value is neither 'auto' nor a valid bool`,
          `-${name}=${closestOf(val, ['auto', 'true', 'false']) ?? 'auto'}`,
        );
      }
      break;
    case 'optional':
      break;
    case 'enum':
      if (val === undefined) return missing();
      if (val !== '' && !kind.values.includes(val)) {
        const near = closestOf(val, kind.values);
        const message =
          name === 'mod'
            ? `-mod=${val} not supported (can be '', 'mod', 'readonly', or 'vendor')`
            : `-${name}=${val} is not valid: -${name} takes ${kind.values.join(', ')}`;
        return bad(message, near ? `-${name}=${near}` : undefined);
      }
      break;
    case 'int':
      if (val === undefined) return missing();
      if (!/^[-+]?\d+$/.test(val)) return invalid();
      break;
    case 'duration':
      if (val === undefined) return missing();
      if (!isGoDuration(val)) return invalid();
      break;
    case 'string':
      if (val === undefined) return missing();
      break;
  }
  return { text, name, value: val };
}

/**
 * Judges every GOFLAGS entry the way `go help environment` and the go command's flag parsing do. Two mistakes are
 * recognised as what they are rather than as the errors they cause: a value quoted from its middle
 * (`-gcflags='all=-N -l'`, which the go command reads as `-gcflags='all=-N` and `-l'`), and a value left as a word
 * of its own (`-ldflags=-X main.v=1`); both get the whole entry quoted as the suggestion.
 */
export function analyseGoflags(value: string, options: { windows?: boolean } = {}): GoflagsEntry[] {
  const where = options.windows ? '%GOFLAGS%' : '$GOFLAGS';
  let words: string[];
  try {
    words = splitGoflagsStrict(value);
  } catch (e) {
    return [{ text: value.trim(), problem: 'unterminated', message: `go: parsing $GOFLAGS: ${(e as Error).message}` }];
  }
  const entries = words.map((w) => judgeEntry(w, where));
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (e.partOf !== undefined) continue;
    // A quote after the = of a flag that does not start the entry: find the word that closes it.
    const m = /^(--?[\w.-]+=)(['"])(.*)$/.exec(e.text);
    if (m && !m[3].endsWith(m[2])) {
      const q = m[2];
      const close = words.findIndex((w, j) => j > i && w.endsWith(q));
      if (close > i) {
        const joined = `${m[1]}${[m[3], ...words.slice(i + 1, close), words[close].slice(0, -1)].join(' ')}`;
        const suggestion = quoteGoflagsEntry(joined);
        entries[i] = {
          text: words.slice(i, close + 1).join(' '),
          name: e.name,
          problem: 'misquoted',
          message: entries.slice(i, close + 1).find((x) => x.problem)?.message ?? `go: parsing $GOFLAGS: unknown flag -${e.name}`,
          ...(suggestion ? { suggestion } : {}),
          span: close - i + 1,
        };
        for (let j = i + 1; j <= close; j++) entries[j] = { ...entries[j], partOf: i };
        i = close;
        continue;
      }
    }
    // A value word after a flag=value: the go command reads it as a flag of its own.
    const next = entries[i + 1];
    if (e.value !== undefined && !e.problem && next?.problem === 'non-flag' && GO_FLAGS[e.name!]?.kind === 'string') {
      const suggestion = quoteGoflagsEntry(`${e.text} ${next.text}`);
      if (suggestion) entries[i + 1] = { ...next, suggestion, span: 2, from: i };
    }
  }
  return entries;
}

/**
 * GOFLAGS with entries replaced: `count` entries from `index` by `replacement` (already quoted), or removed when
 * it is undefined. Every other entry is written back quoted as needed, so the result splits as intended.
 */
export function rewriteGoflags(value: string, index: number, replacement: string | undefined, count = 1): string | undefined {
  let words: string[];
  try {
    words = splitGoflagsStrict(value);
  } catch {
    return replacement;
  }
  const quoted = words.map(quoteGoflagsEntry);
  if (quoted.some((q) => q === undefined)) return undefined;
  quoted.splice(index, count, ...(replacement === undefined ? [] : [replacement]));
  return quoted.join(' ');
}

/** True when the go command accepts the whole GOFLAGS value: it splits, and every entry is a known flag with a good value. */
export function goflagsAccepted(value: string): boolean {
  return analyseGoflags(value).every((e) => !e.problem);
}

/** The effective -mod value GOFLAGS sets, if any (the last one wins). */
export function goflagsMod(value: string): { value: string; index: number } | undefined {
  let found: { value: string; index: number } | undefined;
  analyseGoflags(value).forEach((e, index) => {
    if (e.name === 'mod' && e.value !== undefined && !e.problem) found = { value: e.value, index };
  });
  return found;
}
