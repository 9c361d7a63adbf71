// The language server's logic without the wire: when to run the engine, what to publish, which fixes to offer.
import { debugSetupFrom, type DebugSetup } from './debugSetup';
import type { CodeAction, Diagnostic, Hover, Position } from 'vscode-languageserver';
import type { HealthCheckOptions, HealthCheckResult } from '../core/engine';
import type { Facts } from '../core/facts';
import type { Host } from '../core/host';
import { pathApi } from '../core/host';
import type { FileChange } from '../core/probe/cache';
import { isUnder } from '../core/paths';
import { readBounded, READ_LIMITS, type ReadOutcome, type ReadPolicy } from '../core/probe/read';
import type { EditFileFix, Finding, Report } from '../core/report';
import { sortFindings } from '../core/report';
import { summarizeEnvironment, summarizeEnvironmentAfter } from '../core/environment';
import { IncrementalChecks, modulePosition, type ModuleRecheck } from '../core/engineIncremental';
import { selectChecks } from '../core/checks/index';
import type { CheckDefinition } from '../core/checks/types';
import { DEFAULT_SETTINGS, type ServerSettings } from '../shared/settings';
import { fixKey, type HealthNotificationParams, type HealthSnapshot } from '../shared/protocol';
import { replacedTexts } from '../shared/textEdits';
import { Debouncer, type Clock } from './debounce';
import { diagnosticsByUri } from './diagnostics';
import { codeActionsFor, type ClientFixSupport } from './codeActions';
import { goEnvDiagnostics, goEnvHover } from './goenvDocument';
import { isPolicyFile, policyHover } from './policyDocument';
import { WATCHED_PIN_AND_POLICY_FILES } from '../core/declared';
import { overlayHost } from './overlayHost';
import { pathToUri, uriToPath } from './uris';
import { renderEnvironmentDocument } from '../shared/environmentDocument';

interface HealthServiceDeps {
  /** The real host; open documents are layered over its file system. */
  host: Host;
  runCheck(host: Host, options: HealthCheckOptions): Promise<Pick<HealthCheckResult, 'report' | 'facts'>>;
  /**
   * After saves of module go.mod files alone: those files read again into the last run's facts and only what
   * depends on them re-checked (the engine's recheckModules over the probe cache). Undefined: a whole run is needed.
   */
  recheckModules?(
    host: Host,
    last: Facts,
    files: readonly string[],
    options: { checks: readonly CheckDefinition[]; runner: IncrementalChecks; timeoutMs: number; previousFindings?: readonly Finding[] },
  ): Promise<ModuleRecheck | undefined>;
  cache?: {
    invalidateAll(): void;
    invalidateFile(file: string, change?: FileChange): void;
    /** Under file watchers: trust what they report (a save re-reads one file). */
    watch?(roots: readonly string[], covers: (file: string) => boolean): void;
    /** Files the service reads itself (fix targets, launch.json) go through the cache when it offers this. */
    readFile?(host: Host, file: string, policy: ReadPolicy): Promise<ReadOutcome>;
  };
  /** The engine's value checks, for go.env documents. */
  judgeGoEnv?: (facts: Facts) => Finding[];
  sendHealth(params: HealthNotificationParams): void;
  publishDiagnostics(uri: string, diagnostics: Diagnostic[]): void;
  clock?: Clock;
  /** Delay after the last edit before a run; saves and explicit requests do not wait. */
  debounceMs?: number;
  log?(message: string): void;
  /** Told when a run starts and when it has been published (the server logs them). */
  runStarted?(runId: number): void;
  runFinished?(runId: number, report: Report): void;
}

interface OpenDocument {
  uri: string;
  languageId: string;
  version: number;
  text: string;
}

const DEFAULT_DEBOUNCE_MS = 150;

