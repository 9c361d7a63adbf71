// Checks of the modules area: go.mod/go.work files parse, their go/toolchain lines can be satisfied, and their references exist.
import { goflagsMod, rewriteGoflags } from '../data/goflags';
import { describeReleaseSource, latestPatch, releaseEvidence, releaseFor, toolchainVerdict, type ReleaseVerdict } from '../releases';
import type { Facts, GoModFile, GoWorkFile, ModReplace, Positioned } from '../facts';
import {
  deleteLineFix,
  goInstallFix,
  insertAtLineFix,
  goReleaseFix,
  instructionsFix,
  replaceRangeFix,
  runGoFix,
  setVariableFixes,
  shellFor,
  unsetVariableFixes,
  withIdPrefix,
  describeSource,
} from '../fixes';
import { quoteSh } from '../../platform/shell';
import { compareGoVersions, formatGoVersion, languageVersion, parseGoVersion, toolchainForGoLine, type GoVersion } from '../goversion';
import type { Finding, Fix, Location } from '../report';
import {
  goproxyDisablesDownloads,
  parseGotoolchain,
  selectionForFile,
  selectionMachineKey,
  toolchainVersion,
  workspaceOf,
  type ToolchainSelection,
} from '../toolchainSelection';
import { finding, type CheckDefinition } from './types';
import { checkWork, foldDir, goLineIndex, goLinesDescending } from './moduleIndex';
import { envEvidence, envLocation, envOf, envValue, hostPlatform, newestGo, releasesOf } from './util';

type ModOrWork = { kind: 'go.mod'; file: GoModFile } | { kind: 'go.work'; file: GoWorkFile };

const moduleScopes = new WeakMap<GoModFile, ModOrWork>();

/** A module as a scope, the same object from run to run. */
function moduleScope(m: GoModFile): ModOrWork {
  let scope = moduleScopes.get(m);
  if (!scope) moduleScopes.set(m, (scope = { kind: 'go.mod', file: m }));
  return scope;
}

/** What the go command reads its go/toolchain lines from: every go.work in use, and every module outside one. */
function selectionScopes(facts: Facts): ModOrWork[] {
  const gowork = envValue(facts, 'GOWORK');
  const works = gowork === 'off' ? [] : facts.works.filter((w) => !w.readError && !w.errors.length);
  const scopes: ModOrWork[] = works.map((w) => ({ kind: 'go.work', file: w }));
  for (const m of facts.modules) {
    if (m.readError || m.errors.length) continue;
    if (gowork !== 'off' && workspaceOf(facts, m)) continue;
    scopes.push(moduleScope(m));
  }
  return scopes;
}

function locate(file: string, pos: Positioned): Location {
  return { file, line: pos.line, column: pos.column, endColumn: pos.endColumn };
}

function selectionEvidence(facts: Facts, s: ToolchainSelection): Record<string, unknown> {
  const gt = envOf(facts, 'GOTOOLCHAIN');
  return {
    file: s.file?.path,
    activeGo: s.active,
    selected: s.selected,
    cause: s.cause,
    reason: s.reason,
    ...(s.requiredGo ? { goLine: s.requiredGo } : {}),
    ...(s.file?.toolchain ? { toolchainLine: s.file.toolchain.value } : {}),
    GOTOOLCHAIN: gt ? envEvidence(facts, gt) : { value: '', source: 'default' },
    needsSwitch: s.needsSwitch,
    needsDownload: s.needsDownload,
    ...(s.pathBinary ? { pathBinary: s.pathBinary } : {}),
    ...(s.blocked ? { blocked: s.blocked.kind, message: s.blocked.message } : {}),
  };
}

type Selected = { scope: ModOrWork; s: ToolchainSelection };

const selectedPairs = new WeakMap<GoModFile | GoWorkFile, Selected>();

/** The last selections per Facts, with what they came from: three checks ask for them in one run. */
const selectionsMemo = new WeakMap<Facts, { modules: unknown; works: unknown; gowork: unknown; key: string; out: Selected[] }>();

function selections(facts: Facts): Selected[] {
  const key = selectionMachineKey(facts);
  const gowork = envValue(facts, 'GOWORK');
  const hit = selectionsMemo.get(facts);
  if (hit && hit.modules === facts.modules && hit.works === facts.works && hit.gowork === gowork && hit.key === key) return hit.out;
  const out: Selected[] = [];
  for (const scope of selectionScopes(facts)) {
    const s = selectionForFile(facts, scope.file, scope.kind);
    if (!s) continue;
    // The pair is kept with its file while the selection stays the same: a re-check allocates nothing per module.
    let pair = selectedPairs.get(scope.file);
    if (!pair || pair.s !== s || pair.scope.kind !== scope.kind) selectedPairs.set(scope.file, (pair = { scope, s }));
    out.push(pair);
  }
  selectionsMemo.set(facts, { modules: facts.modules, works: facts.works, gowork, key, out });
  return out;
}

/** The `go` line value that the active go satisfies: 1.26.0 for go1.26.8 (any 1.26.x then works). */
function goLineForActive(facts: Facts): string | undefined {
  const v = parseGoVersion(facts.activeGo?.goVersion);
  if (!v) return undefined;
  return v.major > 1 || v.minor >= 21 ? `${languageVersion(v)}.0` : languageVersion(v);
}

