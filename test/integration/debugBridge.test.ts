// Debugs the hello program through the delve-bridge adapter process with a real dlv: on this machine, and "in WSL" via the wsl.exe stand-in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import {
  distroWorkspace,
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
const ADD_LINE = 7; // `sum := a + b` inside add()

interface Scenario {
  name: string;
  workspace: () => Workspace;
  launchArgs: (ws: Workspace) => Record<string, unknown>;
  /** main.go as the client names it. */
  mainGo: (ws: Workspace) => string;
}

const wslArgs = (ws: Workspace, transport: 'stdio' | 'tcp') => ({
  type: 'delve-bridge',
  request: 'launch',
  target: 'wsl',
  distro: DISTRO,
  transport,
  mode: 'debug',
  program: ws.windowsDir,
  wslExecutable: STANDIN,
  automountRoot: ws.automountRoot,
  dlvPath: dlv,
});
const windowsFile = (ws: Workspace) => `${ws.windowsDir}\\main.go`;

const scenarios: Scenario[] = [
  {
    name: 'target local',
    workspace: driveWorkspace,
    launchArgs: (ws) => ({ type: 'delve-bridge', request: 'launch', target: 'local', mode: 'debug', program: ws.linuxDir, dlvPath: dlv }),
    mainGo: (ws) => path.join(ws.linuxDir, 'main.go'),
  },
  { name: 'target wsl, stdio relay, C:\\ paths', workspace: driveWorkspace, launchArgs: (ws) => wslArgs(ws, 'stdio'), mainGo: windowsFile },
  { name: 'target wsl, tcp, C:\\ paths', workspace: driveWorkspace, launchArgs: (ws) => wslArgs(ws, 'tcp'), mainGo: windowsFile },
  {
    name: 'target wsl, stdio relay, \\\\wsl.localhost workspace',
    workspace: distroWorkspace,
    launchArgs: (ws) => wslArgs(ws, 'stdio'),
    mainGo: windowsFile,
  },
];

async function variablesOf(dc: DebugClient, frameId: number): Promise<Map<string, string>> {
  const scopes = await dc.scopesRequest({ frameId });
  const values = new Map<string, string>();
  for (const scope of scopes.body.scopes) {
    if (scope.variablesReference === 0) continue;
    const vars = await dc.variablesRequest({ variablesReference: scope.variablesReference });
    for (const v of vars.body.variables) values.set(v.name, v.value);
  }
  return values;
}

for (const scenario of scenarios) {
  void test(`${scenario.name}: breakpoint, stack, variables, next, continue to exit, nothing left running`, async () => {
    const ws = scenario.workspace();
    const dc = await startClient(ws);
    try {
      const mainGo = scenario.mainGo(ws);
      const output: string[] = [];
      dc.on('output', (e: DebugProtocol.OutputEvent) => output.push(e.body.output));

      await dc.hitBreakpoint(scenario.launchArgs(ws), { path: mainGo, line: ADD_LINE });

      const threads = await dc.threadsRequest();
      const threadId = threads.body.threads[0].id;
      const stack = await dc.stackTraceRequest({ threadId, levels: 20 });
      const frames = stack.body.stackFrames;
      assert.equal(frames[0].source?.path, mainGo, "top frame is add() in main.go, in the client's path");
      assert.equal(frames[0].name, 'main.add');
      assert.equal(frames[1].source?.path, mainGo);
      assert.equal(frames[1].line, 14);
      if (scenario.launchArgs(ws).target === 'wsl') {
        for (const f of frames) {
          if (f.source?.path)
            assert.match(f.source.path, /^(C:\\|\\\\wsl\.localhost\\Ubuntu\\)/, `every frame path is a Windows path: ${f.source.path}`);
        }
      }

      const vars = await variablesOf(dc, frames[0].id);
      assert.equal(vars.get('a'), '0');
      assert.equal(vars.get('b'), '0');

      await Promise.all([dc.nextRequest({ threadId }), dc.assertStoppedLocation('step', { path: mainGo, line: ADD_LINE + 1 })]);
      const afterStep = await dc.stackTraceRequest({ threadId, levels: 1 });
      const stepped = await variablesOf(dc, afterStep.body.stackFrames[0].id);
      assert.equal(stepped.get('sum'), '0');

      await dc.setBreakpointsRequest({ source: { path: mainGo }, breakpoints: [] });
      await Promise.all([dc.continueRequest({ threadId }), dc.waitForEvent('terminated')]);
      // Delve may send the program's last output just after `terminated` (its stdout reader races the exit).
      for (let waited = 0; !output.join('').includes('done 3') && waited < 5_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
      assert.ok(output.join('').includes('done 3'), `the program ran to its end: ${output.join('')}`);

      await stopOnce(dc);
      assert.deepEqual(await leftoverProcesses(ws.root), [], 'no dlv, relay or program left running');
    } finally {
      await endSession(dc, ws);
    }
  });
}

void test("target wsl: a missing distro fails the launch with wsl.exe's message, and nothing is left running", async () => {
  const ws = driveWorkspace();
  const dc = await startClient(ws);
  try {
    await dc.initializeRequest();
    await assert.rejects(
      dc.launchRequest({ ...wslArgs(ws, 'stdio'), distro: 'NoSuchDistro' } as DebugProtocol.LaunchRequestArguments),
      /There is no distribution with the supplied name/,
    );
    assert.deepEqual(await leftoverProcesses(ws.root), []);
  } finally {
    await endSession(dc, ws);
  }
});

void test('target local: a dlvPath that does not exist fails the launch and names the path', async () => {
  const ws = driveWorkspace();
  const dc = await startClient(ws);
  try {
    await dc.initializeRequest();
    const missing = path.join(ws.root, 'no-such-dlv');
    await assert.rejects(
      dc.launchRequest({
        type: 'delve-bridge',
        request: 'launch',
        target: 'local',
        program: ws.linuxDir,
        dlvPath: missing,
      } as DebugProtocol.LaunchRequestArguments),
      (e: Error) => e.message.includes(missing),
    );
  } finally {
    await stopOnce(dc);
    ws.cleanup();
  }
});

void test('invalid attributes are named in the launch error', async () => {
  const ws = driveWorkspace();
  const dc = await startClient(ws);
  try {
    await dc.initializeRequest();
    await assert.rejects(
      dc.launchRequest({ target: 'mars', transport: 'pigeon', program: ws.linuxDir } as DebugProtocol.LaunchRequestArguments),
      (e: Error) => e.message.includes('"target"') && e.message.includes('"transport"'),
    );
  } finally {
    await stopOnce(dc);
    ws.cleanup();
  }
});
