// A second real Go release for integration tests: go1.25.4 from the module cache, fetched through the Go proxy when missing.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { WINE_SECOND_GOROOT } from './cliHarness';

const run = promisify(execFile);

export const SECOND_GO_VERSION = 'go1.25.4';
export const PRIMARY_GO = process.env.GOHEALTH_TEST_GO ?? '/usr/local/go/bin/go';

function goArch(): string {
  return process.arch === 'x64' ? 'amd64' : process.arch === 'ia32' ? '386' : process.arch;
}

let pending: Promise<string> | undefined;

/**
 * GOROOT of go1.25.4 (bin/go, src/runtime inside). `GOTOOLCHAIN=go1.25.4 go version` makes the go
 * command download it once into $GOMODCACHE/golang.org/toolchain@v0.0.1-go1.25.4.<os>-<arch>.
 */
export function secondGoRoot(): Promise<string> {
  // Under the Windows tier the second Go is its second Windows toolchain.
  if (WINE_SECOND_GOROOT) return Promise.resolve(WINE_SECOND_GOROOT);
  pending ??= (async () => {
    const env = { ...process.env, GOTOOLCHAIN: 'local' };
    const { stdout } = await run(PRIMARY_GO, ['env', 'GOMODCACHE'], { env, timeout: 30_000 });
    const root = path.join(
      stdout.trim(),
      'golang.org',
      `toolchain@v0.0.1-${SECOND_GO_VERSION}.${process.platform === 'win32' ? 'windows' : process.platform}-${goArch()}`,
    );
    const goBinary = path.join(root, 'bin', process.platform === 'win32' ? 'go.exe' : 'go');
    if (!existsSync(goBinary)) {
      await run(PRIMARY_GO, ['version'], { env: { ...process.env, GOTOOLCHAIN: SECOND_GO_VERSION }, cwd: os.tmpdir(), timeout: 600_000 });
    }
    if (!existsSync(goBinary)) throw new Error(`${SECOND_GO_VERSION} did not land at ${root}`);
    return root;
  })();
  void pending.catch(() => (pending = undefined));
  return pending;
}