/** True when the toolchain named cannot be downloaded because no such release exists (toolchain-unavailable speaks of it). */
function unavailable(facts: Facts, toolchain: string): boolean {
  const v = toolchainVersion(toolchain);
  if (!v) return false;
  const verdict = toolchainVerdict(releasesOf(facts), formatGoVersion(v), hostPlatform(facts));
  return verdict.kind === 'missing' || verdict.kind === 'language-version' || verdict.kind === 'other-platforms';
}

/** True when the go command may download a toolchain here: GOPROXY does not start with off. */
function downloadsAllowed(facts: Facts): boolean {
  return !goproxyDisablesDownloads(envValue(facts, 'GOPROXY'));
}

export const gomodGoNewer: CheckDefinition = {
  id: 'gomod-go-newer',
  area: 'modules',
  severity: 'error',
  where: 'all',
  fixKinds: ['go-env-write', 'terminal-env', 'instructions', 'run-command', 'edit-file'],
  summary: 'A go/toolchain line needs a newer Go than the active one and switching is disabled',
  help: 'Since Go 1.21 the go command refuses modules whose go line is newer than itself, unless GOTOOLCHAIN lets it switch to (and download) a newer toolchain. Set GOTOOLCHAIN=auto, install the needed Go, or lower the line.',
  run(facts) {
    const out: Finding[] = [];
    for (const { scope, s } of selections(facts)) {
      const kind = s.blocked?.kind;
      if (kind !== 'switching-disabled' && kind !== 'not-on-path' && kind !== 'predates-switching') continue;
      const line = s.decidingLine;
      const gt = envOf(facts, 'GOTOOLCHAIN');
      const requiredV = parseGoVersion(s.requiredGo);
      const needed = kind === 'not-on-path' || !requiredV ? s.selected : toolchainForGoLine(requiredV);
      if (unavailable(facts, needed)) continue;
      // What to install: the newest patch of the minor the line needs (go 1.27.0 is served best by go1.27.4).
      const install = releaseFor(releasesOf(facts), needed, hostPlatform(facts)) ?? needed.replace(/^go/, '');
      const fixes: Fix[] = [];
      if (kind !== 'predates-switching' && downloadsAllowed(facts))
        fixes.push(...withIdPrefix(setVariableFixes(facts, 'GOTOOLCHAIN', gt, 'auto'), 'gotoolchain-auto'));
      if (kind === 'not-on-path') {
        fixes.push(goInstallFix(facts, `golang.org/dl/${s.selected}`, 'latest', 'install-toolchain-wrapper'));
        fixes.push(
          instructionsFix(
            'install-toolchain-on-path',
            `Put ${s.selected} on PATH`,
            [
              `GOTOOLCHAIN=${s.gotoolchain.raw} only uses toolchains found on PATH under their own name. Install the ${s.selected} wrapper and let it download its toolchain:`,
            ],
            [
              { shell: shellFor(facts), text: `go install golang.org/dl/${s.selected}@latest` },
              { shell: shellFor(facts), text: `${s.selected} download` },
            ],
          ),
        );
      } else {
        fixes.push(goReleaseFix(facts, install, 'add-toolchain', { folder: scope.file.dir }));
      }
      if (line?.directive === 'go') {
        const lowered = goLineForActive(facts);
        if (lowered)
          fixes.push(
            replaceRangeFix(
              'lower-go-line',
              `Change the go line to go ${lowered} (the active Go)`,
              line.file,
              line.line,
              line.column,
              line.endColumn,
              lowered,
            ),
          );
      } else if (line?.directive === 'toolchain') {
        fixes.push(deleteLineFix('remove-toolchain-line', `Remove the toolchain line (toolchain ${line.value})`, line.file, line.line));
      }
      const why =
        kind === 'not-on-path'
          ? `GOTOOLCHAIN=${s.gotoolchain.raw} allows switching only to a toolchain on PATH, and there is no ${s.selected} there`
          : kind === 'predates-switching'
            ? `${s.active} is older than Go 1.21 and cannot switch toolchains`
            : s.gotoolchain.mode === 'pinned'
              ? `GOTOOLCHAIN=${s.gotoolchain.raw} always runs ${s.selected}`
              : `switching is disabled (${s.gotoolchain.raw ? `GOTOOLCHAIN=${s.gotoolchain.raw}${gt ? `, ${gt.source === 'os' ? 'from the OS environment' : gt.source === 'goenv-file' ? 'from go env -w' : 'the default'}` : ''}` : 'GOTOOLCHAIN is unset, which means local'})`;
      out.push(
        finding(this, {
          title: `${scope.kind} needs ${needed}, but ${s.active} cannot switch to it`,
          detail: `${scope.file.file}${line ? ` line ${line.line} (${line.directive} ${line.value})` : ''} needs ${needed}; the active Go is ${s.active} and ${why}. Every go command in this ${scope.kind === 'go.work' ? 'workspace' : 'module'} fails with \`${s.blocked!.message}\`. ${downloadsAllowed(facts) ? 'Set GOTOOLCHAIN=auto so the go command fetches the toolchain, install' : 'Install'} go${install}, or lower the line.`,
          evidence: selectionEvidence(facts, s),
          location: line ? locate(line.file, line) : { file: scope.file.file, line: 1, column: 1 },
          fixes,
        }),
      );
    }
    return out;
  },
};

