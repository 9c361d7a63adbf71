// The layer rule of the lint: an import against the layer order of src/ fails, one along it passes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { ESLint, Linter } from 'eslint';
import tseslint from 'typescript-eslint';

const root = path.resolve(__dirname, '..', '..', '..', '..');

async function lintAs(file: string, code: string): Promise<Linter.LintMessage[]> {
  const { layersPlugin } = (await import(path.join(root, 'eslint', 'layers.mjs'))) as { layersPlugin: unknown };
  const linter = new Linter({ configType: 'flat' });
  return linter.verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tseslint.parser as Linter.Parser },
        plugins: { layers: layersPlugin as never },
        rules: { 'layers/import-order': 'error' },
      },
    ],
    { filename: path.join(root, file) },
  );
}

void test('the engine importing from the VS Code face fails the lint, naming the layers it may use', async () => {
  const messages = await lintAs('src/core/probe/x.ts', "import { x } from '../../extension/fixes';\n");
  assert.equal(messages.length, 1);
  assert.match(messages[0]!.message, /src\/core may not import from src\/extension: core may import only from src\/platform, src\/wsl/);
});

void test('the WSL library importing from the engine fails; the engine importing the WSL library passes', async () => {
  assert.equal((await lintAs('src/wsl/distros.ts', "import type { Host } from '../core/host';\n")).length, 1);
  assert.deepEqual(await lintAs('src/core/facts.ts', "import type { WslDistro } from '../wsl/distros';\n"), []);
});

void test('a require() and a re-export against the order fail too; a bare package import is not judged', async () => {
  assert.equal((await lintAs('src/platform/exec.ts', "const c = require('../core/host');\n")).length, 1);
  assert.equal((await lintAs('src/server/a.ts', "export { x } from '../cli/main';\n")).length, 1);
  assert.deepEqual(await lintAs('src/server/a.ts', "import { parse } from 'jsonc-parser';\n"), []);
});

void test("only the VS Code face may import 'vscode'", async () => {
  assert.match((await lintAs('src/server/a.ts', "import * as vscode from 'vscode';\n"))[0]!.message, /only src\/extension/);
  assert.deepEqual(await lintAs('src/extension/a.ts', "import * as vscode from 'vscode';\n"), []);
});

void test("the project's lint configuration applies the layer rule to every file of src/", async () => {
  const eslint = new ESLint({ cwd: root });
  for (const file of ['src/core/engine.ts', 'src/platform/exec.ts', 'src/extension/main.ts']) {
    const config = (await eslint.calculateConfigForFile(path.join(root, file))) as { rules: Record<string, unknown> };
    assert.deepEqual(config.rules['layers/import-order'], [2], file);
  }
});
