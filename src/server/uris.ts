// Conversions between file paths and the file: URIs the protocol speaks.
import { fileURLToPath, pathToFileURL } from 'node:url';

export function pathToUri(file: string): string {
  return pathToFileURL(file).href;
}

/** The file path of a file: URI; undefined for other schemes (untitled:, vscode-remote: …). */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
