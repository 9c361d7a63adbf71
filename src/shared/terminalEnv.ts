// How a terminal-env fix becomes a mutator of VS Code's EnvironmentVariableCollection, and how VS Code applies mutators to a terminal's environment.
import type { TerminalEnvFix } from '../core/report';

/** A mutator as VS Code's EnvironmentVariableCollection holds it: one per variable. */
export interface TerminalMutator {
  variable: string;
  type: 'prepend' | 'append' | 'replace';
  value: string;
}

/** The mutator a fix puts into the collection: a PATH entry with its delimiter, a delete as an empty value (go reads empty as unset). */
export function terminalMutator(fix: Pick<TerminalEnvFix, 'variable' | 'op' | 'value'>, delimiter: string): TerminalMutator {
  switch (fix.op) {
    case 'prepend':
      return { variable: fix.variable, type: 'prepend', value: `${fix.value ?? ''}${delimiter}` };
    case 'append':
      return { variable: fix.variable, type: 'append', value: `${delimiter}${fix.value ?? ''}` };
    case 'replace':
      return { variable: fix.variable, type: 'replace', value: fix.value ?? '' };
    case 'delete':
      return { variable: fix.variable, type: 'replace', value: '' };
  }
}

/**
 * A new terminal's environment with the collection's mutators applied as VS Code applies them: prepend and append
 * join the value to what the variable holds (nothing when unset), replace sets it. A later mutator for the same
 * variable replaces the earlier one, as in the collection.
 */
export function applyTerminalMutators(
  env: Readonly<Record<string, string | undefined>>,
  mutators: readonly TerminalMutator[],
): Record<string, string | undefined> {
  const last = new Map<string, TerminalMutator>();
  for (const m of mutators) last.set(m.variable, m);
  const out = { ...env };
  for (const m of last.values()) {
    const current = out[m.variable] ?? '';
    out[m.variable] = m.type === 'prepend' ? m.value + current : m.type === 'append' ? current + m.value : m.value;
  }
  return out;
}
