// Checks of the toolchain area: is there a go, does it work, which one wins on PATH, and are the tools next to it usable.
import { delveAccepts, delveSupport, newestDelveFor } from '../data/delve';
import { BUILTIN_RELEASES } from '../data/goReleases';
import { describeReleaseSource, latestPatch, missedPatches, releaseEvidence, releaseFor, toolchainVerdict } from '../releases';
import { ESSENTIAL_TOOLS, TOOL_PACKAGES } from '../data/tools';
import type { BinaryInfo, Facts, GoInstallation } from '../facts';
import {
  goInstallFix,
  goReleaseFix,
  instructionsFix,
  persistentPrependPathInstructions,
  removePathEntryFixes,
  shellFor,
  terminalPrependPathFix,
  unsetVariableFixes,
  describeSource,
} from '../fixes';
import { powerShellString, quoteSh } from '../../platform/shell';
import { blameEnvironment } from '../envBlame';
import { isVersionManager, MANAGER_NAMES } from '../managers';
import { compareGoVersions, languageVersion, parseGoVersion, toolchainForGoLine, type GoVersion } from '../goversion';
import type { Finding, Fix } from '../report';
import { goLineIndex, goLinesDescending } from './moduleIndex';
import { finding, type CheckDefinition } from './types';
import { envEvidence, envLocation, envOf, hostPlatform, isWindows, newestGo, releasesOf } from './util';
import { dirOf, samePath } from '../paths';

function installationEvidence(g: GoInstallation | BinaryInfo, active?: GoInstallation): Record<string, unknown> {
  return {
    path: g.path,
    realPath: g.realPath,
    version: g.goVersion,
    ...('goroot' in g ? { goroot: g.goroot } : {}),
    ...(g.pathIndex !== undefined ? { pathIndex: g.pathIndex } : {}),
    ...(active ? { active: g.realPath === active.realPath } : {}),
    ...('manager' in g && g.manager ? { managedBy: g.manager } : {}),
  };
}

function pathOrigin(facts: Facts, g: GoInstallation): { pathOrigin?: string } {
  const origin = g.pathIndex === undefined ? undefined : facts.windowsPath?.origins?.[g.pathIndex];
  return origin ? { pathOrigin: origin } : {};
}

/** Fixes that make `dir` win on PATH: for terminals now, and in the profile / user PATH for good. */
function preferDirFixes(facts: Facts, dir: string, idSuffix = ''): Fix[] {
  return [
    terminalPrependPathFix(dir, `prepend-path-terminal${idSuffix}`),
    persistentPrependPathInstructions(facts, dir, `prepend-path-profile${idSuffix}`),
  ];
}

export const goMissing: CheckDefinition = {
  id: 'go-missing',
  area: 'toolchain',
  severity: 'error',
  where: 'all',
  fixKinds: ['terminal-env', 'instructions'],
  summary: 'No go executable on PATH or at the configured path',
  help: 'Nothing in the editor can build, test or debug Go without the go command. Install Go from https://go.dev/dl/ or put the bin directory of an existing installation on PATH.',
  run(facts) {
    if (facts.activeGo) return [];
    const configured = facts.context.configuredGoPath;
    const candidates = facts.goCandidates ?? [];
    const win = isWindows(facts);
    const fixes: Fix[] = [];
    // An installation that exists only needs its directory on PATH; installing another one over it would delete it.
    if (candidates.length) fixes.push(...preferDirFixes(facts, dirOf(candidates[0], win)));
    else fixes.push(goReleaseFix(facts, newestGo(facts), 'install'));
    const where = configured
      ? `The configured go (${configured}) ${facts.context.configuredGoExists === false ? 'does not exist' : 'cannot be used'}, and there is no go on PATH.`
      : 'There is no go executable in any PATH directory.';
    const found = candidates.length ? ` A Go installation exists at ${candidates.join(', ')} but its directory is not on PATH.` : '';
    return [
      finding(this, {
        title: 'Go is not installed or not on PATH',
        detail: `${where}${found} Without go nothing can build, test, debug or run gopls. ${candidates.length ? `Put ${dirOf(candidates[0], win)} on PATH` : 'Install Go from https://go.dev/dl/'} and restart the editor.`,
        evidence: {
          PATH: facts.path.map((p) => p.raw),
          ...(configured ? { configuredGoPath: configured, configuredGoExists: facts.context.configuredGoExists } : {}),
          ...(candidates.length ? { installationsNotOnPath: candidates } : {}),
        },
        fixes,
      }),
    ];
  },
};

