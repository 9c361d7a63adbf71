// Indexes over the workspace's modules that checks ask across all of them (the highest go line), kept per modules list and carried over when a save replaces a few modules.
import type { GoModFile } from '../facts';
import { compareGoVersions, parseGoVersion, type GoVersion } from '../goversion';

/** What re-checks did: whole checks run and modules looked at (tests assert that a save's work stays flat). */
export interface CheckWork {
  /** Checks run over the whole facts. */
  checksRun: number;
  /** Modules looked at: by a whole run of a check that reads them, by a check of one module alone, by an index. */
  modulesChecked: number;
}

export const checkWork: CheckWork = { checksRun: 0, modulesChecked: 0 };

/** The modules by go line: each distinct line's value with its version and the positions (ascending) that have it. */
interface GoLineIndex {
  byValue: Map<string, { version: GoVersion; positions: number[] }>;
  /** Each directory (slashes and case folded) with the first position that has it. */
  firstByDir: Map<string, number>;
  /** Positions (ascending) of the modules with a toolchain line. */
  withToolchain: number[];
}

const indexes = new WeakMap<readonly GoModFile[], GoLineIndex>();
/** Lists made from another by replacing the modules at some positions (same files in the same order). */
const derivedFrom = new WeakMap<readonly GoModFile[], { before: readonly GoModFile[]; changed: readonly number[] }>();

/** Records that `after` is `before` with the modules at `changed` replaced: its indexes are derived, not rebuilt. */
export function noteReplacedModules(before: readonly GoModFile[], after: readonly GoModFile[], changed: readonly number[]): void {
  // Only from a list whose index exists: a chain of lists each kept alive by the next would hold every save's.
  if (indexes.has(before)) derivedFrom.set(after, { before, changed });
}

export const foldDir = (d: string): string => d.replace(/\\/g, '/').toLowerCase();

/** The first position in the ascending `list` whose number is not below `n`. */
function lowerBound(list: readonly number[], n: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! < n) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertSorted(list: number[], n: number): void {
  list.splice(lowerBound(list, n), 0, n);
}

function removeSorted(list: number[], n: number): void {
  const at = lowerBound(list, n);
  if (list[at] === n) list.splice(at, 1);
}

function add(index: GoLineIndex, mod: GoModFile, position: number): void {
  if (mod.toolchain) insertSorted(index.withToolchain, position);
  const value = mod.go?.value;
  if (value === undefined) return;
  let entry = index.byValue.get(value);
  if (!entry) {
    const version = parseGoVersion(value);
    if (!version) return;
    index.byValue.set(value, (entry = { version, positions: [] }));
  }
  insertSorted(entry.positions, position);
}

function remove(index: GoLineIndex, mod: GoModFile, position: number): void {
  if (mod.toolchain) removeSorted(index.withToolchain, position);
  const value = mod.go?.value;
  const entry = value === undefined ? undefined : index.byValue.get(value);
  if (!entry) return;
  removeSorted(entry.positions, position);
  if (!entry.positions.length) index.byValue.delete(value!);
}

/** The go-line index of a modules list: derived from the list it was made from when there is one, else built. */
export function goLineIndex(modules: readonly GoModFile[]): GoLineIndex {
  const hit = indexes.get(modules);
  if (hit) return hit;
  const from = derivedFrom.get(modules);
  derivedFrom.delete(modules);
  const base = from && indexes.get(from.before);
  let index: GoLineIndex;
  if (from && base) {
    index = {
      byValue: new Map([...base.byValue].map(([v, e]) => [v, { version: e.version, positions: e.positions }])),
      firstByDir: base.firstByDir,
      withToolchain: [...base.withToolchain],
    };
    for (const i of from.changed) {
      checkWork.modulesChecked++;
      // Copied before the first change: the index of the list before stays as it was.
      for (const mod of [from.before[i], modules[i]])
        if (mod?.go) {
          const e = index.byValue.get(mod.go.value);
          if (e && e.positions === base.byValue.get(mod.go.value)?.positions) e.positions = [...e.positions];
        }
      remove(index, from.before[i]!, i);
      add(index, modules[i]!, i);
    }
  } else {
    index = { byValue: new Map(), firstByDir: new Map(), withToolchain: [] };
    for (let i = 0; i < modules.length; i++) {
      add(index, modules[i]!, i);
      const dir = foldDir(modules[i]!.dir);
      if (!index.firstByDir.has(dir)) index.firstByDir.set(dir, i);
    }
    checkWork.modulesChecked += modules.length;
  }
  indexes.set(modules, index);
  return index;
}

/** The distinct go lines, highest version first; lines of equal versions (1.22 and 1.22.0 may be) in one family. */
export function goLinesDescending(
  index: GoLineIndex,
): { version: GoVersion; lines: { value: string; version: GoVersion; positions: readonly number[] }[] }[] {
  const entries = [...index.byValue].sort((a, b) => compareGoVersions(b[1].version, a[1].version));
  const out: { version: GoVersion; lines: { value: string; version: GoVersion; positions: readonly number[] }[] }[] = [];
  for (const [value, e] of entries) {
    const last = out[out.length - 1];
    const line = { value, version: e.version, positions: e.positions };
    if (last && compareGoVersions(last.version, e.version) === 0) last.lines.push(line);
    else out.push({ version: e.version, lines: [line] });
  }
  return out;
}

/** The modules with a toolchain line, in order (each counted as looked at). */
export function modulesWithToolchainLine(modules: readonly GoModFile[]): GoModFile[] {
  const positions = goLineIndex(modules).withToolchain;
  checkWork.modulesChecked += positions.length;
  return positions.map((i) => modules[i]!);
}
