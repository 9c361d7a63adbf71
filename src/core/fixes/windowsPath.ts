// Fixes that make a directory win on Windows as Windows builds the Path: the machine (system) Path first, then the user Path.
import * as path from 'node:path';
import type { Facts, NewProcessPathEntry, RegistryPathValue } from '../facts';
import type { InstructionsFix } from '../report';
import { comparableWindowsPath, MACHINE_ENVIRONMENT_KEY, USER_ENVIRONMENT_KEY } from '../windowsPathModel';
import { commandLine, powerShellString as psQuote } from '../../platform/shell';
import { instructionsFix } from './index';

export type WindowsPathFixFacts = Pick<Facts, 'host'> &
  Partial<Pick<Facts, 'windowsPath' | 'goInstallations' | 'activeGo' | 'goCandidates' | 'tools'>>;

const SIGN_OUT =
  'Then sign out of Windows and back in: programs started from now on, VS Code and its terminals included, get the new Path.';

/**
 * The lasting fix that makes `dir` win. Windows puts the user Path after the machine Path, so prepending to the user
 * Path works only when no directory in the machine Path holds the same commands; otherwise those directories must
 * leave the machine Path, which needs an administrator: then the fix shows the elevated command, never runs it.
 * Without the registry's Path (it could not be read) the user-Path command is given with that caveat.
 */
export function windowsPreferDirInstructions(facts: WindowsPathFixFacts, dir: string, id: string): InstructionsFix {
  const wp = facts.windowsPath;
  if (!wp || wp.status !== 'ok' || !wp.newProcess) return userPathByEnvironmentApi(dir, id, wp?.failure);
  const want = comparableWindowsPath(dir);
  const isDir = (e: NewProcessPathEntry) => comparableWindowsPath(e.expanded) === want;
  const commands = commandsIn(facts, dir, wp.newProcess);
  const blockersIn = (entries: NewProcessPathEntry[]) => {
    const at = entries.findIndex(isDir);
    return (at < 0 ? entries : entries.slice(0, at)).filter((e) => !isDir(e) && e.commands.some((c) => commands.has(c)));
  };
  const blockers = blockersIn(wp.newProcess);
  const present = wp.newProcess.some(isDir);
  const what = describeCommands(commands);
  if (blockers.length === 0 && present) {
    return instructionsFix(id, `${dir} already comes first for programs started from now on`, [
      `Windows builds the Path of every program started from now on from the system Path followed by your user Path, and there ${dir} already comes before any other directory with ${what}. Only programs started before that change still have the old Path.`,
      'Sign out of Windows and back in (or restart VS Code from the Start menu) so that VS Code and its terminals get it.',
    ]);
  }
  const machineBlockers = blockers.filter((e) => e.origin === 'machine');
  const remaining = wp.newProcess.filter((e) => !machineBlockers.includes(e));
  const needUserChange = !remaining.some(isDir) || blockersIn(remaining).length > 0;
  const userCommand = needUserChange ? prependToUserPath(wp.regExe, wp.user, wp.newProcess, dir) : undefined;
  if (machineBlockers.length === 0) {
    const userBlockers = blockers.map((e) => e.expanded);
    return instructionsFix(
      id,
      `Put ${dir} first on your Windows user PATH`,
      [
        `Windows puts your user Path after the system Path; no directory in the system Path holds ${what}, so ${dir} first in your user Path wins${userBlockers.length ? ` over ${userBlockers.join(', ')}` : ''}. Run this in PowerShell (no elevation needed: it changes your user Path only).`,
        SIGN_OUT,
      ],
      [userCommand!],
    );
  }
  const shown = machineBlockers.map((e) => e.expanded).join(', ');
  const machineCommand = removeFromMachinePath(wp.regExe, wp.machine!, wp.newProcess, machineBlockers);
  return instructionsFix(
    id,
    `Take ${shown} out of the system Path so that ${dir} wins (needs an administrator)`,
    [
      `Windows builds a program's Path from the system Path followed by your user Path, so ${shown} (in the system Path, with ${describeCommands(new Set(machineBlockers.flatMap((e) => e.commands.filter((c) => commands.has(c)))))}) comes before anything in your user Path: putting ${dir} first in your user Path cannot make it win.`,
      `Run the first command in PowerShell started with "Run as administrator": it takes ${shown} out of the system Path, for every user of this machine. If that Go was installed with its MSI installer, uninstalling it in Settings > Apps does the same.`,
      ...(userCommand ? [`The next command (no elevation needed) puts ${dir} first in your user Path.`] : []),
      SIGN_OUT,
    ],
    [machineCommand, ...(userCommand ? [userCommand] : [])],
  );
}

/** The commands (go, gopls, dlv, …) the facts know in `dir`: what another directory must also hold to shadow it. */
function commandsIn(facts: WindowsPathFixFacts, dir: string, entries: NewProcessPathEntry[]): Set<string> {
  const want = comparableWindowsPath(dir);
  const inDir = (file: string) => comparableWindowsPath(path.win32.dirname(file)) === want;
  const found = new Set<string>();
  for (const e of entries) if (comparableWindowsPath(e.expanded) === want) e.commands.forEach((c) => found.add(c));
  const gos = [...(facts.goInstallations ?? []), ...(facts.activeGo ? [facts.activeGo] : [])].map((g) => g.path);
  if ([...gos, ...(facts.goCandidates ?? [])].some(inDir)) found.add('go');
  for (const t of facts.tools ?? []) if ([t.installDirCopy, ...t.pathCopies].some((c) => c && inDir(c.path))) found.add(t.name);
  return found;
}

