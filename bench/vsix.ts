// Packages the extension into a temporary VSIX and reports its size against the 1 MB budget.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export async function run(): Promise<Record<string, number>> {
  const root = path.resolve(__dirname, '../..');
  const dir = mkdtempSync(path.join(tmpdir(), 'gohealth-vsix-'));
  try {
    const out = path.join(dir, 'go-health.vsix');
    const vsce = path.join(root, 'node_modules', '.bin', 'vsce');
    execFileSync(vsce, ['package', '--no-dependencies', '-o', out], { cwd: root, stdio: 'ignore' });
    const kb = statSync(out).size / 1024;
    console.log(`VSIX: ${kb.toFixed(1)} KB (target <= 1024 KB) ${kb <= 1024 ? 'ok' : 'OVER TARGET'}`);
    return { 'vsix size (KB)': kb };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
