// Hand parser for go.mod and go.work that keeps exact positions and words its errors like the go command (x/mod/modfile).
import type { ModReplace, ModRequire, ParseError, Positioned } from '../facts';

/** A token with its 1-based line and UTF-16 columns (end exclusive), as an editor counts them. */
interface Token {
  kind: 'eof' | 'eolcomment' | 'comment' | 'ident' | 'string' | 'nl' | '(' | ')' | '[' | ']' | '{' | '}' | ',';
  text: string;
  line: number;
  column: number;
  endColumn: number;
}

/** One directive line: its tokens (verb first unless inside a block) and a trailing `//` comment. */
interface SyntaxLine {
  tokens: Token[];
  line: number;
  column: number;
  inBlock: boolean;
  suffixComment?: string;
}

interface SyntaxBlock {
  verb: Token[];
  line: number;
  column: number;
  lines: SyntaxLine[];
}

type Stmt = { line: SyntaxLine } | { block: SyntaxBlock };

class SyntaxFailure extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    message: string,
  ) {
    super(message);
  }
}

const PUNCT = new Set(['\n', '(', ')', '[', ']', '{', '}', ',']);
const PRINT_RE = /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u;
const SPACE_RE = /[\s\u0085]/u;

/** unicode.IsPrint && !unicode.IsSpace, minus the punctuation the lexer splits on. */
function isIdentChar(ch: string | undefined): boolean {
  if (ch === undefined || ch === '') return false;
  const code = ch.charCodeAt(0);
  // ASCII, which nearly every go.mod is, without the Unicode property tests.
  if (code < 0x80)
    return code > 0x20 && code < 0x7f && ch !== '(' && ch !== ')' && ch !== '[' && ch !== ']' && ch !== '{' && ch !== '}' && ch !== ',';
  return !SPACE_RE.test(ch) && PRINT_RE.test(ch);
}

/** Go's %#q for a rune the lexer rejected: '\x01', '\ufeff', '\U0001f600', or the character itself. */
function quoteRune(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp >= 0x20 && cp < 0x7f) return `'${ch}'`;
  if (cp < 0x80) return `'\\x${cp.toString(16).padStart(2, '0')}'`;
  if (cp < 0x10000) return `'\\u${cp.toString(16).padStart(4, '0')}'`;
  return `'\\U${cp.toString(16).padStart(8, '0')}'`;
}

/** Lexer + parser of the shared go.mod/go.work syntax, ported from x/mod/modfile/read.go (first syntax error stops it). */
class Reader {
  private i = 0;
  private line = 1;
  private col = 1;
  private next!: Token;
  readonly stmts: Stmt[] = [];

  constructor(
    private readonly text: string,
    private readonly fileName: string,
  ) {}

  parse(): void {
    this.readToken();
    for (;;) {
      const k = this.next.kind;
      if (k === 'nl' || k === 'comment') this.lex();
      else if (k === 'eof') return;
      else this.parseStmt();
    }
  }

  private fail(message: string, line = this.line, column = this.col): never {
    throw new SyntaxFailure(line, column, message);
  }

  private peekChar(): string | undefined {
    if (this.i >= this.text.length) return undefined;
    const code = this.text.charCodeAt(this.i);
    if (code < 0xd800 || code > 0xdbff) return this.text[this.i];
    return String.fromCodePoint(this.text.codePointAt(this.i)!);
  }

  private readChar(): string {
    const ch = this.peekChar()!;
    this.i += ch.length;
    if (ch === '\n') {
      this.line++;
      this.col = 1;
    } else {
      this.col += ch.length;
    }
    return ch;
  }

  private startsWith(s: string): boolean {
    return this.text.startsWith(s, this.i);
  }

  private lex(): Token {
    const tok = this.next;
    this.readToken();
    return tok;
  }

