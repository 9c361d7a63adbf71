// Large workspaces with the fake host: the walk's skips and limits, and work that grows with the workspace, not faster (counted, never timed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gatherFacts, ProbeCache } from '../../../src/core/probe';
import { WALK_LIMITS } from '../../../src/core/probe/workspace';
import { runChecks } from '../../../src/core/checks/index';
import { summarizeEnvironment } from '../../../src/core/environment';
import { renderText } from '../../../src/core/render/text';
import { runHealthCheck } from '../../../src/core/engine';
import type { Facts } from '../../../src/core/facts';
import { toolchainTree } from '../../../src/shared/toolchainTree';
import { fakeHost } from '../support/fakeHost';

function hostWithGo() {
  const host = fakeHost({ env: { PATH: '/usr/local/go/bin', HOME: '/home/dev', GOTOOLCHAIN: 'local' } });
  host.installGo('/usr/local/go', '1.26.8');
  return host;
}

/** N modules under /mono (svc<k>/m<i>, go lines 1.21 … 1.24) used by one go.work; module 7 asks for a newer Go than go.work. */
function monorepo(n: number) {
  const host = hostWithGo();
  const uses: string[] = [];
  for (let i = 0; i < n; i++) {
    const rel = `svc${Math.floor(i / 50)}/m${i}`;
    host.writeFile(`/mono/${rel}/go.mod`, `module example.com/m${i}\n\ngo 1.${i === 7 ? 25 : 21 + (i % 4)}\n`);
    uses.push(`\t./${rel}`);
  }
  host.writeFile('/mono/go.work', `go 1.24\n\nuse (\n${uses.join('\n')}\n)\n`);
  return host;
}

/**
 * The facts with their module and go.work use lists wrapped so that every element read is counted: checks that
 * compare each module with each other one read N² elements, linear ones a few per module.
 */
