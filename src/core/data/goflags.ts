// The flags the go command knows (any subcommand), with the values it accepts, for judging GOFLAGS.

type FlagKind =
  | { kind: 'bool' }
  | { kind: 'string' }
  | { kind: 'int' }
  | { kind: 'duration' }
  | { kind: 'bool-or-auto' }
  | { kind: 'enum'; values: readonly string[] };

const bool = { kind: 'bool' } as const;
const str = { kind: 'string' } as const;
const int = { kind: 'int' } as const;
const duration = { kind: 'duration' } as const;
const oneOf = (...values: string[]): FlagKind => ({ kind: 'enum', values });

/**
 * Every flag some go subcommand defines (build, test, get, list, mod, work, clean, env, version, vet,
 * run, install, generate, doc, fmt, tool). GOFLAGS entries naming none of these make the go command stop
 * with `go: parsing $GOFLAGS: unknown flag -x`; flags only some commands know are ignored by the others.
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
  'debug-deprecated-importcfg': bool,
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
  u: str,
  compiled: bool,
  deps: bool,
  e: bool,
  export: bool,
  find: bool,
  m: bool,
  retracted: bool,
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
  all: bool,
  cmd: bool,
  src: bool,
  http: str,
  l: bool,
  s: bool,
  ignore: str,
  sync: bool,
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
  problem?: 'non-flag' | 'unknown' | 'bad-value' | 'missing-value';
  /** What is wrong, quoting the go command where it has its own message. */
  message?: string;
  /** A likely intended entry (`-mod=vendor` for `-mod=vender`). */
  suggestion?: string;
}

/** Splits GOFLAGS like the go command (cmd/internal/quoted.Split): spaces separate, '…' or "…" quote a whole entry. */
export function splitGoflags(value: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < value.length) {
    while (i < value.length && /\s/.test(value[i])) i++;
    if (i >= value.length) break;
    const q = value[i];
    if (q === '"' || q === "'") {
      const end = value.indexOf(q, i + 1);
      if (end < 0) {
        out.push(value.slice(i));
        break;
      }
      out.push(value.slice(i + 1, end));
      i = end + 1;
      continue;
    }
    let j = i;
    while (j < value.length && !/\s/.test(value[j])) j++;
    out.push(value.slice(i, j));
    i = j;
  }
  return out;
}

function closestOf(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = 3;
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

/** Judges every GOFLAGS entry the way `go help environment` and the go command's flag parsing do. */
export function analyseGoflags(value: string): GoflagsEntry[] {
  return splitGoflags(value).map((text): GoflagsEntry => {
    if (
      !text.startsWith('-') ||
      text === '-' ||
      text === '--' ||
      text.startsWith('---') ||
      text.startsWith('-=') ||
      text.startsWith('--=')
    ) {
      return { text, problem: 'non-flag', message: `go: parsing $GOFLAGS: non-flag "${text}"` };
    }
    const body = text.startsWith('--') ? text.slice(2) : text.slice(1);
    const eq = body.indexOf('=');
    const name = eq >= 0 ? body.slice(0, eq) : body;
    const val = eq >= 0 ? body.slice(eq + 1) : undefined;
    const kind = GO_FLAGS[name];
    if (!kind) {
      const near = closestOf(
        name,
        Object.keys(GO_FLAGS).filter((k) => k.length > 1),
      );
      return {
        text,
        name,
        value: val,
        problem: 'unknown',
        message: `go: parsing $GOFLAGS: unknown flag -${name}`,
        ...(near ? { suggestion: `-${near}${val !== undefined ? `=${val}` : ''}` } : {}),
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
    // The go command's own wording (go1.26): flag.Value errors are reported "(from $GOFLAGS)".
    const missing = (): GoflagsEntry => ({
      text,
      name,
      problem: 'missing-value',
      message: `go: flag needs an argument: -${name} (from $GOFLAGS)`,
    });
    const invalid = () => bad(`go: invalid value "${val}" for flag -${name} (from $GOFLAGS): parse error`);
    switch (kind.kind) {
      case 'bool':
        if (val !== undefined && !GO_BOOL_VALUES.includes(val))
          return bad(`go: invalid boolean value "${val}" for flag -${name} (from $GOFLAGS): parse error`);
        break;
      case 'bool-or-auto':
        if (val !== undefined && val !== 'auto' && !GO_BOOL_VALUES.includes(val)) {
          return bad(
            `go: invalid boolean value "${val}" for flag -${name} (from $GOFLAGS): value is neither 'auto' nor a valid bool`,
            `-${name}=${closestOf(val, ['auto', 'true', 'false']) ?? 'auto'}`,
          );
        }
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
  });
}

/** GOFLAGS with one entry replaced (or removed when replacement is undefined), re-quoting entries that contain spaces. */
export function rewriteGoflags(value: string, index: number, replacement: string | undefined): string {
  const entries = splitGoflags(value);
  if (replacement === undefined) entries.splice(index, 1);
  else entries[index] = replacement;
  return entries.map((e) => (/\s/.test(e) ? `'${e}'` : e)).join(' ');
}

/** The effective -mod value GOFLAGS sets, if any (the last one wins). */
export function goflagsMod(value: string): { value: string; index: number } | undefined {
  let found: { value: string; index: number } | undefined;
  analyseGoflags(value).forEach((e, index) => {
    if (e.name === 'mod' && e.value !== undefined && !e.problem) found = { value: e.value, index };
  });
  return found;
}
