// Every command a finding shows, on every fake machine (Linux, Windows, WSL): sh commands parse in sh, PowerShell ones are balanced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { runHealthCheck } from '../../../src/core/engine';
import { commandLine } from '../../../src/platform/shell';
import { fixCommand } from '../../../src/core/render/text';
import { healthy, SCENARIOS } from '../support/engineScenarios';

/**
 * No PowerShell parser is at hand (none ships through npm): PowerShell lines are checked for balanced quotes,
 * parentheses and braces, which catches the quoting mistakes a string-built command makes.
 */
function balanced(text: string): boolean {
  let quote: string | undefined;
  const stack: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === "'" && quote === "'" && text[i + 1] === "'") i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if ('({['.includes(c)) stack.push(c);
    else if (')}]'.includes(c) && stack.pop() !== { ')': '(', '}': '{', ']': '[' }[c]) return false;
  }
  return quote === undefined && stack.length === 0;
}

void test('every command every scenario shows parses in its shell', async () => {
  let sh = 0;
  let ps = 0;
  for (const s of SCENARIOS) {
    if (s.todo) continue;
    const m = healthy(s.machine);
    s.setup(m);
    const { report } = await runHealthCheck(m.host, s.options ?? {});
    const windows = report.host.platform === 'win32';
    for (const f of report.findings)
      for (const fix of f.fixes) {
        const lines: { shell: string; text: string }[] = [];
        if (fix.kind === 'instructions') lines.push(...(fix.commands ?? []));
        if (fix.kind === 'run-command')
          lines.push({ shell: windows ? 'powershell' : 'sh', text: commandLine(fix.command, fix.args, windows ? 'powershell' : 'sh') });
        const typed = fixCommand(fix, windows);
        if (typed) lines.push({ shell: windows ? 'powershell' : 'sh', text: typed });
        for (const l of lines) {
          if (l.shell === 'sh') {
            const r = spawnSync('sh', ['-n', '-c', l.text]);
            assert.equal(r.status, 0, `${s.id} (${s.name}) ${fix.id}: ${l.text}: ${r.stderr}`);
            sh++;
          } else if (l.shell === 'powershell') {
            assert.ok(balanced(l.text), `${s.id} (${s.name}) ${fix.id}: unbalanced PowerShell: ${l.text}`);
            ps++;
          }
        }
      }
  }
  assert.ok(sh > 50 && ps > 10, `${sh} sh and ${ps} PowerShell lines checked`);
});
