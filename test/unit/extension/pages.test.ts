// The Explain and audit log pages: their content in plain words, buttons only for what the page lists, every text escaped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runChecks } from '../../../src/core/checks';
import { planFixes } from '../../../src/core/fixPlan';
import { summarizeEnvironment } from '../../../src/core/environment';
import { auditRecord, parseAuditLog } from '../../../src/shared/audit';
import { findingKey } from '../../../src/shared/protocol';
import { auditPage, explainPage } from '../../../src/extension/pageContent';
import { pageActions, pageHtml } from '../../../src/extension/pageModel';
import { canDebugWindowsAndWsl, windowsAndWslUnavailableMessage } from '../../../src/extension/debugModel';
import { MOD_DIR, healthyFacts, moduleFile, setEnv } from '../support/factsBuilder';

void test('Explain: what was seen in sentences, the fixes as buttons in plan order with what they change, documentation links', () => {
  const facts = setEnv(healthyFacts(), 'GOTOOLCHAIN', 'local', 'os');
  facts.modules = [moduleFile(MOD_DIR, '1.27.1')];
  const findings = planFixes(facts, runChecks(facts), { judge: (f) => runChecks(f) });
  const newer = findings.find((f) => f.id === 'gomod-go-newer')!;
  const page = explainPage(newer, { findings, environment: summarizeEnvironment(facts), help: { summary: 'S', help: 'H' } });
  const actions = pageActions(page);
  assert.equal(actions[0]!.label, 'Set GOTOOLCHAIN=auto in integrated terminals');
  assert.deepEqual(actions[0]!.args, [findingKey(newer), 'gotoolchain-auto-set-gotoolchain-terminal']);
  assert.match(actions[0]!.note!, /^Changes: integrated terminals only\./);
  const lower = actions.find((a) => a.label === 'Change the go line to go 1.26.0 (the active Go)')!;
  assert.deepEqual(lower.args, [findingKey(newer), 'lower-go-line']);
  assert.match(lower.note!, /Changes: edits go\.mod\. Also fixes: gopls was built with go1\.26\.8/);
  assert.ok(
    actions.every((a) => !a.caution),
    'none of these is defeated',
  );
  const html = pageHtml(page, 'NONCE', 'vscode-resource:');
  assert.match(html, /<h2>What Go Health saw<\/h2>\n<ul><li>GOTOOLCHAIN=local, set in the OS environment/);
  assert.match(html, /<a href="https:\/\/go\.dev\/ref\/mod#go-mod-file-go">/);
  assert.match(html, /<h2>What follows from it<\/h2>/);
  assert.doesNotMatch(html, /go-env-write|terminal-env|edit-file/, 'no fix-kind names');
  assert.match(html, /<details><summary>Raw values/);
});

void test('Explain: a fix another finding defeats is a cautioned button after the one that works, saying why', () => {
  const facts = setEnv(healthyFacts(), 'GOFLAGS', '-mod=vender', 'goenv-file', 1);
  const findings = planFixes(facts, runChecks(facts), { judge: (f) => runChecks(f) });
  const invalid = findings.find((f) => f.id === 'goflags-invalid')!;
  const actions = pageActions(
    explainPage(invalid, { findings, environment: summarizeEnvironment(facts), help: { summary: 'S', help: 'H' } }),
  );
  const cautioned = actions.filter((a) => a.caution);
  assert.equal(cautioned.length, 1, actions.map((a) => a.label).join(' | '));
  assert.ok(actions.indexOf(cautioned[0]!) > 0, 'the defeated fix is not first');
  assert.match(cautioned[0]!.note!, /Not enough on its own: afterwards .*vendor/);
});

void test('page text is escaped and only https links are links', () => {
  const html = pageHtml(
    {
      title: '<img src=x onerror=alert(1)>',
      blocks: [
        {
          kind: 'paragraph',
          parts: [
            { link: 'javascript:alert(1)', text: 'x' },
            { link: 'command:workbench.action.terminal.new', text: 'y' },
          ],
        },
      ],
    },
    'N',
    'c',
  );
  assert.ok(!html.includes('<img'));
  assert.ok(!html.includes('href="javascript') && !html.includes('href="command'));
});

void test('the audit log page: newest first in local time, what changed, Undo only on the latest change that can still be undone', () => {
  const apply = (id: string, changeId: string, ms: number) =>
    JSON.stringify(
      auditRecord(
        {
          action: 'apply',
          fixId: id,
          fixTitle: `Fix ${id}`,
          findingId: 'f',
          target: 'go env GOFLAGS',
          previous: 'a',
          next: null,
          changeId,
        },
        ms,
      ),
    );
  const text = [apply('one', 'c1', 1_700_000_000_000), 'not json', apply('two', 'c2', 1_700_000_060_000), ''].join('\n');
  const entries = parseAuditLog(text);
  assert.deepEqual(
    entries.map((e) => [e.fixTitle, e.changeId, e.timeMs]),
    [
      ['Fix one', 'c1', 1_700_000_000_000],
      ['Fix two', 'c2', 1_700_000_060_000],
    ],
  );
  const page = auditPage(entries, 'c2', '/s/audit-log.jsonl', (ms) => `T${ms}`);
  const table = page.blocks.find((b) => b.kind === 'table');
  assert.ok(table && table.kind === 'table');
  assert.deepEqual(
    table.rows.map((r) => [r.cells[0], r.action?.args]),
    [
      [['T1700000060000'], ['c2']],
      [['T1700000000000'], undefined],
    ],
  );
  assert.match(pageHtml(page, 'N', 'c'), /<code>a<\/code> → <code>unset<\/code>/);
});

void test('Windows + WSL is offered on Windows or with a wsl.exe stand-in configured; elsewhere the message is written for the user there', () => {
  assert.equal(canDebugWindowsAndWsl('win32', undefined), true);
  assert.equal(canDebugWindowsAndWsl('linux', ''), false);
  assert.equal(canDebugWindowsAndWsl('linux', '/opt/wsl-standin'), true);
  assert.match(
    windowsAndWslUnavailableMessage('darwin', false),
    /needs Windows with WSL 2; this is macOS\. Debug here with a delve-bridge "Launch package"/,
  );
  assert.match(windowsAndWslUnavailableMessage('linux', true), /starts from the Windows side: open this folder in VS Code on Windows/);
  assert.doesNotMatch(windowsAndWslUnavailableMessage('linux', false), /goHealth\.wslExecutable|stand-in/);
});
