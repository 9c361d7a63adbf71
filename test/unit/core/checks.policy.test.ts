// policy-drift and policy-invalid: each rule kind on this machine, CI jobs and pins against the policy, fixes from the policy marked as such.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runChecks } from '../../../src/core/checks';
import { MOD_DIR, assertFixIdsUnique, findingsOf, fixOf, healthyFacts, one, quiet, setEnv } from '../support/factsBuilder';
import { declaring, POLICY_FILE, withPolicy } from '../support/policyFacts';
import { policyVerdict } from '../../../src/core/policy/verdict';

const CORP = 'https://goproxy.corp.example';

void test('an env rule broken by a default: at the rule line, with the value and where it comes from, fixed with the policy value', () => {
  const f = withPolicy(healthyFacts(), `{\n  "env": {\n    "GOPROXY": "${CORP}"\n  }\n}\n`);
  const x = one(f, 'policy-drift');
  assert.equal(x.severity, 'error');
  assert.equal(x.area, 'policy');
  assert.deepEqual(x.location, { file: POLICY_FILE, line: 3, column: 5, endColumn: 5 + `"GOPROXY": "${CORP}"`.length });
  assert.equal(x.evidence.value, 'https://proxy.golang.org,direct');
  assert.equal(x.evidence.source, 'goroot-go.env');
  assert.equal(x.evidence.sourceDescription, 'the default from /usr/local/go/go.env');
  assert.equal(x.evidence.rule, 'env.GOPROXY');
  assert.match(
    x.title,
    /GOPROXY must be https:\/\/goproxy.corp.example \(team policy\), but here it is "https:\/\/proxy.golang.org,direct"/,
  );
  const fix = fixOf(x, 'go-env-write');
  assert.equal(fix.value, CORP);
  assert.deepEqual(fix.origin, { kind: 'policy', file: POLICY_FILE, line: 3, rule: 'env.GOPROXY', securityRelevant: true });
  assert.match(fix.title, /\(the team policy's value, \.gohealth\.json line 3\)$/);
  setEnv(f, 'GOPROXY', CORP, 'goenv-file', 2);
  quiet(f, 'policy-drift');
});

void test('a value from the OS environment is changed for terminals and in the profile; severity and reason come from the rule', () => {
  const f = withPolicy(
    healthyFacts(),
    '{ "env": { "GOFLAGS": { "includes": ["-mod=readonly"], "severity": "warning", "reason": "go.mod is edited by hand only" } } }',
  );
  setEnv(f, 'GOFLAGS', '-trimpath', 'os');
  const x = one(f, 'policy-drift');
  assert.equal(x.severity, 'warning');
  assert.match(
    x.detail,
    /\(missing: -mod=readonly\), set in the OS environment\. The policy gives this reason: "go.mod is edited by hand only"\./,
  );
  assert.equal(fixOf(x, 'terminal-env').value, '-trimpath -mod=readonly');
  assert.match(fixOf(x, 'instructions').commands![0].text, /export GOFLAGS='-trimpath -mod=readonly'/);
  assert.ok(x.fixes.every((fx) => fx.origin?.securityRelevant === true));
  assertFixIdsUnique(x);
});

void test('a policy asking for an insecure value is reported at its line, and its value is never offered as a fix', () => {
  const f = withPolicy(healthyFacts(), '{\n  "env": {\n    "GOSUMDB": "off",\n    "GOPROXY": "http://goproxy.corp.example"\n  }\n}');
  const all = runChecks(f);
  const drift = all.filter((x) => x.id === 'policy-drift');
  assert.equal(drift.length, 2);
  for (const d of drift) {
    assert.deepEqual(d.fixes, []);
    assert.match(d.detail, /No fix applies the policy's value: it is itself reported \((gosumdb-off|goproxy-insecure)\)/);
  }
  const sumdb = all.find((x) => x.id === 'gosumdb-off')!;
  assert.deepEqual([sumdb.location?.file, sumdb.location?.line, sumdb.area], [POLICY_FILE, 3, 'policy']);
  assert.match(sumdb.title, /^The team policy asks for it: Checksum verification is off/);
  assert.match(sumdb.detail, /required by the team policy \/work\/app\/\.gohealth\.json line 3/);
  assert.deepEqual(sumdb.fixes, []);
  const insecure = all.find((x) => x.id === 'goproxy-insecure')!;
  assert.deepEqual([insecure.location?.line, insecure.fixes.length], [4, 0]);
});

void test('a "not" rule: an explicit value is removed (the default comes back), a default has no fix', () => {
  const f = withPolicy(healthyFacts(), '{ "env": { "GOTOOLCHAIN": { "not": ["auto"] }, "GOSUMDB": { "not": ["off"] } } }');
  const x = one(f, 'policy-drift');
  assert.match(x.title, /GOTOOLCHAIN must not be auto/);
  assert.deepEqual(x.fixes, []);
  setEnv(f, 'GOTOOLCHAIN', 'local', 'default');
  setEnv(f, 'GOSUMDB', 'off', 'goenv-file', 4);
  const sumdb = findingsOf(f, 'policy-drift').find((d) => d.evidence.variable === 'GOSUMDB')!;
  const unset = fixOf(sumdb, 'go-env-write');
  assert.equal(unset.value, undefined);
  assert.equal(unset.variable, 'GOSUMDB');
});

void test('the Go range: below it the go command is told to fetch a release in it that exists, above it to use that release', () => {
  const f = withPolicy(healthyFacts(), '{ "go": ">=1.26.10 <1.28" }');
  const x = one(f, 'policy-drift');
  assert.match(x.title, /The team policy wants Go >=1.26.10 <1.28, but this machine runs go1.26.8/);
  assert.equal(x.evidence.value, 'go1.26.8');
  assert.match(String(x.evidence.source), /the go on PATH \(\/usr\/local\/go\/bin\/go\)/);
  // This world's newest 1.26 is go1.26.8: the first minor in the range with a release is 1.27, at its newest patch.
  assert.equal(fixOf(x, 'go-env-write').value, 'go1.27.4+auto');
  assert.match(fixOf(x, 'instructions').title, /^Upgrade the Go in \/usr\/local\/go to 1\.27\.4/);
  // Applied: GOTOOLCHAIN now decides which Go runs, and that one is in the range.
  setEnv(f, 'GOTOOLCHAIN', 'go1.27.4+auto', 'goenv-file', 1);
  quiet(f, 'policy-drift');

  const above = withPolicy(healthyFacts(), '{ "go": "~1.25.4" }');
  const y = one(above, 'policy-drift');
  // The newest patch of 1.25, which the range allows.
  assert.equal(fixOf(y, 'go-env-write').value, 'go1.25.14');
  assert.match(fixOf(y, 'instructions').title, /1\.25\.14 beside/);
  setEnv(above, 'GOTOOLCHAIN', 'go1.25.14', 'goenv-file', 1);
  quiet(above, 'policy-drift');
  quiet(withPolicy(healthyFacts(), '{ "go": "1.26" }'), 'policy-drift');
});

void test('tool ranges: an old, a missing and a development build, each installed at a version in the range', () => {
  const f = withPolicy(healthyFacts(), '{ "tools": { "dlv": ">=1.27.0", "golangci-lint": ">=1.60 <2", "gopls": ">=0.20" } }');
  f.tools.find((t) => t.name === 'gopls')!.pathCopies[0].moduleVersion = '(devel)';
  const found = findingsOf(f, 'policy-drift');
  assert.equal(found.length, 3);
  const dlv = found.find((x) => x.evidence.tool === 'dlv')!;
  assert.equal(dlv.evidence.value, 'v1.26.0');
  const install = fixOf(dlv, 'run-command');
  assert.deepEqual(install.args, ['install', 'github.com/go-delve/delve/cmd/dlv@latest']);
  assert.equal(install.origin?.securityRelevant, true);
  const lint = found.find((x) => x.evidence.tool === 'golangci-lint')!;
  assert.match(lint.title, /but here it is not installed/);
  // v1 of golangci-lint has no /v2 in its module path.
  assert.deepEqual(fixOf(lint, 'run-command').args, ['install', 'github.com/golangci/golangci-lint/cmd/golangci-lint@v1.60.0']);
  const gopls = found.find((x) => x.evidence.tool === 'gopls')!;
  assert.equal(gopls.severity, 'info');
  assert.match(gopls.detail, /a development build or pseudo-version/);
});

void test('a tool install the active Go cannot build at the range names the toolchain that can', () => {
  // go1.26.8 builds gopls v0.23.0 at most; v0.24.0 needs go 1.27.0.
  const older = withPolicy(healthyFacts(), '{ "tools": { "gopls": ">=0.21" } }');
  older.tools = older.tools.filter((t) => t.name !== 'gopls');
  const inRange = fixOf(one(older, 'policy-drift'), 'run-command');
  assert.deepEqual(inRange.args, ['install', 'golang.org/x/tools/gopls@v0.23.0']);
  assert.equal(inRange.env, undefined);
  const newest = withPolicy(healthyFacts(), '{ "tools": { "gopls": ">=0.24.0" } }');
  newest.tools = newest.tools.filter((t) => t.name !== 'gopls');
  const switched = fixOf(one(newest, 'policy-drift'), 'run-command');
  assert.deepEqual(switched.args, ['install', 'golang.org/x/tools/gopls@latest']);
  assert.deepEqual(switched.env, { GOTOOLCHAIN: 'go1.27.0+auto' });
});

void test('a CI job setting a variable the policy rules on is judged at its line and fixed in the CI file', () => {
  const wf = `${MOD_DIR}/.github/workflows/ci.yml`;
  const f = withPolicy(healthyFacts(), `{ "env": { "GOPROXY": "${CORP}", "GOFLAGS": { "excludes": ["-mod"] } } }`);
  setEnv(f, 'GOPROXY', CORP, 'goenv-file', 1);
  f.declaredEnvs = [declaring(wf, 'github-actions', 'job test', { GOPROXY: 'https://proxy.golang.org', GOFLAGS: '-mod=mod -trimpath' })];
  const found = findingsOf(f, 'policy-drift');
  assert.equal(found.length, 2);
  const proxy = found.find((x) => x.evidence.variable === 'GOPROXY')!;
  assert.deepEqual(proxy.location, { file: wf, line: 5, column: 12, endColumn: 12 + 'https://proxy.golang.org'.length });
  assert.match(proxy.title, /^ci.yml, job test: GOPROXY must be https:\/\/goproxy.corp.example \(team policy\)/);
  const edit = fixOf(proxy, 'edit-file');
  assert.deepEqual(edit.edits, [{ line: 5, column: 12, endLine: 5, endColumn: 36, newText: CORP }]);
  assert.equal(edit.origin?.securityRelevant, true);
  assert.ok(proxy.fixes.every((x) => x.kind === 'edit-file'));
  const flags = found.find((x) => x.evidence.variable === 'GOFLAGS')!;
  assert.equal(fixOf(flags, 'edit-file').edits[0].newText, '-trimpath');
  // A file the policy does not govern (outside its directory) is not judged by it.
  f.declaredEnvs = [declaring('/elsewhere/.gitlab-ci.yml', 'gitlab-ci', 'variables', { GOPROXY: 'off' })];
  quiet(f, 'policy-drift');
});

void test('Go version pins outside the policy range, at the pin, re-pinned in their own precision', () => {
  const wf = `${MOD_DIR}/.github/workflows/ci.yml`;
  const f = withPolicy(healthyFacts(), '{ "go": ">=1.26.10 <1.28" }');
  setEnv(f, 'GOTOOLCHAIN', 'go1.26.10+auto', 'goenv-file');
  f.ci = [{ file: wf, kind: 'github-actions', line: 10, column: 24, endColumn: 28, raw: '1.25', version: '1.25' }];
  f.pins = [
    {
      file: `${MOD_DIR}/.go-version`,
      kind: 'go-version',
      dir: MOD_DIR,
      line: 1,
      column: 1,
      endColumn: 7,
      raw: '1.26.3',
      version: '1.26.3',
      manager: 'goenv',
    },
    {
      file: `${MOD_DIR}/.mise.toml`,
      kind: 'mise',
      dir: MOD_DIR,
      line: 2,
      column: 7,
      endColumn: 11,
      raw: '1.27',
      version: '1.27',
      manager: 'mise',
    },
  ];
  const found = findingsOf(f, 'policy-drift');
  // This world's newest 1.26 is go1.26.8, outside the range: the pins move to 1.27, which has releases in it.
  assert.deepEqual(
    found.map((x) => [x.location?.file, x.location?.line, fixOf(x, 'edit-file').edits[0].newText]),
    [
      [wf, 10, '1.27'],
      [`${MOD_DIR}/.go-version`, 1, '1.27.4'],
    ],
  );
  assert.equal(found[0].fixes[0].origin?.securityRelevant, false);
});

void test('policy-invalid: one finding per problem at its line, a rename for a misspelt name, and a file that cannot be read', () => {
  const f = withPolicy(healthyFacts(), '{\n  "go": ">=1.26..1",\n  "env": { "GOPROXYY": "x" }\n}');
  const found = findingsOf(f, 'policy-invalid');
  assert.deepEqual(
    found.map((x) => [x.severity, x.location?.line, x.location?.column]),
    [
      ['error', 2, 9],
      ['warning', 3, 12],
    ],
  );
  assert.match(found[0].title, /^\.gohealth\.json line 2: go ">=1.26..1" cannot be read as a version range: '>=1.26..1' has an empty part/);
  const rename = fixOf(found[1], 'edit-file');
  assert.deepEqual(rename.edits, [{ line: 3, column: 12, endLine: 3, endColumn: 22, newText: '"GOPROXY"' }]);
  // The rest of the policy is still checked.
  quiet(f, 'policy-drift');
  const unreadable = healthyFacts();
  unreadable.policies = [{ file: POLICY_FILE, folders: [MOD_DIR], rules: [], problems: [], readError: 'the file cannot be read' }];
  const x = one(unreadable, 'policy-invalid');
  assert.deepEqual(x.location, { file: POLICY_FILE, line: 1, column: 1 });
});

void test('the nearest policy governs a file; the machine is judged against each policy in force', () => {
  const sub = `${MOD_DIR}/svc`;
  const f = withPolicy(healthyFacts(), '{ "env": { "GOFLAGS": "-mod=readonly" } }');
  withPolicy(f, '{ "env": { "GOFLAGS": "-mod=vendor" } }', `${sub}/.gohealth.json`);
  f.declaredEnvs = [declaring(`${sub}/Dockerfile`, 'dockerfile', 'stage build', { GOFLAGS: '-mod=vendor' })];
  const found = findingsOf(f, 'policy-drift');
  // This machine breaks both policies; the Dockerfile follows its own (nearest) one.
  assert.deepEqual(
    found.map((x) => x.location?.file),
    [POLICY_FILE, `${sub}/.gohealth.json`],
  );
});

void test('the report verdict: a rule broken in several places counts once; a complying machine is compliant; an unreadable policy is not', () => {
  const broken = withPolicy(healthyFacts(), `{\n  "env": {\n    "GOPROXY": "${CORP}",\n    "GOSUMDB": { "not": ["off"] }\n  }\n}\n`);
  const findings = runChecks(broken);
  assert.deepEqual(policyVerdict(broken.policies, findings, true), { compliant: false, file: POLICY_FILE, rules: 2, rulesBroken: 1 });
  // The same rule broken twice (the machine and a copy of its finding) is still one rule.
  const twice = [...findings, ...findings.filter((x) => x.id === 'policy-drift')];
  assert.equal(policyVerdict(broken.policies, twice, true)?.rulesBroken, 1);
  assert.equal(policyVerdict(broken.policies, findings, false), undefined, 'no verdict when policy-drift did not run');
  assert.equal(policyVerdict(undefined, findings, true), undefined, 'no verdict without a policy');
  setEnv(broken, 'GOPROXY', CORP, 'goenv-file', 2);
  assert.deepEqual(policyVerdict(broken.policies, runChecks(broken), true), {
    compliant: true,
    file: POLICY_FILE,
    rules: 2,
    rulesBroken: 0,
  });
  const unreadable = withPolicy(healthyFacts(), '{ "env": { "GOPROXY": ');
  const verdict = policyVerdict(unreadable.policies, runChecks(unreadable), true);
  assert.equal(verdict?.compliant, false);
  assert.equal(verdict?.unreadable, true);
});