/** Variables whose own checks speak when the go command refuses them (goroot-invalid, gopath-invalid, …). */
const VARIABLES_WITH_THEIR_OWN_CHECK = new Set(['GOROOT', 'GOPATH', 'GOFLAGS', 'GOTOOLCHAIN']);

/** True when go env failed although the binary itself runs: its version was read with a neutral environment. */
function refusedByEnvironment(facts: Facts): boolean {
  const go = facts.activeGo;
  const failure = facts.goEnv.failure;
  return !!go && !!failure && failure.kind === 'exit' && !!go.goVersion && !go.versionError;
}

export const goBroken: CheckDefinition = {
  id: 'go-broken',
  area: 'toolchain',
  severity: 'error',
  where: 'all',
  fixKinds: ['terminal-env', 'instructions'],
  summary: 'The go executable itself cannot run: it fails to start, prints garbage or hangs',
  help: 'A go that cannot run even with none of your Go settings breaks every Go feature. Look at the binary (a partial install, a download for another CPU, a shim pointing nowhere). When go runs but refuses a value of your environment, the finding names that value instead.',
  run(facts) {
    const go = facts.activeGo;
    if (!go) return [];
    const failure = facts.goEnv.failure;
    const versionProblem = go.versionError ?? (go.goVersion ? undefined : 'no version reported');
    if (!failure && !versionProblem) return [];
    // go runs, but refuses a value of this environment: go-env-refused or the variable's own check names it.
    if (refusedByEnvironment(facts)) return [];
    const what = failure
      ? failure.kind === 'timeout'
        ? `\`${failure.command}\` did not answer within the timeout`
        : failure.kind === 'garbage'
          ? `\`${failure.command}\` printed something that is not go's output`
          : failure.kind === 'spawn'
            ? `the system could not start it: ${failure.message}`
            : `\`${failure.command}\` failed${failure.exitCode !== undefined && failure.exitCode !== null ? ` (exit ${failure.exitCode})` : ''}, and so does reading its version with none of your Go settings: ${versionProblem ?? failure.message}`
      : `\`go version\` could not read it: ${versionProblem}`;
    const stderr = failure?.stderr?.trim();
    const sh = shellFor(facts);
    const fixes: Fix[] = [
      instructionsFix(
        'inspect-go-binary',
        `Inspect ${go.path}`,
        [
          `Run the go binary yourself and read its error; a partial download, a binary for another CPU, or a wrapper script pointing at a removed installation are the usual causes.`,
          go.manager
            ? `It is managed by ${MANAGER_NAMES[go.manager]}: reinstall that version with it.`
            : 'Reinstall Go from https://go.dev/dl/ if it does not run.',
        ],
        sh === 'powershell'
          ? [
              { shell: 'powershell', text: `Get-Item ${powerShellString(go.realPath)} | Format-List FullName, Length, LastWriteTime` },
              { shell: 'powershell', text: `& ${powerShellString(go.path)} version` },
            ]
          : [
              {
                shell: 'sh',
                text: go.realPath === go.path ? `ls -l ${quoteSh(go.path)}` : `ls -l ${quoteSh(go.path)} ${quoteSh(go.realPath)}`,
              },
              { shell: 'sh', text: `${quoteSh(go.path)} version` },
            ],
      ),
    ];
    const healthy = facts.goInstallations.find((g) => g.realPath !== go.realPath && g.goVersion && !g.versionError);
    if (healthy) fixes.push(...preferDirFixes(facts, dirOf(healthy.path, isWindows(facts))));
    return [
      finding(this, {
        title: `The go at ${go.path} does not run`,
        detail: `${what}.${stderr ? ` It said: ${stderr.split('\n').slice(0, 5).join(' | ')}` : ''} Every Go feature of the editor depends on it. ${healthy ? `Another installation (${healthy.goVersion} at ${healthy.path}) works; put it first on PATH, or ` : ''}${go.manager ? `reinstall it with ${MANAGER_NAMES[go.manager]}` : 'reinstall Go'} or point the editor at a working go.`,
        evidence: {
          ...installationEvidence(go),
          ...(go.versionError ? { versionError: go.versionError } : {}),
          ...(failure ? { failure } : {}),
        },
        fixes,
      }),
    ];
  },
};

