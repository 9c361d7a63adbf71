// What a check is: an id from the catalogue, its metadata, and a pure function from facts to findings.
import type { Facts } from '../facts';
import type { Area, Finding, Fix, Location, Severity } from '../report';

/** The kinds of fix a finding can offer (design.md). */
export type FixKind = Fix['kind'];

export type Where = 'all' | 'windows' | 'wsl' | 'linux-mac' | 'windows-wsl';

export interface CheckDefinition {
  /** The public id from checks.md (kebab-case, stable). */
  id: string;
  area: Area;
  /** Default severity (a finding may lower or raise it where checks.md says so). */
  severity: Severity;
  where: Where;
  /** One line: what the rule looks for (SARIF shortDescription). */
  summary: string;
  /** A paragraph: why it matters and what to do (SARIF help, `Explain`). */
  help: string;
  /**
   * Every kind of fix its findings can offer (which one depends on where a value is set). The catalogue
   * (docs/checks.md) lists them, and the fix round trip proves each applicable kind on a real go.
   */
  fixKinds: readonly FixKind[];
  run(facts: Facts): Finding[];
}

/** Builds a finding for a check, filling id, area and default severity. */
export function finding(
  check: Pick<CheckDefinition, 'id' | 'area' | 'severity'>,
  parts: {
    title: string;
    detail: string;
    evidence: Record<string, unknown>;
    location?: Location;
    fixes?: Fix[];
    severity?: Severity;
  },
): Finding {
  return {
    id: check.id,
    severity: parts.severity ?? check.severity,
    area: check.area,
    title: parts.title,
    detail: parts.detail,
    evidence: parts.evidence,
    ...(parts.location ? { location: parts.location } : {}),
    fixes: parts.fixes ?? [],
  };
}

/** True when a check applies on this host. */
export function appliesTo(where: Where, host: Pick<Facts['host'], 'platform' | 'isWsl'>): boolean {
  switch (where) {
    case 'all':
      return true;
    case 'windows':
      return host.platform === 'win32';
    case 'wsl':
      return host.isWsl;
    case 'linux-mac':
      return host.platform !== 'win32';
    case 'windows-wsl':
      return host.platform === 'win32' || host.isWsl;
  }
}
