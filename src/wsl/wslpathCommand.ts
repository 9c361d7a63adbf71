// `gohealth wslpath`: wslpath's path translation as a command that also runs on Windows and outside WSL.
import { readTextSync } from '../platform/files';
import { WslPathError, linuxToWindows, normaliseAutomountRoot, windowsToLinux } from './paths';
import { parseWslConf } from './wslconf';

const WSLPATH_USAGE = `Usage: gohealth wslpath [-u|-w|-m] [-a] [--distro NAME] [--automount-root DIR] PATH
  -u  Windows path -> WSL path (default)
  -w  WSL path -> Windows path, with backslashes
  -m  WSL path -> Windows path, with forward slashes
  -a  accepted for compatibility with wslpath
  --distro NAME          the distro \\\\wsl.localhost\\NAME stands for (default: $WSL_DISTRO_NAME)
  --automount-root DIR   where Windows drives are mounted (default: /etc/wsl.conf's [automount] root, else /mnt/)
`;

interface WslpathResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

interface WslpathContext {
  /** Environment to read WSL_DISTRO_NAME from; the process's own by default. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Returns /etc/wsl.conf's text, or undefined when there is none; by default read from disk on Linux. */
  readWslConf?: () => string | undefined;
}

function readEtcWslConf(): string | undefined {
  if (process.platform !== 'linux') return undefined;
  return readTextSync('/etc/wsl.conf', 64 * 1024);
}

class UsageProblem extends Error {}

interface WslpathArgs {
  mode: 'u' | 'w' | 'm';
  distro?: string;
  automountRoot?: string;
  path: string;
}

function parseArgs(argv: string[]): WslpathArgs | 'help' {
  let mode: WslpathArgs['mode'] | undefined;
  let distro: string | undefined;
  let automountRoot: string | undefined;
  const paths: string[] = [];
  const setMode = (m: WslpathArgs['mode']) => {
    if (mode !== undefined && mode !== m) throw new UsageProblem(`-${mode} and -${m} cannot be used together`);
    mode = m;
  };
  const takeValue = (name: string, inline: string | undefined, i: number): [string, number] => {
    if (inline !== undefined) return [inline, i];
    const v = argv[i + 1];
    if (v === undefined) throw new UsageProblem(`${name} needs a value`);
    return [v, i + 1];
  };
  let optionsEnded = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (optionsEnded || !arg.startsWith('-') || arg === '-') {
      paths.push(arg);
      continue;
    }
    if (arg === '--') {
      optionsEnded = true;
      continue;
    }
    if (arg === '-h' || arg === '--help') return 'help';
    const [name, inline] =
      arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (name === '--distro' || name === '-d') [distro, i] = takeValue(name, inline, i);
    else if (name === '--automount-root') [automountRoot, i] = takeValue(name, inline, i);
    else if (/^-[uwma]+$/.test(arg)) {
      // Single-letter flags, also combined as in `wslpath -au`.
      for (const letter of arg.slice(1)) if (letter !== 'a') setMode(letter as WslpathArgs['mode']);
    } else throw new UsageProblem(`unknown option ${JSON.stringify(arg)}`);
  }
  if (paths.length === 0) throw new UsageProblem('a PATH is required');
  if (paths.length > 1) throw new UsageProblem(`one PATH at a time (got ${paths.length}); quote a path that has spaces`);
  return { mode: mode ?? 'u', distro, automountRoot, path: paths[0] };
}

/** Runs `gohealth wslpath ARGS`: exit 0 with the translated path, 1 when it has no translation, 2 on bad usage. */
export function runWslpath(argv: string[], context: WslpathContext = {}): WslpathResult {
  let args: WslpathArgs | 'help';
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageProblem)) throw e;
    return { stdout: '', stderr: `gohealth wslpath: ${e.message}\n${WSLPATH_USAGE}`, exitCode: 2 };
  }
  if (args === 'help') return { stdout: WSLPATH_USAGE, stderr: '', exitCode: 0 };

  const env = context.env ?? process.env;
  const distro = args.distro ?? env.WSL_DISTRO_NAME ?? '';
  try {
    let automountRoot: string;
    if (args.automountRoot !== undefined) automountRoot = normaliseAutomountRoot(args.automountRoot);
    else {
      const conf = (context.readWslConf ?? readEtcWslConf)();
      automountRoot = conf === undefined ? normaliseAutomountRoot(undefined) : parseWslConf(conf).automountRoot;
    }
    const opts = { distro, automountRoot };
    const out =
      args.mode === 'u' ? windowsToLinux(args.path, opts) : linuxToWindows(args.path, { ...opts, forwardSlashes: args.mode === 'm' });
    return { stdout: `${out}\n`, stderr: '', exitCode: 0 };
  } catch (e) {
    if (!(e instanceof WslPathError)) throw e;
    const hint = /needs the name of a WSL distro/.test(e.message) ? ' (pass --distro NAME or set WSL_DISTRO_NAME)' : '';
    return { stdout: '', stderr: `gohealth wslpath: ${e.message}${hint}\n`, exitCode: 1 };
  }
}