export const goEnvRefused: CheckDefinition = {
  id: 'go-env-refused',
  area: 'toolchain',
  severity: 'error',
  where: 'all',
  fixKinds: ['go-env-write', 'terminal-env', 'instructions'],
  summary: 'The go command runs, but refuses a value of the environment (GO111MODULE, GOEXPERIMENT, GOWORK, …)',
  help: 'When a Go setting has a value the go command does not accept, every go command stops before doing anything, and it looks as if Go were broken. The go binary is fine: change or unset the value where it is set (the OS environment or the go env file). GOROOT, GOPATH, GOFLAGS and GOTOOLCHAIN have checks of their own.',
  run(facts) {
    if (!refusedByEnvironment(facts)) return [];
    const go = facts.activeGo!;
    const failure = facts.goEnv.failure!;
    const blame = blameEnvironment(failure.stderr);
    if (blame && VARIABLES_WITH_THEIR_OWN_CHECK.has(blame.variable)) return [];
    const ev = blame ? envOf(facts, blame.variable) : undefined;
    const said = blame?.message ?? failure.stderr?.trim().split('\n')[0] ?? failure.message;
    const set = ev && ev.value !== '' && ev.source !== 'default' ? ev : undefined;
    return [
      finding(this, {
        title: blame
          ? `The go command refuses ${blame.variable}${set ? `=${set.value}` : ''}`
          : `The go command refuses this environment: ${said}`,
        detail: `${go.path} (${go.goVersion}) runs: its version reads fine without your Go settings. With them, every go command stops with \`${said}\`${blame && set ? `, because ${blame.variable} is ${set.value} (${describeSource(set, facts)})` : blame ? `, which names ${blame.variable}` : ''}. ${blame ? `Correct or unset ${blame.variable}${set ? ` where it is set` : ''}; the installation needs no change.` : 'One of the Go variables set in the OS environment or the go env file is the cause; the installation needs no change.'}`,
        evidence: {
          ...installationEvidence(go),
          message: said,
          ...(blame ? { variable: blame.variable } : {}),
          ...(set ? { [blame!.variable]: envEvidence(facts, set) } : {}),
          failure,
        },
        location: set ? envLocation(facts, set) : undefined,
        fixes: set ? unsetVariableFixes(facts, set) : [],
      }),
    ];
  },
};

