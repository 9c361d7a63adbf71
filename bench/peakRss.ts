// Preloaded into a process the bench measures: writes the process's peak resident memory (KB) to a file at exit.
import { writeFileSync } from 'node:fs';

const file = process.env.GOHEALTH_PEAK_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
