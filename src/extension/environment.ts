// The environment VS Code started this extension host with, for the processes Go Health starts (the language server above all).
import * as vscode from 'vscode';
import { readTextSync } from '../platform/files';
import { childEnvironment, parseEnviron, withoutVscodeGoWrites } from '../shared/startupEnvironment';
import type { ServerSettings } from '../shared/settings';

/**
 * Taken when this module loads, the earliest moment Go Health runs. The extension host is shared: VS Code Go writes
 * GOROOT, PATH, GOPATH, GOPROXY, GOBIN into its process.env when it activates, and a language server forked
 * afterwards would judge that half-changed environment instead of the user's (a false goroot-mismatch, whose fix
 * would be wrong). What VS Code Go set from its own settings is reported once, by vscode-go-differs.
 */
const atLoad: Record<string, string | undefined> = { ...process.env };
const vscodeGoActiveAtLoad = vscode.extensions.getExtension('golang.go')?.isActive === true;

/** Environments are a few kilobytes; far more is not an environment worth trusting. */
const MAX_ENVIRON_BYTES = 4 * 1024 * 1024;

/**
 * The start-up environment: on Linux exactly, from /proc/self/environ (which later writes to process.env do not
 * change); elsewhere the snapshot taken at load, with VS Code Go's own writes taken back when it was already active.
 */
export function startupEnvironment(settings: Pick<ServerSettings, 'vscodeGo'>): Record<string, string | undefined> {
  if (process.platform === 'linux') {
    const text = readTextSync('/proc/self/environ', MAX_ENVIRON_BYTES);
    if (text) return parseEnviron(text);
  }
  return vscodeGoActiveAtLoad ? withoutVscodeGoWrites(atLoad, settings.vscodeGo, process.platform) : atLoad;
}

/** The environment to fork the language server with: the start-up one, whatever was added to process.env since unset. */
export function serverEnvironment(settings: Pick<ServerSettings, 'vscodeGo'>): Record<string, string | undefined> {
  return childEnvironment(startupEnvironment(settings), process.env);
}
