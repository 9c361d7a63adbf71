// The policy drafted from a reference machine, and the JSON schema editors validate .gohealth.json with.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { draftPolicy } from '../../../src/core/policy/init';
import { parsePolicy } from '../../../src/core/policy/parse';
import { policySchema } from '../../../src/core/policy/schema';
import { POLICY_VOCABULARY } from '../../../src/core/probe/policy';
import { GO_ENV_VARIABLES } from '../../../src/shared/goenvVariables';
import { runChecks } from '../../../src/core/checks';
import { healthyFacts, setEnv } from '../support/factsBuilder';
import { withPolicy } from '../support/policyFacts';

const SCHEMA_FILE = path.resolve(__dirname, '..', '..', '..', '..', 'schemas', 'gohealth-policy.schema.json');

/** The JSON value of a draft: its comments are whole lines, which the schema does not see. */
function withoutCommentLines(text: string): unknown {
  return JSON.parse(text.replace(/^\s*\/\/.*$/gm, ''));
}

void test('a draft from this machine states its Go release as the lower bound, its settings and tool versions, and passes on it', () => {
  const f = healthyFacts();
  setEnv(f, 'GOPRIVATE', '*.corp.example,github.com/org/*', 'goenv-file', 1);
  setEnv(f, 'GOFLAGS', '-mod=readonly -trimpath', 'goenv-file', 2);
  const draft = draftPolicy(f);
  const { rules, problems } = parsePolicy(draft.text, POLICY_VOCABULARY);
  assert.deepEqual(problems, []);
  assert.deepEqual(
    rules.map((r) => r.name),
    ['go', 'env.GOPROXY', 'env.GOSUMDB', 'env.GOPRIVATE.includes', 'env.GOFLAGS.includes', 'env.GOTOOLCHAIN', 'tools.gopls', 'tools.dlv'],
  );
  assert.match(draft.text, /"go": ">=1\.26\.8"/);
  assert.match(draft.text, /"GOPRIVATE": \{ "includes": \["\*\.corp\.example","github\.com\/org\/\*"\] \}/);
  assert.deepEqual(draft.leftOut, []);
  // The machine it was written from complies with it.
  assert.deepEqual(
    runChecks(withPolicy(f, draft.text)).filter((x) => x.id.startsWith('policy-')),
    [],
  );
});

void test('insecure values of the machine are left out of the draft, with the reason written in it', () => {
  const f = healthyFacts();
  setEnv(f, 'GOSUMDB', 'off', 'goenv-file', 1);
  setEnv(f, 'GOPROXY', 'http://proxy.corp.example', 'os');
  f.tools[0].pathCopies[0].moduleVersion = 'v0.0.0-20240101000000-abcdef123456';
  f.tools[0].installDirCopy!.moduleVersion = 'v0.0.0-20240101000000-abcdef123456';
  const draft = draftPolicy(f);
  assert.deepEqual(draft.leftOut, ['GOPROXY=http://proxy.corp.example (goproxy-insecure)', 'GOSUMDB=off (gosumdb-off)']);
  assert.match(draft.text, /\/\/ GOSUMDB=off on this machine was left out: Checksum verification is off/);
  assert.doesNotMatch(draft.text, /"GOSUMDB"|"GOPROXY"|"gopls"/);
});

void test('the committed schema is the one the policy reader implies, and accepts the policies the reader accepts', () => {
  const schema = policySchema(POLICY_VOCABULARY, (n) => GO_ENV_VARIABLES.get(n)?.doc);
  assert.deepEqual(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')), schema, 'run npm run build to regenerate the schema');
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  const good = {
    go: '>=1.26.10 <1.28',
    severity: 'warning',
    env: {
      GOPROXY: { equals: 'https://p.example', noDirect: true, reason: 'r' },
      GOFLAGS: { includes: ['-mod=readonly'] },
      GOSUMDB: { not: 'off' },
    },
    tools: { dlv: '>=1.26.0', 'golangci-lint': { version: '^2.1', severity: 'info' } },
  };
  assert.ok(validate(good), JSON.stringify(validate.errors));
  assert.ok(validate(withoutCommentLines(draftPolicy(healthyFacts()).text)), JSON.stringify(validate.errors));
  for (const bad of [
    { env: { GOPROXYY: 'x' } },
    { tool: {} },
    { env: { GOSUMDB: { noDirect: true } } },
    { tools: { delve: '>=1' } },
    { severity: 'high' },
  ])
    assert.equal(validate(bad), false, JSON.stringify(bad));
  // Completion offers every variable the reader knows, each with its documentation.
  const envProps = (schema.properties as { env: { properties: Record<string, { markdownDescription: string }> } }).env.properties;
  assert.deepEqual(Object.keys(envProps), [...POLICY_VOCABULARY.variables]);
  assert.match(envProps.GOPROXY.markdownDescription, /proxy/i);
});
