// Checks of the paths area: GOROOT and GOPATH point where the go command can use them.
import type { Facts } from '../facts';
import { goReleaseFix, instructionsFix, withIdPrefix, setVariableFixes, unsetVariableFixes, describeSource } from '../fixes';
import { powerShellString } from '../../platform/shell';
import { latestPatch } from '../releases';
import { languageVersion, parseGoVersion } from '../goversion';
import type { Fix } from '../report';
import { finding, type CheckDefinition } from './types';
import { envEvidence, envLocation, envOf, envValue, hostPlatform, isExplicit, isWindows, newestGo, releasesOf } from './util';
import { isAbsolutePath, isUnder, joinPath, samePath, splitList } from '../paths';

/** The GOROOT in effect: the probed one, else go env's, else the active go's own. */
function effectiveGoroot(facts: Facts): string | undefined {
  return facts.goroot?.path ?? (facts.goEnv.vars.GOROOT || undefined) ?? facts.activeGo?.goroot;
}

export const gorootMismatch: CheckDefinition = {
  id: 'goroot-mismatch',
  area: 'paths',
  severity: 'error',
  where: 'all',
  fixKinds: ['go-env-write', 'terminal-env', 'instructions'],
  summary: "GOROOT is set to another installation than the active go binary's own",
  help: 'The go command finds its own installation by itself; a GOROOT pointing at another installation mixes the go binary of one release with the compiler and standard library of another ("compile: version … does not match go tool version …"). Unset GOROOT.',
  run(facts) {
    const ev = envOf(facts, 'GOROOT');
    const go = facts.activeGo;
    if (!isExplicit(ev) || !ev.value || !go) return [];
    const win = isWindows(facts);
    if (facts.goroot && samePath(facts.goroot.path, ev.value, win) && !facts.goroot.exists) return []; // goroot-invalid says it better
    if (samePath(ev.value, go.goroot, win)) return [];
    if (facts.goroot?.realPath && samePath(facts.goroot.path, ev.value, win) && samePath(facts.goroot.realPath, go.goroot, win)) return [];
    const otherVersion = facts.goroot && samePath(facts.goroot.path, ev.value, win) ? facts.goroot.version : undefined;
    const message = `compile: version "${otherVersion ?? 'goX'}" does not match go tool version "${go.goVersion ?? 'goY'}"`;
    return [
      finding(this, {
        title: `GOROOT=${ev.value} is not the installation of the go in use (${go.goroot})`,
        detail: `GOROOT is ${describeSource(ev, facts)} to ${ev.value}${otherVersion ? ` (${otherVersion})` : ''}, but the go that runs is ${go.path} (${go.goVersion ?? 'unknown version'}) from ${go.goroot}. The go command then uses the compiler and standard library of the other installation; builds fail with messages like \`${message}\`. Go finds its own GOROOT: unset the variable.`,
        evidence: {
          GOROOT: envEvidence(facts, ev),
          activeGo: go.path,
          activeGoVersion: go.goVersion,
          activeGoroot: go.goroot,
          ...(otherVersion ? { gorootVersion: otherVersion } : {}),
        },
        location: envLocation(facts, ev),
        fixes: unsetVariableFixes(facts, ev),
      }),
    ];
  },
};

