// Checks of the caches area: the build cache is on, the cache and install directories are writable, in WSL on a fast file system, on Windows not scanned on every read.
import type { DirFact, Facts } from '../facts';
import { goEnvWriteFix, instructionsFix, setVariableFixes, shellFor, unsetVariableFixes, describeSource } from '../fixes';
import { powerShellString, quoteSh } from '../../platform/shell';
import type { Finding, Fix } from '../report';
import { finding, type CheckDefinition } from './types';
import { envEvidence, envLocation, envOf, envValue, isWindows } from './util';
import { isAbsolutePath, isUnder, joinPath, normPath, samePath, splitList } from '../paths';

export const gocacheOff: CheckDefinition = {
  id: 'gocache-off',
  area: 'caches',
  severity: 'error',
  where: 'all',
  fixKinds: ['go-env-write', 'terminal-env', 'instructions'],
  summary: 'GOCACHE=off',
  help: 'The build cache is required since Go 1.12: with GOCACHE=off every build fails ("build cache is disabled by GOCACHE=off, but required as of Go 1.12"). Unset GOCACHE.',
  run(facts) {
    const ev = envOf(facts, 'GOCACHE');
    if (!ev || ev.value !== 'off') return [];
    return [
      finding(this, {
        title: 'GOCACHE=off: builds fail',
        detail: `GOCACHE is off (${describeSource(ev, facts)}). Since Go 1.12 the build cache cannot be turned off; builds and tests stop with \`build cache is disabled by GOCACHE=off, but required as of Go 1.12\`. Unset GOCACHE (to force rebuilds use \`go build -a\` or \`go clean -cache\` instead).`,
        evidence: { GOCACHE: envEvidence(facts, ev) },
        location: envLocation(facts, ev),
        fixes: unsetVariableFixes(facts, ev),
      }),
    ];
  },
};

/** A writable default for each directory, under the user's home. */
function writableDefault(facts: Facts, variable: string): string {
  const win = isWindows(facts);
  const home = facts.host.homedir;
  if (variable === 'GOCACHE') {
    if (win) return joinPath(true, home, 'AppData', 'Local', 'go-build');
    if (facts.host.platform === 'darwin') return joinPath(false, home, 'Library', 'Caches', 'go-build');
    return joinPath(false, home, '.cache', 'go-build');
  }
  if (variable === 'GOMODCACHE') return joinPath(win, home, 'go', 'pkg', 'mod');
  return joinPath(win, home, 'go', 'bin');
}

export const cacheUnwritable: CheckDefinition = {
  id: 'cache-unwritable',
  area: 'caches',
  severity: 'error',
  where: 'all',
  fixKinds: ['go-env-write', 'terminal-env', 'instructions'],
  summary: 'GOCACHE, GOMODCACHE or the go-install directory cannot be written',
  help: 'The go command writes build results to GOCACHE, downloaded modules to GOMODCACHE and installed tools to GOBIN (or GOPATH/bin). If one cannot be created or written, builds, downloads or go install fail. Fix the ownership or point the variable at a writable directory.',
  run(facts) {
    const out: Finding[] = [];
    const items: { variable: string; label: string; dir?: DirFact }[] = [
      { variable: 'GOCACHE', label: 'build cache (GOCACHE)', dir: facts.dirs.GOCACHE },
      { variable: 'GOMODCACHE', label: 'module cache (GOMODCACHE)', dir: facts.dirs.GOMODCACHE },
      { variable: 'GOBIN', label: 'go install directory', dir: facts.dirs.installDir },
    ];
    const win = isWindows(facts);
    for (const { variable, label, dir } of items) {
      if (!dir || dir.writable || (variable === 'GOCACHE' && dir.path === 'off')) continue;
      const consequence =
        variable === 'GOCACHE'
          ? 'every build and test fails'
          : variable === 'GOMODCACHE'
            ? 'downloading modules fails'
            : 'go install (gopls, dlv, …) fails';
      const fixes: Fix[] = [];
      const suggestion = writableDefault(facts, variable);
      if (!samePath(suggestion, dir.path, win)) {
        const ev = envOf(facts, variable);
        fixes.push(
          ...(ev && ev.source === 'os' ? setVariableFixes(facts, variable, ev, suggestion) : [goEnvWriteFix(variable, suggestion)]),
        );
      }
      fixes.push(
        shellFor(facts) === 'powershell'
          ? instructionsFix(
              'take-ownership',
              `Make ${dir.path} writable for you`,
              [
                'Give your account full control of the directory (needs an elevated PowerShell when the directory belongs to another account).',
              ],
              [
                { shell: 'powershell', text: `New-Item -ItemType Directory -Force -Path ${powerShellString(dir.path)}` },
                {
                  shell: 'powershell',
                  text: `icacls ${powerShellString(dir.path)} /grant "$($env:USERNAME):(OI)(CI)F" /T`,
                  elevated: true,
                },
              ],
            )
          : instructionsFix(
              'take-ownership',
              `Make ${dir.path} writable for you`,
              ['Create the directory and take ownership of it (sudo is needed when another user, often root, owns it).'],
              [
                { shell: 'sh', text: `ls -ld ${quoteSh(dir.path)}` },
                {
                  shell: 'sh',
                  text: `sudo mkdir -p ${quoteSh(dir.path)} && sudo chown -R "$(id -u):$(id -g)" ${quoteSh(dir.path)}`,
                  elevated: true,
                },
              ],
            ),
      );
      out.push(
        finding(this, {
          title: `The ${label} ${dir.path} is not writable`,
          detail: `${dir.path} ${dir.exists ? 'exists but cannot be written by you' : 'does not exist and cannot be created'}, so ${consequence}. This usually follows a \`sudo go …\` that left root-owned files. Take ownership of it, or point ${variable} at ${suggestion}.`,
          evidence: {
            variable,
            path: dir.path,
            exists: dir.exists,
            writable: dir.writable,
            ...(envOf(facts, variable) ? { value: envEvidence(facts, envOf(facts, variable)!) } : {}),
          },
          fixes,
        }),
      );
    }
    return out;
  },
};