export const goShadowed: CheckDefinition = {
  id: 'go-shadowed',
  area: 'toolchain',
  severity: 'warning',
  where: 'all',
  fixKinds: ['terminal-env', 'instructions'],
  summary: 'More than one Go installation is on PATH',
  help: 'The first go on PATH wins; the editor, terminals and scripts can end up using different ones, which shows up as version mismatches. Keep one on PATH, or put the one you want first.',
  run(facts) {
    const win = isWindows(facts);
    const distinct: GoInstallation[] = [];
    for (const g of facts.goInstallations) {
      // Inside WSL a Windows go.exe on the interop PATH never runs as `go`; wsl-windows-go speaks of it when it matters.
      if (g.windowsExe) continue;
      // A version manager's shim and the installation it runs share a GOROOT: one installation, shown once.
      const same = (d: GoInstallation) =>
        samePath(d.realPath, g.realPath, win) || (d.gorootLooksValid && g.gorootLooksValid && samePath(d.goroot, g.goroot, win));
      if (!distinct.some(same)) distinct.push(g);
    }
    if (distinct.length < 2) return [];
    const winner = distinct[0];
    const versions = new Set(distinct.map((d) => d.goVersion ?? '?'));
    const sameVersion = versions.size === 1 && !versions.has('?');
    const fixes: Fix[] = [];
    distinct.slice(1).forEach((g, i) => {
      const dir = dirOf(g.path, win);
      fixes.push(terminalPrependPathFix(dir, `prepend-${i + 1}-terminal`));
      fixes.push(persistentPrependPathInstructions(facts, dir, `prepend-${i + 1}-profile`));
    });
    const list = distinct
      .map(
        (g) =>
          `${g.goVersion ?? 'unknown version'} at ${g.path} (GOROOT ${g.goroot}${g.manager && isVersionManager(g.manager) ? `, managed by ${MANAGER_NAMES[g.manager]}` : ''})`,
      )
      .join('; ');
    return [
      finding(this, {
        severity: sameVersion ? 'info' : undefined,
        title: `${distinct.length} Go installations on PATH; ${winner.goVersion ?? 'the first'} at ${winner.path} wins`,
        detail: `Found: ${list}. The first one on PATH wins for the editor and new terminals${sameVersion ? '; all are the same version, so this is only untidy' : ', but a shell or tool with a different PATH order gets another version — builds then disagree about language features and the cache'}. Remove the extra directories from PATH, or put the one you want first.`,
        evidence: {
          // On Windows, where each directory comes from: the machine Path, the user Path, or only this process.
          installations: distinct.map((g) => ({ ...installationEvidence(g, facts.activeGo), ...pathOrigin(facts, g) })),
          winner: winner.path,
        },
        fixes,
      }),
    ];
  },
};

export const pathUnsafeEntry: CheckDefinition = {
  id: 'path-unsafe-entry',
  area: 'toolchain',
  severity: 'warning',
  where: 'all',
  fixKinds: ['terminal-env', 'instructions'],
  summary: 'PATH has an empty, relative or world-writable entry before the go directory',
  help: 'An empty or relative PATH entry makes the shell look in the current directory, and a world-writable directory lets any user plant a `go` (or gopls, dlv) that runs instead of yours. Remove such entries, or at least move them after the Go directories.',
  run(facts) {
    const limit = facts.activeGo?.pathIndex ?? facts.path.length;
    const out: Finding[] = [];
    for (const entry of facts.path) {
      if (entry.index >= limit) continue;
      const why =
        entry.kind === 'empty'
          ? 'is empty, which means the current directory'
          : entry.kind === 'relative'
            ? `is relative ("${entry.raw}"), so it resolves against whatever directory a command starts in`
            : entry.worldWritable
              ? 'is writable by every user'
              : undefined;
      if (!why) continue;
      const shown = entry.kind === 'empty' ? '(empty entry)' : entry.raw;
      out.push(
        finding(this, {
          title: `PATH entry ${entry.index + 1} ${entry.kind === 'empty' ? 'is empty' : `"${entry.raw}" is ${entry.kind === 'relative' ? 'relative' : 'world-writable'}`}`,
          detail: `PATH entry ${entry.index + 1} ${why}, and it comes before the directory of the go in use${facts.activeGo ? ` (${facts.activeGo.path})` : ''}. A file named go, gopls or dlv placed there — by a cloned repository or another user — would run instead of the real one. Remove ${shown} from PATH or move it to the end.`,
          evidence: {
            entry: entry.raw,
            index: entry.index,
            kind: entry.kind,
            worldWritable: entry.worldWritable,
            activeGoPathIndex: facts.activeGo?.pathIndex,
          },
          fixes: removePathEntryFixes(facts, entry.index),
        }),
      );
    }
    return out;
  },
};