/** The go command's own words when it cannot get a toolchain that does not exist. */
function unavailableMessage(name: string, verdict: ReleaseVerdict, platform: string): string {
  if (verdict.kind === 'language-version')
    return `go: invalid toolchain: ${name} is a language version but not a toolchain version (${name}.x)`;
  return `go: download ${name} for ${platform.replace('-', '/')}: toolchain not available`;
}

/** A replacement for a version that does not exist, in the same form: 1.26.99 -> 1.26.11, 1.99 -> 1.27, 1.99.0 -> 1.27.4. */
function existingInForm(facts: Facts, requested: string): string | undefined {
  const v = parseGoVersion(requested);
  if (!v) return undefined;
  const sameMinor = latestPatch(releasesOf(facts), `${v.major}.${v.minor}`, hostPlatform(facts));
  const pick = sameMinor ?? newestGo(facts);
  return v.patch === undefined && !v.pre ? languageVersion(parseGoVersion(pick)!) : pick;
}

export const toolchainUnavailable: CheckDefinition = {
  id: 'toolchain-unavailable',
  area: 'modules',
  severity: 'error',
  where: 'all',
  fixKinds: ['edit-file', 'go-env-write', 'terminal-env', 'instructions'],
  summary: 'A go or toolchain line, or GOTOOLCHAIN, names a Go release that does not exist',
  help: 'The go command downloads the toolchain a go line, a toolchain line or GOTOOLCHAIN names from the module proxy (golang.org/toolchain). A release that does not exist (go 1.99.0, toolchain go1.26.99, toolchain go1.27 without a patch) cannot be downloaded, so every go command that needs it fails: "go: download go1.99.0 for linux/amd64: toolchain not available". Name a release that exists. Which releases exist comes from the module proxy\'s list, as the go command\'s own.',
  run(facts) {
    const releases = releasesOf(facts);
    const platform = hostPlatform(facts);
    const active = parseGoVersion(facts.activeGo?.goVersion);
    const gt = envOf(facts, 'GOTOOLCHAIN');
    const gtParsed = parseGotoolchain(gt?.value);
    const canSwitch = (gtParsed.mode === 'auto' || gtParsed.mode === 'pinned') && downloadsAllowed(facts);
    const source = describeReleaseSource(releases);
    const out: Finding[] = [];
    const files: ModOrWork[] = [
      ...facts.modules.filter((f) => !f.errors.length && !f.readError).map((f) => ({ kind: 'go.mod' as const, file: f })),
      ...facts.works.filter((f) => !f.errors.length && !f.readError).map((f) => ({ kind: 'go.work' as const, file: f })),
    ];
    for (const { kind, file } of files) {
      const lines: { directive: 'go' | 'toolchain'; pos: Positioned; name: string }[] = [];
      const goV = parseGoVersion(file.go?.value);
      if (file.go && goV) lines.push({ directive: 'go', pos: file.go, name: toolchainForGoLine(goV) });
      const tc = file.toolchain?.value;
      if (file.toolchain && tc && tc !== 'default' && tc !== 'local' && !tc.includes('-') && toolchainVersion(tc))
        lines.push({ directive: 'toolchain', pos: file.toolchain, name: tc });
      for (const line of lines) {
        const version = formatGoVersion(toolchainVersion(line.name)!);
        const verdict = toolchainVerdict(releases, version, platform);
        if (verdict.kind === 'exists' || verdict.kind === 'unknown') continue;
        const message = unavailableMessage(line.name, verdict, platform);
        const lineV = toolchainVersion(line.name)!;
        const newerThanActive = !!active && compareGoVersions(lineV, active) > 0;
        const here =
          line.directive === 'go' && newerThanActive && gtParsed.mode === 'local'
            ? `Here (GOTOOLCHAIN=${gtParsed.raw || 'local'}) every go command stops with \`go: ${kind} requires go >= ${file.go!.value} (running go ${formatGoVersion(active!)}; GOTOOLCHAIN=${gtParsed.raw || 'local'})\`, and with switching allowed the download fails: \`${message}\`.`
            : newerThanActive && gtParsed.mode === 'path'
              ? `Here GOTOOLCHAIN=path looks for it on PATH and stops with \`go: cannot find "${line.name}" in PATH\`; with downloads it fails: \`${message}\`.`
              : newerThanActive && (line.directive === 'go' || gtParsed.mode !== 'local')
                ? `Every go command here stops with \`${message}\`.`
                : `This machine's ${facts.activeGo?.goVersion ?? 'go'} does not need it, but anyone whose go is older (or whose GOTOOLCHAIN lets a toolchain line apply) gets \`${message}\`.`;
        const fixes: Fix[] = [];
        const replacement = existingInForm(facts, line.directive === 'go' ? file.go!.value : version);
        if (line.directive === 'go') {
          const lowered = goLineForActive(facts);
          if (lowered && active && compareGoVersions(parseGoVersion(lowered)!, lineV) < 0)
            fixes.push(
              replaceRangeFix(
                'lower-go-line',
                `Change the go line to go ${lowered} (the active Go)`,
                file.file,
                line.pos.line,
                line.pos.column,
                line.pos.endColumn,
                lowered,
              ),
            );
          if (replacement && replacement !== lowered && (canSwitch || !newerThanActive))
            fixes.push(
              replaceRangeFix(
                'existing-go-line',
                `Change the go line to go ${replacement}, a release that exists`,
                file.file,
                line.pos.line,
                line.pos.column,
                line.pos.endColumn,
                replacement,
              ),
            );
        } else {
          const latest = verdict.kind === 'missing' || verdict.kind === 'language-version' ? verdict.latest : undefined;
          if (latest && canSwitch)
            fixes.push(
              replaceRangeFix(
                'existing-toolchain-line',
                `Change the toolchain line to go${latest}`,
                file.file,
                line.pos.line,
                line.pos.column,
                line.pos.endColumn,
                `go${latest}`,
              ),
            );
          fixes.push(
            deleteLineFix('remove-toolchain-line', `Remove the toolchain line (toolchain ${line.name})`, file.file, line.pos.line),
          );
        }
        out.push(
          finding(this, {
            title: `${kind} line ${line.pos.line}: ${line.directive} ${line.pos.value} names ${verdict.kind === 'language-version' ? 'a language version, not a Go release' : `${line.name}, which does not exist${verdict.kind === 'other-platforms' ? ` for ${platform}` : ''}`}`,
            detail: `${file.file} line ${line.pos.line} says ${line.directive} ${line.pos.value}, so the go command needs ${line.name}${verdict.kind === 'language-version' ? `, a language version: toolchain lines name releases such as ${line.name}.0` : verdict.kind === 'other-platforms' ? `, which exists only for ${verdict.platforms.join(', ')}` : ', a Go release that does not exist'}${verdict.kind !== 'other-platforms' && verdict.latest ? ` (the newest ${verdict.latest.startsWith(languageVersion(lineV) + '.') ? `Go ${languageVersion(lineV)} ` : ''}release is go${verdict.latest})` : ''}. ${here} ${replacement ? `Name a release that exists, such as ${line.directive === 'go' ? `go ${replacement}` : `go${verdict.kind === 'language-version' || verdict.kind === 'missing' ? verdict.latest : replacement}`}.` : 'Name a release that exists.'} (Releases as known from ${source}.)`,
            evidence: {
              file: file.file,
              kind,
              directive: line.directive,
              value: line.pos.value,
              toolchain: line.name,
              verdict: verdict.kind,
              platform,
              releases: releaseEvidence(releases),
            },
            location: locate(file.file, line.pos),
            fixes,
          }),
        );
      }
    }
    if (gt && gtParsed.valid && gtParsed.base !== 'local' && toolchainVersion(gtParsed.base)) {
      const name = gtParsed.base;
      const verdict = toolchainVerdict(releases, formatGoVersion(toolchainVersion(name)!), platform);
      if (
        verdict.kind !== 'exists' &&
        verdict.kind !== 'unknown' &&
        !(active && compareGoVersions(toolchainVersion(name)!, active) === 0)
      ) {
        const latest = verdict.kind === 'missing' || verdict.kind === 'language-version' ? verdict.latest : undefined;
        const suffix = gtParsed.mode === 'auto' || gtParsed.mode === 'path' ? `+${gtParsed.mode}` : '';
        const message = unavailableMessage(name, verdict, platform);
        out.push(
          finding(this, {
            title: `GOTOOLCHAIN=${gt.value} names ${name}, which ${verdict.kind === 'language-version' ? 'is a language version, not a Go release' : 'does not exist'}`,
            detail: `GOTOOLCHAIN is ${gt.value} (${describeSource(gt, facts)}), so every go command runs ${name}${suffix ? ' or newer' : ''}, and ${name} ${verdict.kind === 'language-version' ? `is a language version (releases are named ${name}.0, ${name}.1, …)` : 'is not a Go release'}: every go command stops with \`${message}\`.${latest ? ` Set it to go${latest}${suffix}, or unset it.` : ' Unset it.'} (Releases as known from ${source}.)`,
            evidence: {
              GOTOOLCHAIN: envEvidence(facts, gt),
              toolchain: name,
              verdict: verdict.kind,
              platform,
              releases: releaseEvidence(releases),
            },
            location: envLocation(facts, gt),
            fixes: [
              ...(latest ? withIdPrefix(setVariableFixes(facts, 'GOTOOLCHAIN', gt, `go${latest}${suffix}`), 'existing') : []),
              ...withIdPrefix(unsetVariableFixes(facts, gt), 'unset'),
            ],
          }),
        );
      }
    }
    return out;
  },
};