/** True when a WSL path lies on a Windows drive mounted under the automount root (/mnt/c/…). */
export function onWindowsDrive(p: string, automountRoot: string): boolean {
  const root = automountRoot.endsWith('/') ? automountRoot : `${automountRoot}/`;
  if (!p.startsWith(root)) return false;
  return /^[A-Za-z](\/|$)/.test(p.slice(root.length));
}

export const cacheOnSlowFs: CheckDefinition = {
  id: 'cache-on-slow-fs',
  area: 'caches',
  severity: 'warning',
  where: 'wsl',
  fixKinds: ['go-env-write', 'terminal-env', 'instructions'],
  summary: 'Go caches or the workspace lie on a Windows drive mount in WSL2',
  help: 'In WSL2, files under /mnt/c (9P) are many times slower than the Linux file system; builds that read thousands of cache or module files crawl. Keep GOCACHE, GOMODCACHE, GOPATH and your code on the Linux side (e.g. under ~).',
  run(facts) {
    const root = facts.wsl?.automountRoot ?? '/mnt/';
    const out: Finding[] = [];
    const home = facts.host.homedir;
    const linuxSide: Record<string, string> = {
      GOCACHE: `${home}/.cache/go-build`,
      GOMODCACHE: `${home}/go/pkg/mod`,
      GOPATH: `${home}/go`,
    };
    for (const variable of ['GOCACHE', 'GOMODCACHE', 'GOPATH'] as const) {
      const value = variable === 'GOPATH' ? (splitList(envValue(facts, 'GOPATH'), false)[0] ?? '') : envValue(facts, variable);
      if (!value || !onWindowsDrive(value, root)) continue;
      const ev = envOf(facts, variable);
      out.push(
        finding(this, {
          title: `${variable} is on a Windows drive (${value})`,
          detail: `${variable} is ${value}, under the Windows drive mount ${root}. WSL2 reaches those files over 9P, many times slower than the Linux file system, so ${variable === 'GOCACHE' ? 'every build' : 'module loading and builds'} crawl. Point ${variable} at ${linuxSide[variable]}.`,
          evidence: { variable, value, automountRoot: root, ...(ev ? { source: ev.source } : {}) },
          location: envLocation(facts, ev),
          fixes:
            ev && ev.source === 'os'
              ? setVariableFixes(facts, variable, ev, linuxSide[variable])
              : [goEnvWriteFix(variable, linuxSide[variable])],
        }),
      );
    }
    for (const folder of facts.workspaceFolders) {
      if (!onWindowsDrive(folder, root)) continue;
      const name = folder.split('/').filter(Boolean).pop() ?? 'project';
      out.push(
        finding(this, {
          title: `The workspace ${folder} is on a Windows drive`,
          detail: `The workspace folder ${folder} lies under ${root}, a Windows drive reached over 9P: builds, gopls and git are many times slower there than on the Linux file system. Move (or clone) it under your Linux home, e.g. ~/src/${name}, and open it from there.`,
          evidence: { folder, automountRoot: root },
          fixes: [
            instructionsFix(
              'move-workspace',
              'Move the workspace to the Linux file system',
              [`Copy the folder into your Linux home and reopen it there (git users can clone again instead).`],
              [
                { shell: 'sh', text: `mkdir -p ~/src && cp -a ${quoteSh(folder)} ~/src/${quoteSh(name)}` },
                { shell: 'sh', text: `code ~/src/${quoteSh(name)}` },
              ],
            ),
          ],
        }),
      );
    }
    return out;
  },
};