export const gobinNotOnPath: CheckDefinition = {
  id: 'gobin-not-on-path',
  area: 'toolchain',
  severity: 'warning',
  where: 'all',
  fixKinds: ['terminal-env', 'instructions'],
  summary: 'The directory `go install` writes to is not on PATH',
  help: 'Tools installed with `go install` (gopls, dlv, staticcheck) land in GOBIN, or the first GOPATH entry + /bin. If that directory is not on PATH, the editor and terminals do not find them, or find older copies.',
  run(facts) {
    const dir = facts.dirs.installDir?.path;
    if (!dir || !facts.activeGo) return [];
    const win = isWindows(facts);
    if (facts.path.some((p) => p.kind === 'absolute' && samePath(p.raw, dir, win))) return [];
    const gobin = envOf(facts, 'GOBIN');
    const gopath = envOf(facts, 'GOPATH');
    return [
      finding(this, {
        title: `${dir} (where go install puts tools) is not on PATH`,
        detail: `go install writes tools to ${dir} (${gobin?.value ? 'GOBIN' : 'the first GOPATH entry + /bin'}), but that directory is not on PATH, so tools you install — gopls, dlv, staticcheck — are not found, or an older copy elsewhere runs instead. Add it to PATH.`,
        evidence: {
          installDir: dir,
          ...(gobin?.value ? { GOBIN: envEvidence(facts, gobin) } : {}),
          ...(gopath ? { GOPATH: envEvidence(facts, gopath) } : {}),
          PATH: facts.path.map((p) => p.raw),
        },
        fixes: preferDirFixes(facts, dir),
      }),
    ];
  },
};

/** The copy of a tool that runs: the first on PATH, else the one in the install directory. */
function runningCopy(tool: Facts['tools'][number]): BinaryInfo | undefined {
  return tool.pathCopies[0] ?? tool.installDirCopy;
}

export const toolShadowed: CheckDefinition = {
  id: 'tool-shadowed',
  area: 'toolchain',
  severity: 'warning',
  where: 'all',
  fixKinds: ['terminal-env', 'instructions'],
  summary: 'A tool installed with go install is shadowed by another copy earlier on PATH',
  help: 'When you update gopls or dlv with `go install`, the new copy lands in GOBIN; if another copy sits earlier on PATH, the old one keeps running. Remove the other copy or put the go-install directory first.',
  run(facts) {
    const win = isWindows(facts);
    const out: Finding[] = [];
    for (const tool of facts.tools) {
      const mine = tool.installDirCopy;
      const first = tool.pathCopies[0];
      if (!mine || !first || samePath(first.realPath, mine.realPath, win)) continue;
      const dir = facts.dirs.installDir?.path ?? dirOf(mine.path, win);
      const v = (b: BinaryInfo) => b.moduleVersion ?? b.goVersion ?? 'unknown version';
      out.push(
        finding(this, {
          title: `${tool.name} from ${first.path} shadows the one go install put in ${dir}`,
          detail: `${first.path} (${v(first)}) comes earlier on PATH than ${mine.path} (${v(mine)}), so the copy you installed or updated with go install does not run. Remove ${first.path}, or put ${dir} before ${dirOf(first.path, win)} on PATH.`,
          evidence: { tool: tool.name, running: installationEvidence(first), installed: installationEvidence(mine), installDir: dir },
          fixes: preferDirFixes(facts, dir),
        }),
      );
    }
    return out;
  },
};

