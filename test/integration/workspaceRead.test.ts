// The workspace probe on a real disk, counted per module: what reading a generated workspace asks of the file system does not grow with it.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gatherFacts } from '../../src/core/probe';
import { ProbeCache } from '../../src/core/probe/cache';
import { nodeHost } from '../../src/core/nodeHost';
import type { Host, HostFs } from '../../src/core/host';
import { writeWorkspace } from '../support/generatedWorkspace';

const base = mkdtempSync(path.join(tmpdir(), 'gohealth-read-'));
after(() => rmSync(base, { recursive: true, force: true }));

type Counts = Record<'stat' | 'realpath' | 'readFile' | 'readdir', number>;

/** The real host with its file system calls counted, and no go on PATH: only the workspace is probed. */
function countingHost(): { host: Host; counts: Counts } {
  const real = nodeHost({ env: { PATH: '', HOME: base } });
  const counts: Counts = { stat: 0, realpath: 0, readFile: 0, readdir: 0 };
  const fs: HostFs = { ...real.fs };
  for (const name of Object.keys(counts) as (keyof Counts)[]) {
    const call = real.fs[name] as (...args: unknown[]) => unknown;
    (fs as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      counts[name]++;
      return call(...args);
    };
  }
  return { host: { ...real, fs }, counts };
}

async function calls(n: number, goWork: boolean) {
  const ws = writeWorkspace(path.join(base, `${goWork ? 'work' : 'nowork'}-${n}`), n, { goWork });
  const { host, counts } = countingHost();
  const facts = await gatherFacts(host, { workspaceFolders: [ws.root], timeoutMs: 5000, cache: new ProbeCache({ oneRun: true }) });
  assert.equal(facts.modules.length, n);
  assert.ok(
    facts.modules.every((m) => m.module && !m.readError),
    'every module read',
  );
  return counts;
}

for (const goWork of [true, false]) {
  void test(`${goWork ? 'a go.work of' : 'no go.work,'} 50 and 500 modules: each module more is one read and one listing, no link resolved, no stat`, async () => {
    const small = await calls(50, goWork);
    const large = await calls(500, goWork);
    const perExtraModule = (k: keyof Counts) => (large[k] - small[k]) / 450;
    // The walk lists each module's directory (and one service directory per ten) and reads its go.mod once; a
    // go.mod reached through real directories is not resolved, and what the listing said needs no stat.
    assert.equal(perExtraModule('readFile'), 1, `reads: ${small.readFile} at 50 modules, ${large.readFile} at 500`);
    assert.ok(perExtraModule('readdir') <= 1.1, `listings: ${small.readdir} at 50 modules, ${large.readdir} at 500`);
    assert.equal(large.realpath, small.realpath, `links resolved: ${small.realpath} at 50 modules, ${large.realpath} at 500`);
    assert.equal(large.stat, small.stat, `stats: ${small.stat} at 50 modules, ${large.stat} at 500`);
  });
}

void test('a go.mod that is a link, and a module a go.work reaches through a linked directory, are resolved: outside the folder they are not read', async () => {
  const root = path.join(base, 'links');
  const outside = path.join(base, 'outside');
  mkdirSync(path.join(root, 'a'), { recursive: true });
  mkdirSync(path.join(root, 'b'), { recursive: true });
  mkdirSync(outside, { recursive: true });
  writeFileSync(path.join(outside, 'go.mod'), 'module example.com/ghp_secret\n\ngo 1.26.8\n');
  writeFileSync(path.join(root, 'a', 'go.mod'), 'module example.com/a\n\ngo 1.26.8\n');
  symlinkSync(path.join(outside, 'go.mod'), path.join(root, 'b', 'go.mod'));
  symlinkSync(outside, path.join(root, 'c'));
  writeFileSync(path.join(root, 'go.work'), 'go 1.26.8\n\nuse (\n\t./a\n\t./b\n\t./c\n)\n');
  const { host } = countingHost();
  const facts = await gatherFacts(host, { workspaceFolders: [root], timeoutMs: 5000, cache: new ProbeCache({ oneRun: true }) });
  assert.deepEqual(
    facts.modules.map((m) => [path.relative(root, m.file), m.module?.value ?? m.readError?.replaceAll(base, '<base>')]),
    [
      ['a/go.mod', 'example.com/a'],
      [
        'b/go.mod',
        `${path.join(root, 'b', 'go.mod').replace(base, '<base>')} is a link to <base>/outside/go.mod, outside ${root.replace(base, '<base>')}, so it was not read`,
      ],
      [
        'c/go.mod',
        `${path.join(root, 'c', 'go.mod').replace(base, '<base>')} is a link to <base>/outside/go.mod, outside ${root.replace(base, '<base>')}, so it was not read`,
      ],
    ],
  );
  assert.ok(!JSON.stringify(facts).includes('ghp_secret'));
});
