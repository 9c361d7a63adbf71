// `npm run test:windows`: runs the Windows tier under Wine, or says exactly why it is skipped; one prefix copy and one wineserver for the whole run.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { manifestPath, REPO_ROOT, runWindows, unixPathOf, type WindowsManifest, type WineTier } from './wine';

/** The tier's own test files, and the CLI integration tests it reruns under Windows. */
function testFiles(): { own: string[]; rerun: string } {
  const own = readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .map((f) => path.join(__dirname, f));
  return { own, rerun: path.join(REPO_ROOT, 'out', 'test', 'integration', 'cli.test.js') };
}

function readManifest(): WindowsManifest | string {
  const file = manifestPath();
  if (!existsSync(file)) return `Wine and the Windows toolchains are not installed (no ${file}): run bash scripts/install-windows-deps.sh`;
  let m: WindowsManifest;
  try {
    m = JSON.parse(readFileSync(file, 'utf8')) as WindowsManifest;
  } catch (e) {
    return `${file} cannot be read: ${(e as Error).message}; run bash scripts/install-windows-deps.sh`;
  }
  for (const [what, file] of [
    ['wine', m.wine],
    ['wineserver', m.wineserver],
    ['the Windows node.exe', m.node],
    ['the mingw-w64 compiler', m.mingwGcc],
    ['the Wine prefix', m.prefix],
    ...Object.entries(m.toolchains).map(([v, dir]) => [`${v}'s go.exe`, path.join(dir, 'bin', 'go.exe')]),
  ]) {
    if (!existsSync(file)) return `${what} is missing (${file}): run bash scripts/install-windows-deps.sh`;
  }
  if (Object.keys(m.toolchains).length < 2)
    return `two Windows Go toolchains are needed, ${manifestPath()} lists ${Object.keys(m.toolchains).join(', ')}`;
  return m;
}

/** This run's prefix: hard links to the pristine one (nothing there is written in place), its registry files copied. */
function copyPrefix(pristine: string, target: string): void {
  execFileSync('cp', ['-al', pristine, target]);
  for (const name of readdirSync(target).filter((n) => n.endsWith('.reg'))) {
    const file = path.join(target, name);
    unlinkSync(file);
    copyFileSync(path.join(pristine, name), file);
  }
}

/** Checks that Wine runs the registry, the Windows Node and both Windows go.exe here; the reason when one does not. */
async function preflight(tier: WineTier): Promise<string | undefined> {
  const key = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment';
  const regRun = await runWindows(tier, 'C:\\windows\\system32\\reg.exe', ['query', key]).catch((e: Error) => ({
    code: -1,
    stdout: '',
    stderr: e.message,
  }));
  if (regRun.code !== 0 || !/REG_EXPAND_SZ/.test(regRun.stdout)) {
    return `the registry cannot be read under Wine (reg.exe query "${key}" exited ${regRun.code}: ${(regRun.stderr || regRun.stdout).trim().slice(0, 200)})`;
  }
  const out = path.join(tier.dir, 'node-preflight.json');
  const script = `require('fs').writeFileSync(process.argv[1], JSON.stringify({ platform: process.platform, release: require('os').release(), home: require('os').homedir() }))`;
  const nodeRun = await runWindows(tier, tier.node, ['-e', script, `Z:${out.replace(/\//g, '\\')}`]).catch((e: Error) => ({
    code: -1,
    stdout: '',
    stderr: e.message,
  }));
  if (nodeRun.code !== 0 || !existsSync(out))
    return `the Windows node.exe does not run under Wine (exit ${nodeRun.code}: ${nodeRun.stderr.trim().slice(0, 200)})`;
  const seen = JSON.parse(readFileSync(out, 'utf8')) as { platform: string; release: string; home: string };
  if (seen.platform !== 'win32' || !/^10\./.test(seen.release))
    return `Wine presents ${seen.platform} ${seen.release}, not Windows 10: recreate the prefix with scripts/install-windows-deps.sh`;
  tier.userProfile = seen.home;
  tier.userProfileDir = unixPathOf(tier, seen.home);
  for (const [version, root] of Object.entries(tier.toolchains)) {
    const go = await runWindows(tier, path.join(root, 'bin', 'go.exe'), ['version']).catch((e: Error) => ({
      code: -1,
      stdout: '',
      stderr: e.message,
    }));
    if (go.code !== 0 || !go.stdout.includes(`${version} windows/amd64`)) {
      return `${version}'s go.exe does not run under Wine (exit ${go.code}: ${(go.stderr || go.stdout).trim().slice(0, 200)}); the ProcessPrng shim may be missing from the prefix`;
    }
  }
  return undefined;
}