export const toolMissing: CheckDefinition = {
  id: 'tool-missing',
  area: 'toolchain',
  severity: 'info',
  where: 'all',
  fixKinds: ['run-command'],
  summary: 'gopls or dlv is not installed',
  help: 'gopls powers completion, navigation and diagnostics; dlv is the debugger. Install them with `go install golang.org/x/tools/gopls@latest` and `go install github.com/go-delve/delve/cmd/dlv@latest`.',
  run(facts) {
    if (!facts.activeGo) return [];
    const out: Finding[] = [];
    for (const name of ESSENTIAL_TOOLS) {
      const tool = facts.tools.find((t) => t.name === name);
      if (tool && (tool.installDirCopy || tool.pathCopies.length)) continue;
      const pkg = TOOL_PACKAGES[name];
      const debugging = name === 'dlv' && facts.context.debuggingSetUp;
      const role = name === 'gopls' ? 'the Go language server (completion, navigation, diagnostics)' : 'the Go debugger';
      const install = goInstallFix(facts, pkg);
      out.push(
        finding(this, {
          severity: debugging ? 'warning' : undefined,
          title: `${name} is not installed`,
          detail: `${name}, ${role}, is neither on PATH nor in ${facts.dirs.installDir?.path ?? 'the go install directory'}.${debugging ? ' A Go launch configuration exists, so debugging will fail until it is installed.' : ''} Install it with go install ${install.args.at(-1)}.`,
          evidence: { tool: name, installDir: facts.dirs.installDir?.path, debuggingSetUp: facts.context.debuggingSetUp },
          fixes: [install],
        }),
      );
    }
    return out;
  },
};

/**
 * The highest `go` line among workspace modules and go.work files, with where it is written (the first such
 * file, modules before go.work files). The modules are asked through their go-line index: one look per distinct
 * line, not one per module.
 */
function highestGoLine(facts: Facts): { version: GoVersion; raw: string; file: string; line: number } | undefined {
  let best: { version: GoVersion; raw: string; file: string; line: number } | undefined;
  const releases = releasesOf(facts);
  const platform = hostPlatform(facts);
  // A line naming a release that does not exist is toolchain-unavailable's: no Go could rebuild a tool for it.
  const usable = (v: GoVersion) => {
    const verdict = toolchainVerdict(releases, toolchainForGoLine(v).replace(/^go/, ''), platform).kind;
    return verdict !== 'missing' && verdict !== 'language-version';
  };
  for (const family of goLinesDescending(goLineIndex(facts.modules))) {
    let first: { position: number; version: GoVersion } | undefined;
    for (const line of family.lines)
      if ((!first || line.positions[0]! < first.position) && usable(line.version))
        first = { position: line.positions[0]!, version: line.version };
    if (!first) continue;
    const mod = facts.modules[first.position]!;
    best = { version: first.version, raw: mod.go!.value, file: mod.file, line: mod.go!.line };
    break;
  }
  for (const f of facts.works) {
    const v = parseGoVersion(f.go?.value);
    if (!v || !f.go || !usable(v)) continue;
    if (!best || compareGoVersions(v, best.version) > 0) best = { version: v, raw: f.go.value, file: f.file, line: f.go.line };
  }
  return best;
}

