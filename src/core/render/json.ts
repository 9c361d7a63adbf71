// Renders a report as the JSON contract (schemaVersion 1) that scripts and the editor consume.
import type { Report } from '../report';

export function renderJson(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}
