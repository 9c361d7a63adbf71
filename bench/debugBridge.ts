// Benchmarks the delve-bridge adapter: 200 `next` steps through the bridge (its own process, and in-process as VS Code runs it) vs straight to dlv, and the bridge's own time per message.
import * as path from 'node:path';
import { BridgeSession } from '../src/debug/bridgeSession';
import { queryDefaultDistro, startDelve } from '../src/debug/dlvProcess';
import {
  BenchClient,
  connectBridge,
  connectDirect,
  connectInline,
  connectNullRelay,
  findDlv,
  launchToLoop,
  loopWorkspace,
  timeNexts,
} from './debugBenchClient';
import { median, verdict } from './util';

const STEPS = 200;
const ROUNDS = 5;

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}

export async function run(): Promise<Record<string, number>> {
  const dlv = findDlv();
  const ws = loopWorkspace();
  const mainGo = path.join(ws.linuxDir, 'main.go');
  const direct: number[] = [];
  const bridged: number[] = [];
  const nullRelayed: number[] = [];
  const inline: number[] = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate the order so a warming machine favours neither side.
      const order = round % 2 === 0 ? ['direct', 'inline', 'bridge', 'null'] : ['null', 'bridge', 'inline', 'direct'];
      for (const side of order) {
        if (side === 'null') {
          const c = connectNullRelay(dlv, ws.linuxDir);
          const thread = await launchToLoop(c.client, { request: 'launch', mode: 'debug', program: ws.linuxDir }, mainGo);
          nullRelayed.push(await timeNexts(c.client, thread, STEPS));
          await c.close();
        } else if (side === 'direct') {
          const c = await connectDirect(dlv, ws.linuxDir);
          const thread = await launchToLoop(c.client, { request: 'launch', mode: 'debug', program: ws.linuxDir }, mainGo);
          direct.push(await timeNexts(c.client, thread, STEPS));
          await c.client.request('disconnect', { terminateDebuggee: true }).catch(() => undefined);
          await c.close();
        } else if (side === 'inline') {
          const c = connectInline();
          const thread = await launchToLoop(
            c.client,
            { request: 'launch', target: 'local', mode: 'debug', program: ws.linuxDir, dlvPath: dlv },
            mainGo,
          );
          inline.push(await timeNexts(c.client, thread, STEPS));
          await c.client.request('disconnect', { terminateDebuggee: true }).catch(() => undefined);
          await c.close();
        } else {
          const c = connectBridge();
          const thread = await launchToLoop(
            c.client,
            { request: 'launch', target: 'local', mode: 'debug', program: ws.linuxDir, dlvPath: dlv },
            mainGo,
          );
          bridged.push(await timeNexts(c.client, thread, STEPS));
          await c.client.request('disconnect', { terminateDebuggee: true }).catch(() => undefined);
          await c.close();
        }
      }
    }

    // The bridge's own work per message, measured inside it: framing, JSON, path rewrite, forward.
    const toDelve: number[] = [];
    const toClient: number[] = [];
    const toClientSide: { client?: BenchClient } = {};
    const session = new BridgeSession((b) => toClientSide.client?.feed(b), {
      startDelve,
      defaultDistro: (exe) => queryDefaultDistro(exe),
      platform: process.platform,
      env: process.env,
      onTiming: (direction, ns) => (direction === 'toDelve' ? toDelve : toClient).push(ns / 1e6),
    });
    const client = new BenchClient((b) => session.handleClientBytes(b));
    toClientSide.client = client;
    const thread = await launchToLoop(
      client,
      { request: 'launch', target: 'local', mode: 'debug', program: ws.linuxDir, dlvPath: dlv },
      mainGo,
    );
    toDelve.length = 0;
    toClient.length = 0;
    await timeNexts(client, thread, STEPS);
    await client.request('disconnect', { terminateDebuggee: true }).catch(() => undefined);
    await session.clientGone();

    const directMs = median(direct);
    const bridgeMs = median(bridged);
    const ratio = bridgeMs / directMs;
    const nullMs = median(nullRelayed);
    const perMessage = [...toDelve, ...toClient];
    const processingMedian = median(perMessage);
    const inlineMs = median(inline);
    const inlineRatio = inlineMs / directMs;
    const results = {
      nextDirectMs: directMs,
      nextBridgeMs: bridgeMs,
      ratio,
      nextInlineBridgeMs: inlineMs,
      inlineRatio,
      nextNullRelayMs: nullMs,
      nullRelayRatio: nullMs / directMs,
      bridgeOverNullRelay: bridgeMs / nullMs,
      addedPerRoundTripMs: (bridgeMs - directMs) / STEPS,
      bridgeProcessingMedianMs: processingMedian,
      bridgeProcessingP95Ms: percentile(perMessage, 95),
      toDelveMedianMs: median(toDelve),
      toClientMedianMs: median(toClient),
    };
    console.log(
      `${STEPS} next steps, median of ${ROUNDS} rounds: direct ${directMs.toFixed(1)} ms, through the bridge ${bridgeMs.toFixed(1)} ms`,
    );
    console.log(
      `  ratio ${ratio.toFixed(3)} (target <= 1.05: ${verdict(ratio <= 1.05)}); added per next round trip ${results.addedPerRoundTripMs.toFixed(3)} ms (request + response + stopped event)`,
    );
    console.log(
      `  in-process bridge (what VS Code runs: an inline adapter, no adapter process): ${inlineMs.toFixed(1)} ms, ratio ${inlineRatio.toFixed(3)} (target <= 1.05: ${verdict(inlineRatio <= 1.05)}); the separate process (node dist/debugAdapter.js, for other DAP clients): ratio ${ratio.toFixed(3)}`,
    );
    console.log(
      `  a relay process that only copies bytes: ${nullMs.toFixed(1)} ms, ratio ${(nullMs / directMs).toFixed(3)}; the bridge over that floor: ${(bridgeMs / nullMs).toFixed(3)}`,
    );
    console.log(
      `  bridge processing per message: median ${processingMedian.toFixed(4)} ms (target <= 0.1 ms: ${verdict(processingMedian <= 0.1)}), p95 ${results.bridgeProcessingP95Ms.toFixed(4)} ms; to Delve ${results.toDelveMedianMs.toFixed(4)} ms, to the client ${results.toClientMedianMs.toFixed(4)} ms (${perMessage.length} messages)`,
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
