// Evidence in plain words: variables with where they are set, the go line and the tools too old for it, internal states left to the details.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evidenceDetails, evidenceSentences } from '../../../src/core/render/evidence';
import { docLinksFor, goReadsVariable } from '../../../src/core/data/goDocs';
import { runChecks } from '../../../src/core/checks';
import { summarizeEnvironment } from '../../../src/core/environment';
import { GOENV_FILE, HOME, MOD_DIR, healthyFacts, moduleFile, setEnv } from '../support/factsBuilder';

void test('a go line newer than the Go, with GOTOOLCHAIN=local from go env -w: sentences a Go developer reads at a glance', () => {
  const facts = setEnv(healthyFacts(), 'GOTOOLCHAIN', 'local', 'goenv-file', 2);
  facts.modules = [moduleFile(MOD_DIR, '1.27.1')];
  const findings = runChecks(facts);
  const env = summarizeEnvironment(facts);
  const whereSet = (name: string) => env.variables.find((v) => v.name === name)?.setAt;
  const newer = findings.find((f) => f.id === 'gomod-go-newer')!;
  const sentences = evidenceSentences(newer, { whereSet, homedir: HOME });
  assert.equal(sentences[0], "GOTOOLCHAIN=local, set in your go env file (~/.config/go/env, line 2); GOROOT/go.env's default is auto.");
  assert.ok(sentences.includes('The go line says go 1.27.1.'), sentences.join(' | '));
  assert.ok(sentences.includes('The active Go is go1.26.8.'));
  assert.ok(sentences.some((s) => s.startsWith('The go command says: go: go.mod requires go >= 1.27.1')));
  for (const s of sentences) assert.doesNotMatch(s, /needsSwitch|blocked|switching-disabled|\{"/, 'no internal names or raw JSON');
  const details = evidenceDetails(newer);
  assert.ok(details.some((d) => d.key === 'GOTOOLCHAIN.value' && d.value === 'local'));
  assert.ok(
    details.some((d) => d.key === 'blocked' && d.value === 'switching-disabled'),
    'the raw values stay available',
  );
  assert.equal(GOENV_FILE, `${HOME}/.config/go/env`);

  const stale = findings.find((f) => f.id === 'tool-stale')!;
  const staleSaid = evidenceSentences(stale, { homedir: HOME });
  assert.ok(
    staleSaid.some((s) => /^(gopls|dlv) v[\d.]+ at ~\/go\/bin\/(gopls|dlv) was built with go1\.26\.8\.$/.test(s)),
    staleSaid.join(' | '),
  );
  assert.ok(staleSaid.includes(`${MOD_DIR}/go.mod line 3 needs Go 1.27.1.`), staleSaid.join(' | '));
});

void test('an OS value over a go env -w one says which wins; an unset default says it is not set', () => {
  const facts = setEnv(healthyFacts(), 'GOFLAGS', '-mod=mod', 'goenv-file', 1);
  setEnv(facts, 'GOFLAGS', '-mod=vendor', 'os');
  const [s] = evidenceSentences({ evidence: { GOFLAGS: { ...facts.env.GOFLAGS } } });
  assert.equal(s, 'GOFLAGS=-mod=vendor, set in the OS environment; your go env file says -mod=mod, which the OS value overrides.');
  assert.deepEqual(evidenceSentences({ evidence: { GOBIN: { value: '', source: 'default' } } }), ['GOBIN is not set.']);
});

void test('documentation links for the directive and each variable a finding names; the variables Go reads on this architecture', () => {
  const links = docLinksFor({ id: 'gomod-go-newer', evidence: { GOTOOLCHAIN: {}, goLine: '1.27' } });
  assert.deepEqual(
    links.map((l) => l.url),
    ['https://go.dev/ref/mod#go-mod-file-go', 'https://go.dev/ref/mod#go-mod-file-toolchain', 'https://go.dev/doc/toolchain'],
    'GOTOOLCHAIN already has its page among them',
  );
  assert.ok(docLinksFor({ id: 'goproxy-off', evidence: { GOPROXY: {} } }).some((l) => l.url === 'https://go.dev/ref/mod#module-proxy'));
  assert.equal(goReadsVariable('GOARM', 'amd64'), false);
  assert.equal(goReadsVariable('GOARM', 'arm'), true);
  assert.equal(goReadsVariable('GOAMD64', 'amd64'), true);
  assert.equal(goReadsVariable('GONOSUMCHECK', 'amd64'), false, 'not a variable the go command has');
  assert.equal(goReadsVariable('GOTOOLCHAIN', 'amd64'), true);
});
