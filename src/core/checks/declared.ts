// The value checks run on environments that files declare (CI jobs, containers, the team policy's own values), located at their lines.
import type { DeclaredEnvironment, DeclaredVariable } from '../declared';
import type { EnvValue, Facts } from '../facts';
import type { EnvRule, PolicyFile } from '../policy/model';
import type { Finding } from '../report';
import { CHECK_VARIABLES, VALUE_CHECK_IDS } from './envRules';
import type { CheckDefinition } from './types';
import { CACHES_CHECKS } from './caches';
import { MODULES_CHECKS } from './modules';
import { NETWORK_CHECKS } from './network';

/** An environment with the Facts the value checks see for it: only its own variables, each sourced at its line. */
export interface JudgedEnvironment {
  env: DeclaredEnvironment;
  facts: Facts;
}

/** A value a policy rule asks for, as a variable declared at the rule's line (the value checks judge it there). */
export function policyRuleVariable(policy: PolicyFile, rule: EnvRule, value: string): DeclaredVariable {
  return {
    name: rule.variable,
    value,
    file: policy.file,
    kind: 'policy',
    scope: `rule ${rule.name}`,
    line: rule.line,
    column: rule.column,
    endColumn: rule.endColumn,
    wholeLine: false,
  };
}

/** The environments a policy asks for: each value a rule requires (equals, oneOf, includes), at the rule's line. */
function policyEnvironments(facts: Facts): DeclaredEnvironment[] {
  const out: DeclaredEnvironment[] = [];
  for (const policy of facts.policies ?? []) {
    for (const rule of policy.rules) {
      if (rule.kind !== 'env' || (rule.test !== 'equals' && rule.test !== 'oneOf' && rule.test !== 'includes')) continue;
      const values = rule.test === 'includes' ? [rule.values.join(rule.variable === 'GOFLAGS' ? ' ' : ',')] : rule.values;
      for (const value of values) {
        if (value === '') continue;
        out.push({ file: policy.file, kind: 'policy', scope: `rule ${rule.name}`, vars: [policyRuleVariable(policy, rule, value)] });
      }
    }
  }
  return out;
}

/** Facts for judging one declared environment: its variables only, so nothing of this machine's is judged twice. */
export function declaredFacts(facts: Facts, env: DeclaredEnvironment): Facts {
  const vars: Record<string, EnvValue> = {};
  for (const v of env.vars) vars[v.name] = declaredValue(v);
  const judged: Facts = { ...facts, env: vars, goEnv: { vars: {} }, dirs: {}, declaredEnvs: [], policies: [] };
  // The go env files are this machine's: a declared environment has none.
  delete judged.goenvFile;
  delete judged.gorootEnvFile;
  return judged;
}

export function declaredValue(v: DeclaredVariable): EnvValue {
  const { name, value, ...at } = v;
  return { name, value, source: 'declared', declared: at };
}

/** Every environment the value checks judge besides this machine's: CI and container files, and the policy's own values. */
export function judgedEnvironments(facts: Facts): JudgedEnvironment[] {
  const envs = [...(facts.declaredEnvs ?? []), ...policyEnvironments(facts)];
  return envs.map((env) => ({ env, facts: declaredFacts(facts, env) }));
}

function basename(file: string): string {
  return file.replace(/^.*[\\/]/, '');
}

/**
 * One value check on one declared environment: its findings placed at the line that sets the variable, named after
 * the file and part that declares it, and with only the fixes that edit that line (a `go env -w` would change this
 * machine, not the CI job). Findings about the policy's own values belong to the policy and get no fix.
 */
export function judgeDeclared(check: CheckDefinition, judged: JudgedEnvironment): Finding[] {
  if (!VALUE_CHECK_IDS.has(check.id)) return [];
  const { env, facts } = judged;
  const variables = CHECK_VARIABLES[check.id] ?? [];
  const blamed = env.vars.find((v) => variables.includes(v.name)) ?? env.vars[0];
  if (!blamed || !env.vars.some((v) => variables.includes(v.name))) return [];
  return check.run(facts).map((f) => {
    const location =
      f.location && f.location.file === env.file
        ? f.location
        : { file: blamed.file, line: blamed.line, column: blamed.column, endColumn: blamed.endColumn };
    const isPolicy = env.kind === 'policy';
    return {
      ...f,
      ...(isPolicy ? { area: 'policy' as const } : {}),
      title: isPolicy ? `The team policy asks for it: ${f.title}` : `${basename(env.file)}, ${env.scope}: ${f.title}`,
      evidence: { ...f.evidence, declaredIn: { file: env.file, kind: env.kind, scope: env.scope, line: blamed.line } },
      location,
      fixes: isPolicy ? [] : f.fixes.filter((x) => x.kind === 'edit-file' && x.file === env.file),
    };
  });
}

/** The value checks themselves, in catalogue order. */
function valueChecks(): CheckDefinition[] {
  return [...MODULES_CHECKS, ...NETWORK_CHECKS, ...CACHES_CHECKS].filter((c) => VALUE_CHECK_IDS.has(c.id));
}

/** What the value checks say of one value of one variable (as if a file declared it): how the policy screens values it would apply. */
export function valueFindings(facts: Facts, variable: DeclaredVariable): Finding[] {
  const env: DeclaredEnvironment = { file: variable.file, kind: variable.kind, scope: variable.scope, vars: [variable] };
  const judged = { env, facts: declaredFacts(facts, env) };
  return valueChecks().flatMap((c) => judgeDeclared(c, judged));
}