export const gorootInvalid: CheckDefinition = {
  id: 'goroot-invalid',
  area: 'paths',
  severity: 'error',
  where: 'all',
  fixKinds: ['go-env-write', 'terminal-env', 'instructions'],
  summary: 'GOROOT does not exist or is not a Go installation',
  help: 'GOROOT must be a Go installation: a directory with bin/go and src/runtime. Unset GOROOT (the go command finds its own) or reinstall Go.',
  run(facts) {
    const g = facts.goroot;
    if (!g || (g.exists && g.hasGoBinary && g.hasSrcRuntime)) return [];
    const ev = envOf(facts, 'GOROOT');
    const explicit = isExplicit(ev) && samePath(ev.value, g.path, isWindows(facts));
    const missing = !g.exists
      ? 'does not exist'
      : [!g.hasGoBinary ? 'has no bin/go' : '', !g.hasSrcRuntime ? 'has no src/runtime' : ''].filter(Boolean).join(' and ');
    const quote = !g.exists
      ? ` The go command stops with \`go: cannot find GOROOT directory: ${g.path}\`.`
      : !g.hasSrcRuntime
        ? ' Builds fail with errors such as `package fmt is not in std`.'
        : '';
    // A GOROOT set by hand is the problem, not the installation: unsetting it is the whole fix. Only the go's own
    // installation lacking its files calls for installing that release again.
    const fixes: Fix[] = [];
    if (explicit) fixes.push(...unsetVariableFixes(facts, ev!));
    else {
      const own = parseGoVersion(facts.activeGo?.goVersion);
      const again = (own && latestPatch(releasesOf(facts), languageVersion(own), hostPlatform(facts))) ?? newestGo(facts);
      fixes.push(goReleaseFix(facts, again, 'upgrade', { id: 'reinstall-go' }));
    }
    return [
      finding(this, {
        title: `GOROOT ${g.path} ${missing}`,
        detail: `GOROOT (${explicit ? describeSource(ev!, facts) : "the go command's own"}) is ${g.path}, which ${missing}.${quote} ${explicit ? 'Unset GOROOT so the go command uses its own installation.' : 'The installation is incomplete: reinstall Go.'}`,
        evidence: { goroot: g, ...(ev ? { GOROOT: envEvidence(facts, ev) } : {}), activeGo: facts.activeGo?.path },
        location: explicit ? envLocation(facts, ev) : undefined,
        fixes,
      }),
    ];
  },
};

/**
 * A GOPATH to propose: one whose bin directory is on PATH already (a directory named go or gopath, so that tools
 * go install puts there are found), else ~/go, else ~/gopath when ~/go is the Go installation.
 */
function suggestedGopath(facts: Facts, goroot: string | undefined): string {
  const win = isWindows(facts);
  const home = facts.host.homedir;
  const installations = [goroot, facts.activeGo?.goroot, ...facts.goInstallations.map((g) => g.goroot)].filter((r): r is string => !!r);
  const onPath = facts.path
    .filter((p) => p.kind === 'absolute' && p.exists)
    .map((p) => p.raw.replace(/[\\/]+$/, ''))
    .filter((d) => /[\\/]bin$/.test(d))
    .map((d) => d.slice(0, -4))
    // Not a Go installation's own directory (/usr/local/go/bin is on PATH for its go, not for tools).
    .find((d) => /[\\/](go|gopath)$/i.test(d) && !installations.some((r) => samePath(d, r, win)));
  if (onPath) return onPath;
  const defaultGopath = joinPath(win, home, 'go');
  return goroot && samePath(defaultGopath, goroot, win) ? joinPath(win, home, 'gopath') : defaultGopath;
}

export const gopathIsGoroot: CheckDefinition = {
  id: 'gopath-is-goroot',
  area: 'paths',
  severity: 'error',
  where: 'all',
  fixKinds: ['go-env-write', 'terminal-env', 'instructions'],
  summary: 'GOPATH equals GOROOT',
  help: 'GOPATH holds your module cache and installed tools; GOROOT is the Go installation. Pointing GOPATH at GOROOT mixes downloads into the installation, and the go command warns about it ("warning: both GOPATH and GOROOT are the same directory"; older releases: "GOPATH set to GOROOT (…) has no effect"). Set GOPATH to another directory (default: $HOME/go).',
  run(facts) {
    const ev = envOf(facts, 'GOPATH');
    const goroot = effectiveGoroot(facts);
    if (!ev || !ev.value || !goroot) return [];
    const win = isWindows(facts);
    const entries = splitList(ev.value, win);
    if (!entries.some((e) => e !== '' && samePath(e, goroot, win))) return [];
    const suggested = suggestedGopath(facts, goroot);
    return [
      finding(this, {
        title: `GOPATH is the Go installation directory (${goroot})`,
        detail: `GOPATH is ${ev.value} (${describeSource(ev, facts)}), the same directory as GOROOT. The go command warns \`warning: both GOPATH and GOROOT are the same directory (${goroot}); see https://go.dev/wiki/InstallTroubleshooting\` (older releases: \`warning: GOPATH set to GOROOT (${ev.value}) has no effect\`); downloaded modules and installed tools then land inside the Go installation. Set GOPATH to ${suggested}.`,
        evidence: { GOPATH: envEvidence(facts, ev), GOROOT: goroot },
        location: envLocation(facts, ev),
        fixes: setVariableFixes(facts, 'GOPATH', ev, suggested),
      }),
    ];
  },
};

