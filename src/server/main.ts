// Entry point of dist/server.js: the language server on the transport its client chose (IPC from VS Code, or --stdio).
import { runLanguageServer } from './server';
import { endChildrenOnSignals } from '../platform/lifetime';

// The client ending this process by a signal ends the probes it was running too (exit and closed stdin end through process.exit).
endChildrenOnSignals();
runLanguageServer();