export const toolchainSwitch: CheckDefinition = {
  id: 'toolchain-switch',
  area: 'modules',
  severity: 'info',
  where: 'all',
  fixKinds: [],
  summary: 'The go command will switch to (and maybe download) another toolchain for this module',
  help: 'With GOTOOLCHAIN=auto (the default) a go or toolchain line newer than the installed Go makes the go command run a newer toolchain, downloading it the first time. Nothing to fix; this explains which Go actually builds the module.',
  run(facts) {
    const out: Finding[] = [];
    for (const { scope, s } of selections(facts)) {
      if (!s.needsSwitch || s.blocked || (s.needsDownload && unavailable(facts, s.selected))) continue;
      const line = s.decidingLine;
      out.push(
        finding(this, {
          title: `${scope.kind} selects ${s.selected} instead of the installed ${s.active}`,
          detail: `${s.reason}${s.needsDownload ? ' (once, into the module cache)' : ''}. Builds, tests and gopls here use ${s.selected}, not the installed ${s.active}. Nothing is wrong; install ${s.selected} locally if you want to avoid the switch.`,
          evidence: selectionEvidence(facts, s),
          location: line ? locate(line.file, line) : undefined,
        }),
      );
    }
    return out;
  },
};

export const toolchainDownloadBlocked: CheckDefinition = {
  id: 'toolchain-download-blocked',
  area: 'modules',
  severity: 'error',
  where: 'all',
  fixKinds: ['go-env-write', 'terminal-env', 'instructions'],
  summary: 'A toolchain switch needs a download, but GOPROXY=off forbids it',
  help: 'Toolchains are downloaded as modules through GOPROXY; with GOPROXY=off the switch fails. Set GOPROXY (the default is https://proxy.golang.org,direct) or put the needed goX.Y.Z on PATH.',
  run(facts) {
    const out: Finding[] = [];
    for (const { scope, s } of selections(facts)) {
      if (s.blocked?.kind !== 'download-disabled' || unavailable(facts, s.selected)) continue;
      const line = s.decidingLine;
      const proxy = envOf(facts, 'GOPROXY');
      const install = releaseFor(releasesOf(facts), s.selected, hostPlatform(facts));
      out.push(
        finding(this, {
          title: `${scope.kind} needs ${s.selected}, which cannot be downloaded with GOPROXY=off`,
          detail: `${s.reason}. Every go command here fails with \`${s.blocked.message}\`. Set GOPROXY to a proxy (default https://proxy.golang.org,direct), or install ${s.selected} on PATH and set GOTOOLCHAIN=path.`,
          evidence: { ...selectionEvidence(facts, s), ...(proxy ? { GOPROXY: envEvidence(facts, proxy) } : {}) },
          location: line ? locate(line.file, line) : undefined,
          fixes: [
            ...withIdPrefix(setVariableFixes(facts, 'GOPROXY', proxy, 'https://proxy.golang.org,direct'), 'goproxy-default'),
            goReleaseFix(facts, install ?? s.selected.replace(/^go/, ''), 'add-toolchain', {
              id: 'install-toolchain',
              folder: scope.file.dir,
            }),
          ],
        }),
      );
    }
    return out;
  },
};

