// Fix builders shared by every check: one place that knows how to unset a variable, prepend PATH, edit a line or run go.
import type { EnvValue, Facts, GoInstallation } from '../facts';
import type { DeclaredAt } from '../declared';
import { commandLine, powerShellString, quotePowerShell, quoteSh, type Shell } from '../../platform/shell';
import { detectManager, isVersionManager, managerCommands, MANAGER_NAMES } from '../managers';
import type { EditFileFix, Fix, GoEnvWriteFix, InstructionsFix, RunCommandFix, TerminalEnvFix } from '../report';
import { installableVersion } from '../data/tools';
import { windowsPreferDirInstructions, type WindowsPathFixFacts } from './windowsPath';

/** The shell the user's commands are written for: PowerShell on Windows, POSIX sh elsewhere (WSL included). */
export function shellFor(facts: Pick<Facts, 'host'>): Shell {
  return facts.host.platform === 'win32' ? 'powershell' : 'sh';
}

/** The go binary fixes run: the active one by absolute path, `go` only when none was found. */
function goCommand(facts: Pick<Facts, 'activeGo'>): string {
  return facts.activeGo?.path ?? 'go';
}

/** A go subcommand in a visible terminal. */
export function runGoFix(facts: Pick<Facts, 'activeGo'>, id: string, title: string, args: string[], cwd?: string): RunCommandFix {
  return { id, title, kind: 'run-command', command: goCommand(facts), args, ...(cwd ? { cwd } : {}) };
}

/**
 * `go install <pkg>@<version>`. For `latest`, the newest release that `buildGo` (default: the active go) can build,
 * so the command works under GOTOOLCHAIN=local and offline instead of asking for a newer Go.
 */
export function goInstallFix(
  facts: Pick<Facts, 'activeGo'>,
  pkg: string,
  version = 'latest',
  id?: string,
  buildGo = facts.activeGo?.goVersion,
): RunCommandFix {
  const name = pkg.split('/').pop() ?? pkg;
  const asked = version === 'latest' ? installableVersion(pkg, buildGo) : version;
  return runGoFix(facts, id ?? `install-${name}`, `Install ${name}: go install ${pkg}@${asked}`, ['install', `${pkg}@${asked}`]);
}

/** `go env -w NAME=value`, or `go env -u NAME` when value is undefined. */
export function goEnvWriteFix(variable: string, value: string | undefined, id?: string): GoEnvWriteFix {
  return value === undefined
    ? {
        id: id ?? `unset-${variable.toLowerCase()}-goenv`,
        title: `Remove ${variable} from the go env file: go env -u ${variable}`,
        kind: 'go-env-write',
        variable,
      }
    : {
        id: id ?? `set-${variable.toLowerCase()}-goenv`,
        title: `Set ${variable}=${value} with go env -w`,
        kind: 'go-env-write',
        variable,
        value,
      };
}

export function terminalPrependPathFix(dir: string, id = 'prepend-path-terminal'): TerminalEnvFix {
  return {
    id,
    title: `Put ${dir} first on PATH in integrated terminals`,
    kind: 'terminal-env',
    variable: 'PATH',
    op: 'prepend',
    value: dir,
  };
}

export function terminalDeleteFix(variable: string): TerminalEnvFix {
  return {
    id: `unset-${variable.toLowerCase()}-terminal`,
    title: `Unset ${variable} in integrated terminals`,
    kind: 'terminal-env',
    variable,
    op: 'delete',
  };
}

export function terminalReplaceFix(variable: string, value: string, id?: string): TerminalEnvFix {
  return {
    id: id ?? `set-${variable.toLowerCase()}-terminal`,
    title: `Set ${variable}=${value} in integrated terminals`,
    kind: 'terminal-env',
    variable,
    op: 'replace',
    value,
  };
}

export function instructionsFix(id: string, title: string, steps: string[], commands?: InstructionsFix['commands']): InstructionsFix {
  return { id, title, kind: 'instructions', steps, ...(commands && commands.length ? { commands } : {}) };
}

const SH_PROFILES = '~/.profile ~/.bash_profile ~/.bashrc ~/.zshrc ~/.zprofile ~/.config/fish/config.fish';

