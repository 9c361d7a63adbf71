// Facts with a team policy, version pins and declared environments, for the policy and pin check tests.
import type { DeclaredEnvironment, DeclaredVariable } from '../../../src/core/declared';
import type { Facts } from '../../../src/core/facts';
import { parsePolicy } from '../../../src/core/policy/parse';
import { POLICY_VOCABULARY } from '../../../src/core/probe/policy';
import { MOD_DIR } from './factsBuilder';

export const POLICY_FILE = `${MOD_DIR}/.gohealth.json`;

/** Adds a policy read from `text` (at the module's root unless `file` says otherwise), governing the workspace folder. */
export function withPolicy(facts: Facts, text: string, file = POLICY_FILE): Facts {
  facts.policies = [...(facts.policies ?? []), { file, folders: [MOD_DIR], ...parsePolicy(text, POLICY_VOCABULARY) }];
  return facts;
}

/** A CI or container file setting Go variables, each on its own line from `firstLine`, value at column 12 (`    NAME: value`-like). */
export function declaring(
  file: string,
  kind: DeclaredEnvironment['kind'],
  scope: string,
  vars: Record<string, string>,
  firstLine = 5,
): DeclaredEnvironment {
  const list: DeclaredVariable[] = Object.entries(vars).map(([name, value], i) => ({
    name,
    value,
    file,
    kind,
    scope,
    line: firstLine + i,
    column: 12,
    endColumn: 12 + value.length,
    wholeLine: true,
  }));
  return { file, kind, scope, vars: list };
}
