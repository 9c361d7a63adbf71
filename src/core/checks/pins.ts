// Checks of the Go version pins (version-manager files, dev containers, CI, toolchain lines): one source of truth for the Go version.
import type { GoVersionPin, PinManager } from '../declared';
import type { Facts, GoModFile } from '../facts';
import { instructionsFix, replaceRangeFix } from '../fixes';
import { quoteSh } from '../../platform/shell';
import { compareGoVersions, formatGoVersion, languageVersion, parseGoVersion, toolchainForGoLine, type GoVersion } from '../goversion';
import { dirOf, isUnder, normPath } from '../paths';
import type { Finding, Fix } from '../report';
import { modulesWithToolchainLine } from './moduleIndex';
import { finding, type CheckDefinition } from './types';
import { isWindows } from './util';

const PIN_NAMES: Record<GoVersionPin['kind'], string> = {
  'go-version': '.go-version',
  'tool-versions': '.tool-versions',
  mise: 'mise.toml',
  'devcontainer-image': 'the dev container image',
  'devcontainer-feature': "the dev container's go feature",
};

/** True when a pin (1.25 or 1.25.0) selects a Go too old for a module whose go line needs `need`. */
function tooOld(pin: GoVersion, need: GoVersion): boolean {
  // A minor-only pin gets the newest patch of that minor: only the minor can fall short.
  if (pin.patch === undefined && !pin.pre) return pin.major < need.major || (pin.major === need.major && pin.minor < need.minor);
  return compareGoVersions(pin, need) < 0;
}

/** The pin's text with its version replaced, keeping its precision; undefined when the version is not in the text. */
function replacedPin(raw: string, version: string, target: GoVersion, keepMinorOnly: boolean): string | undefined {
  const at = raw.indexOf(version);
  if (at < 0) return undefined;
  const text = keepMinorOnly ? languageVersion(target) : formatGoVersion(target);
  return raw.slice(0, at) + text + raw.slice(at + version.length);
}

/** Pins by the directory they govern, so a module finds its nearest one by walking up (linear in the depth). */
function pinsByDir(facts: Facts, pins: readonly GoVersionPin[]): Map<string, GoVersionPin[]> {
  const win = isWindows(facts);
  const map = new Map<string, GoVersionPin[]>();
  for (const p of pins) {
    const key = normPath(p.dir, win);
    map.set(key, [...(map.get(key) ?? []), p]);
  }
  return map;
}

/** The nearest pin of a kind at `dir` or above it. */
function nearest(
  facts: Facts,
  byDir: Map<string, GoVersionPin[]>,
  dir: string,
  kinds: (k: GoVersionPin) => boolean,
): GoVersionPin | undefined {
  const win = isWindows(facts);
  for (let d = normPath(dir, win); ;) {
    const here = byDir.get(d)?.filter(kinds);
    if (here?.length) return here[0];
    const parent = normPath(dirOf(d, win), win);
    if (parent === d) return undefined;
    d = parent;
  }
}

const isManagerPin = (p: GoVersionPin) => p.manager !== undefined;
const isContainerPin = (p: GoVersionPin) => p.manager === undefined;