export const toolchainRedundant: CheckDefinition = {
  id: 'toolchain-redundant',
  area: 'modules',
  severity: 'info',
  where: 'all',
  fixKinds: ['edit-file'],
  summary: 'The toolchain line is not newer than the go line',
  help: 'A toolchain line only matters when it names a newer Go than the go line; otherwise it has no effect (go mod tidy removes it). Delete it.',
  run(facts) {
    const out: Finding[] = [];
    const files: ModOrWork[] = [
      ...facts.modules.map((f) => ({ kind: 'go.mod' as const, file: f })),
      ...facts.works.map((f) => ({ kind: 'go.work' as const, file: f })),
    ];
    for (const { kind, file } of files) {
      if (!file.toolchain || !file.go || file.errors.length) continue;
      const tc = toolchainVersion(file.toolchain.value);
      const go = parseGoVersion(file.go.value);
      if (!tc || !go) continue;
      // `go 1.21` means go1.21.0 as a toolchain, so compare against that.
      const goAsToolchain = go.patch === undefined && !go.pre && go.minor >= 21 ? { ...go, patch: 0 } : go;
      if (compareGoVersions(tc, goAsToolchain) > 0) continue;
      out.push(
        finding(this, {
          title: `toolchain ${file.toolchain.value} is not newer than go ${file.go.value}`,
          detail: `${file.file} line ${file.toolchain.line} says toolchain ${file.toolchain.value}, but line ${file.go.line} already requires go ${file.go.value}. A toolchain line only takes effect when it is newer than the go line, so this one does nothing (go mod tidy drops it). Delete it.`,
          evidence: { file: file.file, kind, go: file.go.value, toolchain: file.toolchain.value },
          location: locate(file.file, file.toolchain),
          fixes: [deleteLineFix('remove-toolchain-line', `Remove "toolchain ${file.toolchain.value}"`, file.file, file.toolchain.line)],
        }),
      );
    }
    return out;
  },
};

function invalidFileCheck(
  id: 'gomod-invalid' | 'gowork-invalid',
  kind: 'go.mod' | 'go.work',
  files: (f: Facts) => (GoModFile | GoWorkFile)[],
  editCommand: string,
): CheckDefinition {
  return {
    id,
    area: 'modules',
    severity: 'error',
    where: 'all',
    fixKinds: ['instructions'],
    summary: `A ${kind} cannot be parsed`,
    help: `The go command refuses to do anything in a ${kind === 'go.mod' ? 'module' : 'workspace'} whose ${kind} does not parse (\`go ${editCommand} -json\` fails). Correct the line the error names.`,
    run(facts) {
      const out: Finding[] = [];
      for (const f of files(facts)) {
        if (!f.errors.length && !f.readError) continue;
        const first = f.errors[0];
        // A read error is a sentence that names the file already.
        const message = first ? first.message : f.readError!;
        const line = first?.line ?? 1;
        out.push(
          finding(this, {
            title: `${kind} does not parse: ${message}`,
            detail: `${first ? `${f.file} line ${line}: ` : ''}${message}.${f.errors.length > 1 ? ` (${f.errors.length - 1} more error${f.errors.length > 2 ? 's' : ''} after it.)` : ''} Until it parses, every go command in this ${kind === 'go.mod' ? 'module' : 'workspace'} fails, and gopls cannot load it. Correct the line; \`go ${editCommand} -json\` prints nothing but JSON once it is fixed.`,
            evidence: { file: f.file, errors: f.errors, ...(f.readError ? { readError: f.readError } : {}) },
            location: { file: f.file, line, column: first?.column ?? 1 },
            fixes: [
              instructionsFix(
                `edit-${kind.replace('.', '')}`,
                `Correct ${kind} line ${line}`,
                [`Open ${f.file} at line ${line} and correct it: ${message}.`, `Check the result with the command below.`],
                [{ shell: shellFor(facts), text: `cd ${quoteSh(f.dir)} && go ${editCommand} -json` }],
              ),
            ],
          }),
        );
      }
      return out;
    },
  };
}

