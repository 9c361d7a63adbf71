// Applies fixes in VS Code after showing their exact change, records each in the audit log and the undo stack, and undoes them.
import * as vscode from 'vscode';
import * as path from 'node:path';
import { promises as fsp } from 'node:fs';
import { execFile } from '../platform/exec';
import { readRegularFile } from '../platform/files';
import { READ_LIMITS } from '../core/probe/read';
import type { EditFileFix, Finding, Fix, GoEnvWriteFix, RunCommandFix, TerminalEnvFix } from '../core/report';
import { findingKey, fixKey } from '../shared/protocol';
import { jsoncProblem } from '../shared/jsonc';
import { replacedTexts, type LineEdit } from '../shared/textEdits';
import { terminalMutator } from '../shared/terminalEnv';
import { goEnvFileValue } from '../shared/goenvParse';
import type { HealthContext } from './ctx';
import { appendAuditRecord, auditRecord, type AuditEvent } from '../shared/audit';
import { localRedactionRules, makeRedactor } from '../core/redact';
import { APPLY_ACTION as APPLY, instructionsMarkdown, previewFix } from '../shared/fixPreview';
import { commandLine } from '../platform/shell';
import { commandRecords, editFileRecords, goEnvWriteRecords, undoEvent } from '../shared/fixRecords';
import { runGoEnvCommand } from '../shared/goEnvCommand';
import { isUnder } from '../core/paths';
import { countFindings, countsText, fixPickItems, resolveFindingArg } from './presentation';
import { randomBytes } from 'node:crypto';
import type { UndoEntry } from '../shared/undoStack';
import type { VirtualDocuments } from './virtualDocuments';

const SHOW_DIFF = 'Show Diff';
const UNDO = 'Undo';

/** Set by a code action whose edit VS Code already applied: only record it. */
interface AlreadyApplied {
  alreadyApplied: true;
  previous: string[];
}

function isAlreadyApplied(x: unknown): x is AlreadyApplied {
  return !!x && typeof x === 'object' && (x as AlreadyApplied).alreadyApplied === true && Array.isArray((x as AlreadyApplied).previous);
}

function toRange(e: LineEdit): vscode.Range {
  return new vscode.Range(e.line - 1, e.column - 1, e.endLine - 1, e.endColumn - 1);
}

export class FixManager {
  /** The change the latest record() wrote, for the toast that follows it. */
  private lastChange?: RecordedChange;

  constructor(
    private readonly ctx: HealthContext,
    private readonly docs: VirtualDocuments,
  ) {}

  /** The Go Health log, for the flows that apply fixes (the debug flow says there how it started the compound). */
  get log(): vscode.LogOutputChannel {
    return this.ctx.log;
  }

  /** Go Health: Fix a Problem… — every available fix (or one finding's) in a quick pick, then preview and apply. */
  async pickAndApply(findingArg?: unknown): Promise<void> {
    const snapshot = this.ctx.snapshot;
    if (!snapshot)
      return void vscode.window.showInformationMessage('Go Health has not finished its first check yet. Try again in a moment.');
    const only = findingArg !== undefined ? resolveFindingArg(snapshot.report.findings, findingArg) : undefined;
    const items = fixPickItems(snapshot.report.findings, only ? findingKey(only) : undefined);
    if (!items.length)
      return void vscode.window.showInformationMessage(
        only ? `No fix is available for "${only.title}".` : 'Go Health found nothing it can fix.',
      );
    const picked =
      items.length === 1 && only
        ? items[0]
        : await vscode.window.showQuickPick(items, {
            title: 'Go Health: Fix a Problem',
            placeHolder: 'Choose a fix; you will see the exact change before it is applied',
            matchOnDescription: true,
          });
    if (picked) await this.apply(picked.findingKey, picked.fixId);
  }

