// Runs in the Windows Node under Wine: the shipped delve-bridge adapter (dist/debugAdapter.js) for one DAP client on loopback TCP, because Node under Wine cannot write to a pipe.
import { renameSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { DapReader, type DapMessage } from '../../src/debug/dapFraming';

type Adapter = { onDidSendMessage(listener: (m: DapMessage) => void): unknown; handleMessage(m: unknown): void; stop(): Promise<void> };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const bundle = require(path.resolve(__dirname, '..', '..', '..', 'dist', 'debugAdapter.js')) as {
  InlineBridgeAdapter: new (deps: unknown) => Adapter;
  bridgeDependencies: () => unknown;
};

const portFile = process.argv[2];
const server = createServer((socket) => {
  server.close();
  const adapter = new bundle.InlineBridgeAdapter(bundle.bridgeDependencies());
  adapter.onDidSendMessage((m) => {
    const body = Buffer.from(JSON.stringify(m), 'utf8');
    socket.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'latin1'), body]));
  });
  const reader = new DapReader(
    (m) => adapter.handleMessage(m),
    () => undefined,
  );
  socket.on('data', (chunk: Buffer) => reader.push(chunk));
  const end = () => void adapter.stop().then(() => process.exit(0));
  socket.on('close', end);
  socket.on('error', end);
});
// Written whole under another name, then renamed: a reader never sees an empty port file.
server.listen(0, '127.0.0.1', () => {
  writeFileSync(`${portFile}.tmp`, String((server.address() as { port: number }).port));
  renameSync(`${portFile}.tmp`, portFile);
});
