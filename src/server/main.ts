// Entry point of dist/server.js: the language server on the transport its client chose (IPC from VS Code, or --stdio).
import { runLanguageServer } from './server';

runLanguageServer();
