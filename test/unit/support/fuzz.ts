// The invariants every parser is fuzzed against (no exception, no prototype change, bounded time), and the input pieces hostile files are made of.
import fc from 'fast-check';

/** Cases per parser: the bar, run in CI with every unit test. */
export const FUZZ_RUNS = 10_000;

/**
 * A hang detector, not a speed target: inputs are a few kilobytes, which every parser reads in well under a
 * millisecond; a second means a runaway loop or a regular expression gone exponential.
 */
const HANG_MS = 1_000;

const PROTOTYPES: readonly object[] = [Object.prototype, Array.prototype, String.prototype, Function.prototype];

function prototypeShape(): string {
  return PROTOTYPES.map((p) => Reflect.ownKeys(p).map(String).sort().join(',')).join('|');
}

/** Properties a pollution through `__proto__` or `constructor.prototype` would leave on plain objects. */
function pollutionVisible(): string | undefined {
  const probe: Record<string, unknown> = {};
  for (const key in probe) return key;
  return undefined;
}

export interface FuzzSummary {
  name: string;
  runs: number;
  ms: number;
}

export const fuzzSummaries: FuzzSummary[] = [];

/**
 * Runs `parse` on FUZZ_RUNS generated inputs; each run must return (never throw), leave every built-in prototype as
 * it was, and end within the hang limit.
 */
export function fuzzParser<T>(name: string, input: fc.Arbitrary<T>, parse: (value: T) => unknown, runs = FUZZ_RUNS): FuzzSummary {
  const shape = prototypeShape();
  const started = performance.now();
  fc.assert(
    fc.property(input, (value) => {
      const t0 = performance.now();
      parse(value);
      const took = performance.now() - t0;
      if (took > HANG_MS) throw new Error(`${name} took ${Math.round(took)} ms on one input`);
      const now = prototypeShape();
      if (now !== shape) throw new Error(`${name} changed a built-in prototype: ${now}`);
      const visible = pollutionVisible();
      if (visible !== undefined) throw new Error(`${name} polluted Object.prototype with "${visible}"`);
    }),
    { numRuns: runs, seed: Number(process.env.GOHEALTH_FUZZ_SEED ?? 20260101) },
  );
  const summary = { name, runs, ms: Math.round(performance.now() - started) };
  fuzzSummaries.push(summary);
  return summary;
}

/** The same for a parser that answers with a promise: each run is awaited before the next starts. */
export async function fuzzParserAsync<T>(
  name: string,
  input: fc.Arbitrary<T>,
  parse: (value: T) => Promise<unknown>,
  runs = FUZZ_RUNS,
): Promise<FuzzSummary> {
  const shape = prototypeShape();
  const started = performance.now();
  await fc.assert(
    fc.asyncProperty(input, async (value) => {
      const t0 = performance.now();
      await parse(value);
      const took = performance.now() - t0;
      if (took > HANG_MS) throw new Error(`${name} took ${Math.round(took)} ms on one input`);
      if (prototypeShape() !== shape) throw new Error(`${name} changed a built-in prototype`);
      const visible = pollutionVisible();
      if (visible !== undefined) throw new Error(`${name} polluted Object.prototype with "${visible}"`);
    }),
    { numRuns: runs, seed: Number(process.env.GOHEALTH_FUZZ_SEED ?? 20260101) },
  );
  const summary = { name, runs, ms: Math.round(performance.now() - started) };
  fuzzSummaries.push(summary);
  return summary;
}

/** Names that have broken parsers before: prototype keys, and words the grammars give meaning to. */
export const HOSTILE_WORDS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '__defineGetter__', 'valueOf'];

/** Characters that are syntax somewhere, plus control characters and text that reorders itself. */
const SYNTAX = [
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  '"',
  "'",
  '`',
  '\\',
  '/',
  '//',
  '/*',
  '*/',
  '#',
  ';',
  ':',
  '=',
  ',',
  '=>',
  ' ',
  '\t',
  '\n',
  '\r\n',
  '\r',
  '\0',
  '\x1b[2J',
  '\u202e',
  '\uFEFF',
  '\uD800',
  '${{',
  '}}',
  '$',
  '-',
  '*',
  '&',
  '|',
  '@',
  '.',
  '..',
  '~',
];

/** A line made of words from the grammar, hostile words, syntax characters and random text. */
export function lineOf(words: readonly string[]): fc.Arbitrary<string> {
  const piece = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...words) },
    { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_WORDS) },
    { weight: 3, arbitrary: fc.constantFrom(...SYNTAX) },
    { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
    { weight: 1, arbitrary: fc.stringMatching(/^v?\d{1,3}(\.\d{1,3}){0,3}(-[a-z0-9.]{1,8})?$/) },
  );
  return fc.tuple(fc.array(piece, { maxLength: 12 }), fc.constantFrom('', ' ')).map(([parts, separator]) => parts.join(separator));
}

/** A file of such lines, up to a few kilobytes. */
export function textOf(words: readonly string[], maxLines = 40): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.array(lineOf(words), { maxLength: maxLines }).map((lines) => lines.join('\n')) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 400 }) },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom('(', '[', '{', '"', '/*', '`'), fc.integer({ min: 1, max: 3000 })).map(([c, n]) => c.repeat(n)),
    },
  );
}
