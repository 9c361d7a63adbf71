// Rewrites every path-bearing field of DAP messages between the client's paths and the debugger's, from one table.
import type { DapMessage } from './dapFraming';

/** Translates one path each way. Either function throws when a path has no translation. */
export interface PathTranslator {
  toDebugger(clientPath: string): string;
  toClient(debuggerPath: string): string;
}

/**
 * What sits at a field: a plain path, a path only when absolute (a process name may be a bare word),
 * or a DAP `Source` (its `path`, and the related `sources` it may nest).
 */
type PathFieldKind = 'path' | 'absolutePath' | 'source';

export interface PathFieldRule {
  /** `request` rules apply to client requests (to the debugger); `response` and `event` to the debugger's replies (to the client). */
  type: 'request' | 'response' | 'event';
  /** The command (requests, responses) or event name. */
  name: string;
  /** Dotted location inside the message; `[]` walks every element of an array. */
  field: string;
  kind: PathFieldKind;
}

/**
 * Every place the Debug Adapter Protocol (and Delve's launch/attach arguments) carries a file path.
 * Not paths, so not here: `args`, `env`, `evaluate` expressions, `buildFlags`, variable values.
 */
export const PATH_FIELDS: readonly PathFieldRule[] = [
  // Delve's launch and attach arguments.
  { type: 'request', name: 'launch', field: 'arguments.program', kind: 'path' },
  { type: 'request', name: 'launch', field: 'arguments.cwd', kind: 'path' },
  { type: 'request', name: 'launch', field: 'arguments.output', kind: 'path' },
  { type: 'request', name: 'launch', field: 'arguments.dlvCwd', kind: 'path' },
  { type: 'request', name: 'launch', field: 'arguments.traceDirPath', kind: 'path' },
  { type: 'request', name: 'launch', field: 'arguments.coreFilePath', kind: 'path' },
  { type: 'request', name: 'attach', field: 'arguments.cwd', kind: 'path' },
  // Requests that name a source file.
  { type: 'request', name: 'setBreakpoints', field: 'arguments.source', kind: 'source' },
  { type: 'request', name: 'breakpointLocations', field: 'arguments.source', kind: 'source' },
  { type: 'request', name: 'source', field: 'arguments.source', kind: 'source' },
  { type: 'request', name: 'gotoTargets', field: 'arguments.source', kind: 'source' },
  // Responses that report sources.
  { type: 'response', name: 'setBreakpoints', field: 'body.breakpoints[].source', kind: 'source' },
  { type: 'response', name: 'setFunctionBreakpoints', field: 'body.breakpoints[].source', kind: 'source' },
  { type: 'response', name: 'setInstructionBreakpoints', field: 'body.breakpoints[].source', kind: 'source' },
  { type: 'response', name: 'setExceptionBreakpoints', field: 'body.breakpoints[].source', kind: 'source' },
  { type: 'response', name: 'setDataBreakpoints', field: 'body.breakpoints[].source', kind: 'source' },
  { type: 'response', name: 'stackTrace', field: 'body.stackFrames[].source', kind: 'source' },
  { type: 'response', name: 'scopes', field: 'body.scopes[].source', kind: 'source' },
  { type: 'response', name: 'loadedSources', field: 'body.sources[]', kind: 'source' },
  { type: 'response', name: 'disassemble', field: 'body.instructions[].location', kind: 'source' },
  { type: 'response', name: 'modules', field: 'body.modules[].path', kind: 'absolutePath' },
  { type: 'response', name: 'modules', field: 'body.modules[].symbolFilePath', kind: 'absolutePath' },
  // Events.
  { type: 'event', name: 'output', field: 'body.source', kind: 'source' },
  { type: 'event', name: 'breakpoint', field: 'body.breakpoint.source', kind: 'source' },
  { type: 'event', name: 'loadedSource', field: 'body.source', kind: 'source' },
  { type: 'event', name: 'module', field: 'body.module.path', kind: 'absolutePath' },
  { type: 'event', name: 'module', field: 'body.module.symbolFilePath', kind: 'absolutePath' },
  { type: 'event', name: 'process', field: 'body.name', kind: 'absolutePath' },
];

interface CompiledRule {
  segments: string[];
  kind: PathFieldKind;
}

/** Rules grouped by `type:name`, so a message without path fields costs one map lookup. */
export class PathRewriter {
  private readonly rules = new Map<string, CompiledRule[]>();

