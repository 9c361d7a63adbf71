// Runs every benchmark of the project in one process and prints the figures side by side.
import { run as runEngine } from './engine';

interface Bench {
  name: string;
  load: () => Promise<{ run: () => Promise<Record<string, number>> }>;
}

// Each bench is loaded only when it runs, so one missing part does not stop the others.
const benches: Bench[] = [
  { name: 'engine and CLI', load: async () => ({ run: runEngine }) },
  { name: 'extension activation and diagnostics', load: () => import('./activation.js') },
  { name: 'large workspaces', load: () => import('./scale.js') },
  { name: 'debug bridge', load: () => import('./debugBridge.js') },
  { name: 'WSL transports', load: () => import('./debugTransport.js') },
  { name: 'VSIX size', load: () => import('./vsix.js') },
  { name: 'report merge', load: () => import('./merge.js') },
];

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const results: Record<string, Record<string, number>> = {};
  let failed = false;
  for (const b of benches) {
    if (only.length && !only.some((o) => b.name.includes(o))) continue;
    console.log(`\n== ${b.name}`);
    try {
      const mod = await b.load();
      results[b.name] = await mod.run();
    } catch (e) {
      failed = true;
      console.log(`failed: ${(e as Error).message}`);
    }
  }
  console.log('\n== figures (JSON)');
  console.log(JSON.stringify(results, (_k, v: unknown) => (typeof v === 'number' ? Math.round(v * 1000) / 1000 : v), 2));
  if (failed) process.exitCode = 1;
}

void main();