/** True when a Defender exclusion covers the folder: the folder itself or an ancestor; `*` and `?` match within one path segment. */
export function defenderExcludes(exclusion: string, folder: string): boolean {
  const ex = normPath(exclusion.trim(), true);
  if (!/[*?]/.test(ex)) return isUnder(folder, ex, true);
  const pattern = ex
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '[^\\\\]*')
    .replace(/\?/g, '[^\\\\]');
  return new RegExp(`^${pattern}(\\\\|$)`).test(normPath(folder, true));
}

export const defenderScanningCache: CheckDefinition = {
  id: 'defender-scanning-cache',
  area: 'caches',
  severity: 'info',
  where: 'windows',
  fixKinds: ['instructions'],
  summary: 'Defender real-time scanning covers GOCACHE / GOMODCACHE',
  help: 'Microsoft Defender scans every file a build reads or writes unless its folder is excluded; the build and module caches hold tens of thousands of small files, so builds and gopls slow down noticeably. Excluding folders only you write to (GOCACHE, GOMODCACHE) is a trade-off: files there are no longer scanned. Exclusions are set with Add-MpPreference in an elevated PowerShell, and can only be read with elevation.',
  run(facts) {
    const defender = facts.defender;
    if (!defender || defender.status !== 'ok' || defender.realtimeMonitoring !== true) return [];
    const caches = (['GOCACHE', 'GOMODCACHE'] as const)
      .map((variable) => ({ variable, path: envValue(facts, variable) }))
      .filter((c) => c.path !== '' && c.path !== 'off' && isAbsolutePath(c.path, true));
    if (caches.length === 0) return [];
    const hidden = defender.exclusionsHidden === true || defender.exclusionPaths === undefined;
    const exposed = hidden ? caches : caches.filter((c) => !defender.exclusionPaths!.some((ex) => defenderExcludes(ex, c.path)));
    if (exposed.length === 0) return [];
    const names = exposed.map((c) => `${c.variable} (${c.path})`).join(' and ');
    const fix = instructionsFix(
      'defender-exclude-go-caches',
      `Exclude ${exposed.map((c) => c.variable).join(' and ')} from Defender scanning`,
      [
        ...(hidden ? ['See the current exclusions first (first command, elevated): Windows shows them only to administrators.'] : []),
        'In an elevated PowerShell (Run as administrator), add the exclusions. Files in excluded folders are no longer scanned: exclude only folders that only you and the go command write to.',
        'On Windows 11, a Dev Drive (ReFS with Defender performance mode) for your code and caches is an alternative to exclusions.',
      ],
      [
        ...(hidden
          ? [{ shell: 'powershell' as const, text: 'Get-MpPreference | Select-Object -ExpandProperty ExclusionPath', elevated: true }]
          : []),
        {
          shell: 'powershell',
          text: `Add-MpPreference -ExclusionPath ${exposed.map((c) => powerShellString(c.path)).join(',')}`,
          elevated: true,
        },
      ],
    );
    return [
      finding(this, {
        title: hidden
          ? `Defender may be scanning ${exposed.map((c) => c.variable).join(' and ')} (exclusions unknown)`
          : `Defender scans ${exposed.map((c) => c.variable).join(' and ')} on every build`,
        detail: hidden
          ? `Defender real-time protection is on. Whether ${names} ${exposed.length > 1 ? 'are' : 'is'} excluded is unknown: Defender shows its exclusion list only to administrators ("N/A: Must be an administrator to view exclusions"). If ${exposed.length > 1 ? 'they are' : 'it is'} not excluded, every build reads thousands of cache files through the scanner and runs noticeably slower.`
          : `Defender real-time protection is on and no exclusion covers ${names}, so every build and module load has each cache file scanned, which slows builds and gopls noticeably. Add ${exposed.length > 1 ? 'them' : 'it'} to the exclusions (elevated), if you accept that files there are no longer scanned.`,
        evidence: {
          realtimeMonitoring: true,
          exclusions: hidden ? 'unknown' : defender.exclusionPaths,
          notExcluded: exposed.map((c) => ({ variable: c.variable, path: c.path, source: envOf(facts, c.variable)?.source })),
          command: defender.command,
        },
        fixes: [fix],
      }),
    ];
  },
};

export const CACHES_CHECKS: readonly CheckDefinition[] = [gocacheOff, cacheUnwritable, cacheOnSlowFs, defenderScanningCache];
