// The Linux end of the Windows tier's wsl.exe (test/windows/fakes/wslrelay.c): runs the wsl.exe stand-in with the arguments, stdio and exit code relayed over loopback.
import { spawn } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { STANDIN } from '../support/wsl-standin-harness';

function frame(kind: number, data: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header[0] = kind;
  header.writeUInt32LE(data.length, 1);
  return Buffer.concat([header, data]);
}

function serve(socket: Socket, env: NodeJS.ProcessEnv): void {
  let buffer = Buffer.alloc(0);
  let child: ReturnType<typeof spawn> | undefined;
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    if (!child) {
      const end = buffer.indexOf(0x0a);
      if (end < 0) return;
      const args = JSON.parse(buffer.subarray(0, end).toString('utf8')) as string[];
      buffer = buffer.subarray(end + 1);
      child = spawn(process.execPath, [STANDIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
      child.stdout!.on('data', (d: Buffer) => socket.write(frame(1, d)));
      child.stderr!.on('data', (d: Buffer) => socket.write(frame(2, d)));
      child.on('close', (code) => {
        const exit = Buffer.alloc(4);
        exit.writeInt32LE(code ?? 1);
        socket.end(frame(3, exit));
      });
      child.stdin!.on('error', () => undefined);
    }
    while (buffer.length >= 5) {
      const length = buffer.readUInt32LE(1);
      if (buffer.length < 5 + length) break;
      const kind = buffer[0];
      const data = buffer.subarray(5, 5 + length);
      buffer = buffer.subarray(5 + length);
      if (kind === 0) child!.stdin!.write(data);
      else child!.stdin!.end();
    }
  });
  // wsl.exe ending (killed by the bridge) ends what it started, as closing a WSL session does.
  socket.on('close', () => child?.kill('SIGTERM'));
  socket.on('error', () => undefined);
}

/** Starts the relay; every connection is one wsl.exe run. Resolves with the server and its port. */
export function startWslRelay(env: NodeJS.ProcessEnv): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer((socket) => serve(socket, env));
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port }));
  });
}