  /** Go Health: apply one fix (tree, tooltip, code action). */
  async apply(findingArg: unknown, fixIdArg?: unknown, extra?: unknown): Promise<boolean> {
    const snapshot = this.ctx.snapshot;
    if (!snapshot) {
      void vscode.window.showInformationMessage('Go Health has not finished its first check yet. Try again in a moment.');
      return false;
    }
    // From a tree node the node itself is the only argument.
    let fixId = typeof fixIdArg === 'string' ? fixIdArg : undefined;
    if (!fixId && findingArg && typeof findingArg === 'object' && typeof (findingArg as { fixId?: unknown }).fixId === 'string')
      fixId = (findingArg as { fixId: string }).fixId;
    const finding = resolveFindingArg(snapshot.report.findings, findingArg, fixId);
    const fix = finding?.fixes.find((f) => f.id === fixId) ?? (fixId === undefined ? finding?.fixes[0] : undefined);
    if (!finding || !fix) {
      void vscode.window.showWarningMessage('That fix is no longer offered: the problem may be gone. The checks are running again.');
      void this.ctx.rerun(false);
      return false;
    }
    return this.applyFix(finding, fix, extra);
  }

  /**
   * Previews, applies, records and (where it can) makes undoable one fix of a finding: the one path every fix
   * takes, whether it came from the report or from another flow (the debug pre-flight).
   */
  async applyFix(finding: Finding, fix: Fix, extra?: unknown): Promise<boolean> {
    if (fix.origin?.securityRelevant && !vscode.workspace.isTrusted) {
      // Not offered in Restricted Mode (the server drops them); refused here as well, whatever asked for it.
      void vscode.window.showWarningMessage(
        `The fix was not applied: its value comes from the repository's team policy (${path.basename(fix.origin.file)} line ${fix.origin.line}), and this workspace is not trusted.`,
      );
      return false;
    }
    this.lastChange = undefined;
    try {
      let done: boolean;
      switch (fix.kind) {
        case 'edit-file':
          done = isAlreadyApplied(extra) ? await this.recordEdit(finding, fix, extra.previous) : await this.applyEdit(finding, fix);
          break;
        case 'go-env-write':
          done = await this.applyGoEnv(finding, fix);
          break;
        case 'terminal-env':
          done = await this.applyTerminalEnv(finding, fix);
          break;
        case 'run-command':
          done = await this.runCommand(finding, fix);
          break;
        case 'instructions':
          await this.docs.showMarkdown(`Fix - ${fix.id}.md`, instructionsMarkdown(fix, finding.title));
          return true;
      }
      if (done) {
        await this.ctx.rerun(true);
        void this.confirmApplied(finding, fix, this.lastChange);
      }
      return done;
    } catch (e) {
      this.ctx.log.error(`Fix "${fix.title}" failed: ${e instanceof Error ? e.message : String(e)}`);
      void vscode.window.showErrorMessage(`The fix "${fix.title}" failed: ${e instanceof Error ? e.message : String(e)}`);
      return false;
    }
  }

  /**
   * The toast after a fix: what changed, whether the problem is gone (the checks ran again), what is left, and
   * Undo while this change is still the latest.
   */
  private async confirmApplied(finding: Finding, fix: Fix, change: RecordedChange | undefined): Promise<void> {
    const after = this.ctx.snapshot?.report.findings ?? [];
    const fromView = finding.id === ENVIRONMENT_VIEW_FINDING;
    const gone = !after.some((f) => findingKey(f) === findingKey(finding));
    const counts = countsText(countFindings(after));
    const message = [
      `${fix.title}: done.`,
      change ? `${changeText(change.event)}.` : undefined,
      fromView ? undefined : gone ? `Fixed: ${finding.title}.` : `Still reported: ${finding.title}.`,
      counts ? `Left: ${counts}.` : 'No problems left.',
    ]
      .filter(Boolean)
      .join(' ');
    const answer = await vscode.window.showInformationMessage(message, ...(change?.undo ? [UNDO] : []));
    if (answer === UNDO && change?.undo) await this.undoChange(change.undo.changeId, false);
  }

