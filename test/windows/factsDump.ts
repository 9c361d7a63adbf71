// Runs in the Windows Node under Wine: the engine on the real Windows host, its facts and report written as JSON to the file named first.
import { writeFileSync } from 'node:fs';
import { runHealthCheck } from '../../src/core/engine';
import { nodeHost } from '../../src/core/nodeHost';

const [out, folder] = process.argv.slice(2);
runHealthCheck(nodeHost({ cwd: folder }), { workspaceFolders: [folder], timeoutMs: 60_000 }).then(
  ({ facts, report }) => writeFileSync(out, JSON.stringify({ facts, report })),
  (e: unknown) => writeFileSync(out, JSON.stringify({ error: String(e) })),
);
