/**
 * A statement as a sentence in the reader's language, from the templates `statement.<act>.<form>`: the same fields
 * the English sentence of the extraction restates (knowledge/statement-text.ts) — actor, act, addressee, areas —
 * and nothing else. English views show the extraction's own sentence (Statement.text); a test checks that these
 * templates write the same English.
 */
import type { AreaId, Statement, StatementActor } from '../knowledge/types.js';
import { joined, listOf, say, type Lang } from './lang.js';
import { areaInSentence } from './compose.js';
import { areaObjectIn, countryIn, nameIn, withSideRole } from './names.js';

/** At most this many areas are named in one sentence ("… and 2 more areas"), as in English. */
const MAX_AREAS = 3;

/** The areas as a phrase of `lang` ('semiconductors and energy', 'bán dẫn và năng lượng', '半導体とエネルギー'), or ''. */
export function areasPhraseIn(areas: readonly AreaId[], lang: Lang): string {
  const labels = areas.map((a) => areaObjectIn(a, lang) ?? areaInSentence(a, lang));
  if (labels.length <= MAX_AREAS) return listOf(lang, labels);
  return say(lang, 'areas.more', { list: joined(lang, labels.slice(0, MAX_AREAS - 1)), n: labels.length - MAX_AREAS + 1 });
}

const sideIn = (code: string | null, lang: Lang): string => (code ? countryIn(code, lang) : say(lang, 'side.one'));

/** The actor in `lang`: "Japan's Prime Minister Ishiba Shigeru", "Thủ tướng Nhật Bản Ishiba Shigeru", "日本の石破茂首相". */
export function actorIn(actor: StatementActor, lang: Lang): string {
  if (actor.country === 'VN+JP') return actor.members && actor.members.length >= 2 ? listOf(lang, actor.members.map((n) => nameIn(n, lang))) : say(lang, 'side.both');
  if (!actor.name) return sideIn(actor.country, lang);
  const name = nameIn(actor.name, lang, actor.personId);
  return actor.role && actor.country ? withSideRole(name, actor.role, actor.country, lang) : name;
}

function addresseeIn(addressee: Statement['addressee'], lang: Lang): string | null {
  if (!addressee) return null;
  return addressee.name ? nameIn(addressee.name, lang) : sideIn(addressee.country, lang);
}

/** The sentence of a statement in `lang`, without citation mark. */
export function statementSentence(s: Pick<Statement, 'actor' | 'act' | 'addressee' | 'areas'>, lang: Lang): string {
  const a = actorIn(s.actor, lang);
  const b = addresseeIn(s.addressee, lang);
  const topic = areasPhraseIn(s.areas, lang);
  const on = topic ? say(lang, 'statement.on', { topic }) : '';
  const further = on || say(lang, 'statement.further');
  const key = (form: 'with' | 'topic' | 'plain') => `statement.${s.act}.${form}`;
  const params = { a, b: b ?? '', topic, on };
  switch (s.act) {
    case 'agreed':
      return say(lang, key(b ? 'with' : topic ? 'topic' : 'plain'), params);
    case 'proposed':
      return b ? say(lang, key('with'), { ...params, on: further }) : say(lang, key(topic ? 'topic' : 'plain'), params);
    case 'pledged':
    case 'welcomed':
      return say(lang, key(topic ? 'topic' : 'plain'), params);
    case 'called-for':
      return b ? say(lang, key('with'), { ...params, on: further }) : say(lang, key('plain'), params);
    case 'affirmed':
    case 'announced':
      return say(lang, key('plain'), params);
    case 'signed':
      return say(lang, key('plain'), { ...params, with: b ? say(lang, 'statement.withB', { b }) : '' });
    case 'thanked':
      return say(lang, key(b ? 'with' : 'plain'), { ...params, for: topic ? say(lang, 'statement.forSupport', { on, topic }) : '' });
    case 'invited':
    case 'congratulated':
    case 'condoled':
      return say(lang, key(b ? 'with' : 'plain'), params);
  }
}
