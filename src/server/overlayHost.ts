// A Host whose file reads see the editor's unsaved text of open documents instead of what is on disk.
import type { FileStat, Host } from '../core/host';

interface OpenDocumentText {
  text: string;
  /** Increases with every edit; folded into the stat so caches keyed on size + mtime notice the change. */
  version: number;
}

/** Looks up an open document by file path. */
type OpenDocuments = (file: string) => OpenDocumentText | undefined;

export function overlayHost(base: Host, openDocuments: OpenDocuments): Host {
  const fs = base.fs;
  return {
    ...base,
    fs: {
      ...fs,
      async readFile(file, maxBytes) {
        const doc = openDocuments(file);
        if (!doc) return fs.readFile(file, maxBytes);
        const size = Buffer.byteLength(doc.text, 'utf8');
        return size > maxBytes ? { refused: 'too-large', size } : { text: doc.text };
      },
      async stat(file): Promise<FileStat | undefined> {
        const doc = openDocuments(file);
        const real = await fs.stat(file);
        if (!doc) return real;
        // The version goes into mtime so a cache validated by (size, mtime) treats every edit as a new file.
        return {
          isFile: true,
          isDirectory: false,
          mode: real?.mode ?? 0o644,
          size: Buffer.byteLength(doc.text, 'utf8'),
          mtimeMs: (real?.mtimeMs ?? 0) + doc.version / 1000,
        };
      },
    },
  };
}
