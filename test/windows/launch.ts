// Runs in the Windows Node under Wine: starts one program with exactly the environment a spec file gives, as a Windows parent would.
import { spawn } from 'node:child_process';
import { openSync, readFileSync, writeFileSync } from 'node:fs';

interface LaunchSpec {
  program: string;
  args: string[];
  /** Added to this process's environment after every variable named in `drop` (any casing) is taken out. */
  env: Record<string, string>;
  drop: string[];
  stdout: string;
  stderr: string;
  /** Where the exit code is written. */
  result: string;
}

const spec = JSON.parse(readFileSync(process.argv[2], 'utf8')) as LaunchSpec;
const env: Record<string, string> = {};
const dropped = new Set(spec.drop.map((n) => n.toUpperCase()));
for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !dropped.has(k.toUpperCase())) env[k] = v;
Object.assign(env, spec.env);
const child = spawn(spec.program, spec.args, {
  env,
  stdio: ['ignore', openSync(spec.stdout, 'w'), openSync(spec.stderr, 'w')],
  windowsHide: true,
});
child.on('error', (e) => writeFileSync(spec.result, `error ${e.message}`));
child.on('close', (code) => writeFileSync(spec.result, String(code)));