export const goPinTooOld: CheckDefinition = {
  id: 'go-pin-too-old',
  area: 'consistency',
  severity: 'warning',
  where: 'all',
  summary: "A version-manager file or dev container pins a Go older than a module's go line",
  fixKinds: ['edit-file'],
  help: "A .go-version, .tool-versions, mise.toml or dev container that pins a Go older than a module's go line cannot build that module: with GOTOOLCHAIN=local the go command stops (go.mod requires go >= …), with the default auto it downloads a newer toolchain on every fresh machine, so the pin is not the Go that builds. Raise the pin to the module's go line.",
  run(facts) {
    const pins = (facts.pins ?? []).filter((p) => parseGoVersion(p.version));
    if (!pins.length) return [];
    const byDir = pinsByDir(facts, pins);
    const worst = new Map<GoVersionPin, { mod: GoModFile; need: GoVersion }>();
    for (const mod of facts.modules) {
      const need = parseGoVersion(mod.go?.value);
      if (!need || mod.errors.length) continue;
      for (const kinds of [isManagerPin, isContainerPin]) {
        const pin = nearest(facts, byDir, mod.dir, kinds);
        const pinV = parseGoVersion(pin?.version);
        if (!pin || !pinV || !tooOld(pinV, need)) continue;
        const seen = worst.get(pin);
        if (!seen || compareGoVersions(need, seen.need) > 0) worst.set(pin, { mod, need });
      }
    }
    const out: Finding[] = [];
    const ordered = [...worst].sort(([a], [b]) => a.file.localeCompare(b.file) || a.line - b.line);
    for (const [pin, { mod, need }] of ordered) {
      const pinV = parseGoVersion(pin.version)!;
      const minorOnly = pinV.patch === undefined && !pinV.pre;
      const target = minorOnly ? need : (parseGoVersion(toolchainForGoLine(need).replace(/^go/, '')) ?? need);
      const newRaw = replacedPin(pin.raw, pin.version!, target, minorOnly);
      const fixes: Fix[] = newRaw
        ? [replaceRangeFix('raise-pin', `Change ${pin.raw} to ${newRaw}`, pin.file, pin.line, pin.column, pin.endColumn, newRaw)]
        : [];
      out.push(
        finding(this, {
          title: `${PIN_NAMES[pin.kind]} pins Go ${pin.version}, older than go ${mod.go!.value} in ${mod.file}`,
          detail: `${pin.file} line ${pin.line} (${pin.raw}) selects Go ${pin.version} for ${pin.dir}, but ${mod.file} line ${mod.go!.line} says go ${mod.go!.value}. That Go cannot build the module: with GOTOOLCHAIN=local it stops with \`go: go.mod requires go >= ${mod.go!.value} (running go ${pin.version}; GOTOOLCHAIN=local)\`, and with auto it downloads another toolchain, so the pin does not say which Go builds. Raise the pin to ${formatGoVersion(target)}.`,
          evidence: { pinFile: pin.file, kind: pin.kind, pin: pin.raw, pinnedGo: pin.version, module: mod.file, moduleGo: mod.go!.value },
          location: { file: pin.file, line: pin.line, column: pin.column, endColumn: pin.endColumn },
          fixes,
        }),
      );
    }
    return out;
  },
};

interface AnyPin {
  file: string;
  line: number;
  column: number;
  endColumn: number;
  raw: string;
  version: GoVersion;
  /** The version text inside raw. */
  versionText: string;
  label: string;
}

/** Every pin that names one Go version: version managers, dev containers, CI (not matrices), toolchain lines. */
function allPins(facts: Facts): AnyPin[] {
  const out: AnyPin[] = [];
  for (const p of facts.pins ?? []) {
    const v = parseGoVersion(p.version);
    if (v && p.version) out.push({ ...p, version: v, versionText: p.version, label: PIN_NAMES[p.kind] });
  }
  for (const c of facts.ci) {
    const v = parseGoVersion(c.version);
    if (!v || !c.version || c.raw.includes('${{')) continue;
    const label = c.kind === 'github-actions' ? 'setup-go' : c.kind === 'dockerfile' ? 'Dockerfile FROM' : 'GitLab CI image';
    out.push({ ...c, version: v, versionText: c.version, label });
  }
  // Only the modules with a toolchain line, from the modules' index: thousands of modules have a few.
  for (const f of [...modulesWithToolchainLine(facts.modules), ...facts.works]) {
    const tc = f.toolchain;
    const m = tc ? /^go(\d+\.\d+(?:\.\d+)?(?:rc\d+)?)$/.exec(tc.value) : null;
    const v = m ? parseGoVersion(m[1]) : undefined;
    if (tc && m && v)
      out.push({
        file: f.file,
        line: tc.line,
        column: tc.column,
        endColumn: tc.endColumn,
        raw: tc.value,
        version: v,
        versionText: m[1],
        label: 'toolchain line',
      });
  }
  return out;
}

function sameMinor(a: GoVersion, b: GoVersion): boolean {
  return a.major === b.major && a.minor === b.minor;
}

const exact = (v: GoVersion) => v.patch !== undefined || !!v.pre;

