// Benchmarks the two WSL transports of the bridge (stdio relay through wsl.exe vs TCP via localhost forwarding) with the wsl.exe stand-in and a real dlv.
import { chmodSync } from 'node:fs';
import { connectBridge, findDlv, launchToLoop, loopWorkspace, timeNexts, STANDIN } from './debugBenchClient';
import { median } from './util';

const STEPS = 200;
const ROUNDS = 3;

export async function run(): Promise<Record<string, number>> {
  const dlv = findDlv();
  const ws = loopWorkspace();
  chmodSync(STANDIN, 0o755);
  const env = { ...process.env, GOHEALTH_STANDIN_DISTROS: 'Ubuntu', GOHEALTH_STANDIN_AUTOMOUNT: ws.automountRoot };
  const mainGo = `${ws.windowsDir}\\main.go`;
  const steps: Record<'stdio' | 'tcp', number[]> = { stdio: [], tcp: [] };
  const startups: Record<'stdio' | 'tcp', number[]> = { stdio: [], tcp: [] };
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const order: ('stdio' | 'tcp')[] = round % 2 === 0 ? ['stdio', 'tcp'] : ['tcp', 'stdio'];
      for (const transport of order) {
        const c = connectBridge(env);
        const t0 = performance.now();
        const thread = await launchToLoop(
          c.client,
          {
            request: 'launch',
            target: 'wsl',
            distro: 'Ubuntu',
            transport,
            program: ws.windowsDir,
            wslExecutable: STANDIN,
            automountRoot: ws.automountRoot,
            dlvPath: dlv,
          },
          mainGo,
        );
        startups[transport].push(performance.now() - t0);
        steps[transport].push(await timeNexts(c.client, thread, STEPS));
        await c.client.request('disconnect', { terminateDebuggee: true }).catch(() => undefined);
        await c.close();
      }
    }
    const results = {
      stdioNextMs: median(steps.stdio),
      tcpNextMs: median(steps.tcp),
      stdioPerNextMs: median(steps.stdio) / STEPS,
      tcpPerNextMs: median(steps.tcp) / STEPS,
      stdioLaunchToBreakpointMs: median(startups.stdio),
      tcpLaunchToBreakpointMs: median(startups.tcp),
    };
    console.log(`WSL transports (stand-in wsl.exe, same loopback), ${STEPS} next steps, median of ${ROUNDS}:`);
    console.log(
      `  stdio relay: ${results.stdioNextMs.toFixed(1)} ms (${results.stdioPerNextMs.toFixed(3)} ms per next), launch to breakpoint ${results.stdioLaunchToBreakpointMs.toFixed(0)} ms`,
    );
    console.log(
      `  tcp:         ${results.tcpNextMs.toFixed(1)} ms (${results.tcpPerNextMs.toFixed(3)} ms per next), launch to breakpoint ${results.tcpLaunchToBreakpointMs.toFixed(0)} ms`,
    );
    return results;
  } finally {
    ws.cleanup();
  }
}

if (require.main === module) {
  run().catch((e: Error) => {
    console.error(e.message);
    process.exitCode = 1;
  });
}
