/**
 * Lexicons built per language on first use: a process keeps only the languages it reads (the bot answering questions
 * reads a few; every language's country and occasion names, titles, dates, areas and figures took tens of megabytes).
 */

/**
 * `build(data, lang)` for a language of `data` (its own keys only: 'constructor' is not a language), made the first
 * time the language is asked for and kept; undefined for a language without data (nothing is kept for it).
 */
export function perLanguage<D, V>(data: Readonly<Record<string, D>>, build: (data: D, lang: string) => V): (lang: string) => V | undefined {
  const dataOf = new Map(Object.entries(data));
  const built = new Map<string, V>();
  return (lang) => {
    const hit = built.get(lang);
    if (hit !== undefined) return hit;
    const d = dataOf.get(lang);
    if (d === undefined) return undefined;
    const made = build(d, lang);
    built.set(lang, made);
    return made;
  };
}
