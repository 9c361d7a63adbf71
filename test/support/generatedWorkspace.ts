// Writes a workspace of N small modules to disk (with or without a go.work), as large monorepos lay them out, for scale tests and benches.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

interface GeneratedWorkspace {
  root: string;
  /** Every module's go.mod, in go.work order. */
  goMods: string[];
  /** The go.work, when there is one. */
  goWork?: string;
  /** Bytes of go.mod and go.work text written: what the modules' text itself takes. */
  textBytes: number;
}

/** Modules per service directory (svc0/mod0 … svc0/mod49, svc1/mod50 …). */
const PER_SERVICE = 50;

/**
 * N modules of a few lines each under `root`, `svc<k>/mod<i>`, each with a main.go, plus what a real tree has
 * and the walk must skip: testdata, node_modules, a vendor tree, a hidden and an `_` directory, each holding a
 * go.mod that is no module of the workspace. Every file is valid for the go command, so `go list -m` reads it.
 */
export function writeWorkspace(root: string, modules: number, options: { goWork: boolean }): GeneratedWorkspace {
  const goMods: string[] = [];
  let textBytes = 0;
  const uses: string[] = [];
  for (let i = 0; i < modules; i++) {
    const rel = modules === 1 ? '.' : `svc${Math.floor(i / PER_SERVICE)}/mod${i}`;
    const dir = path.join(root, rel);
    mkdirSync(dir, { recursive: true });
    const text = `module example.com/scale/mod${i}\n\ngo 1.${21 + (i % 4)}\n`;
    writeFileSync(path.join(dir, 'go.mod'), text);
    writeFileSync(path.join(dir, 'main.go'), 'package main\n\nfunc main() {}\n');
    textBytes += text.length;
    goMods.push(path.join(dir, 'go.mod'));
    uses.push(`\t./${rel}`);
  }
  for (const skipped of ['testdata/fixture', 'node_modules/pkg', 'vendor/example.com/dep', '.cache/mod', '_attic/old']) {
    mkdirSync(path.join(root, skipped), { recursive: true });
    writeFileSync(path.join(root, skipped, 'go.mod'), `module example.com/skipped/${path.basename(skipped)}\n\ngo 1.22\n`);
  }
  if (!options.goWork) return { root, goMods, textBytes };
  const goWork = path.join(root, 'go.work');
  const text = `go 1.24\n\nuse (\n${uses.join('\n')}\n)\n`;
  writeFileSync(goWork, text);
  return { root, goMods, goWork, textBytes: textBytes + text.length };
}

/**
 * A go.work outside the tree that uses every module by its absolute path: `GOWORK=<it> go list -m` makes the go
 * command read the same go.mod files when the workspace itself has no go.work.
 */
export function writeOutsideGoWork(file: string, goMods: string[]): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `go 1.24\n\nuse (\n${goMods.map((m) => `\t${path.dirname(m)}`).join('\n')}\n)\n`);
}