const gomodInvalid = invalidFileCheck('gomod-invalid', 'go.mod', (f) => f.modules, 'mod edit');
const goworkInvalid = invalidFileCheck('gowork-invalid', 'go.work', (f) => f.works, 'work edit');

export const gomodGoMissing: CheckDefinition = {
  id: 'gomod-go-missing',
  area: 'modules',
  severity: 'info',
  where: 'all',
  fixKinds: ['edit-file'],
  summary: 'go.mod has no go line',
  help: 'Without a go line a module gets Go 1.16 language semantics: no generics, no loop-variable fix, older module rules. Add a go line.',
  run(facts) {
    const out: Finding[] = [];
    const version = goLineForActive(facts) ?? `${languageVersion(parseGoVersion(newestGo(facts))!)}.0`;
    for (const m of facts.modules) {
      if (m.go || m.errors.length || m.readError) continue;
      const at = m.module ? m.module.line + 1 : 1;
      out.push(
        finding(this, {
          title: `${m.module?.value ?? m.dir}: go.mod has no go line`,
          detail: `${m.file} has no go directive, so the module is compiled with Go 1.16 language semantics (no generics, the old per-loop variable, no newer library behaviour), whatever Go builds it. Add "go ${version}".`,
          evidence: { file: m.file, module: m.module?.value },
          location: m.module ? locate(m.file, m.module) : { file: m.file, line: 1, column: 1 },
          fixes: [insertAtLineFix('add-go-line', `Add "go ${version}"`, m.file, at, m.module ? `\ngo ${version}\n` : `go ${version}\n\n`)],
        }),
      );
    }
    return out;
  },
};

/** A go.work's use lines by directory with slashes and case folded: the first line for each, by its index. */
const foldedUses = new WeakMap<GoWorkFile, Map<string, number>>();
const fold = foldDir;

function useIndexByFoldedDir(w: GoWorkFile): Map<string, number> {
  let byDir = foldedUses.get(w);
  if (!byDir) {
    byDir = new Map();
    for (let i = 0; i < w.uses.length; i++) if (!byDir.has(fold(w.uses[i]!.absPath))) byDir.set(fold(w.uses[i]!.absPath), i);
    foldedUses.set(w, byDir);
  }
  return byDir;
}

/**
 * The used module with the highest go line above the go.work's (the first use line wins a tie), or none. A use
 * line stands for the first module whose directory matches it, slashes and case folded. Asked through the
 * modules' go-line index: only the modules whose line is higher than the go.work's are looked at.
 */
function highestAbove(
  w: GoWorkFile,
  workGo: GoVersion,
  modules: readonly GoModFile[],
): { mod: GoModFile; v: GoVersion; use: string } | undefined {
  const index = goLineIndex(modules);
  for (const family of goLinesDescending(index)) {
    if (compareGoVersions(family.version, workGo) <= 0) break;
    let worst: { mod: GoModFile; v: GoVersion; useIndex: number } | undefined;
    const uses = useIndexByFoldedDir(w);
    for (const line of family.lines)
      for (const i of line.positions) {
        checkWork.modulesChecked++;
        const mod = modules[i]!;
        const dir = fold(mod.dir);
        const useIndex = uses.get(dir);
        if (useIndex === undefined || index.firstByDir.get(dir) !== i) continue;
        if (!worst || useIndex < worst.useIndex) worst = { mod, v: line.version, useIndex };
      }
    if (worst) return { mod: worst.mod, v: worst.v, use: w.uses[worst.useIndex]!.path };
  }
  return undefined;
}

export const goworkGoOlder: CheckDefinition = {
  id: 'gowork-go-older',
  area: 'modules',
  severity: 'error',
  where: 'all',
  fixKinds: ['edit-file', 'run-command'],
  summary: "go.work's go line is lower than a module it uses",
  help: 'The go line of go.work must be at least the go line of every module it uses; otherwise the go command stops ("module … listed in go.work file requires go >= …"). Raise the go.work line, or run `go work use`.',
  run(facts) {
    const out: Finding[] = [];
    for (const w of facts.works) {
      const workGo = parseGoVersion(w.go?.value);
      if (!w.go || !workGo || w.errors.length) continue;
      const worst = highestAbove(w, workGo, facts.modules);
      if (!worst) continue;
      const modGo = worst.mod.go!.value;
      out.push(
        finding(this, {
          title: `go.work says go ${w.go.value}, but ${worst.use} needs go ${modGo}`,
          detail: `${w.file} line ${w.go.line} says go ${w.go.value}, lower than the go ${modGo} of ${worst.mod.file}. The go command stops with \`go: module ${worst.use} listed in go.work file requires go >= ${modGo}, but go.work lists go ${w.go.value}; to update it:\n\tgo work use\`. Raise the go.work line to ${modGo}.`,
          evidence: { work: w.file, workGo: w.go.value, module: worst.mod.file, moduleGo: modGo },
          location: locate(w.file, w.go),
          fixes: [
            replaceRangeFix('raise-gowork-go', `Set go.work's go line to ${modGo}`, w.file, w.go.line, w.go.column, w.go.endColumn, modGo),
            runGoFix(facts, 'go-work-use', 'Run go work use', ['work', 'use'], w.dir),
          ],
        }),
      );
    }
    return out;
  },
};