  private readToken(): void {
    for (;;) {
      const c = this.peekChar();
      if (c === undefined) break;
      if (c === ' ' || c === '\t' || c === '\r') {
        this.readChar();
        continue;
      }
      if (this.startsWith('//')) {
        const line = this.line;
        const column = this.col;
        const lineStart = this.text.lastIndexOf('\n', this.i - 1) + 1;
        const suffix = this.text.slice(lineStart, this.i).trim().length > 0;
        const start = this.i;
        while (this.i < this.text.length && this.readChar() !== '\n') {
          /* consume the comment and its newline */
        }
        const text = this.text.slice(start, this.i).replace(/\r?\n$/, '');
        this.next = { kind: suffix ? 'eolcomment' : 'comment', text, line, column, endColumn: column + text.length };
        return;
      }
      if (this.startsWith('/*')) this.fail('mod files must use // comments (not /* */ comments)');
      break;
    }
    const line = this.line;
    const column = this.col;
    const start = this.i;
    const c = this.peekChar();
    if (c === undefined) return this.emit('eof', start, line, column);
    if (PUNCT.has(c)) {
      this.readChar();
      return this.emit(c === '\n' ? 'nl' : (c as Token['kind']), start, line, column);
    }
    if (c === '"' || c === '`') {
      this.readChar();
      for (;;) {
        if (this.i >= this.text.length) this.fail('unexpected EOF in string', line, column);
        if (this.peekChar() === '\n') this.fail('unexpected newline in string');
        const ch = this.readChar();
        if (ch === c) break;
        if (ch === '\\' && c !== '`') {
          if (this.i >= this.text.length) this.fail('unexpected EOF in string', line, column);
          this.readChar();
        }
      }
      return this.emit('string', start, line, column);
    }
    if (!isIdentChar(c)) this.fail(`unexpected input character ${quoteRune(c)}`);
    this.scanIdent();
    return this.emit('ident', start, line, column);
  }

  private emit(kind: Token['kind'], start: number, line: number, column: number): void {
    this.next = { kind, text: this.text.slice(start, this.i), line, column, endColumn: this.col };
  }

  /** The rest of an identifier: ASCII a code unit at a time (nearly every go.mod), anything else a character at a time. */
  private scanIdent(): void {
    const text = this.text;
    for (;;) {
      const code = text.charCodeAt(this.i);
      if (code > 0x20 && code < 0x7f) {
        if (code === 0x2f) {
          const after = text.charCodeAt(this.i + 1);
          if (after === 0x2f) return;
          if (after === 0x2a) this.fail('mod files must use // comments (not /* */ comments)');
        } else if (code === 0x28 || code === 0x29 || code === 0x5b || code === 0x5d || code === 0x7b || code === 0x7d || code === 0x2c)
          return;
        this.i++;
        this.col++;
        continue;
      }
      // The end of the text (NaN), a space or a control character; past ASCII, the Unicode test.
      if (!(code >= 0x80) || !isIdentChar(this.peekChar())) return;
      this.readChar();
    }
  }

  private static isEol(k: Token['kind']): boolean {
    return k === 'eof' || k === 'eolcomment' || k === 'nl';
  }

  private parseStmt(): void {
    const first = this.lex();
    const tokens = [first];
    for (;;) {
      const tok = this.lex();
      if (Reader.isEol(tok.kind)) {
        this.stmts.push({
          line: {
            tokens,
            line: first.line,
            column: first.column,
            inBlock: false,
            suffixComment: tok.kind === 'eolcomment' ? tok.text : undefined,
          },
        });
        return;
      }
      if (tok.kind === '(') {
        if (Reader.isEol(this.next.kind)) {
          this.stmts.push({ block: this.parseBlock(tokens, first) });
          return;
        }
        if (this.next.kind === ')') {
          const rparen = this.lex();
          if (Reader.isEol(this.next.kind)) {
            this.lex();
            this.stmts.push({ block: { verb: tokens, line: first.line, column: first.column, lines: [] } });
            return;
          }
          tokens.push(tok, rparen);
          continue;
        }
      }
      tokens.push(tok);
    }
  }

  private parseBlock(verb: Token[], first: Token): SyntaxBlock {
    const block: SyntaxBlock = { verb, line: first.line, column: first.column, lines: [] };
    for (;;) {
      switch (this.next.kind) {
        case 'eolcomment':
        case 'nl':
        case 'comment':
          this.lex();
          break;
        case 'eof':
          this.fail(`syntax error (unterminated block started at ${this.fileName}:${first.line}:${first.column})`);
          break;
        case ')':
          this.lex();
          if (!Reader.isEol(this.next.kind)) this.fail('syntax error (expected newline after closing paren)');
          this.lex();
          return block;
        default:
          block.lines.push(this.parseLine());
      }
    }
  }