export const gopathInvalid: CheckDefinition = {
  id: 'gopath-invalid',
  area: 'paths',
  severity: 'error',
  where: 'all',
  fixKinds: ['go-env-write', 'terminal-env', 'instructions'],
  summary: 'A GOPATH entry is relative or empty',
  help: 'Every GOPATH entry must be an absolute path; the go command refuses relative entries ("go: GOPATH entry is relative; must be absolute path") and entries starting with ~. Set GOPATH to absolute paths only.',
  run(facts) {
    const ev = envOf(facts, 'GOPATH');
    if (!ev || !ev.value) return [];
    const win = isWindows(facts);
    const entries = splitList(ev.value, win);
    const bad = entries.filter((e) => e === '' || !isAbsolutePath(e, win));
    if (!bad.length) return [];
    const good = entries.filter((e) => e !== '' && isAbsolutePath(e, win));
    const suggested = good.length ? good.join(win ? ';' : ':') : suggestedGopath(facts, effectiveGoroot(facts));
    const first = bad.find((e) => e !== '');
    const message =
      first === undefined
        ? undefined
        : first.startsWith('~')
          ? `go: GOPATH entry cannot start with shell metacharacter '~': "${first}"`
          : `go: GOPATH entry is relative; must be absolute path: "${first}".`;
    const described = bad.map((e) => (e === '' ? '(empty entry)' : `"${e}"`)).join(', ');
    return [
      finding(this, {
        title: `GOPATH has ${bad.length === 1 ? 'an entry that is' : 'entries that are'} not absolute: ${described}`,
        detail: `GOPATH is ${ev.value} (${describeSource(ev, facts)}). ${message ? `The go command refuses it: \`${message}\`` : 'An empty entry (a stray separator) is skipped by current go commands but read as the current directory by older tools.'} Set GOPATH to ${suggested}.`,
        evidence: { GOPATH: envEvidence(facts, ev), badEntries: bad },
        location: envLocation(facts, ev),
        fixes: setVariableFixes(facts, 'GOPATH', ev, suggested),
      }),
    ];
  },
};

export const gorootInUserProfile: CheckDefinition = {
  id: 'goroot-in-user-profile',
  area: 'paths',
  severity: 'info',
  where: 'windows',
  fixKinds: ['instructions'],
  summary: 'GOROOT lies under the user profile',
  help: 'Services and scheduled tasks that run as another account (LocalSystem, a build agent) cannot read your profile, so a Go installed there works for you only. Install Go machine-wide (C:\\Program Files\\Go) if such accounts need it.',
  run(facts) {
    const profile = facts.host.userProfile;
    const goroot = effectiveGoroot(facts);
    if (!profile || !goroot || !isUnder(goroot, profile, true)) return [];
    return [
      finding(this, {
        title: `Go is installed in your user profile (${goroot})`,
        detail: `GOROOT ${goroot} lies under ${profile}. That works for you, but services, scheduled tasks and CI agents running as another account (such as LocalSystem) cannot use this installation. If they need Go, install it machine-wide under C:\\Program Files\\Go.`,
        evidence: { goroot, userProfile: profile },
        fixes: [
          instructionsFix(
            'install-go-machine-wide',
            'Install Go machine-wide',
            ['Install Go for all users (needs an administrator), then remove the per-user installation from your user PATH.'],
            [
              { shell: 'powershell', text: 'winget install --id GoLang.Go -e --scope machine', elevated: true },
              {
                shell: 'powershell',
                text: `[Environment]::SetEnvironmentVariable('Path', (([Environment]::GetEnvironmentVariable('Path', 'User') -split ';') | Where-Object { $_ -notlike ${powerShellString(goroot + '*')} }) -join ';', 'User')`,
              },
            ],
          ),
        ],
      }),
    ];
  },
};

const SPACE_VARS = ['GOROOT', 'GOPATH', 'GOCACHE', 'GOMODCACHE'] as const;

export const pathHasSpaces: CheckDefinition = {
  id: 'path-has-spaces',
  area: 'paths',
  severity: 'info',
  where: 'all',
  fixKinds: ['go-env-write', 'terminal-env', 'instructions'],
  summary: 'A Go directory contains spaces or non-ASCII characters while cgo is enabled',
  help: 'cgo hands these paths to the C compiler and linker; spaces and non-ASCII characters break some toolchains (MinGW, older linkers, pkg-config). Move the directories to plain paths if cgo builds fail.',
  run(facts) {
    if (envValue(facts, 'CGO_ENABLED') !== '1') return [];
    const affected: { name: string; value: string }[] = [];
    for (const name of SPACE_VARS) {
      const value = name === 'GOROOT' ? (effectiveGoroot(facts) ?? '') : envValue(facts, name);
      if (value && /[ \u0080-\uffff]/.test(value)) affected.push({ name, value });
    }
    if (!affected.length) return [];
    const win = isWindows(facts);
    const home = facts.host.homedir;
    const plain = (p: string) => !/[ \u0080-\uffff]/.test(p);
    // Directories the user can create: under a plain home, else (Windows) at the root of the system drive.
    const base = plain(home) ? home : win ? 'C:\\' : undefined;
    const suggestions: Record<string, string> = base
      ? {
          GOPATH: joinPath(win, base, win && base !== home ? 'gopath' : 'go'),
          GOMODCACHE: joinPath(win, base, win && base !== home ? 'gopath' : 'go', 'pkg', 'mod'),
          GOCACHE: win
            ? joinPath(true, base, base !== home ? 'gocache' : joinPath(true, 'AppData', 'Local', 'go-build'))
            : joinPath(false, base, '.cache', 'go-build'),
        }
      : {};
    const movable = affected.filter(
      (a) => suggestions[a.name] && plain(suggestions[a.name]) && !samePath(suggestions[a.name], a.value, win),
    );
    const moves: Fix[] = movable.flatMap((a) =>
      withIdPrefix(setVariableFixes(facts, a.name, envOf(facts, a.name), suggestions[a.name]), `move-${a.name.toLowerCase()}`),
    );
    return [
      finding(this, {
        title: `${affected.map((a) => a.name).join(', ')} ${affected.length === 1 ? 'contains' : 'contain'} spaces or non-ASCII characters`,
        detail: `cgo is enabled and ${affected.map((a) => `${a.name} is "${a.value}"`).join('; ')}. cgo passes these paths to the C compiler and linker, and some of them (MinGW, older linkers, pkg-config) break on spaces or non-ASCII characters. If cgo builds fail, move these directories to plain paths${movable.length ? ` (${movable.map((a) => `${a.name}=${suggestions[a.name]}`).join(', ')})` : ''}${affected.some((a) => a.name === 'GOROOT') ? '; for GOROOT, reinstall Go in a plain directory' : ''}.`,
        evidence: { CGO_ENABLED: '1', affected },
        fixes: [
          ...moves,
          ...(affected.some((a) => a.name === 'GOROOT')
            ? [
                instructionsFix('move-goroot', 'Reinstall Go in a directory without spaces', [
                  'Install Go again into a plain directory (for example C:\\Go or /usr/local/go) and put its bin directory on PATH instead.',
                ]),
              ]
            : []),
        ],
      }),
    ];
  },
};

export const PATHS_CHECKS: readonly CheckDefinition[] = [
  gorootMismatch,
  gorootInvalid,
  gopathIsGoroot,
  gopathInvalid,
  gorootInUserProfile,
  pathHasSpaces,
];