export const goworkModuleMissing: CheckDefinition = {
  id: 'gowork-module-missing',
  area: 'modules',
  severity: 'error',
  where: 'all',
  fixKinds: ['edit-file'],
  summary: 'A use directory in go.work has no go.mod',
  help: 'Every directory go.work uses must contain a go.mod; otherwise every go command in the workspace fails. Remove the use line or create the module.',
  run(facts) {
    const out: Finding[] = [];
    for (const w of facts.works) {
      for (const u of w.uses) {
        if (u.hasGoMod) continue;
        out.push(
          finding(this, {
            title: `go.work uses ${u.path}, which has no go.mod`,
            detail: `${w.file} line ${u.line} uses ${u.path} (${u.absPath}), but there is no go.mod there. Every go command in the workspace fails while loading it. Remove the use line, or run \`go mod init\` in that directory if it should be a module.`,
            evidence: { work: w.file, use: u.path, absPath: u.absPath },
            location: { file: w.file, line: u.line, column: u.column, endColumn: u.endColumn },
            fixes: [deleteLineFix('remove-use-line', `Remove "use ${u.path}" from go.work`, w.file, u.line)],
          }),
        );
      }
    }
    return out;
  },
};

export const replacePathMissing: CheckDefinition = {
  id: 'replace-path-missing',
  area: 'modules',
  severity: 'error',
  where: 'all',
  fixKinds: ['edit-file'],
  summary: 'A replace points at a missing directory or one without go.mod',
  help: 'A replace with a filesystem target needs that directory, with a go.mod, on every machine that builds the module. Check out the target, fix the path, or remove the replace.',
  run(facts) {
    const out: Finding[] = [];
    const files: { file: string; replaces: ModReplace[] }[] = [...facts.modules, ...facts.works];
    for (const f of files) {
      for (const r of f.replaces) {
        if (!r.isLocal || (r.targetExists !== false && r.targetHasGoMod !== false)) continue;
        const missingDir = r.targetExists === false;
        const message = missingDir
          ? `replacement directory ${r.newPath} does not exist`
          : `reading ${r.newPath}/go.mod: no such file or directory`;
        out.push(
          finding(this, {
            title: `replace ${r.oldPath} => ${r.newPath}: ${missingDir ? 'directory does not exist' : 'no go.mod there'}`,
            detail: `${f.file} line ${r.line} replaces ${r.oldPath} with ${r.newPath}${r.absTarget ? ` (${r.absTarget})` : ''}, ${missingDir ? 'which does not exist' : 'which has no go.mod'}. Builds fail with \`${message}\`. Check out the replacement there, correct the path, or remove the replace.`,
            evidence: {
              file: f.file,
              oldPath: r.oldPath,
              newPath: r.newPath,
              absTarget: r.absTarget,
              targetExists: r.targetExists,
              targetHasGoMod: r.targetHasGoMod,
            },
            location: { file: f.file, line: r.line, column: r.column, endColumn: r.endColumn },
            fixes: [deleteLineFix('remove-replace', `Remove the replace of ${r.oldPath}`, f.file, r.line)],
          }),
        );
      }
    }
    return out;
  },
};

export const gosumMissing: CheckDefinition = {
  id: 'gosum-missing',
  area: 'modules',
  severity: 'warning',
  where: 'all',
  fixKinds: ['run-command'],
  summary: 'go.mod requires modules but go.sum is missing',
  help: 'go.sum records the checksums of required modules; without it builds stop with "missing go.sum entry". Run `go mod tidy` and commit go.sum.',
  run(facts) {
    const out: Finding[] = [];
    for (const m of facts.modules) {
      if (!m.requires.length || m.hasGoSum || m.errors.length || m.readError) continue;
      const first = m.requires[0];
      out.push(
        finding(this, {
          title: `${m.module?.value ?? m.dir} requires ${m.requires.length} module${m.requires.length > 1 ? 's' : ''} but has no go.sum`,
          detail: `${m.file} requires ${m.requires
            .map((r) => `${r.path}@${r.version}`)
            .slice(0, 3)
            .join(
              ', ',
            )}${m.requires.length > 3 ? ', …' : ''}, but there is no go.sum next to it. Builds stop with "missing go.sum entry for module providing package …". Run go mod tidy and commit go.sum.`,
          evidence: { file: m.file, requires: m.requires.length },
          location: { file: m.file, line: first.line, column: 1 },
          fixes: [runGoFix(facts, 'go-mod-tidy', 'Run go mod tidy', ['mod', 'tidy'], m.dir)],
        }),
      );
    }
    return out;
  },
};