  constructor(
    private readonly translator: PathTranslator,
    table: readonly PathFieldRule[] = PATH_FIELDS,
  ) {
    for (const rule of table) {
      const key = `${rule.type}:${rule.name}`;
      const list = this.rules.get(key) ?? [];
      list.push({ segments: rule.field.split('.').flatMap(splitArraySegment), kind: rule.kind });
      this.rules.set(key, list);
    }
  }

  /**
   * A client request as the debugger should see it. Returns the same object when nothing changes,
   * a rewritten copy otherwise (the input is never modified), or an error naming the path that has
   * no translation: the caller answers the request with it instead of forwarding a wrong path.
   */
  toDebugger(message: DapMessage): { message: DapMessage } | { error: string } {
    if (message.type !== 'request' || typeof message.command !== 'string') return { message };
    const rules = this.rules.get(`request:${message.command}`);
    if (!rules) return { message };
    try {
      return { message: applyRules(message, rules, (p) => this.translator.toDebugger(p)) };
    } catch (e) {
      return { error: (e as Error).message };
    }
  }

  /**
   * A debugger response or event as the client should see it. A path with no translation is left
   * as the debugger wrote it (the client can still show it), so this never fails.
   */
  toClient(message: DapMessage): DapMessage {
    let key: string;
    if (message.type === 'response' && typeof message.command === 'string') key = `response:${message.command}`;
    else if (message.type === 'event' && typeof message.event === 'string') key = `event:${message.event}`;
    else return message;
    const rules = this.rules.get(key);
    if (!rules) return message;
    return applyRules(message, rules, (p) => {
      try {
        return this.translator.toClient(p);
      } catch {
        return p;
      }
    });
  }
}

function splitArraySegment(segment: string): string[] {
  return segment.endsWith('[]') ? [segment.slice(0, -2), '[]'] : [segment];
}

function applyRules(message: DapMessage, rules: CompiledRule[], translate: (p: string) => string): DapMessage {
  let result: unknown = message;
  for (const rule of rules) result = rewriteAt(result, rule.segments, 0, rule.kind, translate);
  return result as DapMessage;
}

/** Copy-on-write walk: returns `value` itself when nothing below it changed. */
function rewriteAt(value: unknown, segments: string[], index: number, kind: PathFieldKind, translate: (p: string) => string): unknown {
  if (index === segments.length) return rewriteLeaf(value, kind, translate, 0);
  const segment = segments[index];
  if (segment === '[]') {
    if (!Array.isArray(value)) return value;
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const next = rewriteAt(value[i], segments, index + 1, kind, translate);
      if (next !== value[i]) {
        copy ??= value.slice();
        copy[i] = next;
      }
    }
    return copy ?? value;
  }
  if (!isPlainObject(value) || !Object.prototype.hasOwnProperty.call(value, segment)) return value;
  const child = value[segment];
  const next = rewriteAt(child, segments, index + 1, kind, translate);
  return next === child ? value : { ...value, [segment]: next };
}

/** Related sources can nest; a hostile message nesting them deeper than this is not followed. */
const MAX_SOURCE_DEPTH = 8;

function rewriteLeaf(value: unknown, kind: PathFieldKind, translate: (p: string) => string, depth: number): unknown {
  switch (kind) {
    case 'path':
      return typeof value === 'string' && value !== '' ? translate(value) : value;
    case 'absolutePath':
      return typeof value === 'string' && isAbsoluteAnywhere(value) ? translate(value) : value;
    case 'source': {
      if (!isPlainObject(value) || depth > MAX_SOURCE_DEPTH) return value;
      let result = value;
      const path = value.path;
      if (typeof path === 'string' && path !== '') {
        const translated = translate(path);
        if (translated !== path) result = { ...result, path: translated };
      }
      const nested = value.sources;
      if (Array.isArray(nested)) {
        let copy: unknown[] | undefined;
        for (let i = 0; i < nested.length; i++) {
          const next = rewriteLeaf(nested[i], 'source', translate, depth + 1);
          if (next !== nested[i]) {
            copy ??= nested.slice();
            copy[i] = next;
          }
        }
        if (copy) result = { ...result, sources: copy };
      }
      return result;
    }
  }
}

/** `/x`, `C:\x`, `C:/x` or `\\server\x`: a path that names a file wherever it is read. */
function isAbsoluteAnywhere(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || /^[\\/]{2}[^\\/]/.test(p);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
