// Builds Go Health: bundles each entry point into dist/ and transpiles tests and benches into out/.
import { build } from 'esbuild';
import { readdirSync, statSync, rmSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { generateManifest } from './generate-manifest.mjs';
import { generatePolicySchema } from './generate-policy-schema.mjs';
import { generateChecksDoc } from './generate-checks-doc.mjs';

const production = process.argv.includes('--production');

/** Every entry point the extension ships, each bundled on its own so activation loads only what it needs. */
const bundles = [
  // jsonc-parser's `main` is a UMD build esbuild cannot follow (its requires hide in a factory): take its ESM `module`.
  { entry: 'src/extension/main.ts', out: 'dist/extension.js', external: ['vscode'], mainFields: ['module', 'main'] },
  // The language client is most of the extension's code and is only needed after activation: a bundle of its own keeps activation cheap.
  { entry: 'src/extension/client.ts', out: 'dist/client.js', external: ['vscode'], mainFields: ['module', 'main'] },
  // Debugging's VS Code side (launch.json edits, WSL discovery, pre-flight) is loaded at first use, like the client.
  { entry: 'src/extension/debugFlow.ts', out: 'dist/debugFlow.js', external: ['vscode'], mainFields: ['module', 'main'] },
  { entry: 'src/server/main.ts', out: 'dist/server.js', external: [], mainFields: ['module', 'main'], yamlApart: true },
  { entry: 'src/debug/adapterMain.ts', out: 'dist/debugAdapter.js', external: [] },
  // `gohealth` is a small launcher that loads the CLI's bundle with V8's code cache.
  { entry: 'src/cli/launch.ts', out: 'dist/cli.js', external: [], banner: '#!/usr/bin/env node' },
  { entry: 'src/cli/main.ts', out: 'dist/cliMain.js', external: [], mainFields: ['module', 'main'], yamlApart: true },
  // The YAML parser is two fifths of the CLI and is needed only when a folder has CI files: a file of its own
  // that the CLI and the language server load at first use, so that starting them does not compile it.
  { stdin: "module.exports = require('yaml');", out: 'dist/yaml.js', external: [] },
];

/** Resolves `yaml` to the separate dist/yaml.js, next to the bundle that requires it. */
const yamlApart = {
  name: 'yaml-apart',
  setup(b) {
    b.onResolve({ filter: /^yaml$/ }, () => ({ path: './yaml.js', external: true }));
  },
};

function walk(dir, files = []) {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (name === 'fixtures' || name === 'node_modules') continue;
    if (statSync(full).isDirectory()) walk(full, files);
    else if (full.endsWith('.ts') && !full.endsWith('.d.ts')) files.push(full);
  }
  return files;
}

function exists(p) {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}

// --clean starts from an empty out/; without it, files are overwritten in place so parallel test runs keep theirs.
if (process.argv.includes('--clean')) rmSync('out', { recursive: true, force: true });
else pruneStaleOutput('out');

/** Deletes compiled files whose source is gone (a moved or deleted test would otherwise still run from out/). */
function pruneStaleOutput(dir) {
  if (!exists(dir)) return;
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) pruneStaleOutput(full);
    else if (full.endsWith('.js') && !exists(full.slice('out/'.length).replace(/\.js$/, '.ts'))) rmSync(full);
  }
}
await Promise.all([
  ...bundles
    .filter((b) => b.stdin || exists(b.entry))
    .map((b) =>
      build({
        ...(b.stdin ? { stdin: { contents: b.stdin, resolveDir: '.', loader: 'js' } } : { entryPoints: [b.entry] }),
        plugins: b.yamlApart ? [yamlApart] : [],
        outfile: b.out,
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        external: b.external,
        mainFields: b.mainFields,
        // Minified even in development: the CLI's start-up time and the VSIX size are measured on these files.
        sourcemap: !production,
        minify: true,
        keepNames: true,
        legalComments: 'none',
        banner: b.banner ? { js: b.banner } : undefined,
        logLevel: 'warning',
      }).then(() => {
        if (b.banner) chmodSync(b.out, 0o755);
      }),
    ),
  // Tests and benches run from out/ as plain CommonJS, one file per source file.
  build({
    entryPoints: ['src', 'test', 'bench'].filter(exists).flatMap((d) => walk(d)),
    outdir: 'out',
    outbase: '.',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    logLevel: 'warning',
  }),
]);

// The manifest's lists of check ids come from the registry just compiled into out/.
if (generateManifest()) console.log('build: package.json updated from the check registry');
if (generatePolicySchema()) console.log('build: schemas/gohealth-policy.schema.json updated from the policy reader');
// So does the catalogue of checks, docs/checks.md.
if (generateChecksDoc()) console.log('build: docs/checks.md updated from the check registry');
