// Which Go toolchain the go command would select for a module or workspace, computed without running it (go.dev/doc/toolchain).
import type { Facts, GoModFile, GoWorkFile, Positioned, ValueSource } from './facts';
import { compareGoVersions, formatGoVersion, parseGoVersion, toolchainForGoLine, type GoVersion } from './goversion';

/** How GOTOOLCHAIN lets the go command pick a toolchain. */
type ToolchainMode = 'local' | 'auto' | 'path' | 'pinned';

interface ParsedGotoolchain {
  /** The value as set ('' when unset everywhere, which the go command treats as `local`). */
  raw: string;
  valid: boolean;
  /** Why the value is invalid, in words. */
  error?: string;
  /** The minimum toolchain: `local` or a name such as go1.25.3. */
  base: string;
  /** local: never switch; auto: switch and download; path: switch to binaries on PATH only; pinned: always run `base`. */
  mode: ToolchainMode;
}

const TOOLCHAIN_NAME_RE = /^go1(\.\d+){0,2}((alpha|beta|rc)\d+)?$/;

/** True for a toolchain name the go command can run or download: go1.22.3, go1.21rc2, go1.20. */
function isToolchainName(name: string): boolean {
  return TOOLCHAIN_NAME_RE.test(name);
}

/**
 * Parses GOTOOLCHAIN per `go help toolchain`: `local`, `auto` (= local+auto), `path` (= local+path),
 * `<name>` (always that toolchain), `<name>+auto`, `<name>+path`.
 */
export function parseGotoolchain(value: string | undefined): ParsedGotoolchain {
  const raw = (value ?? '').trim();
  if (raw === '' || raw === 'local') return { raw, valid: true, base: 'local', mode: 'local' };
  if (raw === 'auto') return { raw, valid: true, base: 'local', mode: 'auto' };
  if (raw === 'path') return { raw, valid: true, base: 'local', mode: 'path' };
  const plus = raw.indexOf('+');
  const name = plus >= 0 ? raw.slice(0, plus) : raw;
  const suffix = plus >= 0 ? raw.slice(plus + 1) : undefined;
  if (suffix !== undefined && suffix !== 'auto' && suffix !== 'path') {
    return { raw, valid: false, error: `"+${suffix}" is not a mode: only +auto and +path are`, base: 'local', mode: 'local' };
  }
  if (name !== 'local' && !isToolchainName(name)) {
    return { raw, valid: false, error: `"${name}" is not local or a toolchain name such as go1.22.3`, base: 'local', mode: 'local' };
  }
  if (suffix === undefined) return { raw, valid: true, base: name, mode: name === 'local' ? 'local' : 'pinned' };
  return { raw, valid: true, base: name, mode: suffix };
}

/** The version part of a toolchain name: go1.22.3 -> 1.22.3, go1.22.3-custom -> 1.22.3. */
export function toolchainVersion(name: string): GoVersion | undefined {
  const m = /^go(\d[^-]*)(-.*)?$/.exec(name.trim());
  return m ? parseGoVersion(m[1]) : undefined;
}

function toolchainName(v: GoVersion): string {
  return `go${formatGoVersion(v)}`;
}

/**
 * Every toolchain name a selection could look for on PATH, given GOTOOLCHAIN and the go/toolchain lines of the
 * workspace's files: GOTOOLCHAIN's own name, each toolchain line's, and the one each go line needs.
 */
export function toolchainNamesWanted(gotoolchain: string | undefined, files: readonly { go?: string; toolchain?: string }[]): string[] {
  const names = new Set<string>();
  const add = (v: GoVersion | undefined) => {
    if (v) names.add(toolchainName(v));
  };
  const gt = parseGotoolchain(gotoolchain);
  if (gt.valid && gt.base !== 'local') add(toolchainVersion(gt.base));
  for (const f of files) {
    if (f.toolchain && f.toolchain !== 'default' && f.toolchain !== 'local') add(toolchainVersion(f.toolchain));
    const goLine = f.go ? parseGoVersion(f.go) : undefined;
    if (goLine) add(toolchainVersion(toolchainForGoLine(goLine)));
  }
  return [...names];
}

