// Fixes applied by the language server itself, for editors that have no Go Health client (Neovim, Helix, Emacs, Zed): confirm, apply, audit, undo.
import { promises as fsp, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ExecFn } from '../platform/exec';
import { readRegularFile } from '../platform/files';
import { READ_LIMITS } from '../core/probe/read';
import { commandLine } from '../platform/shell';
import type { EditFileFix, Finding, Fix, GoEnvWriteFix } from '../core/report';
import type { HealthSnapshot } from '../shared/protocol';
import { findingKey, fixKey } from '../shared/protocol';
import { appendAuditRecord, auditRecord } from '../shared/audit';
import { previewFix, instructionsMarkdown } from '../shared/fixPreview';
import { commandRecords, editFileRecords, goEnvWriteRecords, undoEvent, type FixRecords } from '../shared/fixRecords';
import { runGoEnvCommand } from '../shared/goEnvCommand';
import { goEnvFileValue } from '../shared/goenvParse';
import { replacedTexts } from '../shared/textEdits';
import { UndoStack, type Memento, type UndoEntry } from '../shared/undoStack';

/** The commands the server registers (workspace/executeCommand) when the client has no Go Health client of its own. */
export const SERVER_COMMANDS = {
  applyFix: 'gohealth.applyFix',
  undoLastFix: 'gohealth.undoLastFix',
  report: 'gohealth.report',
  rerun: 'gohealth.rerun',
} as const;

/** What the server needs from the editor and the machine to apply a fix. */
export interface ServerFixDeps {
  exec: ExecFn;
  /** Where the undo stack, the audit log and instruction pages live. */
  stateDir: string;
  timeoutMs: () => number;
  env: Record<string, string | undefined>;
  snapshot: () => HealthSnapshot | undefined;
  /** window/showMessageRequest: resolves true when the user chose `action`. */
  confirm: (message: string, detail: string, action: string) => Promise<boolean>;
  /** Tells the user something (window/showMessage). */
  inform: (message: string) => void;
  /** Shows a Markdown page (window/showDocument of a file, or its text where the client cannot open documents). */
  showPage: (file: string, markdown: string) => Promise<void>;
  /** workspace/applyEdit of one fix's edits; resolves false when the client refused. */
  applyEdit: (fix: EditFileFix) => Promise<boolean>;
  /** The text of a file as the editor has it (an open document) or on disk. */
  readFile: (file: string) => Promise<string | undefined>;
  rerun: () => Promise<unknown>;
}

/** Set by a code action whose edit the client already applied: only record it. */
function alreadyApplied(x: unknown): string[] | undefined {
  const a = x as { alreadyApplied?: unknown; previous?: unknown } | undefined;
  return a?.alreadyApplied === true && Array.isArray(a.previous) ? (a.previous as string[]) : undefined;
}

/** A JSON file in the state directory as the undo stack's storage. */
function fileMemento(file: string): Memento {
  let data: Record<string, unknown> = {};
  try {
    data = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    data = {};
  }
  return {
    get: <T>(key: string) => data[key] as T | undefined,
    update: async (key: string, value: unknown) => {
      data = { ...data, [key]: value };
      await fsp.mkdir(path.dirname(file), { recursive: true });
      await fsp.writeFile(file, JSON.stringify(data), 'utf8');
    },
  };
}

export class ServerFixes {
  private readonly undo: UndoStack;

  constructor(private readonly deps: ServerFixDeps) {
    this.undo = new UndoStack(fileMemento(path.join(deps.stateDir, 'undo-stack.json')));
  }

  /** `gohealth.applyFix [findingKey, fixId, alreadyApplied?]`: the one path every fix takes in this server. */
  async apply(key: unknown, fixId: unknown, extra?: unknown): Promise<boolean> {
    const snapshot = this.deps.snapshot();
    const finding = snapshot?.report.findings.find((f) => findingKey(f) === key);
    const fix = finding?.fixes.find((f) => f.id === fixId);
    if (!snapshot || !finding || !fix) {
      this.deps.inform('That fix is no longer offered: the problem may be gone. The checks are running again.');
      void this.deps.rerun();
      return false;
    }
    try {
      const done = await this.applyFix(snapshot, finding, fix, extra);
      if (done) await this.deps.rerun();
      return done;
    } catch (e) {
      this.deps.inform(`The fix "${fix.title}" failed: ${e instanceof Error ? e.message : String(e)}`);
      return false;
    }
  }

  private async applyFix(snapshot: HealthSnapshot, finding: Finding, fix: Fix, extra: unknown): Promise<boolean> {
    if (fix.origin?.securityRelevant && !snapshot.trusted) {
      // Never offered in an untrusted workspace; refused here too, whatever asked for it.
      this.deps.inform(`The fix was not applied: its value comes from the repository's policy, and this workspace is not trusted.`);
      return false;
    }
    switch (fix.kind) {
      case 'edit-file': {
        const previous = alreadyApplied(extra);
        return previous ? this.record(editFileRecords(finding, fix, previous)) : this.applyEdit(snapshot, finding, fix);
      }
      case 'go-env-write':
        return this.applyGoEnv(snapshot, finding, fix);
      case 'terminal-env':
        this.deps.inform(`"${fix.title}" changes the environment of VS Code's integrated terminals; this editor has none to change.`);
        return false;
      case 'run-command': {
        // A command is the user's to run where they can watch it: shown, never started in the background.
        const line = commandLine(fix.command, fix.args, process.platform === 'win32' ? 'powershell' : 'sh');
        await this.showCommands(finding, {
          id: fix.id,
          title: fix.title,
          kind: 'instructions',
          steps: [`Run this${fix.cwd ? ` in ${fix.cwd}` : ''}:`],
          commands: [{ shell: process.platform === 'win32' ? 'powershell' : 'sh', text: line }],
        });
        await this.record(commandRecords(finding, fix, line));
        return false;
      }
      case 'instructions':
        await this.showCommands(finding, fix);
        return false;
    }
  }