/** The version every pin should agree with: the newest minor pinned, at the highest precision a pin gives it. */
function reference(pins: readonly AnyPin[]): AnyPin | undefined {
  let best: AnyPin | undefined;
  for (const p of pins) {
    if (!best) best = p;
    else if (!sameMinor(p.version, best.version)) {
      if (
        compareGoVersions({ major: p.version.major, minor: p.version.minor }, { major: best.version.major, minor: best.version.minor }) > 0
      )
        best = p;
    } else if (exact(p.version) && (!exact(best.version) || compareGoVersions(p.version, best.version) > 0)) best = p;
  }
  return best;
}

function where(p: AnyPin): string {
  return `${p.file} line ${p.line}`;
}

export const goPinsDisagree: CheckDefinition = {
  id: 'go-pins-disagree',
  area: 'consistency',
  severity: 'warning',
  where: 'all',
  summary: 'Files that pin a Go version name different versions',
  fixKinds: ['edit-file'],
  help: 'The Go version is pinned in many places: .go-version, .tool-versions, mise.toml, the dev container, Dockerfiles, CI setup-go and image lines, go.mod toolchain lines. When they disagree, a developer, the dev container and CI each build with another Go and a bug seen in one is missing in the other. Pins that name only a minor (1.26) agree with any release of it. Bring the older pins up to the newest one.',
  run(facts) {
    const win = isWindows(facts);
    const pins = allPins(facts);
    if (pins.length < 2) return [];
    const folders = facts.workspaceFolders.length ? facts.workspaceFolders : [facts.host.cwd];
    const reported = new Set<string>();
    const out: Finding[] = [];
    for (const folder of folders) {
      // A folder's pins: in it, or governing it from above (a repository-root .tool-versions).
      const mine = pins.filter((p) => isUnder(p.file, folder, win) || isUnder(folder, dirOf(p.file, win), win));
      const ref = reference(mine);
      if (!ref) continue;
      for (const p of mine) {
        const disagrees =
          !sameMinor(p.version, ref.version) || (exact(p.version) && exact(ref.version) && compareGoVersions(p.version, ref.version) !== 0);
        const key = `${p.file}:${p.line}:${p.column}`;
        if (p === ref || !disagrees || reported.has(key)) continue;
        reported.add(key);
        const others = mine.filter((o) => o !== p && o !== ref).length;
        const newRaw =
          !exact(p.version) || exact(ref.version) ? replacedPin(p.raw, p.versionText, ref.version, !exact(p.version)) : undefined;
        out.push(
          finding(this, {
            title: `${p.label} pins Go ${p.versionText}, but ${ref.label} pins ${ref.versionText}`,
            detail: `${where(p)} (${p.raw}) selects Go ${p.versionText}; ${where(ref)} (${ref.raw}) selects ${ref.versionText}${others ? `, and ${others === 1 ? '1 other pin names' : `${others} other pins name`} a version too` : ''}. Machines that follow different pins build with different Go releases. Make them agree: change this one to ${exact(p.version) ? ref.versionText : languageVersion(ref.version)}, or let CI read the version from one file (setup-go's go-version-file).`,
            evidence: {
              pinFile: p.file,
              pin: p.raw,
              pinnedGo: p.versionText,
              newestPinFile: ref.file,
              newestPinLine: ref.line,
              newestPin: ref.versionText,
              pins: mine.map((o) => ({ file: o.file, line: o.line, version: o.versionText })),
            },
            location: { file: p.file, line: p.line, column: p.column, endColumn: p.endColumn },
            fixes: newRaw
              ? [replaceRangeFix('align-pin', `Change ${p.raw} to ${newRaw}`, p.file, p.line, p.column, p.endColumn, newRaw)]
              : [],
          }),
        );
      }
    }
    return out;
  },
};