/** Names of files whose change can change findings (besides settings): the file watchers report exactly these. */
export function isWatchedFile(file: string): boolean {
  const name = file.replace(/^.*[\\/]/, '');
  return (
    name === 'go.mod' ||
    /[\\/]vendor[\\/]modules\.txt$/.test(file) ||
    name === 'go.work' ||
    name === 'go.sum' ||
    name === 'go.env' ||
    name === 'env' ||
    name === 'Dockerfile' ||
    name === '.gitlab-ci.yml' ||
    name === 'launch.json' ||
    WATCHED_PIN_AND_POLICY_FILES.includes(name) ||
    /[\\/]\.github[\\/]workflows[\\/][^\\/]+\.ya?ml$/.test(file)
  );
}

export class HealthService {
  private folders: string[] = [];
  private settings: ServerSettings = DEFAULT_SETTINGS;
  private readonly docs = new Map<string, OpenDocument>();
  private readonly debouncer: Debouncer;
  private runId = 0;
  /** Runs started so far. */
  get runs(): number {
    return this.runId;
  }
  private current?: Promise<HealthSnapshot | undefined>;
  private queued?: Promise<HealthSnapshot | undefined>;
  /** What each URI was last sent, so that a run sends only the lists that changed. */
  private published = new Map<string, string>();
  private fileTexts = new Map<string, string>();
  private watching = false;
  /** The checks' last evaluation, so that a re-check redoes only what a change reaches. */
  private readonly checkRunner = new IncrementalChecks();
  /** What changed since the last run started: module go.mod files whose text alone changed, or anything else (`whole`). */
  private pending = { goMods: new Set<string>(), whole: true };
  /** Runs that re-checked saved go.mod files without a whole run. */
  incrementalRuns = 0;
  last?: { snapshot: HealthSnapshot; facts: Facts };
  /** Set for a client that shows the Go environment document: findings no file is to blame for are published there. */
  environmentDocumentUri?: string;

  constructor(private readonly deps: HealthServiceDeps) {
    this.debouncer = new Debouncer(() => void this.runNow(), deps.debounceMs ?? DEFAULT_DEBOUNCE_MS, deps.clock);
  }

  /** The host the engine sees: the real one with open documents' unsaved text over the disk. */
  get host(): Host {
    const base = this.deps.host;
    return overlayHost({ ...base, cwd: this.folders[0] ?? base.cwd }, (file) => this.docs.get(file));
  }

  setWorkspaceFolders(folders: string[]): void {
    this.folders = [...folders];
    this.pending.whole = true;
    this.deps.cache?.invalidateAll();
    if (this.watching) this.deps.cache?.watch?.(this.folders, isWatchedFile);
    this.schedule();
  }

  /**
   * The client's file watchers report every change to the files {@link isWatchedFile} names: from now on the
   * cache trusts what it read below the workspace folders until they say otherwise, so a save re-reads one file.
   */
  trustFileWatchers(): void {
    this.watching = true;
    this.deps.cache?.watch?.(this.folders, isWatchedFile);
  }

  /** The settings the next run uses. */
  get settingsNow(): ServerSettings {
    return this.settings;
  }

  setSettings(settings: ServerSettings): void {
    this.settings = settings;
    this.pending.whole = true;
    this.deps.cache?.invalidateAll();
    this.schedule();
  }

  openDocument(uri: string, languageId: string, version: number, text: string): void {
    const file = uriToPath(uri);
    if (!file) return;
    // Editors without the goenv language (Neovim, Helix, Emacs) name the file's type otherwise: go by its name.
    const goenv = languageId === 'goenv' || /(^|[\\/])go\.env$/.test(file) || file === this.last?.facts.goenvFile?.path;
    this.docs.set(file, { uri, languageId: goenv ? 'goenv' : languageId, version, text });
    this.documentChanged(file, false);
  }

  changeDocument(uri: string, version: number, text: string): void {
    const file = uriToPath(uri);
    const doc = file ? this.docs.get(file) : undefined;
    if (!file || !doc) return;
    this.docs.set(file, { ...doc, version, text });
    this.documentChanged(file, true);
  }

  closeDocument(uri: string): void {
    const file = uriToPath(uri);
    if (!file || !this.docs.delete(file)) return;
    // The disk copy counts again.
    this.deps.cache?.invalidateFile(file, 'changed');
    this.noteChange(file, 'changed');
    if (isWatchedFile(file)) this.schedule();
  }