  private async showCommands(finding: Finding, fix: Extract<Fix, { kind: 'instructions' }>): Promise<void> {
    const file = path.join(this.deps.stateDir, 'fixes', `${fix.id}.md`);
    await fsp.mkdir(path.dirname(file), { recursive: true });
    const markdown = instructionsMarkdown(fix, finding.title);
    await fsp.writeFile(file, markdown, 'utf8');
    await this.deps.showPage(file, markdown);
  }

  private async applyEdit(snapshot: HealthSnapshot, finding: Finding, fix: EditFileFix): Promise<boolean> {
    const text = await this.deps.readFile(fix.file);
    const offered = snapshot.fixTargets[fixKey(finding, fix.id)];
    const current = text === undefined ? undefined : replacedTexts(text, fix.edits);
    if (!offered || !current || offered.join('\0') !== current.join('\0')) {
      this.deps.inform(`The fix was not applied: ${path.basename(fix.file)} changed since it was checked. The checks are running again.`);
      void this.deps.rerun();
      return false;
    }
    const preview = previewFix(fix, { fileText: text });
    if (!(await this.deps.confirm(preview.message, preview.detail, preview.action))) return false;
    if (!(await this.deps.applyEdit(fix))) {
      this.deps.inform(`The fix was not applied: the editor refused the edit to ${path.basename(fix.file)}.`);
      return false;
    }
    return this.record(editFileRecords(finding, fix, current));
  }

  private async applyGoEnv(snapshot: HealthSnapshot, finding: Finding, fix: GoEnvWriteFix): Promise<boolean> {
    const env = snapshot.environment;
    const go = env.activeGo?.path;
    if (!go || !path.isAbsolute(go) || !snapshot.trusted) {
      this.deps.inform('The fix was not applied: no go binary Go Health may run was found.');
      return false;
    }
    const read = env.goenvFile ? await readRegularFile(env.goenvFile, READ_LIMITS.goEnvFile) : undefined;
    const before = env.goenvFile ? goEnvFileValue(read && 'text' in read ? read.text : undefined, fix.variable) : undefined;
    const preview = previewFix(fix, { goPath: go, goenvFile: env.goenvFile, currentFileValue: before });
    if (!(await this.deps.confirm(preview.message, preview.detail, preview.action))) return false;
    await fsp.mkdir(this.deps.stateDir, { recursive: true });
    await runGoEnvCommand(this.deps.exec, go, fix.variable, fix.value, {
      cwd: this.deps.stateDir,
      timeoutMs: this.deps.timeoutMs(),
      env: this.deps.env,
    });
    return this.record(goEnvWriteRecords(finding, fix, go, before));
  }

  /** `gohealth.undoLastFix`: reverts the newest fix this server applied, after confirmation. */
  async undoLast(): Promise<boolean> {
    const entry = this.undo.peek();
    if (!entry) {
      this.deps.inform('There is no Go Health fix to undo.');
      return false;
    }
    if (!(await this.deps.confirm(`Undo "${entry.fixTitle}"?`, `Restores ${entry.target} to ${entry.previousValue ?? 'unset'}.`, 'Undo')))
      return false;
    try {
      if (!(await this.revert(entry))) return false;
      await this.undo.pop();
      await appendAuditRecord(this.deps.stateDir, auditRecord(undoEvent(entry)));
      await this.deps.rerun();
      return true;
    } catch (e) {
      this.deps.inform(`Undoing "${entry.fixTitle}" failed: ${e instanceof Error ? e.message : String(e)}`);
      return false;
    }
  }

  private async revert(entry: UndoEntry): Promise<boolean> {
    switch (entry.kind) {
      case 'edit-file': {
        const text = await this.deps.readFile(entry.file);
        if (text === undefined || replacedTexts(text, entry.inverse).join('\0') !== entry.expected.join('\0')) {
          this.deps.inform(`Not undone: ${path.basename(entry.file)} changed since the fix. Nothing was changed.`);
          return false;
        }
        return this.deps.applyEdit({ id: entry.fixId, title: entry.fixTitle, kind: 'edit-file', file: entry.file, edits: entry.inverse });
      }
      case 'go-env-write':
        await runGoEnvCommand(this.deps.exec, entry.goPath, entry.variable, entry.previous, {
          cwd: this.deps.stateDir,
          timeoutMs: this.deps.timeoutMs(),
          env: this.deps.env,
        });
        return true;
      case 'terminal-env':
      case 'setting':
      case 'group':
        // Made by the VS Code client only, whose own undo reverts them.
        return false;
    }
  }

  private async record({ event, undo }: FixRecords): Promise<boolean> {
    await appendAuditRecord(this.deps.stateDir, auditRecord(event));
    if (undo) await this.undo.push(undo);
    return true;
  }
}