/** How to make a version manager switch this shell's go to the pinned version. */
function activateInstructions(facts: Facts, manager: PinManager, version: string, dir: string): Fix {
  const win = isWindows(facts);
  if (manager === 'goenv')
    return instructionsFix(
      'activate-goenv',
      `Let goenv switch to Go ${version}`,
      [
        'Install the pinned Go with goenv and let goenv put its shims first on PATH (add the second line to your shell profile), then restart VS Code from that shell.',
      ],
      [
        { shell: 'sh', text: `goenv install ${version}` },
        { shell: 'sh', text: 'eval "$(goenv init -)"' },
      ],
    );
  const miseSteps = win
    ? [{ shell: 'powershell' as const, text: `mise install go@${version}` }]
    : [
        { shell: 'sh' as const, text: `cd ${quoteSh(dir)} && mise install` },
        { shell: 'sh' as const, text: 'eval "$(mise activate bash)"' },
      ];
  if (manager === 'mise')
    return instructionsFix(
      'activate-mise',
      `Let mise switch to Go ${version}`,
      [
        'Install the pinned Go with mise and activate mise in your shell (add the activation to your shell profile; use zsh or fish in place of bash for those shells), then restart VS Code from that shell.',
      ],
      miseSteps,
    );
  return instructionsFix(
    'activate-version-manager',
    `Let asdf or mise switch to Go ${version}`,
    [
      'With asdf: install the pinned Go and put the asdf shims first on PATH (first two commands; add the export to your shell profile).',
      'With mise: install it and activate mise in your shell (last commands).',
      'Then restart VS Code from that shell.',
    ],
    win
      ? miseSteps
      : [
          { shell: 'sh', text: `asdf install golang ${version}` },
          { shell: 'sh', text: 'export PATH="${ASDF_DATA_DIR:-$HOME/.asdf}/shims:$PATH"' },
          ...miseSteps,
        ],
  );
}

export const goPinNotActive: CheckDefinition = {
  id: 'go-pin-not-active',
  area: 'consistency',
  severity: 'warning',
  where: 'all',
  summary: 'A version-manager pin (.go-version, .tool-versions, mise.toml) names another Go than the one this shell runs',
  fixKinds: ['instructions', 'edit-file'],
  help: 'goenv, asdf and mise switch the go a shell runs to the version their file in the current directory (or above) names. When the go found on PATH is another version, the version manager is not active in this shell (its shims are not first on PATH, or the shell was started without it), or the pinned version is not installed. Activate the manager, or correct the pin.',
  run(facts) {
    const active = parseGoVersion(facts.activeGo?.goVersion);
    const pins = (facts.pins ?? []).filter((p) => p.manager && parseGoVersion(p.version));
    if (!active || !pins.length) return [];
    const byDir = pinsByDir(facts, pins);
    const out: Finding[] = [];
    const reported = new Set<GoVersionPin>();
    for (const folder of facts.workspaceFolders.length ? facts.workspaceFolders : [facts.host.cwd]) {
      const pin = nearest(facts, byDir, folder, isManagerPin);
      const pinV = parseGoVersion(pin?.version);
      if (!pin || !pinV || reported.has(pin)) continue;
      const matches = exact(pinV) ? compareGoVersions(pinV, active) === 0 : sameMinor(pinV, active);
      if (matches) continue;
      reported.add(pin);
      const activeText = formatGoVersion(active);
      const newRaw = replacedPin(pin.raw, pin.version!, active, !exact(pinV));
      out.push(
        finding(this, {
          title: `This shell runs go${activeText}, but ${PIN_NAMES[pin.kind]} says ${pin.version}: the version manager is not active here`,
          detail: `${pin.file} line ${pin.line} (${pin.raw}) pins Go ${pin.version} for ${pin.dir}, which ${pin.manager} would switch to. The go that runs here is ${facts.activeGo!.path}, go${activeText}: ${pin.manager} is not active in this shell (its shims are not first on PATH), or Go ${pin.version} is not installed for it. Builds here use go${activeText}, not the pinned release. Activate ${pin.manager}, or change the pin if it is stale.`,
          evidence: {
            pinFile: pin.file,
            kind: pin.kind,
            pin: pin.raw,
            pinnedGo: pin.version,
            manager: pin.manager,
            activeGo: facts.activeGo!.path,
            activeVersion: `go${activeText}`,
          },
          location: { file: pin.file, line: pin.line, column: pin.column, endColumn: pin.endColumn },
          fixes: [
            activateInstructions(facts, pin.manager!, pin.version!, pin.dir),
            ...(newRaw
              ? [
                  replaceRangeFix(
                    'pin-active-go',
                    `Change the pin to ${newRaw} (the Go this shell runs)`,
                    pin.file,
                    pin.line,
                    pin.column,
                    pin.endColumn,
                    newRaw,
                  ),
                ]
              : []),
          ],
        }),
      );
    }
    return out;
  },
};

export const PINS_CHECKS: readonly CheckDefinition[] = [goPinTooOld, goPinsDisagree, goPinNotActive];
