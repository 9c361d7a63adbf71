// Faults through the delve-bridge adapter with a real dlv: Delve killed, the WSL relay dropped, terminate; each ends cleanly with nothing left running.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import {
  driveWorkspace,
  findDlv,
  endSession,
  leftoverProcesses,
  startClient,
  stopOnce,
  waitForProcess,
  STANDIN,
  DISTRO,
  type Workspace,
} from '../support/wsl-standin-harness';

const dlv = findDlv();
const ADD_LINE = 7;

function launchArgs(ws: Workspace, target: 'local' | 'wsl', transport: 'stdio' | 'tcp' = 'stdio'): Record<string, unknown> {
  return target === 'local'
    ? { type: 'delve-bridge', request: 'launch', target, program: ws.linuxDir, dlvPath: dlv }
    : {
        type: 'delve-bridge',
        request: 'launch',
        target,
        transport,
        distro: DISTRO,
        program: ws.windowsDir,
        wslExecutable: STANDIN,
        automountRoot: ws.automountRoot,
        dlvPath: dlv,
      };
}

function mainGo(ws: Workspace, target: 'local' | 'wsl'): string {
  return target === 'local' ? path.join(ws.linuxDir, 'main.go') : `${ws.windowsDir}\\main.go`;
}

/** Collects `important` output and resolves once the adapter reports the session terminated. */
function endOfSession(dc: DebugClient): { important: string[]; terminated: Promise<unknown> } {
  const important: string[] = [];
  dc.on('output', (e: DebugProtocol.OutputEvent) => {
    if (e.body.category === 'important') important.push(e.body.output);
  });
  return { important, terminated: dc.waitForEvent('terminated', 30_000) };
}

const cases: { name: string; target: 'local' | 'wsl'; transport?: 'stdio' | 'tcp'; victim: RegExp; message: RegExp }[] = [
  { name: 'target local: dlv killed with SIGKILL mid-session', target: 'local', victim: /dlv dap/, message: /Delve stopped unexpectedly/ },
  {
    name: 'target wsl (stdio): dlv killed with SIGKILL mid-session',
    target: 'wsl',
    transport: 'stdio',
    victim: /dlv dap/,
    message: /Delve stopped unexpectedly/,
  },
  {
    name: 'target wsl (tcp): dlv killed with SIGKILL mid-session',
    target: 'wsl',
    transport: 'tcp',
    victim: /dlv dap/,
    message: /Delve stopped unexpectedly/,
  },
  {
    name: 'target wsl (stdio): the relay inside the distro killed with SIGKILL',
    target: 'wsl',
    transport: 'stdio',
    victim: /^bash -lc .*gohealth-relay/s,
    message: /Delve stopped unexpectedly/,
  },
];

for (const c of cases) {
  void test(`${c.name}: the client is told, the session terminates, nothing is left running`, async () => {
    const ws = driveWorkspace();
    const dc = await startClient(ws);
    try {
      const end = endOfSession(dc);
      await dc.hitBreakpoint(launchArgs(ws, c.target, c.transport), { path: mainGo(ws, c.target), line: ADD_LINE });
      const victim = await waitForProcess(ws.root, c.victim);
      process.kill(victim.pid, 'SIGKILL');
      await end.terminated;
      assert.match(end.important.join(''), c.message);
      await assert.rejects(dc.threadsRequest(), /session has ended/, 'requests after the end get a clear error');
      assert.deepEqual(await leftoverProcesses(ws.root), [], 'no dlv, relay or program left running');
    } finally {
      await endSession(dc, ws);
    }
  });
}

for (const target of ['local', 'wsl'] as const) {
  void test(`target ${target}: terminate ends the program and the session, nothing is left running`, async () => {
    const ws = driveWorkspace();
    const dc = await startClient(ws);
    try {
      await dc.hitBreakpoint(launchArgs(ws, target), { path: mainGo(ws, target), line: ADD_LINE });
      const terminated = dc.waitForEvent('terminated', 30_000);
      const response = await dc.terminateRequest({});
      assert.equal(response.success, true);
      await terminated;
      assert.deepEqual(await leftoverProcesses(ws.root), []);
    } finally {
      await endSession(dc, ws);
    }
  });
}

void test('target wsl: the client disconnecting while stopped at a breakpoint ends Delve and the program', async () => {
  const ws = driveWorkspace();
  const dc = await startClient(ws);
  try {
    await dc.hitBreakpoint(launchArgs(ws, 'wsl'), { path: mainGo(ws, 'wsl'), line: ADD_LINE });
    await dc.disconnectRequest({ terminateDebuggee: true });
    await stopOnce(dc, true);
    assert.deepEqual(await leftoverProcesses(ws.root), []);
  } finally {
    await endSession(dc, ws);
  }
});
