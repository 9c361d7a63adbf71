// The check registry: every check Go Health runs, and the runner that applies host filters and --only/--skip.
import type { Facts } from '../facts';
import { sortFindings, type Finding } from '../report';
import { BUILD_CHECKS } from './build';
import { CACHES_CHECKS } from './caches';
import { CONSISTENCY_CHECKS } from './consistency';
import { MODULES_CHECKS } from './modules';
import { NETWORK_CHECKS } from './network';
import { PATHS_CHECKS } from './paths';
import { TOOLCHAIN_CHECKS } from './toolchain';
import { WSL_CHECKS } from './wsl';
import { appliesTo, type CheckDefinition } from './types';

/** Every check, in catalogue order (toolchain, paths, modules, network, caches, build, consistency, wsl). */
export const ALL_CHECKS: readonly CheckDefinition[] = [
  ...TOOLCHAIN_CHECKS,
  ...PATHS_CHECKS,
  ...MODULES_CHECKS,
  ...NETWORK_CHECKS,
  ...CACHES_CHECKS,
  ...BUILD_CHECKS,
  ...CONSISTENCY_CHECKS,
  ...WSL_CHECKS,
];

const BY_ID = new Map(ALL_CHECKS.map((c) => [c.id, c]));

export function checkById(id: string): CheckDefinition | undefined {
  return BY_ID.get(id);
}

export interface CheckFilter {
  /** Run only these ids. */
  only?: string[];
  /** Skip these ids. */
  skip?: string[];
}

/** Id of the finding reported when a check itself throws. */
export const INTERNAL_ERROR_ID = 'internal-error';

/**
 * Runs every check that applies to the host (and passes the filter) and returns the findings sorted
 * errors first. A check that throws yields an `internal-error` finding naming it instead of stopping the others.
 */
export function runChecks(facts: Facts, filter: CheckFilter = {}): Finding[] {
  const only = filter.only?.length ? new Set(filter.only) : undefined;
  const skip = new Set(filter.skip ?? []);
  const findings: Finding[] = [];
  for (const check of ALL_CHECKS) {
    if (only && !only.has(check.id)) continue;
    if (skip.has(check.id)) continue;
    if (!appliesTo(check.where, facts.host)) continue;
    try {
      findings.push(...check.run(facts));
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      findings.push({
        id: INTERNAL_ERROR_ID,
        severity: 'warning',
        area: check.area,
        title: `The check ${check.id} failed`,
        detail: `Go Health's check ${check.id} stopped with an error, so its result is unknown: ${err.message}. Please report this with the JSON report attached.`,
        evidence: { check: check.id, error: err.message, ...(err.stack ? { stack: err.stack.split('\n').slice(0, 6).join('\n') } : {}) },
        fixes: [],
      });
    }
  }
  return sortFindings(findings);
}