  private parseLine(): SyntaxLine {
    const first = this.lex();
    const tokens = [first];
    for (;;) {
      const tok = this.lex();
      if (Reader.isEol(tok.kind)) {
        return {
          tokens,
          line: first.line,
          column: first.column,
          inBlock: true,
          suffixComment: tok.kind === 'eolcomment' ? tok.text : undefined,
        };
      }
      tokens.push(tok);
    }
  }
}

/** strconv.Unquote for a double-quoted Go string; undefined when Go would call it invalid syntax. */
function unquoteGo(s: string): string | undefined {
  if (s.length < 2 || !s.startsWith('"') || !s.endsWith('"')) return undefined;
  const body = s.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '"' || c === '\n') return undefined;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"' };
    if (e in simple) {
      out += simple[e];
      continue;
    }
    const hexLen = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (hexLen) {
      const hex = body.slice(i + 1, i + 1 + hexLen);
      if (!new RegExp(`^[0-9a-fA-F]{${hexLen}}$`).test(hex)) return undefined;
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff) return undefined;
      out += e === 'x' ? String.fromCharCode(cp) : String.fromCodePoint(cp);
      i += hexLen;
      continue;
    }
    if (e !== undefined && e >= '0' && e <= '7') {
      const oct = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(oct) || parseInt(oct, 8) > 255) return undefined;
      out += String.fromCharCode(parseInt(oct, 8));
      i += 2;
      continue;
    }
    return undefined;
  }
  return out;
}

