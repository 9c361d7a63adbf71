// The real host's HTTP GET (for the module proxy's list of Go releases) and its private, atomic writes of Go Health's cache files.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { HttpGetOptions, HttpGetResult } from './host';

/**
 * The request itself, run in a worker thread: loading node:https and building a TLS context with the system's
 * certificate authorities costs the main thread 70-100 ms, which would make a check slower than its own go runs.
 * Plain JavaScript in a string so that it needs no file of its own beside the bundles.
 *
 * Trusted roots: Node's own bundle plus the system's (SSL_CERT_FILE, else the first of the files Go's crypto/x509
 * reads on Linux and the BSDs), so that a proxy behind a company's TLS inspection works here when it works for go.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { url, timeoutMs, maxBytes } = workerData;
const FILES = process.env.SSL_CERT_FILE ? [process.env.SSL_CERT_FILE] : process.platform === 'win32' ? [] : [
  '/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/ca-bundle.pem',
  '/etc/pki/tls/cacert.pem', '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem', '/etc/ssl/cert.pem'];
let done = false;
let current;
const finish = (result) => {
  if (done) return;
  done = true;
  if (current) current.destroy();
  parentPort.postMessage(result);
};
setTimeout(() => finish({ error: 'no answer within ' + timeoutMs + ' ms' }), timeoutMs);
let ca;
const roots = () => {
  if (ca) return ca;
  let extra;
  for (const f of FILES) { try { extra = fs.readFileSync(f, 'utf8'); break; } catch {} }
  ca = extra ? [...require('node:tls').rootCertificates, extra] : undefined;
  return ca;
};
const get = (target, redirects) => {
  let parsed;
  try { parsed = new URL(target); } catch { return finish({ error: 'not a URL: ' + target }); }
  const client = parsed.protocol === 'https:' ? require('node:https') : parsed.protocol === 'http:' ? require('node:http') : undefined;
  if (!client) return finish({ error: 'unsupported scheme ' + parsed.protocol });
  const options = { headers: { 'user-agent': 'gohealth', accept: 'text/plain' } };
  if (parsed.protocol === 'https:' && roots()) options.ca = roots();
  const req = client.get(parsed, options, (res) => {
    const status = res.statusCode || 0;
    if (status >= 300 && status < 400 && res.headers.location) {
      res.resume();
      if (redirects >= 5) return finish({ error: 'more than 5 redirects' });
      return get(new URL(res.headers.location, parsed).toString(), redirects + 1);
    }
    const chunks = [];
    let size = 0;
    res.on('data', (c) => { size += c.length; if (size > maxBytes) return finish({ error: 'answer larger than ' + maxBytes + ' bytes' }); chunks.push(c); });
    res.on('end', () => finish({ status, body: Buffer.concat(chunks).toString('utf8') }));
    res.on('error', (e) => finish({ error: e.message }));
  });
  current = req;
  req.on('error', (e) => finish({ error: e.message }));
};
get(url, 0);
`;

/**
 * GET with a deadline over the whole exchange (connect, redirects, body), a size limit, and no exception: every
 * failure is an `{ error }` a finding can quote. The exchange runs in a worker thread (see WORKER_SOURCE);
 * keepAlive false lets the process exit while it is still under way.
 */
export function httpGet(url: string, options: HttpGetOptions): Promise<HttpGetResult> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (r: HttpGetResult) => {
      if (settled) return;
      settled = true;
      resolve(r);
      void worker?.terminate();
    };
    let worker: Worker | undefined;
    try {
      worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { url, timeoutMs: options.timeoutMs, maxBytes: options.maxBytes } });
    } catch (e) {
      settle({ error: `cannot start the request: ${(e as Error).message}` });
      return;
    }
    if (options.keepAlive === false) worker.unref();
    worker.once('message', (r: HttpGetResult) => settle(r));
    worker.once('error', (e) => settle({ error: e.message }));
    worker.once('exit', () => settle({ error: 'the request ended without an answer' }));
  });
}

/** Writes a file through a temporary one and a rename, creating its directory (private to the user) when missing. */
export function writeFileAtomic(file: string, content: string): Promise<boolean> {
  return new Promise((resolve) => {
    const temporary = `${file}.${process.pid}.tmp`;
    fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 }, (mkdirError) => {
      if (mkdirError) return resolve(false);
      fs.writeFile(temporary, content, { mode: 0o600 }, (writeError) => {
        if (writeError) return fs.rm(temporary, { force: true }, () => resolve(false));
        fs.rename(temporary, file, (renameError) => {
          if (renameError) return fs.rm(temporary, { force: true }, () => resolve(false));
          resolve(true);
        });
      });
    });
  });
}
