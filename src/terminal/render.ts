import type { Citation, View } from '../briefing/views.js';
import { PLAIN, type Style } from './style.js';
import { say, type Lang } from '../briefing/lang.js';

/**
 * Renders a view as text for a terminal: title, intro, sections, then numbered sources (coloured by `style`), the
 * sources' heading in the view's language `lang`.
 */
export function renderText(view: View, style: Style = PLAIN, lang: Lang = 'en'): string {
  const out: string[] = [style.title(view.title), style.dim('='.repeat(Math.min(view.title.length, 72)))];
  if (view.intro) out.push(view.intro);
  if (view.empty && view.sections.length === 0) out.push(view.empty);
  for (const section of view.sections) {
    out.push('', style.heading(`## ${section.heading}`), ...section.lines.map((l) => `- ${l}`));
  }
  if (view.citations.length) {
    // One entry per article, named by its outlet (else its title), then the quote behind each marker.
    out.push('', style.heading(`## ${say(lang, 'heading.sources')}`));
    const byArticle = new Map<string, Citation[]>();
    for (const c of [...view.citations].sort((a, b) => a.n - b.n)) byArticle.set(c.document, [...(byArticle.get(c.document) ?? []), c]);
    for (const cited of byArticle.values()) {
      const c = cited[0]!;
      const name = c.outlet ?? (c.title ? `“${c.title}”` : c.document);
      out.push(`${markers(cited.map((x) => x.n))} ${[name, c.published, c.link].filter(Boolean).join(' · ')}`);
      for (const x of cited) out.push(style.dim(`    [${x.n}] [${x.lang}] “${x.quote}”`));
    }
  }
  if (view.footer) out.push('', style.dim(view.footer));
  return out.join('\n');
}

/** '[1, 2, 5–7]': the markers an article supports, runs of three or more collapsed. */
function markers(numbers: readonly number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < numbers.length; i++) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === numbers[j]! + 1) j++;
    runs.push(j >= i + 2 ? `${numbers[i]}–${numbers[j]}` : numbers.slice(i, j + 1).join(', '));
    i = j;
  }
  return `[${runs.join(', ')}]`;
}