export const vendorMissing: CheckDefinition = {
  id: 'vendor-missing',
  area: 'modules',
  severity: 'error',
  where: 'all',
  fixKinds: ['run-command', 'go-env-write', 'terminal-env', 'instructions'],
  summary: '-mod=vendor is in effect but the module has no vendor/modules.txt',
  help: 'GOFLAGS=-mod=vendor makes the go command read dependencies only from vendor/; without vendor/modules.txt builds fail with "inconsistent vendoring". Run `go mod vendor`, or remove the flag.',
  run(facts) {
    const goflags = envOf(facts, 'GOFLAGS');
    const mod = goflags ? goflagsMod(goflags.value) : undefined;
    if (!goflags || mod?.value !== 'vendor') return [];
    const out: Finding[] = [];
    for (const m of facts.modules) {
      if (m.hasVendorModulesTxt || !m.requires.length || m.errors.length || m.readError || workspaceOf(facts, m)) continue;
      const without = rewriteGoflags(goflags.value, mod.index, undefined);
      out.push(
        finding(this, {
          title: `GOFLAGS has -mod=vendor, but ${m.module?.value ?? m.dir} has no vendor/modules.txt`,
          detail: `GOFLAGS (${goflags.source === 'os' ? 'OS environment' : goflags.source === 'goenv-file' ? 'go env -w' : 'default'}) is "${goflags.value}", so the go command reads dependencies only from vendor/, but ${m.dir} has no vendor/modules.txt. Builds fail with "go: inconsistent vendoring". Run go mod vendor, or remove -mod=vendor from GOFLAGS.`,
          evidence: { file: m.file, GOFLAGS: envEvidence(facts, goflags), vendorModulesTxt: false },
          location: m.module ? locate(m.file, m.module) : { file: m.file, line: 1, column: 1 },
          fixes: [
            runGoFix(facts, 'go-mod-vendor', 'Run go mod vendor', ['mod', 'vendor'], m.dir),
            ...withIdPrefix(setVariableFixes(facts, 'GOFLAGS', goflags, without || undefined), 'remove-mod-vendor'),
          ],
        }),
      );
    }
    return out;
  },
};

export const gomoduleOff: CheckDefinition = {
  id: 'gomodule-off',
  area: 'modules',
  severity: 'warning',
  where: 'all',
  fixKinds: ['go-env-write', 'terminal-env', 'instructions'],
  summary: 'GO111MODULE=off while the workspace has go.mod files',
  help: 'GO111MODULE=off switches the go command to the old GOPATH mode and ignores go.mod; module builds fail or use the wrong dependencies. Unset it.',
  run(facts) {
    const ev = envOf(facts, 'GO111MODULE');
    if (!ev || ev.value !== 'off' || !facts.modules.length) return [];
    return [
      finding(this, {
        title: `GO111MODULE=off ignores the workspace's go.mod${facts.modules.length > 1 ? ' files' : ''}`,
        detail: `GO111MODULE is off (${describeSource(ev, facts)}), so the go command works in GOPATH mode and ignores ${facts.modules
          .map((m) => m.file)
          .slice(0, 3)
          .join(
            ', ',
          )}. Module commands fail with \`go: modules disabled by GO111MODULE=off; see 'go help modules'\` and builds resolve imports from GOPATH instead. Unset GO111MODULE.`,
        evidence: { GO111MODULE: envEvidence(facts, ev), modules: facts.modules.map((m) => m.file) },
        location: envLocation(facts, ev),
        fixes: unsetVariableFixes(facts, ev),
      }),
    ];
  },
};

export const gotoolchainInvalid: CheckDefinition = {
  id: 'gotoolchain-invalid',
  area: 'modules',
  severity: 'error',
  where: 'all',
  fixKinds: ['go-env-write', 'terminal-env', 'instructions'],
  summary: 'GOTOOLCHAIN is not local, auto, path, a goX.Y.Z name, or one of those with +auto/+path',
  help: 'An invalid GOTOOLCHAIN makes every go command stop before doing anything. Unset it (the default, from $GOROOT/go.env, is auto).',
  run(facts) {
    const ev = envOf(facts, 'GOTOOLCHAIN');
    if (!ev) return [];
    const parsed = parseGotoolchain(ev.value);
    if (parsed.valid) return [];
    return [
      finding(this, {
        title: `GOTOOLCHAIN=${ev.value} is not valid`,
        detail: `GOTOOLCHAIN is "${ev.value}" (${describeSource(ev, facts)}): ${parsed.error}. Every go command stops with \`go: invalid GOTOOLCHAIN "${ev.value}"\`. Valid values: local, auto, path, go1.N.P, or one of those followed by +auto or +path. Unset it to get the default (auto).`,
        evidence: { GOTOOLCHAIN: envEvidence(facts, ev) },
        location: envLocation(facts, ev),
        fixes: unsetVariableFixes(facts, ev),
      }),
    ];
  },
};

export const MODULES_CHECKS: readonly CheckDefinition[] = [
  gomodGoNewer,
  toolchainUnavailable,
  toolchainSwitch,
  toolchainDownloadBlocked,
  toolchainRedundant,
  gomodInvalid,
  goworkInvalid,
  gomodGoMissing,
  goworkGoOlder,
  goworkModuleMissing,
  replacePathMissing,
  gosumMissing,
  vendorMissing,
  gomoduleOff,
  gotoolchainInvalid,
];