export const toolStale: CheckDefinition = {
  id: 'tool-stale',
  area: 'toolchain',
  severity: 'warning',
  where: 'all',
  fixKinds: ['run-command', 'instructions'],
  summary: 'A tool was built with a Go older than a workspace module needs',
  help: 'gopls and analyzers understand the Go language version they were built with; a module needing newer Go shows bogus errors. Reinstall the tool with a current Go.',
  run(facts) {
    const needed = highestGoLine(facts);
    if (!needed) return [];
    const out: Finding[] = [];
    for (const tool of facts.tools) {
      const copy = runningCopy(tool);
      const built = parseGoVersion(copy?.goVersion);
      if (!copy || !built) continue;
      // Language versions decide what a tool understands: go1.22.1 handles every 1.22.x module.
      if (built.major > needed.version.major || (built.major === needed.version.major && built.minor >= needed.version.minor)) continue;
      const pkg = copy.packagePath ?? TOOL_PACKAGES[tool.name];
      // The newest patch of the minor needed: go 1.27.0 is best served by go1.27.4.
      const requiredToolchain = `go${releaseFor(releasesOf(facts), toolchainForGoLine(needed.version), hostPlatform(facts)) ?? toolchainForGoLine(needed.version).replace(/^go/, '')}`;
      const active = parseGoVersion(facts.activeGo?.goVersion);
      const activeTooOld = !active || compareGoVersions(active, needed.version) < 0;
      const fixes: Fix[] = [];
      if (pkg) {
        const buildGo = activeTooOld ? requiredToolchain : facts.activeGo?.goVersion;
        const fix = goInstallFix(facts, pkg, 'latest', `reinstall-${tool.name}`, buildGo);
        fix.title = `Reinstall ${tool.name} with ${buildGo}: go install ${fix.args.at(-1)}`;
        // The active go builds tools with itself; a newer toolchain has to be asked for explicitly.
        if (activeTooOld) fix.env = { GOTOOLCHAIN: `${requiredToolchain}+auto` };
        fixes.push(fix);
      } else {
        fixes.push(
          instructionsFix(`reinstall-${tool.name}`, `Reinstall ${tool.name}`, [
            `Reinstall ${tool.name} the way you installed it, with Go ${languageVersion(needed.version)} or newer.`,
          ]),
        );
      }
      out.push(
        finding(this, {
          title: `${tool.name} was built with ${copy.goVersion}, but ${needed.file} needs Go ${needed.raw}`,
          detail: `${copy.path} was built with ${copy.goVersion}; ${needed.file} line ${needed.line} says go ${needed.raw}. A tool understands the Go language only up to the version it was built with, so ${tool.name} reports errors (or refuses to load packages) for newer language features. Reinstall it with Go ${languageVersion(needed.version)} or newer.`,
          evidence: {
            tool: tool.name,
            path: copy.path,
            builtWith: copy.goVersion,
            moduleVersion: copy.moduleVersion,
            requiredBy: needed.file,
            requiredLine: needed.line,
            requiredGo: needed.raw,
          },
          fixes,
        }),
      );
    }
    return out;
  },
};

export const dlvGoIncompatible: CheckDefinition = {
  id: 'dlv-go-incompatible',
  area: 'toolchain',
  severity: 'warning',
  where: 'all',
  fixKinds: ['run-command', 'instructions'],
  summary: 'The installed Delve does not support the active Go version',
  help: 'Each Delve release supports a range of Go versions and refuses programs built with others ("Version of Delve is too old for Go version …"). Install a Delve that matches: usually `go install github.com/go-delve/delve/cmd/dlv@latest`.',
  run(facts) {
    const tool = facts.tools.find((t) => t.name === 'dlv');
    const dlv = tool && runningCopy(tool);
    const goVersion = facts.activeGo?.goVersion;
    if (!dlv || !goVersion) return [];
    const verdict = delveAccepts(dlv.moduleVersion, goVersion);
    if (!verdict || verdict === 'ok') return [];
    const support = delveSupport(dlv.moduleVersion)!;
    const go = parseGoVersion(goVersion)!;
    const pkg = TOOL_PACKAGES.dlv;
    const fixes: Fix[] = [];
    let detail: string;
    if (verdict === 'go-too-new') {
      detail = `dlv ${support.delveVersion} (${dlv.path}) supports Go ${support.minGo} to ${support.maxGo}, but the active Go is ${goVersion}. Delve stops with "Version of Delve is too old for Go version ${languageVersion(go)}…" when a debug session starts. Install the latest Delve.`;
      fixes.push(goInstallFix(facts, pkg, 'latest', 'install-dlv-latest'));
    } else {
      const line = newestDelveFor(go.minor);
      detail = `dlv ${support.delveVersion} (${dlv.path}) supports Go ${support.minGo} to ${support.maxGo}, but the active Go is ${goVersion}. Delve stops with "Go version ${languageVersion(go)} is too old for this version of Delve". Upgrade Go${line ? `, or install Delve v1.${line}, the newest that supports Go ${languageVersion(go)}` : ''}.`;
      if (line) fixes.push(goInstallFix(facts, pkg, `v1.${line}`, 'install-dlv-compatible'));
      fixes.push(goReleaseFix(facts, newestGo(facts), 'upgrade'));
    }
    return [
      finding(this, {
        title: `dlv ${support.delveVersion} does not support ${goVersion}`,
        detail,
        evidence: {
          dlvPath: dlv.path,
          dlvVersion: dlv.moduleVersion,
          supportedGo: `${support.minGo}-${support.maxGo}`,
          activeGo: goVersion,
          verdict,
        },
        fixes,
      }),
    ];
  },
};

