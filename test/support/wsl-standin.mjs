#!/usr/bin/env node
// Stand-in for wsl.exe on Linux test machines: parses wsl.exe's arguments and runs the command on this machine as if it were the distro.
//
// Environment: GOHEALTH_STANDIN_DISTROS=Ubuntu,Debian (the first is the default distro),
// GOHEALTH_STANDIN_AUTOMOUNT=/tmp/x/mnt/ (where `C:\` lives, for `--cd C:\…`),
// GOHEALTH_STANDIN_LOG=/file (each invocation's arguments appended as one JSON line),
// GOHEALTH_STANDIN_BARE=Debian (distros freshly installed, with nothing added: their commands run with an empty
// home directory of their own and only the system PATH and locale, so a login shell there finds no Go tools of this
// machine's user — no dlv in ~/go/bin, no PATH from ~/.profile — as in a new distro where nothing was installed yet).
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const { windowsToLinux } = require(join(here, '..', '..', 'out', 'src', 'wsl', 'paths.js'));

const WSL_ERROR_EXIT = 255; // wsl.exe exits with -1 (4294967295 on Windows); a Linux exit status keeps the low byte.

/** wsl.exe writes its own messages in UTF-16LE with CRLF line ends. */
function sayUtf16(stream, text) {
  stream.write(Buffer.from(text.replace(/\r?\n/g, '\r\n'), 'utf16le'));
}

function fail(text) {
  sayUtf16(process.stdout, `${text}\n`);
  process.exit(WSL_ERROR_EXIT);
}

const argv = process.argv.slice(2);
if (process.env.GOHEALTH_STANDIN_LOG) appendFileSync(process.env.GOHEALTH_STANDIN_LOG, `${JSON.stringify(argv)}\n`);

const distros = (process.env.GOHEALTH_STANDIN_DISTROS ?? 'Ubuntu')
  .split(',')
  .map((d) => d.trim())
  .filter(Boolean);
let distro;
let cd;
let list = false;
let verbose = false;
let status = false;
let command;
let throughShell = false;

for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '-d' || a === '--distribution') {
    distro = argv[++i];
    if (distro === undefined) fail('Invalid command line argument: --distribution');
  } else if (a === '--cd') {
    cd = argv[++i];
    if (cd === undefined) fail('Invalid command line argument: --cd');
  } else if (a === '-u' || a === '--user') i++;
  else if (a === '-l' || a === '--list') list = true;
  else if (a === '-v' || a === '--verbose') verbose = true;
  else if (a === '--status') status = true;
  else if (a === '--shutdown' || a === '--terminate' || a === '-t') process.exit(0);
  else if (a === '-e' || a === '--exec') {
    command = argv.slice(i + 1);
    break;
  } else if (a === '--') {
    command = argv.slice(i + 1);
    throughShell = true;
    break;
  } else if (a.startsWith('-'))
    fail(`Invalid command line argument: ${a}\nPlease use 'wsl.exe --help' to get a list of supported arguments.`);
  else {
    command = argv.slice(i);
    throughShell = true;
    break;
  }
}

if (list) {
  if (distros.length === 0) fail('Windows Subsystem for Linux has no installed distributions.');
  if (verbose) {
    const width = Math.max(4, ...distros.map((d) => d.length)) + 2;
    let out = `  ${'NAME'.padEnd(width)}STATE           VERSION\n`;
    distros.forEach((d, i) => {
      out += `${i === 0 ? '*' : ' '} ${d.padEnd(width)}${(i === 0 ? 'Running' : 'Stopped').padEnd(16)}2\n`;
    });
    sayUtf16(process.stdout, out);
  } else {
    sayUtf16(
      process.stdout,
      `Windows Subsystem for Linux Distributions:\n${distros.map((d, i) => (i === 0 ? `${d} (Default)` : d)).join('\n')}\n`,
    );
  }
  process.exit(0);
}
if (status) {
  sayUtf16(process.stdout, `Default Distribution: ${distros[0] ?? ''}\nDefault Version: 2\n`);
  process.exit(0);
}

const chosen = distro === undefined ? distros[0] : distros.find((d) => d.toLowerCase() === distro.toLowerCase());
if (chosen === undefined) fail('There is no distribution with the supplied name.\nError code: Wsl/Service/WSL_E_DISTRO_NOT_FOUND');

let cwd = process.env.HOME ?? '/';
if (cd !== undefined) {
  if (cd === '~') cwd = process.env.HOME ?? '/';
  else if (cd.startsWith('/')) cwd = cd;
  else {
    try {
      cwd = windowsToLinux(cd, { distro: chosen, automountRoot: process.env.GOHEALTH_STANDIN_AUTOMOUNT });
    } catch {
      fail(`The directory name is invalid: ${cd}`);
    }
  }
  let isDir = false;
  try {
    isDir = statSync(cwd).isDirectory();
  } catch {
    /* missing */
  }
  if (!isDir) {
    process.stderr.write(`chdir(${cwd}) failed 2\n`);
    process.exit(1);
  }
}

if (command === undefined || command.length === 0) fail('The stand-in cannot start an interactive shell; give a command.');

/**
 * After `--` wsl.exe hands the rest of its Windows command line to the shell as it is, and Windows
 * builds that line by quoting each argument that holds a space, tab or quote: do the same.
 */
function windowsCommandLine(args) {
  return args.map((a) => (a !== '' && !/[\s"]/.test(a) ? a : `"${a.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\+)$/, '$1$1')}"`)).join(' ');
}

const bare = (process.env.GOHEALTH_STANDIN_BARE ?? '').split(',').some((d) => d.trim().toLowerCase() === chosen.toLowerCase());
const bareHome = bare ? mkdtempSync(join(tmpdir(), 'gohealth-standin-home-')) : undefined;
const env = bareHome
  ? {
      HOME: bareHome,
      PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      LANG: process.env.LANG ?? 'C.UTF-8',
      WSL_DISTRO_NAME: chosen,
      ...(process.env.WSL_UTF8 ? { WSL_UTF8: process.env.WSL_UTF8 } : {}),
    }
  : { ...process.env, WSL_DISTRO_NAME: chosen };
if (bareHome && (cd === undefined || cd === '~')) cwd = bareHome;
const removeBareHome = () => bareHome && rmSync(bareHome, { recursive: true, force: true });

const [file, ...args] = throughShell ? ['/bin/sh', '-c', windowsCommandLine(command)] : command;
const child = spawn(file, args, { cwd, stdio: 'inherit', env });
child.on('error', (e) => {
  process.stderr.write(`execvpe(${file}) failed: ${e.code === 'ENOENT' ? 'No such file or directory' : e.message}\n`);
  removeBareHome();
  process.exit(1);
});
child.on('exit', (code, signal) => {
  removeBareHome();
  process.exit(code ?? (signal ? 128 + 9 : 1));
});
