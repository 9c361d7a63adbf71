// Saved go.mod files re-checked incrementally give what a whole check gives: random edits over a generated workspace, with the real go.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Sandbox } from './cliHarness';
import { nodeHost } from '../../src/core/nodeHost';
import { runHealthCheck } from '../../src/core/engine';
import { ProbeCache } from '../../src/core/probe/cache';
import { selectChecks } from '../../src/core/checks/index';
import { IncrementalChecks, checkWork, modulePosition, recheckModules } from '../../src/core/engineIncremental';
import { summarizeEnvironment, summarizeEnvironmentAfter } from '../../src/core/environment';
import { diagnosticsByUri } from '../../src/server/diagnostics';
import { isWatchedFile } from '../../src/server/service';
import type { Report } from '../../src/core/report';
import { withoutReleaseProvenance } from '../support/findingsCompare';

const sb = new Sandbox();
after(() => sb.cleanup());

const MODULES = 24;
/** Modules 0..15 are used by the go.work; the others are modules of their own. */
const IN_WORK = 16;

interface Edit {
  module: number;
  go?: string;
  toolchain?: string;
  require: boolean;
  goSum: boolean;
  replace?: string;
  broken: boolean;
}

function goModText(i: number, e: Omit<Edit, 'module'>): string {
  const lines = [`module example.com/inc/mod${i}`, ''];
  if (e.go) lines.push(`go ${e.go}`);
  if (e.toolchain) lines.push(`toolchain ${e.toolchain}`);
  if (e.require) lines.push('', 'require golang.org/x/text v0.3.0');
  if (e.replace) lines.push('', `replace example.com/other => ${e.replace}`);
  if (e.broken) lines.push('', 'requier oops');
  return `${lines.join('\n')}\n`;
}

const GO_LINES = ['1.21', '1.22.3', '1.24', '1.26.0', '1.27.1', '1.99.0'];
const TOOLCHAINS = ['go1.21.0', 'go1.24.0', 'go1.27.1', 'go1.99.0', 'local'];

/**
 * Module i as first written: every go and toolchain line an edit may write is somewhere in the workspace, so
 * an edit usually names no Go release new to it (which needs a whole run, see recheckModules).
 */
function initialText(i: number): string {
  return goModText(i, {
    go: GO_LINES[i % GO_LINES.length],
    toolchain: i % 2 === 0 ? TOOLCHAINS[(i / 2) % TOOLCHAINS.length] : undefined,
    require: false,
    goSum: false,
    broken: false,
  });
}

function writeGeneratedWorkspace(root: string): string[] {
  const files: string[] = [];
  for (let i = 0; i < MODULES; i++) {
    const dir = path.join(root, `svc${i % 3}`, `mod${i}`);
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'go.mod');
    writeFileSync(file, initialText(i));
    files.push(file);
  }
  const uses = files.slice(0, IN_WORK).map((f) => `\t./${path.relative(root, path.dirname(f))}`);
  writeFileSync(path.join(root, 'go.work'), `go 1.24\n\nuse (\n${uses.join('\n')}\n)\n`);
  mkdirSync(path.join(root, 'shared'), { recursive: true });
  writeFileSync(path.join(root, 'shared', 'go.mod'), 'module example.com/other\n\ngo 1.22\n');
  return files;
}

const editArb: fc.Arbitrary<Edit> = fc.record({
  module: fc.integer({ min: 0, max: MODULES - 1 }),
  go: fc.option(fc.constantFrom(...GO_LINES), { nil: undefined }),
  toolchain: fc.option(fc.constantFrom(...TOOLCHAINS), { nil: undefined }),
  require: fc.boolean(),
  goSum: fc.constantFrom(false, false, false, true),
  replace: fc.option(fc.constantFrom('../../shared', './missing'), { nil: undefined }),
  broken: fc.constantFrom(false, false, false, false, true),
});

/** Findings and the diagnostics made of them, as the language server publishes them. */
function published(report: Report): unknown {
  const text = (file: string) => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  };
  return [...diagnosticsByUri(report, text)].sort(([a], [b]) => a.localeCompare(b));
}

for (const gotoolchain of ['local', 'auto']) {
  void test(`with GOTOOLCHAIN=${gotoolchain}, saved go.mod files re-checked incrementally give the same findings, diagnostics and environment as a whole check`, async () => {
    const root = path.join(sb.root, `ws-${gotoolchain}`);
    const files = writeGeneratedWorkspace(root);
    const host = nodeHost({ env: sb.env({ GOTOOLCHAIN: gotoolchain }), cwd: root });
    const checks = selectChecks(host, {});
    const options = { workspaceFolders: [root], timeoutMs: 20_000 };
    // What a whole check sees: a cache that trusts nothing it has not validated with a stat.
    const wholeCache = new ProbeCache();
    let incrementalRuns = 0;
    let wholeRuns = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(editArb, { minLength: 1, maxLength: 6 }), async (edits) => {
        for (let i = 0; i < MODULES; i++) writeFileSync(files[i]!, initialText(i));
        // The language server's cache: under file watchers, what they do not report stays as read.
        const cache = new ProbeCache();
        cache.watch([root], isWatchedFile);
        const runner = new IncrementalChecks();
        let last = await runHealthCheck(host, { ...options, cache, checkRunner: runner });
        let environment = summarizeEnvironment(last.facts);
        for (const e of edits) {
          const file = files[e.module]!;
          writeFileSync(file, goModText(e.module, e));
          const goSum = path.join(path.dirname(file), 'go.sum');
          // go.sum beside it is a change of its own the watchers report: it goes with the edit as written, not in between.
          if (e.goSum) writeFileSync(goSum, '');
          cache.invalidateFile(file, 'changed');
          if (e.goSum) cache.invalidateFile(goSum, 'created');
          const previousFindings = last.report.findings;
          const re = e.goSum
            ? undefined
            : await recheckModules(host, cache, last.facts, [file], { checks, runner, timeoutMs: options.timeoutMs, previousFindings });
          let now: { report: Report; facts: typeof last.facts };
          let nowEnvironment;
          if (re) {
            incrementalRuns++;
            now = re;
            nowEnvironment = summarizeEnvironmentAfter({ facts: last.facts, summary: environment }, re.facts, re.changed, (f) =>
              modulePosition(re.facts, f),
            );
          } else {
            wholeRuns++;
            now = await runHealthCheck(host, { ...options, cache, checkRunner: runner, previousFindings });
            nowEnvironment = summarizeEnvironment(now.facts);
          }
          const whole = await runHealthCheck(host, { ...options, cache: wholeCache, previousFindings });
          assert.deepEqual(
            withoutReleaseProvenance(now.report.findings),
            withoutReleaseProvenance(whole.report.findings),
            `after ${JSON.stringify(e)}`,
          );
          assert.deepEqual(published(now.report), published(whole.report));
          assert.deepEqual(nowEnvironment, summarizeEnvironment(whole.facts));
          last = { ...last, report: now.report, facts: now.facts };
          environment = nowEnvironment;
        }
        for (const f of files) rmSync(path.join(path.dirname(f), 'go.sum'), { force: true });
      }),
      { numRuns: 8, includeErrorInReport: true },
    );
    // Both paths were taken: the property says something about the incremental one.
    assert.ok(incrementalRuns > 10, `${incrementalRuns} incremental re-checks`);
    assert.ok(wholeRuns > 0, 'a go.sum created or a new Go release named takes a whole run');
    assert.ok(checkWork.checksRun > 0);
  });
}
