import type { View } from '../briefing/views.js';
import { PLAIN, type Style } from './style.js';

/** Renders a view as text for a terminal: title, intro, sections, then numbered sources (coloured by `style`). */
export function renderText(view: View, style: Style = PLAIN): string {
  const out: string[] = [style.title(view.title), style.dim('='.repeat(Math.min(view.title.length, 72)))];
  if (view.intro) out.push(view.intro);
  if (view.empty && view.sections.length === 0) out.push(view.empty);
  for (const section of view.sections) {
    out.push('', style.heading(`## ${section.heading}`), ...section.lines.map((l) => `- ${l}`));
  }
  if (view.citations.length) {
    out.push('', style.heading('## Sources'));
    for (const c of view.citations) {
      const meta = [c.outlet ?? c.document, c.published, c.link].filter(Boolean).join(' · ');
      out.push(`[${c.n}] ${meta}`, style.dim(`    [${c.lang}] “${c.quote}” (${c.document}, sentence ${c.sentence})`));
    }
  }
  if (view.footer) out.push('', style.dim(view.footer));
  return out.join('\n');
}
