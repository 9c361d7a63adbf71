// The team policy's verdict on one check: whether this machine complies, which policy file judged it, and how many of its rules are broken.
import type { PolicyFile } from './model';
import type { Finding, PolicyVerdict } from '../report';

/**
 * The verdict from the policy-drift findings: a rule counts once however many places break it (the machine, a CI
 * job, a version pin). A policy that cannot be read, or has a syntax error, is not complied with: its rules went
 * unchecked. Undefined when no policy governs the workspace, or the policy checks did not run.
 */
export function policyVerdict(
  policies: readonly PolicyFile[] | undefined,
  findings: readonly Finding[],
  driftChecked: boolean,
): PolicyVerdict | undefined {
  if (!policies?.length || !driftChecked) return undefined;
  const broken = new Set<string>();
  for (const f of findings) {
    if (f.id !== 'policy-drift') continue;
    const ev = f.evidence as { policyFile?: unknown; rule?: unknown };
    broken.add(`${String(ev.policyFile)}\u0000${String(ev.rule)}`);
  }
  const unreadable = policies.some((p) => p.readError !== undefined || p.problems.some((x) => x.kind === 'syntax'));
  return {
    compliant: broken.size === 0 && !unreadable,
    file: policies[0]!.file,
    ...(policies.length > 1 ? { otherFiles: policies.slice(1).map((p) => p.file) } : {}),
    rules: policies.reduce((n, p) => n + p.rules.length, 0),
    rulesBroken: broken.size,
    ...(unreadable ? { unreadable: true } : {}),
  };
}
