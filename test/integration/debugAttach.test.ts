// Attaches to a running Go program through the delve-bridge adapter with a real dlv: on this machine and "in WSL" via the wsl.exe stand-in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import {
  driveWorkspace,
  findDlv,
  endSession,
  leftoverProcesses,
  startClient,
  stopOnce,
  STANDIN,
  DISTRO,
  type Workspace,
} from '../support/wsl-standin-harness';

const dlv = findDlv();
const TICK_LINE = 10; // `next := n + 1` inside tick()

/** A program that runs until killed, calling tick() every 20 ms; built without optimisations so it can be debugged. */
function buildWaiter(ws: Workspace): { dir: string; binary: string } {
  const dir = path.join(ws.linuxDir, 'waiter');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'go.mod'), 'module example.com/waiter\n\ngo 1.22\n');
  writeFileSync(
    path.join(dir, 'main.go'),
    [
      '// Runs until killed, for attach tests.',
      'package main',
      '',
      'import (',
      '\t"fmt"',
      '\t"time"',
      ')',
      '',
      'func tick(n int) int {',
      '\tnext := n + 1',
      '\treturn next',
      '}',
      '',
      'func main() {',
      '\tfmt.Println("ready")',
      '\tn := 0',
      '\tfor {',
      '\t\tn = tick(n)',
      '\t\ttime.Sleep(20 * time.Millisecond)',
      '\t}',
      '}',
      '',
    ].join('\n'),
  );
  const binary = path.join(dir, 'waiter');
  execFileSync('go', ['build', '-gcflags=all=-N -l', '-o', binary, '.'], {
    cwd: dir,
    env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '' },
    stdio: 'pipe',
  });
  return { dir, binary };
}

function startWaiter(binary: string, cwd: string): Promise<ChildProcess> {
  const child = spawn(binary, [], { cwd, stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout!.once('data', () => resolve(child));
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const scenarios = [
  {
    name: 'target local',
    attachArgs: (pid: number) => ({
      type: 'delve-bridge',
      request: 'attach',
      target: 'local',
      mode: 'local',
      processId: pid,
      dlvPath: dlv,
    }),
    mainGo: (ws: Workspace) => path.join(ws.linuxDir, 'waiter', 'main.go'),
  },
  {
    name: 'target wsl, stdio relay',
    attachArgs: (pid: number, ws: Workspace) => ({
      type: 'delve-bridge',
      request: 'attach',
      target: 'wsl',
      mode: 'local',
      processId: pid,
      distro: DISTRO,
      transport: 'stdio',
      wslExecutable: STANDIN,
      automountRoot: ws.automountRoot,
      dlvPath: dlv,
    }),
    mainGo: (ws: Workspace) => `${ws.windowsDir}\\waiter\\main.go`,
  },
];

for (const scenario of scenarios) {
  void test(`${scenario.name}: attach to a running program, stop at a breakpoint in the client's paths, detach and leave it running`, async () => {
    const ws = driveWorkspace();
    const { dir, binary } = buildWaiter(ws);
    const waiter = await startWaiter(binary, dir);
    const dc = await startClient(ws);
    try {
      const mainGo = scenario.mainGo(ws);
      await dc.initializeRequest();
      await Promise.all([
        dc.attachRequest(scenario.attachArgs(waiter.pid!, ws) as DebugProtocol.AttachRequestArguments),
        dc.waitForEvent('initialized'),
      ]);
      const set = await dc.setBreakpointsRequest({ source: { path: mainGo }, breakpoints: [{ line: TICK_LINE }] });
      assert.equal(set.body.breakpoints[0]?.verified, true, `the breakpoint is set: ${JSON.stringify(set.body.breakpoints)}`);
      await Promise.all([dc.configurationDoneRequest(), dc.assertStoppedLocation('breakpoint', { path: mainGo, line: TICK_LINE })]);

      const threads = await dc.threadsRequest();
      const stopped = await dc.stackTraceRequest({ threadId: threads.body.threads[0]!.id, levels: 5 });
      const top = stopped.body.stackFrames.find((f) => f.name === 'main.tick');
      assert.ok(top, `main.tick is on the stack: ${stopped.body.stackFrames.map((f) => f.name).join(', ')}`);
      assert.equal(top.source?.path, mainGo, 'the frame names main.go as the client does');

      // Detaching ends Delve and the bridge but not the program someone else started.
      await dc.setBreakpointsRequest({ source: { path: mainGo }, breakpoints: [] });
      await dc.disconnectRequest({ terminateDebuggee: false });
      await stopOnce(dc, true);
      const left = (await leftoverProcesses(ws.root, 5_000)).filter((p) => p.pid !== waiter.pid);
      assert.deepEqual(left, [], 'no dlv or relay left running');
      assert.equal(alive(waiter.pid!), true, 'the program still runs after the detach');
    } finally {
      await endSession(dc, ws);
    }
  });
}

void test("attaching to a process that is gone fails with Delve's reason, and nothing is left running", async () => {
  const ws = driveWorkspace();
  const dc = await startClient(ws);
  try {
    // A pid that was just used and is free now.
    const gone = spawn('true');
    await new Promise((r) => gone.once('exit', r));
    // The raw responses, for the structured error VS Code shows (DebugClient keeps only the short message).
    const responses: DebugProtocol.Response[] = [];
    const client = dc as unknown as { dispatch(body: string): void };
    const dispatch = client.dispatch.bind(dc);
    client.dispatch = (body: string) => {
      const message = JSON.parse(body) as DebugProtocol.ProtocolMessage;
      if (message.type === 'response') responses.push(message as DebugProtocol.Response);
      dispatch(body);
    };
    await dc.initializeRequest();
    await assert.rejects(
      dc.attachRequest({
        type: 'delve-bridge',
        request: 'attach',
        target: 'local',
        mode: 'local',
        processId: gone.pid!,
        dlvPath: dlv,
      } as DebugProtocol.AttachRequestArguments),
    );
    const failed = responses.find((r) => r.command === 'attach') as DebugProtocol.ErrorResponse | undefined;
    assert.equal(failed?.success, false);
    const shown = failed?.body?.error?.format ?? failed?.message ?? '';
    assert.match(shown, new RegExp(`${gone.pid}`), `the reason names the process: ${shown}`);
    assert.deepEqual(await leftoverProcesses(ws.root), []);
  } finally {
    await endSession(dc, ws);
  }
});
