// The exact change a fix will make, worded for the confirmation a user sees before anything is applied.
import type { Fix } from '../core/report';
import { replacedTexts } from './textEdits';
import { commandLine } from '../platform/shell';

interface FixPreview {
  /** The modal's first line. */
  message: string;
  /** The exact change, one item per line. */
  detail: string;
  /** False for fixes Go Health cannot undo (a command's effects). */
  undoable: boolean;
  /** The confirming button's label: a value from the repository's policy is confirmed as such. */
  action: string;
}

/** The button that applies a fix; the policy's security-relevant values get their own, so nobody applies them by habit. */
export const APPLY_ACTION = 'Apply';
export const APPLY_POLICY_ACTION = "Apply the Policy's Value";

interface PreviewContext {
  /** For edit-file fixes: the file's current text. */
  fileText?: string;
  /** For go-env-write: the go binary that will run and the go env file it writes. */
  goPath?: string;
  goenvFile?: string;
  /** The variable's current value in the go env file (undefined: not set there). */
  currentFileValue?: string;
  /** For terminal-env: the path-list separator of the platform. */
  pathDelimiter?: string;
  platform?: string;
}

function shorten(text: string, max = 120): string {
  const oneLine = text.replace(/\r?\n/g, '⏎');
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

export function previewFix(fix: Fix, ctx: PreviewContext = {}): FixPreview {
  const preview = changePreview(fix, ctx);
  if (!fix.origin) return { ...preview, action: APPLY_ACTION };
  const o = fix.origin;
  const from = `From the repository's team policy: ${o.file} line ${o.line} (${o.rule}). The value is the policy's, not Go Health's advice.`;
  const warning = o.securityRelevant
    ? 'It changes where Go code and toolchains come from or whether they are verified, or installs a program: apply it only if you trust this repository and its policy.'
    : '';
  const detail = [from, ...(warning ? [warning] : []), '', preview.detail].join('\n');
  return { ...preview, detail, action: o.securityRelevant ? APPLY_POLICY_ACTION : APPLY_ACTION };
}

function changePreview(fix: Fix, ctx: PreviewContext): Omit<FixPreview, 'action'> {
  switch (fix.kind) {
    case 'edit-file': {
      const old = ctx.fileText !== undefined ? replacedTexts(ctx.fileText, fix.edits) : fix.edits.map(() => '?');
      const lines = fix.edits.map((e, i) => {
        const before = old[i] ?? '';
        if (!e.newText) return `Line ${e.line}: remove "${shorten(before)}"`;
        if (!before) return `Line ${e.line}: insert "${shorten(e.newText)}"`;
        return `Line ${e.line}: "${shorten(before)}" → "${shorten(e.newText)}"`;
      });
      return { message: `${fix.title}?`, detail: [`In ${fix.file}:`, ...lines].join('\n'), undoable: true };
    }
    case 'go-env-write': {
      const go = ctx.goPath ?? 'go';
      const args = fix.value === undefined ? ['env', '-u', fix.variable] : ['env', '-w', `${fix.variable}=${fix.value}`];
      const before = ctx.currentFileValue === undefined ? 'not set' : `"${ctx.currentFileValue}"`;
      const after = fix.value === undefined ? 'not set' : `"${fix.value}"`;
      return {
        message: `${fix.title}?`,
        detail: [
          `Runs: ${commandLine(go, args)}`,
          `${fix.variable} in the go env file${ctx.goenvFile ? ` (${ctx.goenvFile})` : ''}: ${before} → ${after}`,
        ].join('\n'),
        undoable: true,
      };
    }
    case 'terminal-env': {
      const sep = ctx.pathDelimiter ?? ':';
      const change =
        fix.op === 'prepend'
          ? `${fix.variable} = ${fix.value}${sep}<current ${fix.variable}>`
          : fix.op === 'append'
            ? `${fix.variable} = <current ${fix.variable}>${sep}${fix.value}`
            : fix.op === 'replace'
              ? `${fix.variable} = ${fix.value ?? ''}`
              : `${fix.variable} unset (set to empty)`;
      return {
        message: `${fix.title}?`,
        detail: `Integrated terminals opened from now on get: ${change}\nYour shell profile and other programs are not changed; existing terminals offer to relaunch.`,
        undoable: true,
      };
    }
    case 'run-command': {
      const line = commandLine(fix.command, fix.args, ctx.platform === 'win32' ? 'powershell' : 'sh');
      const env =
        fix.env && Object.keys(fix.env).length
          ? `\nWith: ${Object.entries(fix.env)
              .map(([k, v]) => `${k}=${v}`)
              .join(' ')}`
          : '';
      return {
        message: `${fix.title}?`,
        detail: `Runs in a new terminal: ${line}${fix.cwd ? `\nIn: ${fix.cwd}` : ''}${env}\nGo Health cannot undo what the command does.`,
        undoable: false,
      };
    }
    case 'instructions':
      return { message: fix.title, detail: fix.steps.join('\n'), undoable: false };
  }
}

/** The Markdown page an instructions fix opens: steps, then each command in a fenced block to copy. */
export function instructionsMarkdown(fix: Extract<Fix, { kind: 'instructions' }>, findingTitle: string): string {
  const out = [`# ${fix.title}`, '', `For: ${findingTitle}`, ''];
  fix.steps.forEach((s, i) => out.push(`${i + 1}. ${s}`));
  for (const c of fix.commands ?? []) {
    out.push(
      '',
      `${c.shell === 'sh' ? 'In a terminal' : c.shell === 'powershell' ? 'In PowerShell' : 'In Command Prompt'}${c.elevated ? ' (as administrator)' : ''}:`,
      '',
      '```' + (c.shell === 'sh' ? 'sh' : c.shell === 'powershell' ? 'powershell' : 'bat'),
      c.text,
      '```',
    );
  }
  out.push('', 'Go Health does not run these for you. Re-run the checks afterwards: **Go Health: Re-run Checks**.');
  return out.join('\n');
}