function counted(facts: Facts): { facts: Facts; reads: () => number } {
  let reads = 0;
  const count = <T extends object>(list: readonly T[]): T[] =>
    new Proxy(list as T[], {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
  const works = facts.works.map((w) => ({ ...w, uses: count(w.uses) }));
  return { facts: { ...facts, modules: count(facts.modules), works: count(works) }, reads: () => reads };
}

async function workPerModule(n: number) {
  const host = monorepo(n);
  const cache = new ProbeCache();
  const facts = await gatherFacts(host, { workspaceFolders: ['/mono'], timeoutMs: 5000, cache });
  assert.equal(facts.modules.length, n);
  const c = counted(facts);
  const findings = runChecks(c.facts);
  const env = summarizeEnvironment(c.facts);
  return {
    findings,
    env,
    reads: c.reads() / n,
    fileReads: cache.work.fileReads / n,
    dirReads: cache.work.dirReads / n,
    stats: cache.work.stats / n,
    spawns: cache.spawnCount,
  };
}

void test('probing, checks and the Environment summary do the same work per module at 2,000 modules as at 200', async () => {
  const small = await workPerModule(200);
  const large = await workPerModule(2000);
  // Per module: one go.mod read, one directory listing; go spawns do not grow at all.
  assert.ok(large.fileReads <= small.fileReads * 1.2, `file reads per module: ${small.fileReads} at 200, ${large.fileReads} at 2,000`);
  assert.ok(large.dirReads <= small.dirReads * 1.2, `listings per module: ${small.dirReads} at 200, ${large.dirReads} at 2,000`);
  assert.ok(large.stats <= small.stats * 1.2, `stats per module: ${small.stats} at 200, ${large.stats} at 2,000`);
  assert.equal(large.spawns, small.spawns);
  // Quadratic work would read ten times as many list elements per module here.
  assert.ok(large.reads <= small.reads * 1.5, `list elements read per module: ${small.reads} at 200, ${large.reads} at 2,000`);
  // And the results are the same shape: the one module above go.work's go line is named, whatever the size.
  for (const r of [small, large]) {
    const older = r.findings.filter((f) => f.id === 'gowork-go-older');
    assert.equal(older.length, 1);
    assert.match(older[0]!.title + older[0]!.detail, /m7/);
  }
});

void test('the Environment view of 2,000 modules is a few groups, the usual one first, each listing at most 50 files', async () => {
  const host = hostWithGo();
  for (let i = 0; i < 2000; i++) {
    // Most modules take the local go; every 100th asks for a newer one that GOTOOLCHAIN=local refuses.
    host.writeFile(`/mono/svc${Math.floor(i / 50)}/m${i}/go.mod`, `module example.com/m${i}\n\ngo 1.${i % 100 === 0 ? '27.0' : 22}\n`);
  }
  const facts = await gatherFacts(host, { workspaceFolders: ['/mono'], timeoutMs: 5000 });
  const groups = summarizeEnvironment(facts).toolchainGroups;
  assert.deepEqual(
    groups.map((g) => [g.selected, g.modules, g.blocked, g.files.length, g.moreFiles]),
    [
      ['go1.26.8', 1980, false, 50, 1930],
      ['go1.26.8', 20, true, 20, 0],
    ],
  );
  assert.match(groups[1]!.why, /1\.27/);
  // The view: two rows under the section instead of 2,000; the exceptions open, each with its files.
  const tree = toolchainTree(groups);
  assert.equal(tree.description, '2,000 modules · 20 exceptions');
  assert.deepEqual(
    tree.children!.map((g) => [g.label, g.description, g.collapsible, g.children!.length]),
    [
      ['go1.26.8', '1,980 modules', 'collapsed', 1 + 50 + 1],
      ['go1.26.8', 'blocked · 20 modules', 'collapsed', 1 + 20],
    ],
  );
  assert.equal(tree.children![0]!.children!.at(-1)!.label, '…and 1,930 more files');
  assert.equal(tree.children![1]!.children![1]!.label, 'm0/go.mod');
});

void test('the walk says what it did not enter and why; --verbose text lists it, the plain text does not', async () => {
  const host = hostWithGo();
  for (const dir of [
    'app',
    'app/testdata/fixture',
    'node_modules/pkg',
    'app/vendor/example.com/dep',
    '.cache/mod',
    '_attic/old',
    'lib/testdata',
  ])
    host.writeFile(`/repo/${dir}/go.mod`, `module example.com/${dir.replace(/[^a-z]/g, '')}\n\ngo 1.22\n`);
  const { facts, report } = await runHealthCheck(host, { workspaceFolders: ['/repo'], timeoutMs: 5000 });
  assert.deepEqual(
    facts.modules.map((m) => m.file),
    ['/repo/app/go.mod'],
  );
  assert.deepEqual(
    facts.workspaceWalk?.skipped.map((s) => [s.reason, s.count, s.examples]),
    [
      ['testdata', 2, ['/repo/app/testdata', '/repo/lib/testdata']],
      ['hidden', 1, ['/repo/.cache']],
      ['underscore', 1, ['/repo/_attic']],
      ['node_modules', 1, ['/repo/node_modules']],
      ['vendor', 1, ['/repo/app/vendor']],
    ],
  );
  assert.equal(facts.workspaceWalk?.cutShort, undefined);
  const verbose = renderText(report, { color: false, areasChecked: [], verbose: true, walk: facts.workspaceWalk });
  assert.match(verbose, /^Workspace walk: \d+ directories listed; not entered:$/m);
  assert.match(verbose, /^ {2}2 testdata \(ignored by the go command\): \/repo\/app\/testdata, \/repo\/lib\/testdata$/m);
  assert.match(verbose, /^ {2}1 node_modules \(never a Go module of the workspace\): \/repo\/node_modules$/m);
  assert.match(verbose, /^ {2}1 starting with '\.' \(ignored by the go command\): \/repo\/\.cache$/m);
  const plain = renderText(report, { color: false, areasChecked: [], verbose: false, walk: facts.workspaceWalk });
  assert.doesNotMatch(plain, /Workspace walk|not entered/);
});

void test('a walk cut short by its limit says so even without --verbose, and how much it left', async () => {
  const host = hostWithGo();
  for (let i = 0; i < 30; i++) host.writeFile(`/big/d${i}/go.mod`, `module example.com/d${i}\n\ngo 1.22\n`);
  const saved = { ...WALK_LIMITS };
  WALK_LIMITS.directories = 11;
  try {
    const { facts, report } = await runHealthCheck(host, { workspaceFolders: ['/big'], timeoutMs: 5000 });
    assert.deepEqual(facts.workspaceWalk?.cutShort, { limit: 'directories', max: 11, unlisted: 20 });
    assert.equal(facts.modules.length, 10);
    const text = renderText(report, { color: false, areasChecked: [], verbose: false, walk: facts.workspaceWalk });
    assert.match(text, /The workspace walk stopped at its limit of 11 directories: 20 more directories were not listed/);
  } finally {
    Object.assign(WALK_LIMITS, saved);
  }
});

void test('with watchers trusted, re-probing after one go.mod changed reads that file alone and sees its new line', async () => {
  const host = monorepo(500);
  const cache = new ProbeCache();
  cache.watch(['/mono'], () => true);
  const options = { workspaceFolders: ['/mono'], timeoutMs: 5000, cache };
  const first = await gatherFacts(host, options);
  assert.equal(runChecks(first).filter((f) => f.id === 'toolchain-redundant').length, 0);
  const before = { ...cache.work, spawns: cache.spawnCount };
  host.writeFile('/mono/svc2/m123/go.mod', 'module example.com/m123\n\ngo 1.24\n\ntoolchain go1.21.0\n');
  cache.invalidateFile('/mono/svc2/m123/go.mod', 'changed');
  const second = await gatherFacts(host, options);
  assert.equal(cache.work.fileReads - before.fileReads, 1);
  assert.equal(cache.work.dirReads - before.dirReads, 0);
  assert.equal(cache.spawnCount, before.spawns);
  // Every other module is the object read the first time: nothing else was parsed again.
  assert.equal(second.modules.filter((m, i) => m !== first.modules[i]).length, 1);
  const redundant = runChecks(second).filter((f) => f.id === 'toolchain-redundant');
  assert.deepEqual(
    redundant.map((f) => f.location?.file),
    ['/mono/svc2/m123/go.mod'],
  );
});
