// What it takes to undo each kind of applied fix, and the bounded stack of them kept in workspace state.
import type { LineEdit } from './textEdits';

interface UndoBase {
  fixId: string;
  fixTitle: string;
  findingId: string;
  target: string;
  /** What the fix wrote, to detect that something else changed it since. */
  appliedValue: string | null;
  previousValue: string | null;
  appliedAtMs: number;
}

export type UndoEntry =
  | (UndoBase & {
      kind: 'edit-file';
      file: string;
      inverse: LineEdit[];
      /** Text the inverse edits replace: the fix's new text. */ expected: string[];
    })
  | (UndoBase & {
      kind: 'go-env-write';
      goPath: string;
      variable: string;
      /** Value in the go env file before; undefined: was not set there. */ previous?: string;
    })
  | (UndoBase & { kind: 'terminal-env'; variable: string; previous?: { value: string; type: 'replace' | 'append' | 'prepend' } });

const UNDO_STATE_KEY = 'goHealth.undoStack';
export const UNDO_LIMIT = 20;

/** Storage the stack lives in (ExtensionContext.workspaceState in VS Code, a Map in tests). */
export interface Memento {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void> | Promise<void>;
}

export class UndoStack {
  constructor(private readonly memento: Memento) {}

  entries(): UndoEntry[] {
    const raw = this.memento.get<UndoEntry[]>(UNDO_STATE_KEY);
    return Array.isArray(raw) ? raw : [];
  }

  get size(): number {
    return this.entries().length;
  }

  peek(): UndoEntry | undefined {
    const all = this.entries();
    return all[all.length - 1];
  }

  async push(entry: UndoEntry): Promise<void> {
    const all = [...this.entries(), entry];
    await this.memento.update(UNDO_STATE_KEY, all.slice(-UNDO_LIMIT));
  }

  async pop(): Promise<UndoEntry | undefined> {
    const all = this.entries();
    const last = all.pop();
    await this.memento.update(UNDO_STATE_KEY, all);
    return last;
  }
}
