/**
 * Refuses model sentences that repeat the instructions. The prompt is known, so the check is deterministic: a
 * sentence echoes it when they share a run of ECHO_WORDS words, after folding case, accents and punctuation (the
 * instructions are English; a translated echo is not caught here, and states no grounded fact either). Evidence passages that quote the instructions are kept
 * out of the evidence, so no citation can carry them either.
 */
import { normalizeName } from '../knowledge/names.js';

/** Consecutive words shared with the instructions that make a sentence an echo. */
export const ECHO_WORDS = 5;

const shingleCache = new Map<string, Set<string>>();
const SHINGLE_CACHE_MAX = 16;

function words(text: string): string[] {
  return normalizeName(text.replace(/\[\d+(?:\s*[,;]\s*\d+)*\]/g, ' ')).split(' ').filter(Boolean);
}

function shingles(text: string): Set<string> {
  const out = new Set<string>();
  const w = words(text);
  for (let i = 0; i + ECHO_WORDS <= w.length; i++) out.add(w.slice(i, i + ECHO_WORDS).join(' '));
  return out;
}

function instructionShingles(instructions: string): Set<string> {
  let set = shingleCache.get(instructions);
  if (!set) {
    set = shingles(instructions);
    if (shingleCache.size >= SHINGLE_CACHE_MAX) shingleCache.delete(shingleCache.keys().next().value!);
    shingleCache.set(instructions, set);
  }
  return set;
}

/**
 * True when `text` repeats a run of the instructions.
 * @example echoesInstructions('Use only facts stated in the passages.', 'Use only facts stated in the passages. Cite…') === true
 */
export function echoesInstructions(text: string, instructions: string): boolean {
  const known = instructionShingles(instructions);
  const w = words(text);
  for (let i = 0; i + ECHO_WORDS <= w.length; i++) if (known.has(w.slice(i, i + ECHO_WORDS).join(' '))) return true;
  return false;
}
