// Worst first: findings as root causes with their consequences nested under them, errors before warnings before notes.
import type { Finding, Location } from './report';
import { SEVERITY_RANK, sortFindings } from './report';

export interface TriageNode {
  finding: Finding;
  /** Findings that follow from this one (a tool too old for the go line this finding is about), worst first. */
  consequences: TriageNode[];
}

/** A place a finding's evidence blames: a file and a line. */
interface Blame {
  file: string;
  line: number;
}

/**
 * Evidence key pairs that name a file and a line the finding follows from (tool-stale's `requiredBy` and
 * `requiredLine`: the go line that needs a newer Go than the tool was built with). Nested objects are read
 * one level deep, so an environment value's evidence can blame its file line too.
 */
const BLAME_KEYS: readonly [fileKey: string, lineKey: string][] = [
  ['requiredBy', 'requiredLine'],
  ['file', 'line'],
];

function blamesOf(evidence: Record<string, unknown>, depth = 0): Blame[] {
  const out: Blame[] = [];
  for (const [fileKey, lineKey] of BLAME_KEYS) {
    const file = evidence[fileKey];
    const line = evidence[lineKey];
    if (typeof file === 'string' && typeof line === 'number' && line > 0) out.push({ file, line });
  }
  if (depth === 0)
    for (const v of Object.values(evidence))
      if (v && typeof v === 'object' && !Array.isArray(v)) out.push(...blamesOf(v as Record<string, unknown>, 1));
  return out;
}

const sameFile = (a: string, b: string) => a === b || a.replace(/\\/g, '/').toLowerCase() === b.replace(/\\/g, '/').toLowerCase();

function at(location: Location | undefined, blame: Blame): boolean {
  return !!location && location.line === blame.line && sameFile(location.file, blame.file);
}

/**
 * The finding `f` follows from, if any: a finding at a place `f`'s evidence blames (not at `f`'s own location),
 * at least as severe as `f`; the most severe such one when several are.
 */
function causeOf(f: Finding, candidates: readonly Finding[]): Finding | undefined {
  const blames = blamesOf(f.evidence).filter((b) => !at(f.location, b));
  if (!blames.length) return undefined;
  let best: Finding | undefined;
  for (const c of candidates) {
    if (c === f || SEVERITY_RANK[c.severity] < SEVERITY_RANK[f.severity]) continue;
    if (!blames.some((b) => at(c.location, b))) continue;
    if (!best || SEVERITY_RANK[c.severity] > SEVERITY_RANK[best.severity]) best = c;
  }
  return best;
}

/**
 * The findings as a forest: each root cause once, worst first (errors, warnings, notes; catalogue order within a
 * severity), its consequences under it. A chain of causes is followed to its end; a cycle cannot form because a
 * cause is never less severe than what it causes and, at equal severity, an earlier finding wins.
 */
export function triage(findings: readonly Finding[]): TriageNode[] {
  const sorted = sortFindings(findings);
  const parent = new Map<Finding, Finding>();
  for (const f of sorted) {
    const cause = causeOf(f, sorted);
    // At equal severity only an earlier finding can be the cause, which rules out two findings blaming each other.
    if (cause && (SEVERITY_RANK[cause.severity] > SEVERITY_RANK[f.severity] || sorted.indexOf(cause) < sorted.indexOf(f)))
      parent.set(f, cause);
  }
  const nodes = new Map<Finding, TriageNode>(sorted.map((f) => [f, { finding: f, consequences: [] }]));
  const roots: TriageNode[] = [];
  for (const f of sorted) {
    const p = parent.get(f);
    if (p) nodes.get(p)!.consequences.push(nodes.get(f)!);
    else roots.push(nodes.get(f)!);
  }
  return roots;
}

/** The root cause a finding is nested under, following the chain (the finding itself when it is a root). */
export function rootCauseOf(findings: readonly Finding[], f: Finding): Finding {
  const find = (nodes: TriageNode[], root?: Finding): Finding | undefined => {
    for (const n of nodes) {
      if (n.finding === f) return root ?? f;
      const inside = find(n.consequences, root ?? n.finding);
      if (inside) return inside;
    }
    return undefined;
  };
  return find(triage(findings)) ?? f;
}