/** How to make a PATH change permanent: the shell profile, or on Windows the Path as Windows builds it (machine, then user). */
export function persistentPrependPathInstructions(facts: WindowsPathFixFacts, dir: string, id = 'prepend-path-profile'): InstructionsFix {
  if (shellFor(facts) === 'powershell') return windowsPreferDirInstructions(facts, dir, id);
  return instructionsFix(
    id,
    `Put ${dir} first on PATH in your shell profile`,
    [
      `Add this line at the end of your shell profile (~/.profile, ~/.bashrc or ~/.zshrc), then log out and back in so GUI apps see it too.`,
    ],
    [{ shell: 'sh', text: `export PATH=${quoteSh(dir)}:"$PATH"` }],
  );
}

/** Where a value lives, in words, for details and evidence. */
export function describeSource(ev: EnvValue, facts?: Pick<Facts, 'goenvFile' | 'gorootEnvFile'>): string {
  switch (ev.source) {
    case 'os':
      return 'set in the OS environment';
    case 'goenv-file':
      return `set with go env -w (in ${facts?.goenvFile?.path ?? 'the go env file'})`;
    case 'goroot-go.env':
      return `the default from ${facts?.gorootEnvFile?.path ?? '$GOROOT/go.env'}`;
    case 'default':
      return "the go command's default";
    case 'declared':
      return ev.declared ? declaredPlace(ev.declared) : 'set in a file';
  }
}

/** Where a file sets a value, in words: "set in /repo/.github/workflows/ci.yml line 12 (job test)". */
export function declaredPlace(at: DeclaredAt): string {
  return at.kind === 'policy'
    ? `required by the team policy ${at.file} line ${at.line}`
    : `set in ${at.file} line ${at.line} (${at.scope})`;
}