export interface ToolchainFileLines {
  /** Absolute path of the go.mod or go.work whose lines apply. */
  path: string;
  kind: 'go.mod' | 'go.work';
  go?: Positioned;
  toolchain?: Positioned;
}

interface ToolchainSelectionInput {
  /** The active go's version: go1.26.8 (or 1.26.8). */
  activeVersion: string;
  /** Effective GOTOOLCHAIN ('' or undefined when unset everywhere). */
  gotoolchain?: string;
  gotoolchainSource?: ValueSource;
  /** The go.work (in workspace mode) or go.mod whose go/toolchain lines apply; none outside a module. */
  file?: ToolchainFileLines;
  /** goX.Y.Z executables found on PATH. */
  pathToolchains?: readonly { name: string; path: string }[];
  /** Effective GOPROXY, to tell whether a download can happen. */
  goproxy?: string;
  /** The host as GOHOSTOS/GOHOSTARCH (linux/amd64), for the download message. */
  hostTarget?: string;
}

type ToolchainCause = 'local' | 'gotoolchain' | 'toolchain-line' | 'go-line';

type BlockedKind = 'switching-disabled' | 'not-on-path' | 'download-disabled' | 'predates-switching' | 'invalid-gotoolchain';

export interface ToolchainSelection {
  /** The active go: go1.26.8. */
  active: string;
  /** The toolchain the go command would run: go1.26.8 (no switch) or e.g. go1.27.1. */
  selected: string;
  /** What decided: the running go, GOTOOLCHAIN, or a line of the file. */
  cause: ToolchainCause;
  /** One sentence a user can read: which line or variable and why. */
  reason: string;
  gotoolchain: ParsedGotoolchain & { source?: ValueSource };
  file?: ToolchainFileLines;
  /** The line that decided (toolchain or go line), when a line did. */
  decidingLine?: Positioned & { file: string; directive: 'go' | 'toolchain' };
  /** The Go version the file's `go` line requires, as written (1.22, 1.22.3). */
  requiredGo?: string;
  /** True when the selected toolchain is not the active go. */
  needsSwitch: boolean;
  /** True when the selected toolchain is neither the active go nor on PATH, so the go command downloads it. */
  needsDownload: boolean;
  /** The goX.Y.Z binary on PATH that would run. */
  pathBinary?: string;
  /** Set when the go command would stop instead; message is its own wording. */
  blocked?: { kind: BlockedKind; message: string };
}

function sameVersion(a: GoVersion, b: GoVersion): boolean {
  return compareGoVersions(a, b) === 0;
}

function lineRef(file: ToolchainFileLines, directive: 'go' | 'toolchain'): ToolchainSelection['decidingLine'] {
  const pos = directive === 'go' ? file.go : file.toolchain;
  return pos ? { ...pos, file: file.path, directive } : undefined;
}

/** True when GOPROXY cannot fetch anything: its first entry is `off`. */
export function goproxyDisablesDownloads(goproxy: string | undefined): boolean {
  const first = (goproxy ?? '')
    .split(/[,|]/)
    .map((s) => s.trim())
    .find((s) => s !== '');
  return first === 'off';
}

/**
 * Computes the toolchain the go command would run for a module or workspace, per go.dev/doc/toolchain:
 * the minimum is GOTOOLCHAIN's name (or the local go); with +auto/+path a newer `toolchain` line, then
 * a newer `go` line (`go 1.21` means go1.21.0) raise it; with `path` the binary must be on PATH; otherwise
 * it is downloaded through GOPROXY. The selected toolchain then refuses a `go` line newer than itself.
 */
