// Pages Go Health renders in a webview (Explain, the audit log): a small model of blocks and its HTML, every text escaped (no 'vscode' import: unit-tested).

/** A button that runs one of Go Health's commands (the webview may only ask for those the page lists). */
export interface PageAction {
  label: string;
  command: string;
  args?: unknown[];
  /** Shown beside the button: what it changes, what the plan says of it. */
  note?: string;
  /** Drawn as a secondary button with a warning mark (a fix another finding defeats). */
  caution?: boolean;
}

export type Inline = string | { code: string } | { link: string; text: string } | { strong: string };

export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; parts: Inline[]; muted?: boolean }
  | { kind: 'list'; items: Inline[][] }
  | { kind: 'actions'; actions: PageAction[] }
  | { kind: 'table'; head: string[]; rows: { cells: Inline[][]; action?: PageAction; id?: string }[] }
  | { kind: 'details'; summary: string; rows: [string, string][] };

export interface PageModel {
  title: string;
  /** One line under the title (severity, place). */
  subtitle?: string;
  blocks: Block[];
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function inline(part: Inline): string {
  if (typeof part === 'string') return escapeHtml(part);
  if ('code' in part) return `<code>${escapeHtml(part.code)}</code>`;
  if ('strong' in part) return `<strong>${escapeHtml(part.strong)}</strong>`;
  // Only web documentation is linked; anything else is shown as text.
  return /^https:\/\//.test(part.link) ? `<a href="${escapeHtml(part.link)}">${escapeHtml(part.text)}</a>` : escapeHtml(part.text);
}

/** The actions a page offers, in order; a button carries only its index, so the webview cannot name another command. */
export function pageActions(model: PageModel): PageAction[] {
  const out: PageAction[] = [];
  for (const b of model.blocks) {
    if (b.kind === 'actions') out.push(...b.actions);
    if (b.kind === 'table') for (const r of b.rows) if (r.action) out.push(r.action);
  }
  return out;
}

function button(a: PageAction, index: number): string {
  return `<button class="${a.caution ? 'secondary caution' : 'primary'}" data-action="${index}">${a.caution ? '⚠ ' : ''}${escapeHtml(a.label)}</button>`;
}

/** The page as HTML: scripts only from the nonce, no remote content, theme colours from VS Code's variables. */
export function pageHtml(model: PageModel, nonce: string, cspSource: string): string {
  let n = 0;
  const body: string[] = [`<h1>${escapeHtml(model.title)}</h1>`];
  if (model.subtitle) body.push(`<p class="subtitle">${escapeHtml(model.subtitle)}</p>`);
  for (const b of model.blocks) {
    switch (b.kind) {
      case 'heading':
        body.push(`<h2>${escapeHtml(b.text)}</h2>`);
        break;
      case 'paragraph':
        body.push(`<p${b.muted ? ' class="muted"' : ''}>${b.parts.map(inline).join('')}</p>`);
        break;
      case 'list':
        body.push(`<ul>${b.items.map((i) => `<li>${i.map(inline).join('')}</li>`).join('')}</ul>`);
        break;
      case 'actions':
        body.push(
          `<ul class="actions">${b.actions
            .map((a) => `<li>${button(a, n++)}${a.note ? ` <span class="note">${escapeHtml(a.note)}</span>` : ''}</li>`)
            .join('')}</ul>`,
        );
        break;
      case 'table':
        body.push(
          `<table><thead><tr>${b.head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}<th></th></tr></thead><tbody>${b.rows
            .map(
              (r) =>
                `<tr${r.id ? ` data-id="${escapeHtml(r.id)}"` : ''}>${r.cells.map((c) => `<td>${c.map(inline).join('')}</td>`).join('')}<td>${r.action ? button(r.action, n++) : ''}</td></tr>`,
            )
            .join('')}</tbody></table>`,
        );
        break;
      case 'details':
        body.push(
          `<details><summary>${escapeHtml(b.summary)}</summary><table>${b.rows
            .map(([k, v]) => `<tr><td><code>${escapeHtml(k)}</code></td><td><code>${escapeHtml(v)}</code></td></tr>`)
            .join('')}</table></details>`,
        );
        break;
    }
  }
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource} 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(model.title)}</title>
<style nonce="${nonce}">
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 1.5em 2em; max-width: 60em; line-height: 1.5; }
h1 { font-size: 1.5em; font-weight: 600; margin-bottom: 0.2em; }
h2 { font-size: 1.15em; font-weight: 600; margin-top: 1.6em; border-bottom: 1px solid var(--vscode-panel-border); padding-bottom: 0.2em; }
.subtitle, .muted, .note { color: var(--vscode-descriptionForeground); }
code { font-family: var(--vscode-editor-font-family); background: var(--vscode-textCodeBlock-background); padding: 0 0.25em; border-radius: 3px; }
ul.actions { list-style: none; padding-left: 0; }
ul.actions li { margin: 0.5em 0; }
button { font: inherit; border: 1px solid transparent; padding: 0.25em 0.8em; border-radius: 2px; cursor: pointer; }
button.primary { color: var(--vscode-button-foreground); background: var(--vscode-button-background); }
button.primary:hover { background: var(--vscode-button-hoverBackground); }
button.secondary { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 0.3em 0.6em; border-bottom: 1px solid var(--vscode-panel-border); }
a { color: var(--vscode-textLink-foreground); }
</style></head>
<body>
${body.join('\n')}
<script nonce="${nonce}">
const vscode = acquireVsCodeApi();
document.addEventListener('click', (e) => {
  const b = e.target.closest('button[data-action]');
  if (b) vscode.postMessage({ action: Number(b.dataset.action) });
});
</script>
</body></html>`;
}