/** A value as it can be written where it is declared: inside its quotes, or quoted when the bare text would be read otherwise. */
function declaredText(at: DeclaredAt, value: string): string {
  if (at.quote === "'") return value.replace(/'/g, "''");
  const escaped = value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  if (at.quote === '"') return escaped;
  const yamlKind = at.kind === 'github-actions' || at.kind === 'gitlab-ci';
  const risky = yamlKind
    ? value === '' ||
      /^[-?:](\s|$)|^[\s,[\]{}#&*!|>'"%@`~]|[:#]\s|\s[#:]|\s$|^(true|false|yes|no|on|off|null|~|[-+.\d][\d._]*)$/i.test(value)
    : /[\s"'\\$]/.test(value) || value === '';
  return risky ? `"${escaped}"` : value;
}

/**
 * The fix for a value a file declares (a CI workflow, a Dockerfile): an edit of that line. The team policy's own
 * values get none: the policy belongs to the team, and only its owners change it.
 */
function declaredFixes(name: string, at: DeclaredAt, newValue: string | undefined): Fix[] {
  if (at.kind === 'policy') return [];
  const file = at.file.replace(/^.*[\\/]/, '');
  if (newValue === undefined) {
    return at.wholeLine
      ? [deleteLineFix(`unset-${name.toLowerCase()}-declared`, `Remove ${name} from ${file} line ${at.line}`, at.file, at.line)]
      : [];
  }
  return [
    replaceRangeFix(
      `set-${name.toLowerCase()}-declared`,
      `Set ${name}=${newValue} in ${file} line ${at.line}`,
      at.file,
      at.line,
      at.column,
      at.endColumn,
      declaredText(at, newValue),
    ),
  ];
}

/** Commands that find and drop a variable from shell profiles / the Windows user environment. */
function persistentUnsetInstructions(facts: Pick<Facts, 'host'>, variable: string): InstructionsFix {
  if (shellFor(facts) === 'powershell') {
    return instructionsFix(
      `unset-${variable.toLowerCase()}-user-env`,
      `Remove ${variable} from your Windows environment variables`,
      [
        `Remove it from your user environment (first command). If it is set machine-wide, the second command needs an elevated PowerShell; run it only if you mean to change it for every user.`,
        'Restart VS Code and open terminals afterwards.',
      ],
      [
        { shell: 'powershell', text: `[Environment]::SetEnvironmentVariable(${powerShellString(variable)}, $null, 'User')` },
        {
          shell: 'powershell',
          text: `[Environment]::SetEnvironmentVariable(${powerShellString(variable)}, $null, 'Machine')`,
          elevated: true,
        },
      ],
    );
  }
  return instructionsFix(
    `unset-${variable.toLowerCase()}-profile`,
    `Remove ${variable} from your shell profile`,
    [
      `Find the line that sets ${variable} (first command), delete it, and unset it in open shells (second command). Log out and back in so GUI apps see the change.`,
    ],
    [
      { shell: 'sh', text: `grep -n ${quoteSh(variable)} ${SH_PROFILES} /etc/environment /etc/profile 2>/dev/null` },
      { shell: 'sh', text: `unset ${variable}` },
    ],
  );
}

/** Commands that set a variable permanently in the shell profile / Windows user environment. */
function persistentSetInstructions(facts: Pick<Facts, 'host'>, variable: string, value: string): InstructionsFix {
  if (shellFor(facts) === 'powershell') {
    return instructionsFix(
      `set-${variable.toLowerCase()}-user-env`,
      `Set ${variable} in your Windows user environment`,
      ['Run in PowerShell, then restart VS Code and open terminals.'],
      [
        {
          shell: 'powershell',
          text: `[Environment]::SetEnvironmentVariable(${powerShellString(variable)}, ${powerShellString(value)}, 'User')`,
        },
      ],
    );
  }
  return instructionsFix(
    `set-${variable.toLowerCase()}-profile`,
    `Set ${variable} in your shell profile`,
    [`Replace the line that sets ${variable} in your shell profile with this one, then log out and back in.`],
    [{ shell: 'sh', text: `export ${variable}=${quoteSh(value)}` }],
  );
}

/**
 * Fixes that stop a variable from being set, wherever it is set: the OS environment (terminals now,
 * profile/user environment for good) and/or the go env file (`go env -u`).
 */
export function unsetVariableFixes(facts: Pick<Facts, 'host'>, ev: EnvValue): Fix[] {
  if (ev.source === 'declared' && ev.declared) return declaredFixes(ev.name, ev.declared, undefined);
  const fixes: Fix[] = [];
  const inOs = ev.source === 'os' || (ev.osValue !== undefined && ev.osValue !== '');
  const inFile = ev.source === 'goenv-file' || ev.fileValue !== undefined;
  if (inFile) fixes.push(goEnvWriteFix(ev.name, undefined));
  if (inOs) fixes.push(terminalDeleteFix(ev.name), persistentUnsetInstructions(facts, ev.name));
  if (!fixes.length) fixes.push(goEnvWriteFix(ev.name, undefined));
  return fixes;
}

/**
 * Fixes that give a variable a new value (or unset it when newValue is undefined) where it is set:
 * `go env -w` cannot override the OS environment, so an OS value is changed for terminals and in the
 * profile instead.
 */
export function setVariableFixes(facts: Pick<Facts, 'host'>, name: string, ev: EnvValue | undefined, newValue: string | undefined): Fix[] {
  if (ev?.source === 'declared' && ev.declared) return declaredFixes(name, ev.declared, newValue);
  const inOs = ev !== undefined && (ev.source === 'os' || (ev.osValue !== undefined && ev.osValue !== ''));
  if (newValue === undefined) return ev ? unsetVariableFixes(facts, ev) : [goEnvWriteFix(name, undefined)];
  if (inOs) return [terminalReplaceFix(name, newValue), persistentSetInstructions(facts, name, newValue)];
  return [goEnvWriteFix(name, newValue)];
}

/** Replaces a range on one line (1-based columns, end exclusive). */
export function replaceRangeFix(
  id: string,
  title: string,
  file: string,
  line: number,
  column: number,
  endColumn: number,
  newText: string,
): EditFileFix {
  return { id, title, kind: 'edit-file', file, edits: [{ line, column, endLine: line, endColumn, newText }] };
}

/** Deletes a whole line, its line break included. */
export function deleteLineFix(id: string, title: string, file: string, line: number): EditFileFix {
  return { id, title, kind: 'edit-file', file, edits: [{ line, column: 1, endLine: line + 1, endColumn: 1, newText: '' }] };
}

/** Inserts text at the start of a line. */
export function insertAtLineFix(id: string, title: string, file: string, line: number, newText: string): EditFileFix {
  return { id, title, kind: 'edit-file', file, edits: [{ line, column: 1, endLine: line, endColumn: 1, newText }] };
}

/** Fixes that take one entry out of PATH: for terminals now, and the commands to do it for good. */
export function removePathEntryFixes(facts: Pick<Facts, 'host' | 'path'>, index: number): Fix[] {
  const sep = facts.host.platform === 'win32' ? ';' : ':';
  const entry = facts.path.find((p) => p.index === index);
  const shown = entry?.raw === '' ? '(empty entry)' : (entry?.raw ?? '');
  const cleaned = facts.path
    .filter((p) => p.index !== index && p.raw !== '')
    .map((p) => p.raw)
    .join(sep);
  const fixes: Fix[] = [terminalReplaceFix('PATH', cleaned, 'remove-path-entry-terminal')];
  if (shellFor(facts) === 'powershell') {
    fixes.push(
      instructionsFix(
        'remove-path-entry-user-env',
        `Remove ${shown} from your Windows PATH`,
        [
          'Open "Edit environment variables for your account" (or run the command below) and delete the entry from Path. If it is in the system Path, that needs an administrator.',
          'Restart VS Code and open terminals afterwards.',
        ],
        [
          {
            shell: 'powershell',
            text: `[Environment]::SetEnvironmentVariable('Path', (([Environment]::GetEnvironmentVariable('Path', 'User') -split ';') | Where-Object { $_ -ne ${powerShellString(entry?.raw ?? '')} -and $_ -ne '' }) -join ';', 'User')`,
          },
        ],
      ),
    );
  } else {
    fixes.push(
      instructionsFix(
        'remove-path-entry-profile',
        `Remove ${shown} from PATH in your shell profile`,
        [
          `Find where your profile adds ${shown} to PATH (an empty entry comes from a stray ':' at the start, end or middle of PATH) and remove it; then log out and back in.`,
        ],
        [
          { shell: 'sh', text: `grep -n 'PATH' ${SH_PROFILES} /etc/environment /etc/profile 2>/dev/null` },
          { shell: 'sh', text: `export PATH=${quoteSh(cleaned)}` },
        ],
      ),
    );
  }
  return fixes;
}

/** Why Go is being installed: none yet, a newer patch for the one that runs, or another toolchain beside it for one module. */
export type InstallPurpose = 'install' | 'upgrade' | 'add-toolchain';

function archiveArch(arch: string | undefined): string {
  return ({ x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'armv6l' } as Record<string, string>)[arch ?? 'x64'] ?? 'amd64';
}

/**
 * How to get Go `version` (a release such as 1.26.11): with the tool that manages the installation (asdf set,
 * mise use, brew upgrade, snap refresh, …), else the official way for the platform. An installation that works is
 * never deleted for another module's sake: a toolchain for one module comes from a golang.org/dl wrapper or the
 * manager, beside it; only an upgrade of that installation itself replaces it, and says so.
 */
export function goReleaseFix(
  facts: Pick<Facts, 'host' | 'activeGo'>,
  version: string,
  purpose: InstallPurpose,
  options: { id?: string; target?: Pick<GoInstallation, 'path' | 'realPath' | 'goroot'>; folder?: string } = {},
): Fix {
  const id = options.id ?? (purpose === 'upgrade' ? 'upgrade-go' : purpose === 'add-toolchain' ? 'install-toolchain' : 'install-go');
  const sh = shellFor(facts);
  const target = options.target ?? (purpose === 'install' ? undefined : facts.activeGo);
  const manager = target ? detectManager(target) : undefined;
  const name = manager ? MANAGER_NAMES[manager] : undefined;
  const managed = manager && managerCommands(manager, version, purpose === 'add-toolchain' ? 'folder' : 'user', target);
  if (managed && manager && isVersionManager(manager)) {
    const inFolder = purpose === 'add-toolchain' && options.folder;
    return instructionsFix(
      id,
      `${purpose === 'upgrade' ? 'Upgrade' : 'Install'} Go ${version} with ${name}`,
      [
        `${target!.path} is managed by ${name}; install and select Go ${version} with it${inFolder ? `, in ${options.folder}` : ''}:`,
        ...(manager === 'homebrew' || manager === 'scoop'
          ? [`${name} installs the newest Go its package offers, ${version} or later.`]
          : []),
        ...(manager === 'snap' ? [`The snap channel follows the newest ${version.split('.').slice(0, 2).join('.')} release.`] : []),
      ],
      [
        ...(inFolder
          ? [{ shell: sh, text: `cd ${sh === 'powershell' ? quotePowerShell(options.folder!) : quoteSh(options.folder!)}` }]
          : []),
        ...managed.map((c) => ({ shell: sh, text: c.text, ...(c.elevated ? { elevated: true } : {}) })),
      ],
    );
  }
  const go = goCommand(facts);
  const wrapper = [
    { shell: sh, text: commandLine(go, ['install', `golang.org/dl/go${version}@latest`], sh) },
    { shell: sh, text: `go${version} download` },
  ];
  if (
    facts.activeGo &&
    (purpose === 'add-toolchain' || manager === 'system-package' || manager === 'go-toolchain' || manager === 'golang-dl')
  ) {
    return instructionsFix(
      id,
      `Install Go ${version} beside ${facts.activeGo.goVersion ?? 'the installed Go'} (golang.org/dl/go${version})`,
      [
        `This installs the go${version} command (in the go install directory) and its toolchain (in ~/sdk/go${version}), leaving ${facts.activeGo.goroot} as it is.`,
        `Then run go${version} instead of go, or put ~/sdk/go${version}/bin first on PATH.`,
      ],
      wrapper,
    );
  }
  const steps = [`Go ${version} from https://go.dev/dl/.`];
  if (facts.host.platform === 'win32') {
    const upgrade = purpose === 'upgrade' && manager === 'windows-installer';
    return instructionsFix(
      id,
      `${upgrade ? 'Upgrade' : 'Install'} Go ${version} with winget`,
      [...steps, 'winget asks for elevation to install machine-wide; restart VS Code afterwards.'],
      [{ shell: 'powershell', text: `winget install --id GoLang.Go -e --version ${version}`, elevated: true }],
    );
  }
  const goroot = target?.goroot;
  const arch = archiveArch((facts.host as { arch?: string }).arch);
  if (facts.host.platform === 'darwin') {
    const pkg = `go${version}.darwin-${arch === 'arm64' ? 'arm64' : 'amd64'}.pkg`;
    return instructionsFix(
      id,
      `${purpose === 'upgrade' ? 'Upgrade' : 'Install'} Go ${version} with the macOS installer`,
      [
        ...steps,
        `The installer puts Go in /usr/local/go${purpose === 'upgrade' && goroot === '/usr/local/go' ? ', replacing the one there' : ''} and needs an administrator.`,
      ],
      [
        { shell: 'sh', text: `curl -fsSLo /tmp/${pkg} https://go.dev/dl/${pkg}` },
        { shell: 'sh', text: `sudo installer -pkg /tmp/${pkg} -target /`, elevated: true },
      ],
    );
  }
  const archive = `go${version}.linux-${arch}.tar.gz`;
  // The archive unpacks into a directory named go: it can replace an installation only at such a place.
  const replace = purpose === 'upgrade' && goroot && /\/go$/.test(goroot) ? goroot : undefined;
  if (purpose === 'upgrade' && !replace) {
    return instructionsFix(
      id,
      `Install Go ${version} beside ${goroot ?? 'the installed Go'}`,
      [...steps, 'Install it beside the Go you have:'],
      wrapper,
    );
  }
  const root = replace ?? '/usr/local/go';
  const parent = root.slice(0, root.lastIndexOf('/')) || '/';
  return instructionsFix(
    id,
    replace ? `Upgrade the Go in ${root} to ${version}` : `Install Go ${version} in /usr/local/go`,
    [
      ...steps,
      replace
        ? `The second command replaces ${root} (Go ${facts.activeGo?.goVersion?.replace(/^go/, '') ?? 'there'}) with ${version} and needs root (sudo).`
        : 'The second command unpacks it into /usr/local/go and needs root (sudo).',
      ...(replace ? [] : ['Then put /usr/local/go/bin on PATH in your shell profile.']),
    ],
    [
      { shell: 'sh', text: `curl -fsSLo /tmp/${archive} https://go.dev/dl/${archive}` },
      {
        shell: 'sh',
        text: replace
          ? `sudo rm -rf ${quoteSh(root)} && sudo tar -C ${quoteSh(parent)} -xzf /tmp/${archive}`
          : `sudo tar -C /usr/local -xzf /tmp/${archive}`,
        elevated: true,
      },
      ...(replace ? [] : [{ shell: 'sh' as const, text: 'export PATH=/usr/local/go/bin:"$PATH"' }]),
    ],
  );
}

/** Prefixes fix ids so several fixes built by the same helper stay unique within one finding. */
export function withIdPrefix<T extends Fix>(fixes: T[], prefix: string): T[] {
  return fixes.map((f) => ({ ...f, id: `${prefix}-${f.id}` }));
}
