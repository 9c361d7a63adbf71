// Entry point of dist/debugAdapter.js: the delve-bridge debug adapter speaking DAP over stdin/stdout; the extension loads the same bundle to run it in-process.
import { BridgeSession } from './bridgeSession';
import { queryDefaultDistro, startDelve } from './dlvProcess';
import { endChildrenOnSignals } from '../platform/lifetime';

export { InlineBridgeAdapter, bridgeDependencies } from './inlineAdapter';

function main(): void {
  const session = new BridgeSession((bytes) => process.stdout.write(bytes), {
    startDelve,
    defaultDistro: (wslExecutable) => queryDefaultDistro(wslExecutable),
    platform: process.platform,
    env: process.env,
  });
  let exiting = false;
  const exit = () => {
    if (exiting) return;
    exiting = true;
    // Let the last response reach the client before leaving.
    process.stdout.write('', () => process.exit(0));
  };
  session.onDone(exit);
  process.stdin.on('data', (chunk: Buffer) => session.handleClientBytes(chunk));
  process.stdin.on('end', () => void session.clientGone().then(exit));
  // A signal ends Delve the orderly way first; whatever is still running then is killed with this process.
  endChildrenOnSignals({ beforeExit: () => session.clientGone() });
  process.stdout.on('error', () => void session.clientGone().then(exit));
  process.on('uncaughtException', (error) => {
    // A bug must not leave Delve running: report it, end the session, leave.
    process.stderr.write(`delve-bridge: ${error.stack ?? error.message}\n`);
    void session.clientGone().then(exit);
  });
}

// `node dist/debugAdapter.js` runs the adapter; the extension requiring the bundle only takes its exports.
if (require.main === module) main();