/** When a minor was first released, from the built-in table (undefined for one newer than the table). */
function releasedIn(minor: string): string | undefined {
  return BUILTIN_RELEASES.minors.find((m) => m.minor === minor)?.released;
}

export const goOutdated: CheckDefinition = {
  id: 'go-outdated',
  area: 'toolchain',
  severity: 'info',
  where: 'all',
  fixKinds: ['instructions'],
  summary: 'The active Go is out of upstream support',
  help: 'Go supports the two newest minor releases; older ones get no security fixes. Upgrade to the newest release.',
  run(facts) {
    const active = parseGoVersion(facts.activeGo?.goVersion);
    const newestText = newestGo(facts);
    const newest = parseGoVersion(newestText)!;
    if (!active || active.major !== newest.major || newest.minor - active.minor < 2) return [];
    const releases = releasesOf(facts);
    const newestMinor = languageVersion(newest);
    const released = releasedIn(newestMinor);
    return [
      finding(this, {
        title: `${facts.activeGo!.goVersion} is out of support (newest is Go ${newestText})`,
        detail: `The active Go is ${facts.activeGo!.goVersion}; the newest release is Go ${newestText}${released ? ` (Go ${newestMinor} came out ${released})` : ''}, and the Go team fixes security problems only in the two newest minor releases, so ${languageVersion(active)} gets none. Upgrade to Go ${newestText}. (Releases as known from ${describeReleaseSource(releases)}.)`,
        evidence: {
          active: facts.activeGo!.goVersion,
          path: facts.activeGo!.path,
          newest: newestText,
          ...(released ? { newestMinorReleased: released } : {}),
          releases: releaseEvidence(releases),
        },
        fixes: [goReleaseFix(facts, newestText, 'upgrade')],
      }),
    ];
  },
};

export const goPatchBehind: CheckDefinition = {
  id: 'go-patch-behind',
  area: 'toolchain',
  severity: 'warning',
  where: 'all',
  fixKinds: ['instructions'],
  summary: 'The active Go is not the newest patch release of its minor',
  help: "Patch releases (1.N.x) carry security and bug fixes only, never language or library changes, so the newest patch of a minor is a safe upgrade. The list of releases comes from the module proxy (golang.org/toolchain), as the go command's own, cached for a day.",
  run(facts) {
    const go = facts.activeGo;
    const active = parseGoVersion(go?.goVersion);
    if (!go || !active || active.patch === undefined || active.pre) return [];
    const releases = releasesOf(facts);
    const platform = hostPlatform(facts);
    const missed = missedPatches(releases, go.goVersion!, platform);
    if (!missed.length) return [];
    const minor = languageVersion(active);
    const latest = latestPatch(releases, minor, platform)!;
    return [
      finding(this, {
        title: `${go.goVersion} misses ${missed.length === 1 ? 'a patch release' : `${missed.length} patch releases`} of Go ${minor} (newest: ${latest})`,
        detail: `The active Go is ${go.goVersion} (${go.path}); Go ${minor} has had ${missed.map((v) => `go${v}`).join(', ')} since, with security and bug fixes and no language changes. Upgrade to go${latest}. (Releases as known from ${describeReleaseSource(releases)}.)`,
        evidence: {
          active: go.goVersion,
          path: go.path,
          missed,
          latest,
          releases: releaseEvidence(releases),
          ...(go.manager ? { manager: go.manager } : {}),
        },
        fixes: [goReleaseFix(facts, latest, 'upgrade')],
      }),
    ];
  },
};

export const TOOLCHAIN_CHECKS: readonly CheckDefinition[] = [
  goMissing,
  goBroken,
  goEnvRefused,
  goShadowed,
  pathUnsafeEntry,
  gobinNotOnPath,
  toolShadowed,
  toolMissing,
  toolStale,
  dlvGoIncompatible,
  goOutdated,
  goPatchBehind,
];