/** modfile.parseString: unquotes "…", refuses stray quotes in an unquoted token. */
function parseString(tok: string): { value?: string; error?: string } {
  if (tok.startsWith('"')) {
    const v = unquoteGo(tok);
    return v === undefined ? { error: 'invalid quoted string: invalid syntax' } : { value: v };
  }
  if (/["'`]/.test(tok)) return { error: 'invalid quoted string: unquoted string cannot contain quote' };
  return { value: tok };
}

/** modfile.IsDirectoryPath: ./x, ../x, /x, \x, C:… (all OS syntaxes, since go.mod files travel). */
function isDirectoryPath(ns: string): boolean {
  return (
    ns === '.' ||
    ns.startsWith('./') ||
    ns.startsWith('.\\') ||
    ns === '..' ||
    ns.startsWith('../') ||
    ns.startsWith('..\\') ||
    ns.startsWith('/') ||
    ns.startsWith('\\') ||
    /^[A-Za-z]:/.test(ns)
  );
}

const MAX_ERRORS = 100;

const GO_VERSION_RE = /^([1-9][0-9]*)\.(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))?([a-z]+[0-9]+)?$/;
const TOOLCHAIN_RE = /^default$|^go1($|\.)/;

export interface ParsedModFile {
  module?: Positioned;
  go?: Positioned;
  toolchain?: Positioned;
  requires: ModRequire[];
  replaces: ModReplace[];
  /** go.work only. */
  uses: { path: string; line: number; column: number; endColumn: number }[];
  errors: ParseError[];
}

interface ParseOptions {
  /** Name used in messages (`go.mod`, `go.work`). */
  fileName: string;
  /** The go command runs on Windows (backslashes in a replacement directory are then fine). */
  windows?: boolean;
}

function positioned(tok: Token, value: string = tok.text): Positioned {
  return { value, line: tok.line, column: tok.column, endColumn: tok.endColumn };
}

/** Formats like modfile.Error: `go.mod:3: msg`, with `:col` only when the column is past 1. */
function formatModError(fileName: string, line: number, column: number, message: string): string {
  return column > 1 ? `${fileName}:${line}:${column}: ${message}` : `${fileName}:${line}: ${message}`;
}

/** Parses go.mod (kind 'mod') or go.work (kind 'work') text. Never throws. */
export function parseModText(text: string, kind: 'mod' | 'work', options: ParseOptions): ParsedModFile {
  const result: ParsedModFile = { requires: [], replaces: [], uses: [], errors: [] };
  // A file that repeats one mistake a hundred thousand times says it well enough in the first few.
  const addError = (line: number, column: number, message: string) => {
    if (result.errors.length < MAX_ERRORS)
      result.errors.push({ line, column, message: formatModError(options.fileName, line, column, message) });
  };
  let body = text;
  let syntaxFailed = false;
  if (body.startsWith('\uFEFF')) {
    // The go command rejects a byte-order mark; positions below are counted without it, as editors show the text.
    addError(1, 1, `unexpected input character '\\ufeff'`);
    syntaxFailed = true;
    body = body.slice(1);
  }
  const reader = new Reader(body, options.fileName);
  try {
    reader.parse();
  } catch (e) {
    if (e instanceof SyntaxFailure) {
      if (!syntaxFailed) addError(e.line, e.column, e.message);
      syntaxFailed = true;
    } else {
      addError(1, 1, `internal error: ${String(e)}`);
      syntaxFailed = true;
    }
  }
  // Like the go command, directive errors are only reported when the syntax is sound; the facts are kept either way.
  const directiveError = syntaxFailed ? () => undefined : (l: SyntaxLine, message: string) => addError(l.line, l.column, message);
  const blockVerbs =
    kind === 'mod' ? ['module', 'godebug', 'require', 'exclude', 'replace', 'retract', 'tool', 'ignore'] : ['godebug', 'use', 'replace'];
  for (const stmt of reader.stmts) {
    if ('block' in stmt) {
      const b = stmt.block;
      const verb = b.verb.map((t) => t.text).join(' ');
      if (b.verb.length > 1 || !blockVerbs.includes(verb)) {
        directiveError({ tokens: b.verb, line: b.line, column: b.column, inBlock: false }, `unknown block type: ${verb}`);
        continue;
      }
      for (const l of b.lines) addDirective(result, kind, l, b.verb[0].text, l.tokens, directiveError, options);
    } else {
      const l = stmt.line;
      addDirective(result, kind, l, l.tokens[0].text, l.tokens.slice(1), directiveError, options);
    }
  }
  return result;
}

/**
 * One directive into the parsed file. A switch over every go.mod/go.work directive, in the order of
 * golang.org/x/mod/modfile's parseToFile, so that each case reads against its counterpart there.
 */
function addDirective(
  f: ParsedModFile,
  kind: 'mod' | 'work',
  line: SyntaxLine,
  verb: string,
  args: Token[],
  err: (l: SyntaxLine, message: string) => void,
  options: ParseOptions,
): void {
  const errorf = (message: string) => err(line, message);
  switch (verb) {
    case 'go': {
      if (f.go) return errorf('repeated go statement');
      if (args.length !== 1) return errorf('go directive expects exactly one argument');
      if (!GO_VERSION_RE.test(args[0].text)) return errorf(`invalid go version '${args[0].text}': must match format 1.23.0`);
      f.go = positioned(args[0]);
      return;
    }
    case 'toolchain': {
      if (f.toolchain) return errorf('repeated toolchain statement');
      if (args.length !== 1) return errorf('toolchain directive expects exactly one argument');
      if (!TOOLCHAIN_RE.test(args[0].text))
        return errorf(`invalid toolchain version '${args[0].text}': must match format go1.23.0 or default`);
      f.toolchain = positioned(args[0]);
      return;
    }
    case 'godebug': {
      if (args.length !== 1 || /["`',]/.test(args[0].text) || !args[0].text.includes('=')) return errorf('usage: godebug key=value');
      return;
    }
    case 'replace':
      return addReplace(f, line, args, errorf, options);
  }
  if (kind === 'work') {
    if (verb === 'use') {
      if (args.length !== 1) return errorf('usage: use local/dir');
      const s = parseString(args[0].text);
      if (s.error) return errorf(s.error);
      f.uses.push({ path: s.value!, line: args[0].line, column: args[0].column, endColumn: args[0].endColumn });
      return;
    }
    return errorf(`unknown directive: ${verb}`);
  }
  switch (verb) {
    case 'module': {
      if (f.module) return errorf('repeated module statement');
      if (args.length !== 1) return errorf('usage: module module/path');
      const s = parseString(args[0].text);
      if (s.error) return errorf(s.error);
      f.module = positioned(args[0], s.value);
      return;
    }
    case 'require':
    case 'exclude': {
      if (args.length !== 2) return errorf(`usage: ${verb} module/path v1.2.3`);
      const s = parseString(args[0].text);
      if (s.error) return errorf(s.error);
      if (verb === 'require') {
        const comment = (line.suffixComment ?? '').replace(/^\/\//, '').trim().split(/\s+/);
        const indirect = (comment.length === 1 && comment[0] === 'indirect') || (comment.length > 1 && comment[0] === 'indirect;');
        f.requires.push({ path: s.value!, version: unquoteLoose(args[1].text), line: line.line, indirect });
      }
      return;
    }
    case 'retract': {
      const toks = args.map((t) => t.text);
      if (toks.length === 0 || toks[0] === '(') return errorf("expected '[' or version");
      let rest: string[];
      if (toks[0] !== '[') rest = toks.slice(1);
      else {
        if (toks.length < 2) return errorf("expected version after '['");
        if (toks.length < 3 || toks[2] !== ',') return errorf("expected ',' after version");
        if (toks.length < 4) return errorf("expected version after ','");
        if (toks.length < 5 || toks[4] !== ']') return errorf("expected ']' after version");
        rest = toks.slice(5);
      }
      if (rest.length > 0) return errorf(`unexpected token after version: ${JSON.stringify(rest[0])}`);
      return;
    }
    case 'tool':
    case 'ignore': {
      if (args.length !== 1) return errorf(`${verb} directive expects exactly one argument`);
      const s = parseString(args[0].text);
      if (s.error) return errorf(s.error);
      return;
    }
    default:
      return errorf(`unknown directive: ${verb}`);
  }
}

function unquoteLoose(tok: string): string {
  return tok.startsWith('"') ? (unquoteGo(tok) ?? tok) : tok;
}

function addReplace(f: ParsedModFile, line: SyntaxLine, args: Token[], errorf: (m: string) => void, options: ParseOptions): void {
  const toks = args.map((t) => t.text);
  const arrow = toks.length >= 2 && toks[1] === '=>' ? 1 : 2;
  if (toks.length < arrow + 2 || toks.length > arrow + 3 || toks[arrow] !== '=>') {
    return errorf('usage: replace module/path [v1.2.3] => other/module v1.4\n\t or replace module/path [v1.2.3] => ../local/directory');
  }
  const old = parseString(toks[0]);
  if (old.error) return errorf(old.error);
  const target = args[arrow + 1];
  const ns = parseString(target.text);
  if (ns.error) return errorf(ns.error);
  const newPath = ns.value!;
  const local = isDirectoryPath(newPath);
  if (toks.length === arrow + 2) {
    if (!local) {
      if (newPath.includes('@')) return errorf("replacement module must match format 'path version', not 'path@version'");
      return errorf('replacement module without version must be directory path (rooted or starting with . or ..)');
    }
    if (!options.windows && newPath.includes('\\'))
      return errorf('replacement directory appears to be Windows path (on a non-windows system)');
  }
  if (toks.length === arrow + 3 && local) return errorf(`replacement module directory path ${JSON.stringify(newPath)} cannot have version`);
  const last = args[args.length - 1];
  f.replaces.push({
    oldPath: old.value!,
    ...(arrow === 2 ? { oldVersion: unquoteLoose(toks[1]) } : {}),
    newPath,
    ...(toks.length === arrow + 3 ? { newVersion: unquoteLoose(last.text) } : {}),
    line: line.line,
    column: target.column,
    endColumn: target.endColumn,
    isLocal: local,
  });
}

/**
 * Reads the errors out of `go mod edit -json` / `go work edit -json` stderr:
 * `go: errors parsing go.mod:` then `<path>:<line>[:<col>]: <message>` lines (continuations indented).
 * Paths are shortened to the file's base name so messages read `go.mod:3: …`.
 */
export function parseGoCommandErrors(stderr: string, fileName: string): ParseError[] {
  const errors: ParseError[] = [];
  const re = /^(.*?):(\d+)(?::(\d+))?: (.*)$/;
  // The go command says what is wrong in a few lines; a runaway output is not read past its start.
  for (const raw of stderr.slice(0, 16 * 1024).split(/\r?\n/, 50)) {
    if (raw.trim() === '' || /^go: errors parsing /.test(raw) || /^errors parsing /.test(raw)) continue;
    if (/^\s/.test(raw) && errors.length) {
      errors[errors.length - 1].message += '\n' + raw;
      continue;
    }
    const m = re.exec(raw);
    if (m && (m[1].endsWith(fileName) || m[1] === fileName)) {
      const line = Number(m[2]);
      const column = m[3] ? Number(m[3]) : 1;
      errors.push({ line, column, message: formatModError(fileName, line, column, m[4]) });
    } else {
      const message = raw.replace(/^go: /, '');
      errors.push({ line: 1, column: 1, message });
    }
  }
  return errors;
}
