import type { View } from '../briefing/views.js';

/** Renders a view as plain text for a terminal: title, intro, sections, then numbered sources. */
export function renderText(view: View): string {
  const out: string[] = [view.title, '='.repeat(Math.min(view.title.length, 72))];
  if (view.intro) out.push(view.intro);
  if (view.empty && view.sections.length === 0) out.push(view.empty);
  for (const section of view.sections) {
    out.push('', `## ${section.heading}`, ...section.lines.map((l) => `- ${l}`));
  }
  if (view.citations.length) {
    out.push('', '## Sources');
    for (const c of view.citations) {
      const meta = [c.outlet ?? c.document, c.published, c.link].filter(Boolean).join(' · ');
      out.push(`[${c.n}] ${meta}`, `    [${c.lang}] “${c.quote}” (${c.document}, sentence ${c.sentence})`);
    }
  }
  if (view.footer) out.push('', view.footer);
  return out.join('\n');
}