  /** A save is a deliberate moment: run now rather than after the typing delay. */
  saveDocument(uri: string): Promise<HealthSnapshot | undefined> | undefined {
    const file = uriToPath(uri);
    if (!file || !isWatchedFile(file)) return undefined;
    this.deps.cache?.invalidateFile(file, 'changed');
    this.noteChange(file, 'changed');
    return this.runNow();
  }

  /** Files created, changed or deleted on disk (watchers); without a kind, any of these. */
  filesChanged(changes: (string | { file: string; change?: FileChange })[]): void {
    for (const c of changes) {
      const { file, change } = typeof c === 'string' ? { file: c, change: undefined } : c;
      this.deps.cache?.invalidateFile(file, change);
      this.noteChange(file, change);
    }
    if (changes.length) this.schedule();
  }

  /** Re-run now; `invalidate` drops every cached probe result (a user asked: anything may have changed). */
  rerun(invalidate: boolean, changedFiles: string[] = []): Promise<HealthSnapshot | undefined> {
    this.pending.whole = true;
    if (invalidate) {
      this.deps.cache?.invalidateAll();
    }
    for (const f of changedFiles) this.deps.cache?.invalidateFile(f);
    return this.runNow();
  }

  schedule(): void {
    if (this.holding) return;
    this.debouncer.trigger();
  }

  /**
   * Until the client has finished initializing (and, for editors without Go Health's client, answered
   * workspace/configuration), changes are remembered but start no run: the first run uses the real settings.
   */
  private holding = false;

  hold(): void {
    this.holding = true;
    this.debouncer.cancel();
  }

  /** Ends {@link hold} and runs now. */
  release(): Promise<HealthSnapshot | undefined> {
    this.holding = false;
    this.pending.whole = true;
    return this.runNow();
  }

  dispose(): void {
    this.debouncer.cancel();
  }

  /** Starts a run, or queues one behind the run in progress (never two at once, never more than one waiting). */
  runNow(): Promise<HealthSnapshot | undefined> {
    this.debouncer.cancel();
    if (!this.current) {
      const run = this.run().finally(() => {
        if (this.current === run) this.current = undefined;
      });
      this.current = run;
      return run;
    }
    if (!this.queued) {
      this.queued = this.current
        .catch(() => undefined)
        .then(() => {
          this.queued = undefined;
          return this.runNow();
        });
    }
    return this.queued;
  }

  private documentChanged(file: string, edited: boolean): void {
    const doc = this.docs.get(file)!;
    if (doc.languageId === 'goenv') this.publishGoEnv(file, doc);
    if (edited && isWatchedFile(file)) {
      this.deps.cache?.invalidateFile(file, 'changed');
      this.noteChange(file, 'changed');
      this.schedule();
    }
  }

  /** Remembers a change for the next run: a module's go.mod whose text changed can be re-checked alone. */
  private noteChange(file: string, change: FileChange | undefined): void {
    if (change === 'changed' && /(^|[\\/])go\.mod$/.test(file)) this.pending.goMods.add(file);
    else this.pending.whole = true;
  }

  /** After saves of module go.mod files alone: those re-read into the last facts and what depends on them re-checked. */
  private async recheckSavedModules(host: Host, pending: { goMods: Set<string>; whole: boolean }, settings: ServerSettings) {
    const last = this.last;
    if (pending.whole || !pending.goMods.size || !last || !this.deps.recheckModules) return undefined;
    const checks = selectChecks(last.facts.host, { skip: skippedChecks(settings) });
    const result = await this.deps.recheckModules(host, last.facts, [...pending.goMods], {
      checks,
      runner: this.checkRunner,
      timeoutMs: settings.timeoutMs,
      previousFindings: last.snapshot.report.findings,
    });
    if (!result) return undefined;
    this.incrementalRuns++;
    const environment = summarizeEnvironmentAfter(
      { facts: last.facts, summary: last.snapshot.environment },
      result.facts,
      result.changed,
      (file) => modulePosition(result.facts, file),
    );
    return { ...result, environment };
  }

