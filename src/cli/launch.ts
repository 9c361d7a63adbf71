// Starts the gohealth CLI from its bundle with V8's code cache, so that a run reuses what the previous run compiled.
import * as fs from 'node:fs';
import { createRequire, wrap } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';

/**
 * Compiling the CLI's bundle and the functions a check calls takes about a third of a short run. V8 can save
 * that work as a "code cache" and take it back next time; Node 20 has no switch for it (22 has
 * module.enableCompileCache), so this launcher does it for the one file that matters.
 *
 * The cache lives in the user's cache directory (never a shared temporary one) and is only read when it belongs
 * to this user and nobody else may write it. V8 checks the length of the source a cache was made for, not its
 * text, so the file is named after the bundle's identity: device, inode, size, and modification and change
 * times to the nanosecond (any rewrite of the file moves its change time), with the Node version. Not a hash
 * of the text: loading node:crypto alone would cost 3 ms of the ~15 the cache saves. Anything that goes
 * wrong here just means a run without the cache. GOHEALTH_CODE_CACHE=off turns it off.
 */
const BUNDLE = path.join(__dirname, 'cliMain.js');
const PREFIX = 'cli-';

function cacheDir(env: NodeJS.ProcessEnv): string | undefined {
  if (env.GOHEALTH_CODE_CACHE === 'off') return undefined;
  const home = os.homedir();
  if (process.platform === 'win32') return env.LOCALAPPDATA ? path.join(env.LOCALAPPDATA, 'gohealth', 'Cache') : undefined;
  if (process.platform === 'darwin') return home ? path.join(home, 'Library', 'Caches', 'gohealth') : undefined;
  const base =
    env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : home ? path.join(home, '.cache') : undefined;
  return base ? path.join(base, 'gohealth') : undefined;
}

/** Far above a real cache (a few megabytes). */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;

/** The cache file's bytes when it is safe to hand to V8: a regular file, ours, and writable by nobody else. */
function readOwnCache(file: string): Buffer | undefined {
  try {
    // Opened without blocking and judged by fstat: a FIFO put in its place must not hang every start.
    const fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    try {
      const st = fs.fstatSync(fd);
      if (!st.isFile() || st.size > MAX_CACHE_BYTES) return undefined;
      if (process.platform !== 'win32' && (st.uid !== process.getuid?.() || (st.mode & 0o022) !== 0)) return undefined;
      return fs.readFileSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

/** Writes the cache next to its older versions, which it replaces; a temporary file and a rename keep readers safe. */
function writeCache(dir: string, file: string, data: Buffer): void {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, data, { mode: 0o600 });
    fs.renameSync(temporary, file);
    for (const name of fs.readdirSync(dir)) {
      if (name.startsWith(PREFIX) && name.endsWith('.v8') && path.join(dir, name) !== file)
        fs.rmSync(path.join(dir, name), { force: true });
    }
  } catch {
    /* no cache this time */
  }
}

/** A short name for a string (FNV-1a, twice with different seeds for 64 bits); only a file name, not a guard. */
function shortName(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    a = Math.imul(a ^ text.charCodeAt(i), 0x01000193);
    b = Math.imul(b ^ text.charCodeAt(i), 0x811c9dc5);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/**
 * What makes this bundle this bundle: a new build or install rewrites the file, which moves its change time.
 * Node's own flags are part of it too, since V8 refuses a cache made under other flags.
 */
function bundleIdentity(): string {
  const st = fs.statSync(BUNDLE, { bigint: true });
  return [
    process.version,
    process.arch,
    process.execArgv.join(' '),
    process.env.NODE_OPTIONS ?? '',
    st.dev,
    st.ino,
    st.size,
    st.mtimeNs,
    st.ctimeNs,
  ].join(':');
}

function start(): void {
  const before = bundleIdentity();
  const source = fs.readFileSync(BUNDLE, 'utf8');
  // A bundle rewritten while it was read (a rebuild) gets no cache this time.
  const dir = bundleIdentity() === before ? cacheDir(process.env) : undefined;
  const file = dir ? path.join(dir, `${PREFIX}${shortName(before)}.v8`) : undefined;
  const cached = file ? readOwnCache(file) : undefined;
  const script = new vm.Script(wrap(source), { filename: BUNDLE, ...(cached ? { cachedData: cached } : {}) });
  if (dir && file && (!cached || script.cachedDataRejected)) {
    // Made at exit, so that it holds the functions this run compiled, not just the outer layer.
    process.once('exit', () => writeCache(dir, file, script.createCachedData()));
  }
  const module = { exports: {} as { runFromProcess?: () => void }, filename: BUNDLE, id: BUNDLE, loaded: false };
  const load = script.runInThisContext() as (
    exports: unknown,
    require: NodeJS.Require,
    module: unknown,
    filename: string,
    dirname: string,
  ) => void;
  load(module.exports, createRequire(BUNDLE), module, BUNDLE, __dirname);
  module.exports.runFromProcess?.();
}

start();