export function selectToolchain(input: ToolchainSelectionInput): ToolchainSelection {
  const activeV = parseGoVersion(input.activeVersion.replace(/^go/, ''));
  const active = activeV ? toolchainName(activeV) : input.activeVersion;
  const gt = { ...parseGotoolchain(input.gotoolchain), source: input.gotoolchainSource };
  const file = input.file;
  const goLineV = file?.go ? parseGoVersion(file.go.value) : undefined;
  const requiredGo = file?.go?.value;
  const base: ToolchainSelection = {
    active,
    selected: active,
    cause: 'local',
    reason: '',
    gotoolchain: gt,
    file,
    requiredGo,
    needsSwitch: false,
    needsDownload: false,
  };
  const fileName = file?.kind ?? 'go.mod';
  const gtText = gt.raw === '' ? 'GOTOOLCHAIN is unset (local)' : `GOTOOLCHAIN=${gt.raw}`;

  if (!activeV) {
    return { ...base, reason: `the active go reports no version (${input.activeVersion})` };
  }
  if (!gt.valid) {
    return {
      ...base,
      cause: 'gotoolchain',
      reason: `GOTOOLCHAIN=${gt.raw} is invalid: ${gt.error}`,
      blocked: { kind: 'invalid-gotoolchain', message: `go: invalid GOTOOLCHAIN "${gt.raw}"` },
    };
  }
  // Toolchain switching arrived with Go 1.21; older go commands ignore GOTOOLCHAIN and toolchain lines.
  if (activeV.major === 1 && activeV.minor < 21) {
    const tooNew = goLineV && compareGoVersions(goLineV, activeV) > 0;
    return {
      ...base,
      reason: `${active} predates toolchain switching (Go 1.21) and always builds with itself`,
      decidingLine: tooNew ? lineRef(file!, 'go') : undefined,
      blocked: tooNew
        ? {
            kind: 'predates-switching',
            message: `${fileName} says go ${requiredGo}, but ${active} cannot switch toolchains; builds fail with "note: module requires Go ${requiredGo}"`,
          }
        : undefined,
    };
  }

  let selectedV: GoVersion = activeV;
  let cause: ToolchainCause = 'local';
  let decidingLine: ToolchainSelection['decidingLine'];
  let reason = `no line asks for a newer Go than the active ${active}`;
  if (gt.mode === 'pinned') {
    selectedV = toolchainVersion(gt.base) ?? activeV;
    cause = 'gotoolchain';
    reason = `${gtText} always runs ${gt.base}, whatever ${fileName} says`;
  } else {
    if (gt.base !== 'local') {
      selectedV = toolchainVersion(gt.base) ?? activeV;
      cause = 'gotoolchain';
      reason = `${gtText} sets the minimum toolchain ${gt.base}`;
    } else if (gt.mode === 'local') {
      reason = `${gtText}: the go command never switches toolchains`;
    }
    if ((gt.mode === 'auto' || gt.mode === 'path') && file) {
      const tcValue = file.toolchain?.value;
      if (tcValue === 'default' || tcValue === 'local') {
        reason = `${fileName} says "toolchain ${tcValue}": only the toolchain GOTOOLCHAIN names is used`;
      } else {
        const tcV = tcValue ? toolchainVersion(tcValue) : undefined;
        if (tcV && compareGoVersions(tcV, selectedV) > 0) {
          selectedV = tcV;
          cause = 'toolchain-line';
          decidingLine = lineRef(file, 'toolchain');
          reason = `${fileName} line ${file.toolchain!.line} "toolchain ${tcValue}" is newer than ${toolchainName(activeV)}`;
        }
        if (goLineV && compareGoVersions(goLineV, selectedV) > 0) {
          const fromGoLine = toolchainVersion(toolchainForGoLine(goLineV))!;
          selectedV = fromGoLine;
          cause = 'go-line';
          decidingLine = lineRef(file, 'go');
          reason = `${fileName} line ${file.go!.line} "go ${requiredGo}" needs ${toolchainName(fromGoLine)}, newer than ${active}`;
        }
      }
    }
  }

  const selected = toolchainName(selectedV);
  const needsSwitch = !sameVersion(selectedV, activeV);
  const result: ToolchainSelection = { ...base, selected, cause, reason, decidingLine, needsSwitch };
  if (needsSwitch) {
    const onPath = input.pathToolchains?.find((t) => t.name === selected || t.name === `${selected}.exe`);
    if (onPath) {
      result.pathBinary = onPath.path;
      result.reason += `; ${selected} runs from ${onPath.path}`;
    } else if (gt.mode === 'path') {
      result.blocked = { kind: 'not-on-path', message: `go: cannot find "${selected}" in PATH` };
      result.reason += `; ${gtText} only looks on PATH, and no ${selected} is there`;
      return result;
    } else {
      result.needsDownload = true;
      if (goproxyDisablesDownloads(input.goproxy)) {
        result.blocked = {
          kind: 'download-disabled',
          message: `go: download ${selected}${input.hostTarget ? ` for ${input.hostTarget}` : ''}: toolchain not available`,
        };
        result.reason += `; it would be downloaded, but GOPROXY=off forbids downloads`;
        return result;
      }
      result.reason += `; the go command downloads ${selected} through GOPROXY`;
    }
  }
  // The toolchain that runs refuses a module whose go line is newer than itself.
  if (goLineV && compareGoVersions(goLineV, selectedV) > 0) {
    const explain = gt.raw !== '' && gt.raw !== 'auto' ? `; GOTOOLCHAIN=${gt.raw}` : '';
    result.blocked = {
      kind: 'switching-disabled',
      message: `go: ${fileName} requires go >= ${requiredGo} (running go ${formatGoVersion(selectedV)}${explain})`,
    };
    result.decidingLine = lineRef(file!, 'go');
  }
  return result;
}