  private async run(): Promise<HealthSnapshot | undefined> {
    const runId = ++this.runId;
    this.deps.runStarted?.(runId);
    this.deps.sendHealth({ phase: 'checking', runId });
    const pending = this.pending;
    this.pending = { goMods: new Set(), whole: false };
    try {
      const host = this.host;
      const folders = await this.existingFolders(host);
      const settings = this.settings;
      const incremental = await this.recheckSavedModules(host, pending, settings);
      if (incremental) return await this.finish(runId, host, settings, incremental);
      const configuredGoPath = this.trustedGoPath(settings);
      const options: HealthCheckOptions = {
        workspaceFolders: folders,
        timeoutMs: settings.timeoutMs,
        skip: skippedChecks(settings),
        configuredGoPath,
        compareLoginShell: settings.compareLoginShell,
        vscodeGo: settings.vscodeGo,
        ...(await this.debugSetup(host, folders)),
        cache: this.deps.cache as HealthCheckOptions['cache'],
        // Until a first run has finished, show the environment as soon as it is known: a walk of thousands of
        // modules should not keep the badge spinning. Later runs keep the last full result on screen instead.
        ...(this.last ? {} : { onPartial: (partial) => this.sendPartial(runId, partial, settings) }),
        previousFindings: this.last?.snapshot.report.findings,
        history: true,
        checkRunner: this.checkRunner,
      };
      const result = await this.deps.runCheck({ ...host, cwd: folders[0] ?? host.homedir }, options);
      return await this.finish(runId, host, settings, { ...result, environment: summarizeEnvironment(result.facts) });
    } catch (e) {
      // What changed is not known to be checked: the next run is a whole one.
      this.pending.whole = true;
      const message = e instanceof Error ? e.message : String(e);
      this.deps.log?.(`Go Health check failed: ${e instanceof Error && e.stack ? e.stack : message}`);
      this.deps.sendHealth({ phase: 'failed', runId, message });
      return undefined;
    }
  }

  /** Settings applied to a run's result, fix targets read, diagnostics published, the snapshot sent. */
  private async finish(
    runId: number,
    host: Host,
    settings: ServerSettings,
    result: Pick<HealthCheckResult, 'report' | 'facts'> & { environment: HealthSnapshot['environment'] },
  ): Promise<HealthSnapshot> {
    const overridden = applySeverityOverrides(result.report.findings, settings);
    // Restricted Mode: the repository's policy may not change where code comes from or whether it is verified.
    const findings = settings.trusted ? overridden : withoutPolicySecurityFixes(overridden);
    const report: Report = { ...result.report, findings };
    await this.readFixFiles(host, report, result.facts);
    const snapshot: HealthSnapshot = {
      runId,
      report,
      environment: result.environment,
      trusted: settings.trusted,
      ignoredSettings: settings.ignoredSettings,
      fixTargets: this.fixTargets(report),
    };
    this.last = { snapshot, facts: result.facts };
    this.publishAll(snapshot);
    this.deps.runFinished?.(runId, report);
    this.deps.sendHealth({ phase: 'done', snapshot });
    return snapshot;
  }

  private sendPartial(runId: number, partial: Pick<HealthCheckResult, 'report' | 'facts'>, settings: ServerSettings): void {
    if (runId !== this.runId || this.last) return;
    const snapshot: HealthSnapshot = {
      runId,
      report: { ...partial.report, findings: applySeverityOverrides(partial.report.findings, settings) },
      environment: summarizeEnvironment(partial.facts),
      trusted: settings.trusted,
      ignoredSettings: settings.ignoredSettings,
      fixTargets: {},
      partial: true,
    };
    this.deps.sendHealth({ phase: 'checking', runId, partial: snapshot });
  }

