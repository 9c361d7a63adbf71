// The command ids the extension registers, read from its command table's source (the table itself imports vscode).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const source = readFileSync(join(__dirname, '..', '..', '..', '..', 'src', 'extension', 'commands.ts'), 'utf8');
export const COMMAND_TABLE_IDS = [...source.matchAll(/\[COMMANDS\.(\w+)\]/g)].map((m) => `goHealth.${m[1]}`);
