// Text that reaches a terminal: every string a report carries is shown with its control characters escaped, never obeyed, with or without colour.
import type { Report } from '../report';
import { terminalSafeValue } from '../controlChars';

/** The report as a terminal may show it: every string made safe (a finding's detail keeps its paragraphs). */
export function terminalSafeReport(report: Report): Report {
  return terminalSafeValue(report, new Set(['detail']));
}