/** Normalises a directory for comparison: forward slashes, no trailing slash, lower case on Windows. */
function dirKey(dir: string, win: boolean): string {
  let d = dir.replace(/\\/g, '/');
  while (d.length > 1 && d.endsWith('/')) d = d.slice(0, -1);
  return win ? d.toLowerCase() : d;
}

/** The go.work that governs a module (workspace mode), if any; GOWORK=off turns workspaces off. */
export function workspaceOf(facts: Facts, mod: GoModFile): GoWorkFile | undefined {
  const gowork = facts.env.GOWORK?.value ?? facts.goEnv.vars.GOWORK;
  if (gowork === 'off') return undefined;
  const win = facts.host.platform === 'win32';
  const key = dirKey(mod.dir, win);
  return facts.works.find((w) => w.uses.some((u) => dirKey(u.absPath, win) === key));
}

interface EffectiveToolchain {
  /** The module (or workspace) directory. */
  dir: string;
  /** The module path, when known. */
  module?: string;
  /** The go.mod or go.work whose lines decided. */
  governedBy?: string;
  selection: ToolchainSelection;
}

function inputsFor(facts: Facts, file?: ToolchainFileLines): ToolchainSelectionInput | undefined {
  const activeVersion = facts.activeGo?.goVersion;
  if (!activeVersion) return undefined;
  const gotoolchain = facts.env.GOTOOLCHAIN;
  return {
    activeVersion,
    gotoolchain: gotoolchain?.value ?? '',
    gotoolchainSource: gotoolchain?.source,
    file,
    pathToolchains: facts.pathToolchains,
    goproxy: facts.env.GOPROXY?.value ?? facts.goEnv.vars.GOPROXY,
    hostTarget:
      facts.goEnv.vars.GOHOSTOS && facts.goEnv.vars.GOHOSTARCH ? `${facts.goEnv.vars.GOHOSTOS}/${facts.goEnv.vars.GOHOSTARCH}` : undefined,
  };
}

/** The selection for one go.mod or go.work's lines with this machine's GOTOOLCHAIN, PATH and GOPROXY. */
export function selectionForFile(facts: Facts, file: GoModFile | GoWorkFile, kind: 'go.mod' | 'go.work'): ToolchainSelection | undefined {
  const input = inputsFor(facts, { path: file.file, kind, go: file.go, toolchain: file.toolchain });
  return input && selectToolchain(input);
}

/** Per module: the toolchain the go command would run there and why (the go.work's lines win in workspace mode). */
export function effectiveToolchains(facts: Facts): EffectiveToolchain[] {
  const out: EffectiveToolchain[] = [];
  for (const mod of facts.modules) {
    const work = workspaceOf(facts, mod);
    const selection = work ? selectionForFile(facts, work, 'go.work') : selectionForFile(facts, mod, 'go.mod');
    if (!selection) continue;
    out.push({ dir: mod.dir, module: mod.module?.value, governedBy: work ? work.file : mod.file, selection });
  }
  return out;
}