function describeCommands(commands: Set<string>): string {
  const list = [...commands].map((c) => `${c}.exe`);
  return list.length === 0
    ? 'the same programs'
    : list.length === 1
      ? list[0]
      : `${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}`;
}

/**
 * A value reg.exe can be handed through PowerShell unchanged: PowerShell 5.1 passes a native argument in double
 * quotes without escaping, so a `"` inside, or a `\` before the closing quote, would reach reg.exe altered.
 * A trailing backslash on the last entry is dropped (C:\x\ and C:\x name one directory); a drive root cannot be.
 */
function regAddSafe(value: string): string | undefined {
  if (value === '' || value.includes('"') || value.includes('\uFFFD')) return undefined;
  if (!value.endsWith('\\')) return value;
  const last = value.split(';').pop() ?? '';
  if (/^[A-Za-z]:\\+$/.test(last.trim())) return undefined;
  return value.replace(/\\+$/, '');
}

/** `reg.exe add KEY /v NAME /t TYPE /d VALUE /f` as PowerShell runs it, reg.exe by absolute path. */
function regAddCommand(regExe: string, key: string, name: string, type: string, value: string): string {
  return commandLine(regExe, ['add', key, '/v', name, '/t', type, '/d', value, '/f'], 'powershell');
}

/** The raw entries of a registry Path paired with what each expands to (empty entries have no expansion). */
function rawEntries(value: RegistryPathValue | undefined, expanded: NewProcessPathEntry[]): { raw: string; entry?: NewProcessPathEntry }[] {
  let next = 0;
  return (value?.raw ?? '').split(';').map((raw) => (raw.trim() === '' ? { raw } : { raw, entry: expanded[next++] }));
}

function removeFromMachinePath(
  regExe: string,
  machine: RegistryPathValue,
  entries: NewProcessPathEntry[],
  blockers: NewProcessPathEntry[],
): { shell: 'powershell'; text: string; elevated: true } {
  const kept = rawEntries(
    machine,
    entries.filter((e) => e.origin === 'machine'),
  ).filter((r) => !r.entry || !blockers.includes(r.entry));
  const value = regAddSafe(kept.map((r) => r.raw).join(';'));
  if (value !== undefined) {
    return { shell: 'powershell', text: regAddCommand(regExe, MACHINE_ENVIRONMENT_KEY, machine.name, machine.type, value), elevated: true };
  }
  // A value reg.exe cannot be handed whole: .NET reads and writes it (writing it back with %VARIABLES% expanded).
  const tests = blockers.map((b) => `$_ -ne ${psQuote(b.expanded)}`).join(' -and ');
  return {
    shell: 'powershell',
    text: `[Environment]::SetEnvironmentVariable('Path', (([Environment]::GetEnvironmentVariable('Path', 'Machine') -split ';') | Where-Object { ${tests} }) -join ';', 'Machine')`,
    elevated: true,
  };
}

function prependToUserPath(
  regExe: string,
  user: RegistryPathValue | undefined,
  entries: NewProcessPathEntry[],
  dir: string,
): { shell: 'powershell'; text: string } {
  const want = comparableWindowsPath(dir);
  const others = rawEntries(
    user,
    entries.filter((e) => e.origin === 'user'),
  ).filter((r) => r.raw.trim() !== '' && comparableWindowsPath(r.entry?.expanded ?? r.raw) !== want);
  const value = regAddSafe([dir, ...others.map((r) => r.raw)].join(';'));
  if (value !== undefined) {
    return {
      shell: 'powershell',
      text: regAddCommand(regExe, USER_ENVIRONMENT_KEY, user?.name ?? 'Path', user?.type ?? 'REG_EXPAND_SZ', value),
    };
  }
  return userPathByEnvironmentApi(dir, 'unused').commands![0] as { shell: 'powershell'; text: string };
}

/** The user-Path change through .NET, for when the registry's Path is not known. */
function userPathByEnvironmentApi(dir: string, id: string, unknownBecause?: string): InstructionsFix {
  return instructionsFix(
    id,
    `Put ${dir} first on your Windows user PATH`,
    [
      `Run this in PowerShell (no elevation needed: it changes your user PATH), then restart VS Code and open terminals.`,
      ...(unknownBecause !== undefined
        ? [
            `Windows puts the system Path before your user Path, and the system Path could not be read (${unknownBecause}): if a directory there holds another Go, this change cannot make ${dir} win.`,
          ]
        : []),
    ],
    [
      {
        shell: 'powershell',
        text: `[Environment]::SetEnvironmentVariable('Path', ${psQuote(dir + ';')} + [Environment]::GetEnvironmentVariable('Path', 'User'), 'User')`,
      },
    ],
  );
}