  /** Defence in depth: even if a client sent it, a go path inside the workspace is not run while untrusted. */
  private trustedGoPath(settings: ServerSettings): string | undefined {
    const goPath = settings.goPath;
    if (!goPath || settings.trusted) return goPath;
    const p = pathApi(this.deps.host);
    const win = this.deps.host.platform === 'win32';
    const inside = this.folders.some((f) => isUnder(p.resolve(f, goPath), f, win));
    return inside || !p.isAbsolute(goPath) ? undefined : goPath;
  }

  private async existingFolders(host: Host): Promise<string[]> {
    const stats = await Promise.all(this.folders.map((f) => host.fs.stat(f)));
    return this.folders.filter((_, i) => stats[i]?.isDirectory);
  }

  /** A file through the one bounded reader, by way of the probe cache when there is one (under watchers, a file nothing changed is not read again). */
  private readBounded(host: Host, file: string, policy: ReadPolicy): Promise<ReadOutcome> {
    const cache = this.deps.cache;
    return cache?.readFile ? cache.readFile(host, file, policy) : readBounded(host, file, policy);
  }

  private async debugSetup(host: Host, folders: string[]): Promise<DebugSetup> {
    const p = pathApi(host);
    const read = (f: string) =>
      this.readBounded(host, p.join(f, '.vscode', 'launch.json'), { maxBytes: READ_LIMITS.jsonConfig, within: folders });
    return debugSetupFrom((await Promise.all(folders.map(read))).map((r) => r.content));
  }

  /** The files findings point at, read as the probes read them (workspace files stay inside the workspace). */
  private async readFixFiles(host: Host, report: Report, facts: Facts): Promise<void> {
    const files = new Set<string>();
    for (const f of report.findings) {
      if (f.location) files.add(f.location.file);
      for (const fix of f.fixes) if (fix.kind === 'edit-file') files.add(fix.file);
    }
    this.fileTexts = new Map();
    // The go env files are named by the environment and may live anywhere; everything else belongs to the workspace.
    const envFiles = new Set([facts.goenvFile?.path, facts.gorootEnvFile?.path]);
    await Promise.all(
      [...files].map(async (file) => {
        const within = envFiles.has(file) ? undefined : this.folders;
        const { content } = await this.readBounded(host, file, { maxBytes: READ_LIMITS.moduleFile, within });
        if (content !== undefined) this.fileTexts.set(file, content);
      }),
    );
  }

  private fixTargets(report: Report): Record<string, string[]> {
    const targets: Record<string, string[]> = {};
    for (const f of report.findings) {
      for (const fix of f.fixes) {
        if (fix.kind !== 'edit-file') continue;
        const text = this.fileTexts.get(fix.file);
        if (text !== undefined) targets[fixKey(f, fix.id)] = replacedTexts(text, fix.edits);
      }
    }
    return targets;
  }

  private publishAll(snapshot: HealthSnapshot): void {
    const report = snapshot.report;
    const environment = this.environmentDocumentUri
      ? { uri: this.environmentDocumentUri, lines: renderEnvironmentDocument(snapshot).problemLines }
      : undefined;
    const byUri = diagnosticsByUri(report, (file) => this.fileTexts.get(file), environment);
    for (const [file, doc] of this.docs) {
      if (doc.languageId !== 'goenv') continue;
      const uri = doc.uri;
      byUri.set(uri, mergeDiagnostics(byUri.get(uri) ?? [], this.goEnvDiagnosticsFor(file, doc)));
    }
    // Only what changed goes out: in a workspace of thousands of modules a save changes one file's list, or none.
    const sent = new Map<string, string>();
    for (const [uri, list] of byUri) {
      if (!list.length) continue;
      const text = JSON.stringify(list);
      sent.set(uri, text);
      if (this.published.get(uri) !== text) this.deps.publishDiagnostics(uri, list);
    }
    for (const uri of this.published.keys()) if (!sent.has(uri)) this.deps.publishDiagnostics(uri, []);
    this.published = sent;
  }

  private goEnvDiagnosticsFor(file: string, doc: OpenDocument): Diagnostic[] {
    const facts = this.last?.facts;
    const layer = facts?.gorootEnvFile?.path === file ? 'goroot-go.env' : 'goenv-file';
    return goEnvDiagnostics(doc.text, { facts, layer, judge: this.deps.judgeGoEnv });
  }

