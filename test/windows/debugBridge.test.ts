// Windows tier: the delve-bridge adapter in the Windows Node, reaching "WSL" through %SystemRoot%\System32\wsl.exe (a Windows stand-in), real dlv on this machine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { adapterEnv, DISTRO, driveWorkspace, endSession, findDlv, leftoverProcesses, stopOnce } from '../support/wsl-standin-harness';
import { currentTier, REPO_ROOT, runWindows, windowsPathOf, type WineTier } from './wine';
import { startWslRelay } from './wslRelay';

const { tier, skip } = currentTier();
const t = tier as WineTier;
const ADD_LINE = 7; // `sum := a + b` inside add()

for (const transport of ['stdio', 'tcp'] as const) {
  void test(
    `the adapter in the Windows Node, wsl.exe found at %SystemRoot%\\System32, ${transport}: breakpoint, stack in C:\\ paths, run to exit, nothing left`,
    { skip },
    async () => {
      const dlv = findDlv();
      const ws = driveWorkspace();
      const log = path.join(ws.root, 'wsl-calls.jsonl');
      const relay = await startWslRelay({ ...adapterEnv(ws), GOHEALTH_STANDIN_LOG: log });
      const giveUp = new AbortController();
      let dc: DebugClient | undefined;
      try {
        // No wslExecutable attribute and no setting: the bridge must find wsl.exe where Windows keeps it.
        const wslExe = path.join(t.runPrefix, 'drive_c', 'windows', 'system32', 'wsl.exe');
        copyFileSync(t.fakeWsl, wslExe);
        writeFileSync(`${wslExe}.relay`, String(relay.port));
        const portFile = path.join(ws.root, 'adapter.port');
        const adapter = runWindows(
          t,
          t.node,
          [windowsPathOf(t, path.join(REPO_ROOT, 'out', 'test', 'windows', 'adapterServer.js')), windowsPathOf(t, portFile)],
          { timeoutMs: 300_000, signal: giveUp.signal },
        ).catch((e: Error) => ({ code: null, stdout: '', stderr: e.message }));
        // The port file can exist before its number is written: wait for the number.
        const port = () => (existsSync(portFile) ? Number(readFileSync(portFile, 'utf8')) : 0);
        for (let waited = 0; !(port() > 0) && waited < 60_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
        assert.ok(port() > 0, 'the adapter listens');
        dc = new DebugClient('node', 'unused', 'delve-bridge');
        dc.defaultTimeout = 120_000;
        await dc.start(port());
        const mainGo = `${ws.windowsDir}\\main.go`;
        const output: string[] = [];
        dc.on('output', (e: DebugProtocol.OutputEvent) => output.push(e.body.output));
        await dc.hitBreakpoint(
          {
            type: 'delve-bridge',
            request: 'launch',
            target: 'wsl',
            distro: DISTRO,
            transport,
            mode: 'debug',
            program: ws.windowsDir,
            automountRoot: ws.automountRoot,
            dlvPath: dlv,
          } as DebugProtocol.LaunchRequestArguments,
          { path: mainGo, line: ADD_LINE },
        );
        const threadId = (await dc.threadsRequest()).body.threads[0].id;
        const frames = (await dc.stackTraceRequest({ threadId, levels: 20 })).body.stackFrames;
        assert.equal(frames[0].source?.path, mainGo);
        assert.equal(frames[0].name, 'main.add');
        await dc.setBreakpointsRequest({ source: { path: mainGo }, breakpoints: [] });
        await Promise.all([dc.continueRequest({ threadId }), dc.waitForEvent('terminated')]);
        for (let waited = 0; !output.join('').includes('done 3') && waited < 5_000; waited += 50)
          await new Promise((r) => setTimeout(r, 50));
        assert.ok(output.join('').includes('done 3'), `the program ran to its end: ${output.join('')}`);
        // Delve was started through that wsl.exe, in the distro asked for, in the program's folder translated for it.
        const calls = readFileSync(log, 'utf8')
          .trim()
          .split('\n')
          .map((l) => (JSON.parse(l) as string[]).slice(0, 5));
        assert.ok(
          calls.some((c) => c[0] === '-d' && c[1] === DISTRO && c[2] === '--cd' && c[3] === ws.linuxDir),
          JSON.stringify(calls),
        );
        await stopOnce(dc);
        // The adapter ends with its client, as VS Code's does.
        assert.equal((await adapter).code, 0);
        assert.deepEqual(await leftoverProcesses(ws.root), [], 'no dlv, relay or program left running');
      } finally {
        relay.server.close();
        giveUp.abort();
        if (dc) await endSession(dc, ws);
        else ws.cleanup();
      }
    },
  );
}
