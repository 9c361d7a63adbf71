// Writes schemas/gohealth-policy.schema.json from the policy reader's vocabulary, so editor completion cannot drift from what is checked.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Updates the schema from the compiled modules in out/; returns true when it changed. */
export function generatePolicySchema(root = process.cwd()) {
  const { policySchema } = require(`${root}/out/src/core/policy/schema.js`);
  const { POLICY_VOCABULARY } = require(`${root}/out/src/core/probe/policy.js`);
  const { GO_ENV_VARIABLES } = require(`${root}/out/src/shared/goenvVariables.js`);
  const file = `${root}/schemas/gohealth-policy.schema.json`;
  const next =
    JSON.stringify(
      policySchema(POLICY_VOCABULARY, (name) => GO_ENV_VARIABLES.get(name)?.doc),
      null,
      2,
    ) + '\n';
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    text = '';
  }
  if (next === text) return false;
  writeFileSync(file, next);
  return true;
}