  private publishGoEnv(file: string, doc: OpenDocument): void {
    const fromReport = this.last
      ? (diagnosticsByUri({ findings: this.last.snapshot.report.findings.filter((f) => f.location?.file === file) }).get(doc.uri) ?? [])
      : [];
    const list = mergeDiagnostics(fromReport, this.goEnvDiagnosticsFor(file, doc));
    this.deps.publishDiagnostics(doc.uri, list);
    if (list.length) this.published.set(doc.uri, JSON.stringify(list));
    else this.published.delete(doc.uri);
  }

  codeActions(_uri: string, diagnostics: Diagnostic[], client?: ClientFixSupport): CodeAction[] {
    if (!this.last) return [];
    const snapshot = this.last.snapshot;
    return codeActionsFor(
      diagnostics,
      snapshot.report.findings,
      {
        offered: (finding, fix) => snapshot.fixTargets[fixKey(finding, fix.id)],
        current: (fix: EditFileFix) => {
          const doc = this.docs.get(fix.file);
          const text = doc ? doc.text : this.fileTexts.get(fix.file);
          return text === undefined ? undefined : replacedTexts(text, fix.edits);
        },
      },
      client,
    );
  }

  /** The text of a file as the editor has it open, else on disk (read as the probes read it). */
  async fileText(file: string): Promise<string | undefined> {
    const open = this.docs.get(file)?.text;
    if (open !== undefined) return open;
    const facts = this.last?.facts;
    const envFile = file === facts?.goenvFile?.path || file === facts?.gorootEnvFile?.path;
    const { content } = await this.readBounded(this.deps.host, file, {
      maxBytes: READ_LIMITS.moduleFile,
      within: envFile ? undefined : this.folders,
    });
    return content;
  }

  hover(uri: string, position: Position): Hover | undefined {
    const file = uriToPath(uri);
    const doc = file ? this.docs.get(file) : undefined;
    if (!doc || !file) return undefined;
    if (isPolicyFile(file)) return policyHover(doc.text, position, this.last?.facts);
    if (doc.languageId !== 'goenv') return undefined;
    return goEnvHover(doc.text, position);
  }

  /** The URI a finding's file is published under (tests and the wire agree on it). */
  static uriOf(file: string): string {
    return pathToUri(file);
  }
}

/** The checks the settings turn off: the disabled ones and those whose severity is overridden to `off`. */
export function skippedChecks(settings: Pick<ServerSettings, 'severityOverrides' | 'disabledChecks'>): string[] | undefined {
  const off = new Set(settings.disabledChecks);
  for (const [id, severity] of Object.entries(settings.severityOverrides)) if (severity === 'off') off.add(id);
  return off.size ? [...off] : undefined;
}

/** The findings without fixes whose security-relevant value comes from a repository's policy (for untrusted workspaces). */
export function withoutPolicySecurityFixes(findings: Finding[]): Finding[] {
  return findings.map((f) =>
    f.fixes.some((x) => x.origin?.securityRelevant)
      ? {
          ...f,
          detail: `${f.detail} (The policy's fix is not offered in Restricted Mode: trust the workspace to apply values from its policy.)`,
          fixes: f.fixes.filter((x) => !x.origin?.securityRelevant),
        }
      : f,
  );
}

/** Applies the user's severity overrides (the checks turned off did not run). Errors first afterwards. */
export function applySeverityOverrides(findings: Finding[], settings: Pick<ServerSettings, 'severityOverrides'>): Finding[] {
  return sortFindings(
    findings.map((f) => {
      const override = settings.severityOverrides[f.id];
      return override && override !== 'off' ? { ...f, severity: override } : f;
    }),
  );
}

function mergeDiagnostics(a: Diagnostic[], b: Diagnostic[]): Diagnostic[] {
  const out = [...a];
  for (const d of b) if (!out.some((x) => x.code === d.code && x.range.start.line === d.range.start.line)) out.push(d);
  return out;
}
