// The real host's HTTP GET (for the module proxy's list of Go releases) and its private, atomic writes of Go Health's cache files.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as path from 'node:path';
import * as tls from 'node:tls';
import type { HttpGetOptions, HttpGetResult } from './host';

const MAX_REDIRECTS = 5;

/** Where Go's crypto/x509 looks for the system's roots on Linux and the BSDs (root_linux.go), in its order. */
const SYSTEM_ROOT_FILES = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/ca-bundle.pem',
  '/etc/pki/tls/cacert.pem',
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem',
  '/etc/ssl/cert.pem',
];

let systemCa: string[] | undefined;

/**
 * The certificate authorities the go command trusts: Node's own bundle plus the system's (SSL_CERT_FILE, else the
 * first of Go's known files), so that a proxy behind a company's TLS inspection works here when it works for go.
 * Read once, on the first request.
 */
function trustedRoots(): string[] {
  if (systemCa) return systemCa;
  const files = process.env.SSL_CERT_FILE ? [process.env.SSL_CERT_FILE] : process.platform === 'win32' ? [] : SYSTEM_ROOT_FILES;
  let extra: string | undefined;
  for (const f of files) {
    try {
      extra = fs.readFileSync(f, 'utf8');
      break;
    } catch {
      /* the next one */
    }
  }
  systemCa = extra ? [...tls.rootCertificates, extra] : [...tls.rootCertificates];
  return systemCa;
}

/**
 * GET with a deadline over the whole exchange (connect, redirects, body), a size limit, and no exception: every
 * failure is an `{ error }` a finding can quote. node:http rather than fetch: a request that must not keep the
 * process alive needs its socket unref'd, which fetch does not offer.
 */
export function httpGet(url: string, options: HttpGetOptions): Promise<HttpGetResult> {
  return new Promise((resolve) => {
    let done = false;
    let current: http.ClientRequest | undefined;
    const finish = (result: HttpGetResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      current?.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ error: `no answer within ${options.timeoutMs} ms` }), options.timeoutMs);
    if (options.keepAlive === false) timer.unref();
    const get = (target: string, redirects: number) => {
      let parsed: URL;
      try {
        parsed = new URL(target);
      } catch {
        return finish({ error: `not a URL: ${target}` });
      }
      const client = parsed.protocol === 'https:' ? https : parsed.protocol === 'http:' ? http : undefined;
      if (!client) return finish({ error: `unsupported scheme ${parsed.protocol}` });
      const req = client.get(
        parsed,
        { headers: { 'user-agent': 'gohealth', accept: 'text/plain' }, ...(client === https ? { ca: trustedRoots() } : {}) },
        (res) => {
          const status = res.statusCode ?? 0;
          const location = res.headers.location;
          if (status >= 300 && status < 400 && location) {
            res.resume();
            if (redirects >= MAX_REDIRECTS) return finish({ error: `more than ${MAX_REDIRECTS} redirects` });
            return get(new URL(location, parsed).toString(), redirects + 1);
          }
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > options.maxBytes) return finish({ error: `answer larger than ${options.maxBytes} bytes` });
            chunks.push(chunk);
          });
          res.on('end', () => finish({ status, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', (e) => finish({ error: e.message }));
        },
      );
      current = req;
      req.on('error', (e) => finish({ error: e.message }));
      if (options.keepAlive === false) req.on('socket', (socket) => socket.unref());
    };
    get(url, 0);
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
