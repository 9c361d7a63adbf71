// Deep YAML flow nesting is refused before the parser sees it: a few kilobytes of `{` would otherwise end the process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_YAML_FLOW_DEPTH, yamlFlowNestsDeeperThan } from '../../../src/core/probe/yamlDepth';
import { extractGithubActions, extractGitlabCi } from '../../../src/core/probe/ci';

void test('flow nesting past the limit is found; brackets in comments and quoted scalars do not count', () => {
  const deep = (n: number) => `image: golang:1.22\nx: ${'['.repeat(n)}${']'.repeat(n)}\n`;
  assert.equal(yamlFlowNestsDeeperThan(deep(MAX_YAML_FLOW_DEPTH)), false);
  assert.equal(yamlFlowNestsDeeperThan(deep(MAX_YAML_FLOW_DEPTH + 1)), true);
  assert.equal(yamlFlowNestsDeeperThan('{'.repeat(100_000)), true, 'unclosed counts as deep');
  // Many shallow collections, one after another, are not deep.
  assert.equal(yamlFlowNestsDeeperThan('m: [[1], [2]]\n'.repeat(1000)), false);
  const hidden = '['.repeat(MAX_YAML_FLOW_DEPTH + 10);
  assert.equal(yamlFlowNestsDeeperThan(`# ${hidden}\na: 1\n`), false, 'a comment');
  assert.equal(yamlFlowNestsDeeperThan(`a: '${hidden} it''s'\nb: "${hidden} \\" "\n`), false, 'quoted scalars');
  assert.equal(yamlFlowNestsDeeperThan(`a: '${hidden}' ${hidden}`), true, 'what follows a closed quote counts again');
});

void test('a CI file of 100,000 `{` or `[` is read as holding no Go version, and the process lives', () => {
  for (const opener of ['{', '[', '{a: [']) {
    const text = `image: golang:1.22\nsetup-go: x\nz: ${opener.repeat(100_000)}\n`;
    assert.deepEqual(extractGitlabCi('/w/.gitlab-ci.yml', text), []);
    assert.deepEqual(extractGithubActions('/w/.github/workflows/ci.yml', text), []);
  }
  // The same file without the deep part is read.
  assert.equal(extractGitlabCi('/w/.gitlab-ci.yml', 'image: golang:1.22\n')[0]?.version, '1.22');
});