function buildFakePrograms(tier: WineTier): string | undefined {
  const fakes = path.join(REPO_ROOT, 'test', 'windows', 'fakes');
  for (const [out, source, libs] of [
    [tier.fakeProgram, 'fakeprog.c', []],
    [tier.fakeWsl, 'wslrelay.c', ['-lws2_32', '-lshell32']],
  ] as const) {
    const built = spawnSync(tier.mingwGcc, ['-O2', '-s', '-o', out, path.join(fakes, source), ...libs], { encoding: 'utf8' });
    if (built.status !== 0) return `building ${source} with mingw-w64 failed: ${built.stderr.trim().slice(0, 300)}`;
  }
  return undefined;
}

async function main(): Promise<number> {
  const started = Date.now();
  const manifest = readManifest();
  const { own, rerun } = testFiles();
  const runTests = (tierEnv: string, which: string[]): number => {
    // Extra arguments go to the test runner (e.g. --test-name-pattern=…).
    const run = spawnSync(
      process.execPath,
      ['--test', '--test-concurrency=1', '--test-reporter=spec', ...process.argv.slice(2), ...which],
      {
        stdio: 'inherit',
        env: { ...process.env, GOHEALTH_WINE_TIER: tierEnv },
      },
    );
    return run.status ?? 1;
  };
  const skip = (reason: string): number => {
    process.stdout.write(`windows tier: SKIPPED: ${reason}\n`);
    // The tier's own tests still run, each skipped with the reason, so the skip shows in the test report.
    const status = runTests(JSON.stringify({ skip: reason }), own);
    process.stdout.write(`windows tier: SKIPPED, and the CLI's integration tests were not rerun under Windows: ${reason}\n`);
    return status;
  };
  if (typeof manifest === 'string') return skip(manifest);

  const dir = mkdtempSync(path.join(os.tmpdir(), 'gohealth-wine-'));
  const runPrefix = path.join(dir, 'prefix');
  const tier: WineTier = {
    ...manifest,
    runPrefix,
    dir,
    fakeProgram: path.join(dir, 'fakes', 'fakeprog.exe'),
    fakeWsl: path.join(dir, 'fakes', 'wsl.exe'),
    userProfile: '',
    userProfileDir: '',
  };
  const serverEnv = { ...process.env, WINEPREFIX: runPrefix, WINEDEBUG: '-all' };
  let status = 1;
  try {
    copyPrefix(manifest.prefix, runPrefix);
    mkdirSync(path.dirname(tier.fakeProgram), { recursive: true });
    // One wineserver for the whole run: each Windows program then starts in well under a second.
    spawnSync(manifest.wineserver, ['-p'], { env: serverEnv, stdio: 'ignore' });
    const reason = (await preflight(tier)) ?? buildFakePrograms(tier);
    if (reason) return skip(reason);
    process.stdout.write(
      `windows tier: ${manifest.wineVersion}, node ${manifest.nodeVersion}, ${Object.keys(manifest.toolchains).join(' and ')}, prefix ${runPrefix}\n`,
    );
    writeFileSync(path.join(dir, 'tier.json'), JSON.stringify(tier, null, 2));
    status = runTests(JSON.stringify(tier), [...own, rerun]);
  } finally {
    // Ends the prefix's wineserver and every Windows program still running in it.
    spawnSync(manifest.wineserver, ['-k'], { env: serverEnv, stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
    process.stdout.write(`windows tier: finished in ${Math.round((Date.now() - started) / 1000)} s\n`);
  }
  return status;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`windows tier: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
