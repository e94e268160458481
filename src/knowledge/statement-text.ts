/**
 * The English sentence a statement is shown as, from templates: "Pham Minh Chinh called on Japan to cooperate on
 * science & innovation and semiconductors." Only what the extraction found is said: the act, the actor, the
 * addressee and the areas the sentence names; never a paraphrase of the source.
 */
import type { AreaId, StatementAct, StatementActor } from './types.js';
import { AREAS } from './areas.js';
import { countryName } from './places.js';

/** At most this many areas are named in one sentence ("… and 2 more areas"). */
const MAX_AREAS = 3;

/** Areas whose label does not read as an object of "cooperation on …". */
const PHRASES: ReadonlyMap<AreaId, string> = new Map([['multilateral', 'multilateral coordination'], ['labor', 'labour']]);
/** 'ODA & finance' keeps its acronym, 'Politics & diplomacy' → 'politics & diplomacy' ("&" keeps a list readable). */
const phraseOf = (label: string): string => label.replace(/^\p{Lu}\p{Ll}/u, (w) => w.toLowerCase());
const LABELS = new Map(AREAS.map((a) => [a.id, PHRASES.get(a.id) ?? phraseOf(a.label)]));

/** "a", "a and b", "a, b and c" */
export function listPhrase(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** The areas as an English phrase ('semiconductors and energy'), or '' without areas. */
export function areasPhrase(areas: readonly AreaId[]): string {
  const labels = areas.map((a) => LABELS.get(a) ?? a);
  if (labels.length <= MAX_AREAS) return listPhrase(labels);
  const rest = labels.length - MAX_AREAS + 1;
  return listPhrase([...labels.slice(0, MAX_AREAS - 1), `${rest} more areas`]);
}

const sideName = (code: string | null): string => (code ? countryName(code) ?? code : 'one side');

/**
 * The actor as English words: a person with the office and side known ("Japan's Prime Minister Ishiba Shigeru"),
 * 'Japan', or 'Vietnam and Japan' for both sides.
 */
export function actorPhrase(actor: StatementActor): string {
  if (actor.country === 'VN+JP') return actor.members && actor.members.length >= 2 ? listPhrase(actor.members) : 'Vietnam and Japan';
  if (!actor.name) return sideName(actor.country);
  return actor.role && actor.country ? `${sideName(actor.country)}'s ${actor.role} ${actor.name}` : actor.name;
}

function addresseePhrase(addressee: { name: string | null; country: string | null } | null): string | null {
  if (!addressee) return null;
  return addressee.name ?? sideName(addressee.country);
}

/** The English sentence of a statement, without citation mark. */
export function statementText(s: {
  actor: StatementActor; act: StatementAct; addressee: { name: string | null; country: string | null } | null; areas: readonly AreaId[];
}): string {
  const a = actorPhrase(s.actor);
  const b = addresseePhrase(s.addressee);
  // Pure courtesy names no field of cooperation; politics alone adds nothing to a courtesy act.
  const topic = areasPhrase(s.areas);
  const on = topic ? ` on ${topic}` : '';
  switch (s.act) {
    case 'agreed':
      return b ? `${a} agreed with ${b}${on}.` : topic ? `${a} agreed to cooperate${on}.` : `${a} reached an agreement.`;
    case 'proposed':
      return b ? `${a} proposed that ${b} cooperate${on || ' further'}.` : topic ? `${a} proposed closer cooperation${on}.` : `${a} made a proposal.`;
    case 'pledged':
      return topic ? `${a} pledged to strengthen cooperation${on}.` : `${a} made a pledge.`;
    case 'welcomed':
      return topic ? `${a} welcomed progress${on}.` : `${a} expressed appreciation.`;
    case 'called-for':
      return b ? `${a} called on ${b} to cooperate${on || ' further'}.` : `${a} called for cooperation${on || ''}.`;
    case 'affirmed':
      return `${a} made a statement${on}.`;
    case 'signed':
      return `${a} signed a document${b ? ` with ${b}` : ''}${on}.`;
    case 'announced':
      return `${a} made an announcement${on}.`;
    case 'thanked':
      return b ? `${a} thanked ${b}${topic ? ` for support${on}` : ''}.` : `${a} expressed thanks${topic ? ` for support${on}` : ''}.`;
    case 'invited':
      return b ? `${a} invited ${b}.` : `${a} extended an invitation.`;
    case 'congratulated':
      return b ? `${a} congratulated ${b}.` : `${a} offered congratulations.`;
    case 'condoled':
      return b ? `${a} offered condolences to ${b}.` : `${a} offered condolences.`;
  }
}