  /** The modal every fix passes; a policy's security-relevant value is confirmed with its own button and a warning. */
  private async confirm(
    _fix: Fix,
    preview: { message: string; detail: string; action: string },
    diff?: () => Promise<void>,
  ): Promise<boolean> {
    const apply = preview.action;
    const show = (message: string, options: vscode.MessageOptions, ...items: string[]) =>
      apply === APPLY
        ? vscode.window.showInformationMessage(message, options, ...items)
        : vscode.window.showWarningMessage(message, options, ...items);
    const buttons = diff ? [apply, SHOW_DIFF] : [apply];
    const answer = await show(preview.message, { modal: true, detail: preview.detail }, ...buttons);
    if (answer === SHOW_DIFF && diff) {
      await diff();
      return (await show(preview.message, { modal: true, detail: preview.detail }, apply)) === apply;
    }
    return answer === apply;
  }

  private async record(event: AuditEvent, undo?: UndoEntry): Promise<void> {
    const changeId = `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
    const withId = { ...event, changeId };
    const record = auditRecord(withId);
    await appendAuditRecord(this.ctx.storageDir, record);
    exportAuditRecordIfAsked(record);
    if (undo) await this.ctx.undo.push({ ...undo, changeId });
    this.lastChange = { event: withId, undo: undo ? { ...undo, changeId } : undefined };
    this.ctx.log.info(`Fix ${event.action === 'apply' ? 'applied' : 'undone'}: ${event.fixTitle} — ${changeText(event)}`);
    this.ctx.render();
  }

  private async applyEdit(finding: Finding, fix: EditFileFix): Promise<boolean> {
    const snapshot = this.ctx.snapshot!;
    const uri = vscode.Uri.file(fix.file);
    let doc: vscode.TextDocument;
    try {
      doc = await vscode.workspace.openTextDocument(uri);
    } catch {
      void vscode.window.showWarningMessage(`The fix was not applied: ${fix.file} cannot be opened.`);
      return false;
    }
    const text = doc.getText();
    const offered = snapshot.fixTargets[fixKey(finding, fix.id)];
    const current = replacedTexts(text, fix.edits);
    if (!offered || offered.join('\0') !== current.join('\0')) {
      const first = fix.edits[0];
      void vscode.window.showWarningMessage(
        `The fix was not applied: ${path.basename(fix.file)} changed since it was checked${first ? ` (line ${first.line} is different now)` : ''}. Nothing was changed; the checks are running again.`,
      );
      void this.ctx.rerun(false);
      return false;
    }
    if (/\.jsonc?$/i.test(fix.file)) {
      const problem = jsoncProblem(text);
      if (problem) {
        void vscode.window.showWarningMessage(
          `The fix was not applied: ${path.basename(fix.file)} does not parse (${problem}). The file was left untouched.`,
        );
        return false;
      }
    }
    const preview = previewFix(fix, { fileText: text });
    const ok = await this.confirm(fix, preview, () => this.docs.showDiff(uri, fix, text));
    if (!ok) return false;
    const wasDirty = doc.isDirty;
    const edit = new vscode.WorkspaceEdit();
    for (const e of fix.edits) edit.replace(uri, toRange(e), e.newText);
    if (!(await vscode.workspace.applyEdit(edit))) {
      void vscode.window.showWarningMessage(`The fix was not applied: VS Code refused the edit to ${path.basename(fix.file)}.`);
      return false;
    }
    // Saved so the go command (and the CLI) see the change; a file with other unsaved edits is left for the user to save.
    if (!wasDirty) await doc.save();
    await this.recordEdit(finding, fix, current);
    return true;
  }

  private async recordEdit(finding: Finding, fix: EditFileFix, previous: string[]): Promise<boolean> {
    const { event, undo } = editFileRecords(finding, fix, previous);
    await this.record(event, undo);
    return true;
  }

  private goBinary(): string | undefined {
    const go = this.ctx.snapshot?.environment.activeGo?.path;
    if (!go || !path.isAbsolute(go)) return undefined;
    // Never run a program from inside an untrusted workspace, whatever said to.
    if (
      !vscode.workspace.isTrusted &&
      (vscode.workspace.workspaceFolders ?? []).some((f) => isUnder(go, f.uri.fsPath, process.platform === 'win32'))
    )
      return undefined;
    return go;
  }

  private async readGoEnvFile(): Promise<string | undefined> {
    const file = this.ctx.snapshot?.environment.goenvFile;
    if (!file) return undefined;
    const read = await readRegularFile(file, READ_LIMITS.goEnvFile);
    return read && 'text' in read ? read.text : undefined;
  }

  private async runGoEnv(go: string, variable: string, value: string | undefined): Promise<void> {
    await fsp.mkdir(this.ctx.storageDir, { recursive: true });
    const timeoutMs = vscode.workspace.getConfiguration('goHealth').get<number>('timeoutMs') ?? 10_000;
    await runGoEnvCommand(execFile, go, variable, value, { cwd: this.ctx.storageDir, timeoutMs, env: process.env });
  }

  private async applyGoEnv(finding: Finding, fix: GoEnvWriteFix): Promise<boolean> {
    const go = this.goBinary();
    if (!go) {
      void vscode.window.showWarningMessage('The fix was not applied: no go binary Go Health may run was found.');
      return false;
    }
    const env = this.ctx.snapshot!.environment;
    const before = goEnvFileValue(await this.readGoEnvFile(), fix.variable);
    const seen = env.variables.find((v) => v.name === fix.variable);
    const seenFileValue = seen
      ? seen.source === 'goenv-file'
        ? seen.value
        : seen.overridden.find((o) => o.source === 'goenv-file')?.value
      : undefined;
    if (seen && before !== seenFileValue) {
      void vscode.window.showWarningMessage(
        `The fix was not applied: ${fix.variable} in the go env file changed since it was checked. Nothing was changed; the checks are running again.`,
      );
      void this.ctx.rerun(true);
      return false;
    }
    const ok = await this.confirm(fix, previewFix(fix, { goPath: go, goenvFile: env.goenvFile, currentFileValue: before }));
    if (!ok) return false;
    await this.runGoEnv(go, fix.variable, fix.value);
    const { event, undo } = goEnvWriteRecords(finding, fix, go, before);
    await this.record(event, undo);
    return true;
  }

  private async applyTerminalEnv(finding: Finding, fix: TerminalEnvFix): Promise<boolean> {
    const collection = this.ctx.extension.environmentVariableCollection;
    const ok = await this.confirm(fix, previewFix(fix, { pathDelimiter: path.delimiter }));
    if (!ok) return false;
    const existing = collection.get(fix.variable);
    const previous = existing ? { value: existing.value, type: mutatorName(existing.type) } : undefined;
    collection.description = 'Go Health fixes for the Go environment';
    const mutator = terminalMutator(fix, path.delimiter);
    const applied = mutator.value;
    if (mutator.type === 'prepend') collection.prepend(fix.variable, applied);
    else if (mutator.type === 'append') collection.append(fix.variable, applied);
    else collection.replace(fix.variable, applied);
    await this.record(
      {
        action: 'apply',
        fixId: fix.id,
        fixTitle: fix.title,
        findingId: finding.id,
        target: `terminal env ${fix.variable}`,
        previous: previous ? `${previous.type} ${previous.value}` : null,
        next: `${fix.op} ${applied}`,
      },
      {
        kind: 'terminal-env',
        fixId: fix.id,
        fixTitle: fix.title,
        findingId: finding.id,
        target: `terminal env ${fix.variable}`,
        variable: fix.variable,
        previous,
        appliedValue: applied,
        previousValue: previous?.value ?? null,
        appliedAtMs: Date.now(),
      },
    );
    return true;
  }

  private async runCommand(finding: Finding, fix: RunCommandFix): Promise<boolean> {
    const preview = previewFix(fix, { platform: process.platform });
    const ok = await this.confirm(fix, preview);
    if (!ok) return false;
    // The terminal runs the program itself, with no shell in between: its arguments reach it exactly, whatever
    // shell the user's terminals default to (PowerShell, cmd, bash, fish).
    const terminal = vscode.window.createTerminal({
      name: `Go Health: ${fix.title}`,
      shellPath: fix.command,
      shellArgs: fix.args,
      cwd: fix.cwd,
      env: fix.env,
    });
    terminal.show();
    const line = commandLine(fix.command, fix.args, process.platform === 'win32' ? 'powershell' : 'sh');
    await this.record(commandRecords(finding, fix, line).event);
    void vscode.window
      .showInformationMessage(`Running "${line}" in a terminal. Re-run the checks when it has finished.`, 'Re-run Checks')
      .then((a) => {
        if (a) void this.ctx.rerun(true);
      });
    return false;
  }

  /** Go Health: Undo Last Fix. */
  async undoLast(): Promise<void> {
    await this.undoChange(undefined, true);
  }

  /**
   * Undoes the latest change, or the one `changeId` names when it is still the latest (the toast's and the audit
   * view's Undo: the click was the confirmation, so no modal asks again).
   */
  async undoChange(changeId: string | undefined, confirm: boolean): Promise<boolean> {
    const entry = this.ctx.undo.peek();
    if (!entry) {
      void vscode.window.showInformationMessage('There is no Go Health fix to undo.');
      return false;
    }
    if (changeId !== undefined && entry.changeId !== changeId) {
      void vscode.window.showInformationMessage(
        `Only the latest change can be undone here, and a later one was made since ("${entry.fixTitle}"). Undo that one first.`,
      );
      return false;
    }
    if (confirm) {
      const answer = await vscode.window.showInformationMessage(
        `Undo "${entry.fixTitle}"?`,
        { modal: true, detail: undoDetail(entry) },
        UNDO,
      );
      if (answer !== UNDO) return false;
    }
    try {
      const undone = await this.revert(entry);
      if (!undone) return false;
      await this.ctx.undo.pop();
      await this.record(undoEvent(entry));
      await this.ctx.rerun(true);
      void vscode.window.showInformationMessage(`Undone: ${entry.fixTitle}. ${changeText(undoEvent(entry))}.`);
      return true;
    } catch (e) {
      this.ctx.log.error(`Undoing "${entry.fixTitle}" failed: ${e instanceof Error ? e.message : String(e)}`);
      void vscode.window.showErrorMessage(`Undoing "${entry.fixTitle}" failed: ${e instanceof Error ? e.message : String(e)}`);
      return false;
    }
  }

  private async revert(entry: UndoEntry): Promise<boolean> {
    switch (entry.kind) {
      case 'edit-file': {
        const uri = vscode.Uri.file(entry.file);
        const doc = await vscode.workspace.openTextDocument(uri);
        const now = replacedTexts(doc.getText(), entry.inverse);
        if (now.join('\0') !== entry.expected.join('\0')) {
          void vscode.window.showWarningMessage(
            `Not undone: ${path.basename(entry.file)} changed since the fix. Nothing was changed; use Edit > Undo in the editor instead.`,
          );
          return false;
        }
        const wasDirty = doc.isDirty;
        const edit = new vscode.WorkspaceEdit();
        for (const e of entry.inverse) edit.replace(uri, toRange(e), e.newText);
        if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`VS Code refused the edit to ${entry.file}`);
        if (!wasDirty) await doc.save();
        return true;
      }
      case 'go-env-write': {
        const now = goEnvFileValue(await this.readGoEnvFile(), entry.variable);
        if ((now ?? null) !== entry.appliedValue) {
          void vscode.window.showWarningMessage(
            `Not undone: ${entry.variable} in the go env file changed since the fix (it is ${now === undefined ? 'unset' : `"${now}"`}). Nothing was changed.`,
          );
          return false;
        }
        const go = this.goBinary() ?? entry.goPath;
        await this.runGoEnv(go, entry.variable, entry.previous);
        return true;
      }
      case 'terminal-env': {
        const collection = this.ctx.extension.environmentVariableCollection;
        if (entry.previous) {
          if (entry.previous.type === 'prepend') collection.prepend(entry.variable, entry.previous.value);
          else if (entry.previous.type === 'append') collection.append(entry.variable, entry.previous.value);
          else collection.replace(entry.variable, entry.previous.value);
        } else collection.delete(entry.variable);
        return true;
      }
      case 'setting': {
        const config = vscode.workspace.getConfiguration(entry.section);
        const now = config.inspect(entry.key)?.workspaceValue;
        if (JSON.stringify(now) !== JSON.stringify(entry.applied)) {
          void vscode.window.showWarningMessage(
            `Not undone: the workspace setting ${entry.section}.${entry.key} changed since (it is ${now === undefined ? 'unset' : JSON.stringify(now)}). Nothing was changed.`,
          );
          return false;
        }
        await config.update(entry.key, entry.previous, vscode.ConfigurationTarget.Workspace);
        return true;
      }
      case 'group': {
        for (const part of [...entry.parts].reverse()) if (!(await this.revert(part))) return false;
        return true;
      }
    }
  }

  /**
   * "Use this Go for this workspace": the goHealth.goPath workspace setting (what Go Health checks) and the
   * integrated terminals' PATH (what \`go\` runs there), previewed, audited and undone as one change.
   */
  async useGo(installation: { path: string; goroot?: string; version?: string }): Promise<boolean> {
    if (!vscode.workspace.workspaceFolders?.length) {
      void vscode.window.showInformationMessage('Open a folder first: the choice is saved in its workspace settings.');
      return false;
    }
    const bin = path.dirname(installation.path);
    const config = vscode.workspace.getConfiguration('goHealth');
    const previousSetting = config.inspect<string>('goPath')?.workspaceValue;
    const collection = this.ctx.extension.environmentVariableCollection;
    const existing = collection.get('PATH');
    const name = installation.version ?? installation.path;
    const asFix: Fix = { id: 'use-this-go', title: `Use ${name} for this workspace`, kind: 'instructions', steps: [] };
    const ok = await this.confirm(asFix, {
      message: `Use ${name} for this workspace?`,
      detail: useGoDetail(installation.path, bin, previousSetting),
      action: APPLY,
    });
    if (!ok) return false;
    await config.update('goPath', installation.path, vscode.ConfigurationTarget.Workspace);
    collection.description = 'Go Health fixes for the Go environment';
    const prepended = `${bin}${path.delimiter}`;
    collection.prepend('PATH', prepended);
    const base = {
      fixId: 'use-this-go',
      fixTitle: `Use ${name} for this workspace`,
      findingId: ENVIRONMENT_VIEW_FINDING,
      appliedAtMs: Date.now(),
    };
    const settingPart: UndoEntry = {
      ...base,
      kind: 'setting',
      section: 'goHealth',
      key: 'goPath',
      previous: previousSetting,
      applied: installation.path,
      target: 'workspace setting goHealth.goPath',
      appliedValue: installation.path,
      previousValue: previousSetting ?? null,
    };
    const terminalPart: UndoEntry = {
      ...base,
      kind: 'terminal-env',
      variable: 'PATH',
      previous: existing ? { value: existing.value, type: mutatorName(existing.type) } : undefined,
      target: 'terminal env PATH',
      appliedValue: `prepend ${prepended}`,
      previousValue: existing?.value ?? null,
    };
    await this.record(
      {
        action: 'apply',
        ...base,
        target: 'workspace setting goHealth.goPath and terminal env PATH',
        previous: previousSetting ?? null,
        next: installation.path,
      },
      {
        ...base,
        kind: 'group',
        parts: [settingPart, terminalPart],
        target: 'workspace setting goHealth.goPath and terminal env PATH',
        appliedValue: installation.path,
        previousValue: previousSetting ?? null,
      },
    );
    // The setting reaches the server through the configuration watcher; wait for the run it starts.
    await this.ctx.rerun(false);
    void this.confirmApplied(viewFinding(`Use ${name}`), asFix, this.lastChange);
    return true;
  }

  /** `go env -w NAME=value` / `go env -u NAME` from the Environment view, through the same preview, audit and undo. */
  async writeVariable(variable: string, value: string | undefined): Promise<boolean> {
    const fix: GoEnvWriteFix =
      value === undefined
        ? {
            id: `env-view-unset-${variable.toLowerCase()}`,
            title: `Remove ${variable} from the go env file (go env -u)`,
            kind: 'go-env-write',
            variable,
          }
        : {
            id: `env-view-set-${variable.toLowerCase()}`,
            title: `Set ${variable}=${value} with go env -w`,
            kind: 'go-env-write',
            variable,
            value,
          };
    return this.applyFix(viewFinding(`${variable} in the Environment view`), fix);
  }
}

/** The finding id the audit log records for changes made from the Environment view. */
const ENVIRONMENT_VIEW_FINDING = 'environment-view';

function viewFinding(title: string): Finding {
  return { id: ENVIRONMENT_VIEW_FINDING, severity: 'info', area: 'consistency', title, detail: '', evidence: {}, fixes: [] };
}

function useGoDetail(goPath: string, bin: string, previous: string | undefined): string {
  return [
    `Workspace setting goHealth.goPath: ${previous === undefined ? 'not set' : `"${previous}"`} → "${goPath}" (Go Health checks this go).`,
    `Integrated terminals opened from now on get: PATH = ${bin}${path.delimiter}<current PATH>`,
    'Undo restores both.',
  ].join('\n');
}

interface RecordedChange {
  event: AuditEvent & { changeId: string };
  undo?: UndoEntry & { changeId: string };
}

/** What a recorded change did, in one line: `go env GOTOOLCHAIN: local → auto`, `go.mod: 1.99.0 → 1.26.0`. */
function changeText(event: AuditEvent): string {
  const target = path.isAbsolute(event.target) ? path.basename(event.target) : event.target;
  const show = (v: string | null) => (v === null ? 'unset' : v === '' ? '(empty)' : v.length > 60 ? `${v.slice(0, 59)}…` : v);
  if (event.previous === event.next) return target;
  return `${target}: ${show(event.previous)} → ${show(event.next)}`;
}

function mutatorName(type: vscode.EnvironmentVariableMutatorType): 'replace' | 'append' | 'prepend' {
  return type === vscode.EnvironmentVariableMutatorType.Append
    ? 'append'
    : type === vscode.EnvironmentVariableMutatorType.Prepend
      ? 'prepend'
      : 'replace';
}

function undoDetail(entry: UndoEntry): string {
  switch (entry.kind) {
    case 'edit-file':
      return `Restores in ${entry.file}: ${entry.inverse.map((e) => `line ${e.line}: "${e.newText}"`).join('; ')}`;
    case 'go-env-write':
      return entry.previous === undefined ? `Runs: go env -u ${entry.variable}` : `Runs: go env -w ${entry.variable}=${entry.previous}`;
    case 'terminal-env':
      return entry.previous
        ? `Restores ${entry.variable} for integrated terminals to: ${entry.previous.type} ${entry.previous.value}`
        : `Removes Go Health's change to ${entry.variable} in integrated terminals.`;
    case 'setting':
      return `Workspace setting ${entry.section}.${entry.key}: back to ${entry.previous === undefined ? 'not set' : JSON.stringify(entry.previous)}.`;
    case 'group':
      return entry.parts.map(undoDetail).join('\n');
  }
}

/**
 * Sends an audit record to the OTLP/HTTP endpoint of the goHealth.auditLog.otlpEndpoint setting (user settings only:
 * a workspace must not choose where a machine's records go). Off when empty; never delays or fails the fix.
 */
function exportAuditRecordIfAsked(record: ReturnType<typeof auditRecord>): void {
  const endpoint = vscode.workspace.getConfiguration('goHealth').inspect<string>('auditLog.otlpEndpoint')?.globalValue?.trim();
  if (!endpoint || !/^https?:\/\//.test(endpoint)) return;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the OpenTelemetry bundle beside this one, loaded only when exporting
    const otlp = require(path.join(__dirname, 'otlp.js')) as typeof import('../shared/otlpExport');
    void otlp
      .exportAuditRecord(record, {
        endpoint,
        attributes: { 'service.name': 'gohealth-vscode' },
        redact: makeRedactor(localRedactionRules()),
      })
      .then((outcome) => {
        if (outcome.failures.length) console.warn(`Go Health: audit record export failed: ${outcome.failures.join('; ')}`);
      });
  } catch (e) {
    console.warn(`Go Health: audit record export failed: ${(e as Error).message}`);
  }
}
