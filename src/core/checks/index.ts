// The check registry: every check Go Health runs, and the runner that applies host filters and --only/--skip.
import type { Facts } from '../facts';
import { sortFindings, type Finding } from '../report';
import { BUILD_CHECKS } from './build';
import { CACHES_CHECKS } from './caches';
import { CONSISTENCY_CHECKS } from './consistency';
import { HISTORY_CHECKS } from './history';
import { COVERAGE_CHECKS } from './coverage';
import { MODULES_CHECKS } from './modules';
import { NETWORK_CHECKS } from './network';
import { PATHS_CHECKS } from './paths';
import { PINS_CHECKS } from './pins';
import { POLICY_CHECKS } from './policy';
import { TOOLCHAIN_CHECKS } from './toolchain';
import { WSL_CHECKS } from './wsl';
import { appliesTo, type CheckDefinition } from './types';
import { judgeDeclared, judgedEnvironments, type JudgedEnvironment } from './declared';
export { judgedEnvironments } from './declared';

/** Every check, in catalogue order (toolchain, paths, modules, network, caches, build, consistency and pins, policy, wsl). */
export const ALL_CHECKS: readonly CheckDefinition[] = [
  ...TOOLCHAIN_CHECKS,
  ...PATHS_CHECKS,
  ...MODULES_CHECKS,
  ...NETWORK_CHECKS,
  ...CACHES_CHECKS,
  ...BUILD_CHECKS,
  ...CONSISTENCY_CHECKS,
  ...HISTORY_CHECKS,
  ...COVERAGE_CHECKS,
  ...PINS_CHECKS,
  ...POLICY_CHECKS,
  ...WSL_CHECKS,
];

const BY_ID = new Map(ALL_CHECKS.map((c) => [c.id, c]));

export function checkById(id: string): CheckDefinition | undefined {
  return BY_ID.get(id);
}

/** Which checks a run asks for: `only` limits them to these ids, `skip` leaves these out (both by check id). */
interface CheckSelection {
  only?: readonly string[];
  skip?: readonly string[];
}

/**
 * The checks that run on this host for a selection, in catalogue order: the one answer to "which checks run"
 * for the engine (and what it probes), the CLI's SARIF rules and passed areas, and the language server's
 * disabled checks.
 */
export function selectChecks(host: Pick<Facts['host'], 'platform' | 'isWsl'>, selection: CheckSelection = {}): CheckDefinition[] {
  const only = selection.only?.length ? new Set(selection.only) : undefined;
  const skip = new Set(selection.skip ?? []);
  return ALL_CHECKS.filter((c) => (!only || only.has(c.id)) && !skip.has(c.id) && appliesTo(c.where, host));
}

/** Id of the finding reported when a check itself throws. */
const INTERNAL_ERROR_ID = 'internal-error';

/** Runs the selected checks on the facts (see {@link runSelectedChecks}). */
export function runChecks(facts: Facts, selection: CheckSelection = {}): Finding[] {
  return runSelectedChecks(facts, selectChecks(facts.host, selection));
}

/**
 * Runs the given checks and returns their findings sorted errors first. A check that throws yields an
 * `internal-error` finding naming it instead of stopping the others.
 */
export function runSelectedChecks(facts: Facts, checks: readonly CheckDefinition[]): Finding[] {
  const findings: Finding[] = [];
  // CI jobs, containers and the team policy's values are environments too: the value checks judge them as well.
  const declared = judgedEnvironments(facts);
  for (const check of checks) findings.push(...runCheckOn(facts, check, declared));
  return sortFindings(findings);
}

/**
 * One check on the facts and on each declared environment, unsorted. A check that throws yields an
 * `internal-error` finding naming it.
 */
export function runCheckOn(facts: Facts, check: CheckDefinition, declared: readonly JudgedEnvironment[]): Finding[] {
  const findings: Finding[] = [];
  try {
    findings.push(...check.run(facts));
    for (const judged of declared) findings.push(...judgeDeclared(check, judged));
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
  return findings;
}
