/**
 * Knowledge from per-document facts: one meeting reported by several articles becomes one Meeting with every source
 * and their disagreements; plans, areas, figures and statements are collected in file order. Incremental: a live
 * corpus adds or removes one article without re-merging the rest.
 */
import type { AreaFacts, AreaId, DocumentInfo, Evidence, Figure, Knowledge, Meeting, Plan, Report, Statement } from './types.js';
import { absorb, foldReports, keyOf, mayJoinUndated, mergeReason, sameMeeting, type DocumentMeeting } from './meetings.js';
import { AREAS } from './areas.js';
import { formatDate } from './dates.js';
import { statementsOfDocuments } from './statement-links.js';
import type { DocumentFacts } from './extract.js';
import { partitionPoint } from './partition-point.js';
import { createSharedLists } from './shared-lists.js';
import { createMeetingSlots } from './meeting-slots.js';

const AREA_IDS: readonly AreaId[] = AREAS.map((a) => a.id);

/** Groups of one candidate tier compared at most, when a new report looks for the meeting it belongs to. */
const MAX_EXAMINED = 256;

/** A short stable id: FNV-1a of the meeting's identity. */
function stableId(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}


/** Merged knowledge that grows one document at a time (a live corpus adding an article does not re-merge the rest). */
export interface KnowledgeAssembler {
  /** Adds one document's facts: its meetings merge into the meetings already known. */
  add(facts: DocumentFacts): void;
  /**
   * Removes a document's facts (a file changed or was deleted): the meetings it was part of are taken apart and their
   * other reports merged again, as a full assembly would. False when no such document was added.
   */
  remove(documentId: string): boolean;
  /** The knowledge of every document added so far (recomputed only where something changed). */
  knowledge(): Knowledge;
  /**
   * Idle work, in steps; true when none is left. Files up to `limit` meetings restored from a plan for lookups (else
   * done by the first add or remove, all at once: about 5 s at 100,000 articles); once all are, copies one list of the
   * knowledge last handed out ahead, for the next change to take (shared-lists.ts: a change then copies nothing).
   * A live corpus calls it in small steps after starting and after each change.
   */
  prepare(limit?: number): boolean;
  /** Which reports form which meeting, as numbers: what a knowledge snapshot stores (see MergePlan). */
  plan(): MergePlan;
  /**
   * Lets go of what is kept for later changes (every document's facts, the merged groups, their lookups); a knowledge
   * already handed out stays as it is. Any later call but release() throws. For a holder done with the assembler
   * that wants the memory back at its next collection: dropping the last reference is not always enough, as code
   * being optimized meanwhile can hold the assembler's scope (at 100,000 articles a cold start's 434 MB assembler
   * outlived two full collections that way).
   */
  release(): void;
  /**
   * Lets go of the meeting lookups (59 MB at 100,000 articles, all merged): filed again, oldest first, when a
   * change first needs them, or in steps by prepare(). For a holder about to list the knowledge and then likely
   * release the assembler (a cold start), so the knowledge is built beside less.
   */
  releaseLookups(): void;
  /**
   * Takes a document's facts without merging its meetings (a warm start: the snapshot's plan says where they go).
   * Call restore(plan) once every adopted document is in. `listed`: the knowledge the plan comes with (a snapshot's
   * image), whose documents are adopted one after another in its order: each one's plans, figures, area mentions and
   * statements are taken from it as the document comes (where they are the same), so the copies the facts were read
   * with are dropped at once rather than kept until restore().
   */
  adopt(facts: DocumentFacts, listed?: Knowledge): void;
  /**
   * The merged meetings of `plan` over the adopted documents, without comparing any two reports again. A meeting of
   * the plan that has a report of a document not adopted (changed or gone since) is taken apart and its other
   * reports merged again, as remove() does. `listed`: the knowledge this plan was given with (plan() and knowledge()
   * of the same state, e.g. decoded from a knowledge image), when every document of the plan is adopted and nothing
   * else: its meetings and statements are taken as they are instead of being built again.
   */
  restore(plan: MergePlan, listed?: Knowledge): void;
  /**
   * restore() in steps, for idle time: places up to `limit` more meetings of `plan` a call and is true once restored.
   * Called again with the same plan until then; any other call but prepare() finishes the restore first.
   */
  restoreSome(plan: MergePlan, listed: Knowledge | undefined, limit: number): boolean;
}

/** The parts of a document's facts the assembler keeps (concepts are the search index's). */
export type OwnFacts = Pick<DocumentFacts, 'plans' | 'figures' | 'areaMentions' | 'statements' | 'meetings'>;

/**
 * The merge as numbers: for each meeting (in creation order), its reports as (document, meeting of that document,
 * why it joined). Restoring it costs one fold of each meeting's reports, not a search for every report's meeting
 * and a comparison with each candidate — most of what assembling a large corpus costs.
 */
export interface MergePlan {
  /** Document ids, in file order; parts refer to them by position. */
  documents: string[];
  /** Where each meeting's reports start in `parts` (one more entry than meetings: the end). */
  starts: Int32Array;
  /** Three numbers per report: document position, meeting position in that document's facts, reason (-1: none). */
  parts: Int32Array;
  /** Why reports joined ("same participants in Kuala Lumpur"), each once. */
  reasons: string[];
  /** The plan's meeting of each meeting of the knowledge listed with it (knowledge().meetings, newest first). */
  listed?: Int32Array;
}

/** Options of createAssembler. */
export interface AssemblerOptions {
  /** Lists shorter than this get no copy made ahead while idle (shared-lists.ts COPY_AHEAD_MIN; tests lower it). */
  copyAheadMin?: number;
}

/**
 * Merges per-document meetings across documents into Meetings with every source and their disagreements, and
 * collects plans, areas and figures.
 */
export function createAssembler(initial: readonly DocumentFacts[] = [], options: AssemblerOptions = {}): KnowledgeAssembler {
  // Parts keep the document's info, not its facts: the rest of the facts (mentions, figures, concepts) is not retained.
  /** `reason`: why this report joined the ones before it in file order (none for the first). */
  type Part = { info: DocumentInfo; meeting: DocumentFacts['meetings'][number]; reason?: string };
  /** `reasonsDue`: parts were inserted out of file order since the parts' reasons were last worked out (reasonsOf). */
  /**
   * `spliced`: a report was once placed among the parts instead of after them (it came in after a report of a later
   * file), so the parts before a report may have been merged knowing of it.
   */
  type Group = { merged: DocumentMeeting; parts: Part[]; dead?: boolean; reasonsDue?: boolean; spliced?: boolean };
  const groups: Group[] = [];
  // Candidate index (the same result as scanning every group, without scanning them): sameMeeting needs shared
  // participants and compatible dates or the same occasion. Two-sided groups are filed under each pair of
  // participants from different sides ('P'), since a two-sided meeting must share one of each; every group is also
  // filed under each single participant ('S'), which one-sided meetings (visits) look up, and one-sided groups under
  // 'O', which two-sided meetings look up. Each key is combined with every prefix of the date and with the occasion
  // (its tiers).
  let filed = createMeetingSlots();
  const sidesOf = (m: DocumentMeeting) => new Set(m.participants.map((p) => p.country));
  const pairKeys = (m: DocumentMeeting): string[] => {
    const keys: string[] = [];
    for (const a of m.participants) {
      for (const b of m.participants) {
        if (a.country !== b.country && keyOf(a) < keyOf(b)) keys.push(`P|${keyOf(a)}&${keyOf(b)}`);
      }
    }
    return keys;
  };
  /** The tiers a meeting is filed under. */
  const tiersOf = (m: DocumentMeeting): string[] => {
    const date = m.date ? formatDate(m.date) : null;
    const occasion = m.occasion?.year ? [`@${m.occasion.series}:${m.occasion.year}`] : [];
    return ['*', `=${date ?? ''}`, ...(date ? [`^${date.slice(0, 4)}`, `^${date.slice(0, 7)}`] : []), ...occasion];
  };
  /** Slot suffixes a meeting may match, most specific first. */
  const lookups = (m: DocumentMeeting): string[] => {
    const date = m.date ? formatDate(m.date) : null;
    // The same summit of the same year matches whatever day each source gives.
    const tiers = m.occasion?.year ? [`@${m.occasion.series}:${m.occasion.year}`] : [];
    // A report naming no summit or city looks at no undated group, and if undated itself at no group.
    const placed = mayJoinUndated(m);
    // Compatible with `date`: the same, anything it prefixes (when it is partial), a prefix of it, or no date.
    if (date === null) {
      if (placed) tiers.push('*');
    } else {
      tiers.push(`=${date}`);
      if (date.length < 10) tiers.push(`^${date}`);
      if (date.length > 7) tiers.push(`=${date.slice(0, 7)}`);
      if (date.length > 4) tiers.push(`=${date.slice(0, 4)}`);
      if (placed) tiers.push('=');
    }
    return tiers;
  };
  /**
   * Groups restored from a plan and not yet filed: filing costs a string key per participant, pair and date slot, so
   * a warm start files them only when a report first needs a lookup (then before anything newer, keeping creation order).
   */
  let unfiled: number[] = [];
  let unfiledFrom = 0;
  /** Files up to `limit` restored groups, oldest first; true when none is left. */
  const fileRestored = (limit = Infinity): boolean => {
    while (unfiledFrom < unfiled.length && limit-- > 0) {
      const g = unfiled[unfiledFrom++]!;
      if (!groups[g]!.dead) fileOne(g);
    }
    if (unfiledFrom < unfiled.length) return false;
    // Every restored group filed: the slots' lists kept at their exact size from now on (new ones grow as they come).
    if (unfiled.length > 0) filed.compact();
    unfiled = [];
    unfiledFrom = 0;
    return true;
  };
  /**
   * Files group `g` under its slots; `before` is what the group was before a report joined it: its slots are filed
   * already, so only new ones are added (none when the report brought no participant, date or occasion), and a
   * group is never listed twice in a slot, as a group restored from a plan is filed once.
   */
  const file = (g: number, before?: DocumentMeeting) => {
    fileRestored();
    const { merged } = groups[g]!;
    if (before && merged.participants.length === before.participants.length && merged.date === before.date && merged.occasion === before.occasion) return;
    fileOne(g, before && slotKeysOf(before));
  };
  /** Every slot (key and tier) a merged meeting is filed under. */
  const slotsOfGroup = (merged: DocumentMeeting): [key: string, tier: string][] => {
    const twoSided = sidesOf(merged).size >= 2;
    const keys = [
      ...merged.participants.map((p) => `S|${keyOf(p)}`),
      ...(twoSided ? pairKeys(merged) : merged.participants.map((p) => `O|${keyOf(p)}`)),
    ];
    const tiers = tiersOf(merged);
    return keys.flatMap((k) => tiers.map((tier): [string, string] => [k, tier]));
  };
  const slotKey = (key: string, tier: string): string => `${key}|${tier}`;
  /** The slots of slotsOfGroup(merged), each as one string (to tell which a group has already). */
  const slotKeysOf = (merged: DocumentMeeting): Set<string> => new Set(slotsOfGroup(merged).map(([k, tier]) => slotKey(k, tier)));
  /**
   * Takes a group that died out of its slots: lookups examine each slot's oldest groups only (MAX_EXAMINED), and dead
   * ones would take their places, as they never do after a restart.
   */
  const unfile = (g: number) => {
    for (const [k, tier] of slotsOfGroup(groups[g]!.merged)) filed.remove(k, tier, g);
  };
  /** Files group `g` under the slots of what it merges to now, no longer under those of `before` it alone had. */
  const refile = (g: number, before: DocumentMeeting) => {
    fileRestored();
    const now = slotKeysOf(groups[g]!.merged);
    const had = new Set<string>();
    for (const [k, tier] of slotsOfGroup(before)) {
      const key = slotKey(k, tier);
      had.add(key);
      if (!now.has(key)) filed.remove(k, tier, g);
    }
    fileOne(g, had);
  };
  const fileOne = (g: number, already?: Set<string>) => {
    for (const [k, tier] of slotsOfGroup(groups[g]!.merged)) {
      if (!already?.has(slotKey(k, tier))) filed.add(k, tier, g);
    }
  };
  /** Slots a meeting is looked up under: two-sided pairs and one-sided groups, or its single participants. */
  const lookupKeys = (m: DocumentMeeting): string[] =>
    sidesOf(m).size >= 2
      ? [...pairKeys(m), ...m.participants.map((p) => `O|${keyOf(p)}`)]
      : m.participants.map((p) => `S|${keyOf(p)}`);
  /** Per-call marks of the groups already looked at (no Set per lookup). */
  const seenAt: number[] = [];
  let stamp = 0;
  /**
   * The group a meeting joins: in the most specific tier (the same summit, the same day, then broader dates, then
   * undated) that has a compatible group, the one whose place agrees, the oldest on a tie, so the result does not
   * depend on the order articles arrive in. Each slot's oldest MAX_EXAMINED groups are looked at (filed in creation
   * order): a broad slot of a much-reported person holds thousands, and scanning them all would make assembly
   * quadratic.
   */
  const groupFor = (info: DocumentInfo, m: DocumentMeeting, again = false): number | undefined => {
    fileRestored();
    const keys = lookupKeys(m);
    const reportedBy = byDocument.get(info.id);
    stamp++;
    for (const tier of lookups(m)) {
      let best: number | undefined;
      let bestScore = -1;
      let bestFile = '';
      for (const k of keys) {
        const list = filed.get(k, tier);
        if (list === undefined) continue;
        const one = typeof list === 'number';
        for (let i = 0; i < (one ? 1 : list.length) && i < MAX_EXAMINED; i++) {
          const g = one ? list : list[i]!;
          if (seenAt[g] === stamp) continue;
          seenAt[g] = stamp;
          const group = groups[g]!;
          // A document's own reports never merge (byDocument: a few groups, where the parts of a much-reported meeting are thousands).
          if (group.dead || reportedBy?.includes(g)) continue;
          // A meeting first reported in a later file did not exist when this report was first merged, in file order: a
          // report merged again after a removal does not join it (the later reports had joined this one's meeting).
          const firstFile = group.parts[0]!.info.file;
          if ((again && firstFile > info.file) || !sameMeeting(group.merged, m, true)) continue;
          const score = (m.place !== null && m.place === group.merged.place ? 2 : 0) + (m.country !== null && m.country === group.merged.country ? 1 : 0);
          // The first reported on a tie, as a full assembly creates them (a meeting merged again is a newer group).
          if (score > bestScore || (score === bestScore && (firstFile < bestFile || (firstFile === bestFile && g < best!)))) {
            bestScore = score;
            best = g;
            bestFile = firstFile;
          }
        }
      }
      if (best !== undefined) return best;
    }
    return undefined;
  };
  /** The areas any report names, in the taxonomy's order. */
  const areasOf = (parts: readonly Part[]): AreaId[] => {
    const named = new Set<AreaId>();
    for (const p of parts) for (const a of p.meeting.areas) named.add(a);
    return AREA_IDS.filter((id) => named.has(id));
  };
  const meetingOf = (group: Group): Meeting => {
    const { merged, parts } = reasonsOf(group);
    const conflicts: string[] = [];
    const distinct = (field: 'place' | 'date') => {
      const values = new Map<string, string[]>();
      for (const { meeting, info } of parts) {
        const v = field === 'date' ? (meeting.date ? formatDate(meeting.date) : null) : meeting.place;
        if (!v) continue;
        // Pushed, not copied: a meeting of thousands of reports agreeing on its place made as many copies.
        const ids = values.get(v);
        if (ids) ids.push(info.id);
        else values.set(v, [info.id]);
      }
      return values;
    };
    const places = distinct('place');
    if (places.size > 1) conflicts.push(`place: ${[...places].map(([v, d]) => `${v} (${d.join(', ')})`).join(' vs ')}`);
    const dates = [...distinct('date')];
    const fullDays = dates.filter(([v]) => v.length === 10);
    if (new Set(fullDays.map(([v]) => v)).size > 1) {
      conflicts.push(`date: ${fullDays.map(([v, d]) => `${v} (${d.join(', ')})`).join(' vs ')}`);
    }
    const reports: Report[] = parts.map(({ info, meeting, reason }) => ({
      document: info.id, lang: info.lang, outlet: info.outlet, published: info.published,
      date: meeting.date ? formatDate(meeting.date) : null, place: meeting.place,
      ...(reason ? { merged: reason } : {}),
    }));
    const date = merged.date ? formatDate(merged.date) : null;
    const participants = merged.participants;
    const identity = [...participants.map(keyOf)].sort().join('+');
    return {
      id: stableId(`${identity}|${merged.occasion?.series ?? ''}|${date?.slice(0, 7) ?? ''}|${parts[0]!.info.id}`),
      date,
      place: merged.place,
      country: merged.country,
      occasion: merged.occasion ? [merged.occasion.label, merged.occasion.year].filter(Boolean).join(' ') : null,
      kind: merged.kind,
      participants,
      // Copied to their exact size: filter and flatMap leave 16 spare slots in a list (a knowledge of 100,000 articles
      // has about 300,000 meetings).
      areas: areasOf(parts).slice(),
      sources: parts.flatMap((p) => p.meeting.evidence).slice(),
      reports,
      conflicts,
    } satisfies Meeting;
  };

  /** The lists handed out with a knowledge() (documents, meetings, plans, …) are copied by the next change that touches them. */
  const shared = createSharedLists(options.copyAheadMin);
  /** Documents in file order. */
  let documents: DocumentInfo[] = [];
  /** Each document's plans, figures and area mentions, listed in document order when knowledge() is asked. */
  const own = new Map<string, OwnFacts>();
  /** Meeting of each group, recomputed when the group changed. */
  const meetings: (Meeting | null)[] = [];
  /** Live meetings newest first (the same date: firstReported), kept sorted by insertion once built. */
  let sorted: Meeting[] | null = null;
  /** Each listed meeting's first report when it was listed: its file, and its position among that article's meetings. */
  const firstOf = new Map<Meeting, { file: string; at: number }>();
  /** Records the first report of `m`, the meeting of group `g` as it is now (before `m` is placed in `sorted`). */
  const noteFirstReport = (m: Meeting, g: number): void => {
    const first = groups[g]!.parts[0]!;
    firstOf.set(m, { file: first.info.file, at: (own.get(first.info.id)!.meetings as readonly object[]).indexOf(first.meeting) });
  };
  /** Groups changed since `sorted` was built, with the meeting they had in it. */
  const replaced = new Map<number, Meeting | null>();
  /** Groups each document is part of (a handful: an array is smaller and faster than a Set, for 100,000 documents). */
  const byDocument = new Map<string, number[]>();
  const fileUnder = (id: string, g: number): void => {
    const list = byDocument.get(id);
    if (!list) byDocument.set(id, [g]);
    // A new list of the exact size: a push would keep room for 16 more, in each of 100,000 documents' lists.
    else if (!list.includes(g)) byDocument.set(id, [...list, g]);
  };
  let current: Knowledge | null = null;

  const touch = (g: number): void => {
    if (!replaced.has(g)) replaced.set(g, meetings[g] ?? null);
    meetings[g] = null;
  };
  /** The merged meeting of parts (in file order). */
  const foldParts = (parts: readonly Part[], joined?: (i: number, reason: string | null) => void): DocumentMeeting =>
    foldReports(parts.map((p) => p.meeting), joined);
  /**
   * A group with why each of its parts joined the ones before it in file order, worked out again if parts were inserted
   * since: only when a meeting is listed or planned, not at each insertion (a removal merges a much-reported meeting's
   * reports again, many of them out of order).
   */
  const reasonsOf = (group: Group): Group => {
    if (!group.reasonsDue) return group;
    const { parts } = group;
    delete parts[0]!.reason;
    foldParts(parts, (i, reason) => {
      parts[i]!.reason = reason ?? undefined;
    });
    group.reasonsDue = false;
    return group;
  };
  /** The group each report (a document's meeting) is part of: a statement's meeting without a scan. */
  const groupOfReport = new Map<object, number>();
  /**
   * Each document's statements as last built, with the meeting ids they were built with (rebuilt when one changes) and
   * `of`, the meeting (position in the document's meetings) of each. Once built, a document's statements are made
   * again from `list` (only their meeting ids change), so its extracted statements are not kept.
   */
  const statementsBuilt = new Map<string, { from: OwnFacts; of: (number | null)[]; ids: (string | null)[]; list: Statement[] }>();
  /** Documents whose statements' meeting ids may have changed since the last knowledge() (the rest are reused as built). */
  const statementsStale = new Set<string>();
  /**
   * Every statement in document order as last handed out, and how many each document has (aligned with `documents`):
   * a live update splices the few documents that changed instead of listing 700,000 statements again. Null: list
   * them all. Handed out with each knowledge (shared), so a change copies it first.
   */
  let flat: Statement[] | null = null;
  let counts: number[] = [];
  /** Where document `at`'s statements start in `flat`. */
  const offsetOf = (at: number): number => offsetsOf([at])[0]!;
  /** Where the statements of documents `ats` (ascending positions) start in `flat`, in one pass over the counts. */
  const offsetsOf = (ats: readonly number[]): number[] => {
    const offsets: number[] = [];
    let offset = 0;
    let i = 0;
    for (const at of ats) {
      for (; i < at; i++) offset += counts[i]!;
      offsets.push(offset);
    }
    return offsets;
  };
  /** Position of a document in `documents` (file order), or -1. */
  const positionOf = (info: DocumentInfo): number => {
    let lo = partitionPoint(documents, (d) => d.file < info.file);
    for (; lo < documents.length && documents[lo]!.file === info.file; lo++) if (documents[lo]!.id === info.id) return lo;
    return -1;
  };
  const infos = new Map<string, DocumentInfo>();
  const addMeeting = (info: DocumentInfo, m: Part['meeting'], again = false): void => {
    const at = groupFor(info, m, again);
    let g: number;
    let before: DocumentMeeting | undefined;
    if (at !== undefined) {
      const group = groups[at]!;
      before = group.merged;
      const last = group.parts[group.parts.length - 1]!;
      if (last.info.file <= info.file) {
        group.parts.push({ info, meeting: m, reason: mergeReason(group.merged, m, true) ?? undefined });
        group.merged = absorb(group.merged, m);
      } else {
        // Reports merge in file order whatever order they arrive in, so a live corpus gives what a restart gives;
        // the reasons are those of that order too.
        // After every part of a file not later than this one, where a stable sort would put it: sorting again cost a
        // large meeting's every report, for each report merged back into it after a removal.
        group.parts.splice(partitionPoint(group.parts, (p) => p.info.file <= info.file), 0, { info, meeting: m });
        group.merged = foldParts(group.parts);
        group.reasonsDue = true;
        group.spliced = true;
      }
      touch(at);
      g = at;
    } else {
      groups.push({ merged: m, parts: [{ info, meeting: m }] });
      meetings.push(null);
      g = groups.length - 1;
      replaced.set(g, null);
    }
    file(g, before);
    groupOfReport.set(m, g);
    fileUnder(info.id, g);
  };

  /**
   * Reports to merge again, in the order a full assembly merges them: by position in `documents` (file order, and the
   * order of articles that share a file), then as their article lists them. The reports of several meetings taken
   * apart come one meeting after another.
   */
  const inFileOrder = (parts: Part[]): Part[] => {
    if (parts.length < 2) return parts;
    const keyed = parts.map((p) => ({ p, doc: positionOf(p.info), at: (own.get(p.info.id)!.meetings as readonly object[]).indexOf(p.meeting) }));
    keyed.sort((a, b) => a.doc - b.doc || a.at - b.at);
    return keyed.map((k) => k.p);
  };

  /** Plans, figures and mentions in document order, kept up to date while articles are appended; null: rebuild. */
  let lists: { plans: Plan[]; figures: Figure[]; mentions: Map<AreaId, Evidence[]> } | null = null;
  const append = (facts: Pick<DocumentFacts, 'plans' | 'figures' | 'areaMentions'>, to: NonNullable<typeof lists>): void => {
    to.plans = shared.appended(to.plans, facts.plans);
    to.figures = shared.appended(to.figures, facts.figures);
    for (const m of facts.areaMentions) {
      const list = to.mentions.get(m.area);
      if (!list) to.mentions.set(m.area, [m.evidence]);
      else {
        const mine = shared.appended(list, [m.evidence]);
        if (mine !== list) to.mentions.set(m.area, mine);
      }
    }
  };

  /** `merge`: false while adopting (restore() places the meetings). */
  const add = (f: DocumentFacts, merge = true): void => {
    // Documents in file order whatever order they come in (a loaded corpus comes in order: appended).
    const file = f.info.file;
    if (!documents.length || documents[documents.length - 1]!.file <= file) {
      documents = shared.appended(documents, [f.info]);
      if (flat) counts.push(0);
      if (lists) append(f, lists);
    } else {
      lists = null;
      const at = partitionPoint(documents, (d) => d.file <= file);
      documents = shared.spliced(documents, at, 0, [f.info]);
      if (flat) counts.splice(at, 0, 0);
    }
    // Listed with no statements until knowledge() builds them.
    statementsStale.add(f.info.id);
    infos.set(f.info.id, f.info);
    own.set(f.info.id, { plans: f.plans, figures: f.figures, areaMentions: f.areaMentions, statements: f.statements, meetings: f.meetings });
    if (merge) for (const m of f.meetings) addMeeting(f.info, m);
    current = null;
  };
  for (const f of initial) add(f);

  const remove = (id: string): boolean => {
    const info = infos.get(id);
    const at = info ? positionOf(info) : -1;
    if (at < 0) return false;
    documents = shared.spliced(documents, at, 1);
    infos.delete(id);
    statementsStale.delete(id);
    if (flat) {
      flat = shared.spliced(flat, offsetOf(at), counts[at]!);
      counts.splice(at, 1);
    }
    const gone = own.get(id);
    own.delete(id);
    if (lists && gone) {
      // Cut out of the lists, where they sit together (cheaper than listing every document's facts again).
      lists.plans = shared.without(lists.plans, gone.plans);
      lists.figures = shared.without(lists.figures, gone.figures);
      const byArea = new Map<AreaId, Evidence[]>();
      for (const m of gone.areaMentions) {
        const run = byArea.get(m.area);
        if (run) run.push(m.evidence);
        else byArea.set(m.area, [m.evidence]);
      }
      for (const [area, run] of byArea) {
        const list = lists.mentions.get(area);
        if (list) lists.mentions.set(area, shared.without(list, run));
      }
    }
    // Each meeting it reported is taken apart; the other reports merge again (maybe into other meetings).
    const again: Part[] = [];
    for (const g of byDocument.get(id) ?? []) {
      const group = groups[g]!;
      if (group.dead) continue;
      touch(g);
      const last = group.parts[group.parts.length - 1]!;
      if (last.info.id === id && group.parts.length > 1 && !group.spliced) {
        // Its last report, every other one merged before it came: the meeting is what it was then (the reports
        // merged again would give it back, one lookup each: a much-reported meeting has thousands).
        const before = group.merged;
        group.parts.pop();
        groupOfReport.delete(last.meeting);
        group.merged = foldParts(group.parts);
        refile(g, before);
        continue;
      }
      unfile(g);
      group.dead = true;
      for (const part of group.parts) {
        groupOfReport.delete(part.meeting);
        if (part.info.id === id) continue;
        const list = byDocument.get(part.info.id);
        if (list?.includes(g)) list.splice(list.indexOf(g), 1);
        again.push(part);
      }
    }
    byDocument.delete(id);
    statementsBuilt.delete(id);
    for (const part of inFileOrder(again)) addMeeting(part.info, part.meeting, true);
    current = null;
    return true;
  };

  /**
   * Meetings of the same date: the one whose first report comes first in file order (then in its article). That is
   * the order a full assembly creates them in, so a corpus changed live lists them as a restart does (a meeting
   * merged again after a removal is a newer group).
   */
  const firstReported = (a: Meeting, b: Meeting): number => {
    const x = firstOf.get(a)!;
    const y = firstOf.get(b)!;
    return x.file !== y.file ? (x.file < y.file ? -1 : 1) : x.at - y.at;
  };
  /** Newest first; the same date: firstReported. */
  const before = (a: Meeting, b: Meeting): boolean => {
    const x = a.date ?? '';
    const y = b.date ?? '';
    return x !== y ? x > y : firstReported(a, b) < 0;
  };
  const position = (m: Meeting): number => partitionPoint(sorted!, (x) => before(x, m));

  /** A document's own facts, in file order, its meetings left for restore(); shared with `listed` as it comes. */
  const adopt = (f: DocumentFacts, listed?: Knowledge): void => {
    add(f, false);
    if (!listed) return;
    // The first document adopted beside `listed` starts at its first document; one out of its order ends the sharing.
    if (beside?.listed !== listed) beside = { ...besideOf(listed), inStep: documents.length === 1 };
    const b = beside;
    if (!b.inStep) return;
    if (listed.documents[b.documents]?.id !== f.info.id || documents[b.documents] !== f.info) {
      b.inStep = false;
      return;
    }
    b.documents++;
    takeListed(b, f.info.id);
  };

  /**
   * A restore begun by restoreSome and not finished: `next` is the plan's next meeting to place; `again` holds the reports
   * of meetings taken apart (one of their documents is not here), merged again after the rest.
   */
  type Restoring = { plan: MergePlan; listed?: Knowledge; seeded: boolean; infos: (DocumentInfo | undefined)[]; next: number; again: Part[] };
  let restoring: Restoring | null = null;
  /** The plan last restored whole (restoreSome called again with it is done). */
  let restoredPlan: MergePlan | null = null;
  const restore = (plan: MergePlan, listed?: Knowledge): void => {
    restoreSome(plan, listed, Infinity);
  };
  const restoreSome = (plan: MergePlan, listed: Knowledge | undefined, limit: number): boolean => {
    if (!restoring && restoredPlan === plan) return true;
    if (restoring?.plan !== plan || restoring.listed !== listed) {
      finishRestore();
      const byId = new Map(documents.map((d) => [d.id, d]));
      restoring = {
        plan, listed, seeded: !!(listed && plan.listed && !groups.length && documents.length === plan.documents.length),
        infos: plan.documents.map((id) => byId.get(id)), next: 0, again: [],
      };
    }
    const r = restoring;
    const { infos, again } = r;
    const from = r.next;
    const end = Math.min(plan.starts.length - 1, r.next + limit);
    for (; r.next < end; r.next++) {
      const m = r.next;
      const parts: Part[] = [];
      let whole = true;
      for (let k = plan.starts[m]!; k < plan.starts[m + 1]!; k++) {
        const info = infos[plan.parts[3 * k]!];
        const meeting = info && own.get(info.id)!.meetings[plan.parts[3 * k + 1]!];
        const reason = plan.parts[3 * k + 2]!;
        if (!info || !meeting) {
          whole = false;
          continue;
        }
        parts.push(reason < 0 ? { info, meeting } : { info, meeting, reason: plan.reasons[reason]! });
      }
      if (!whole) {
        again.push(...parts);
        continue;
      }
      // Copied to its exact size: a list pushed to keeps room for 16 more (a plan of 100,000 articles has 200,000).
      groups.push({ merged: foldParts(parts), parts: parts.slice() });
      meetings.push(null);
      const g = groups.length - 1;
      replaced.set(g, null);
      unfiled.push(g);
      for (const part of parts) {
        groupOfReport.set(part.meeting, g);
        fileUnder(part.info.id, g);
      }
    }
    // In steps, what follows the last meeting placed (the reports merged again, the listed knowledge taken: about a
    // second at 100,000 articles) is a step of its own.
    if (r.next < plan.starts.length - 1 || (limit !== Infinity && r.next > from)) return false;
    restoring = null;
    restoredPlan = plan;
    for (const part of inFileOrder(again)) addMeeting(part.info, part.meeting, true);
    if (r.seeded && !again.length && groups.length === plan.starts.length - 1) seed(listed!, plan.listed!);
    beside = null;
    current = null;
    return true;
  };
  /** Finishes a restore begun in steps, if any. */
  const finishRestore = (): void => {
    if (restoring) restoreSome(restoring.plan, restoring.listed, Infinity);
  };

  /**
   * Takes the meetings and statements of `listed` (the knowledge of exactly the groups just restored; `order`: each
   * listed meeting's group) as built, so the first knowledge() after a warm start builds neither again.
   */
  const seed = (listed: Knowledge, order: Int32Array): void => {
    // Checked first (cheaply: the documents, and each meeting's reports against its group's): a knowledge that is not
    // this plan's is not taken, and everything is built as without it.
    if (order.length !== listed.meetings.length || order.length !== groups.length || listed.documents.length !== documents.length) return;
    if (listed.documents.some((d, i) => d.id !== documents[i]!.id)) return;
    const taken = new Uint8Array(groups.length);
    const reportsMatch = (m: Meeting, g: number | undefined): boolean => {
      const parts = g === undefined ? undefined : groups[g]?.parts;
      if (!parts || taken[g!] || parts.length !== m.reports.length) return false;
      taken[g!] = 1;
      return parts.every((p, k) => p.info.id === m.reports[k]!.document);
    };
    if (!listed.meetings.every((m, i) => reportsMatch(m, order[i]))) return;
    listed.meetings.forEach((m, i) => {
      meetings[order[i]!] = m;
    });
    firstOf.clear();
    listed.meetings.forEach((m, i) => noteFirstReport(m, order[i]!));
    sorted = [...listed.meetings];
    replaced.clear();
    // Each document's own lists and statements: taken as it was adopted beside `listed`, else now.
    let b = beside?.listed === listed && beside.inStep && beside.documents === documents.length ? beside : null;
    if (!b) {
      b = besideOf(listed);
      for (const d of documents) takeListed(b, d.id);
    }
    shareMeetingEvidence(listed, order);
    // Every document's statements seeded and none left over: the listed list is the one handed out.
    const statements = listed.statements ?? [];
    if (b.statementsInStep && b.statements === statements.length) {
      // Handed out with the listed knowledge: copied before it changes.
      flat = shared.handOut(statements);
      counts = documents.map((d) => statementsBuilt.get(d.id)!.list.length);
      statementsStale.clear();
    }
  };

  /**
   * Where the documents adopted beside a listed knowledge (adopt(facts, listed)) have got to in its lists, and whether
   * they still come in its order (`inStep`) and their statements still match its own (`statementsInStep`).
   */
  type Beside = {
    listed: Knowledge; documents: number; plans: number; figures: number; statements: number;
    mentionAt: Map<AreaId, number>; mentionsOf: Map<AreaId, readonly Evidence[]>; inStep: boolean; statementsInStep: boolean;
  };
  const besideOf = (listed: Knowledge): Beside => ({
    listed, documents: 0, plans: 0, figures: 0, statements: 0,
    mentionAt: new Map(), mentionsOf: new Map(listed.areas.map((a) => [a.id, a.mentions])), inStep: true, statementsInStep: true,
  });
  let beside: Beside | null = null;
  const sameSentence = (a: Evidence | undefined, b: Evidence | undefined) => !!a && !!b && a.document === b.document && a.sentence === b.sentence;
  /** The next document's plans, figures and mentions (`facts`) made to hold the listed knowledge's, where the same. */
  const shareDocument = (b: Beside, facts: OwnFacts): void => {
    // The lists are made again from the facts as they are after this (a removal finds its objects by identity).
    lists = null;
    const { listed } = b;
    const myPlans = listed.plans.slice(b.plans, (b.plans += facts.plans.length));
    if (myPlans.length === facts.plans.length && myPlans.every((p, i) => p.summary === facts.plans[i]!.summary && sameSentence(p.sources[0], facts.plans[i]!.sources[0]))) facts.plans = myPlans;
    const myFigures = listed.figures.slice(b.figures, (b.figures += facts.figures.length));
    if (myFigures.length === facts.figures.length && myFigures.every((f, i) => f.text === facts.figures[i]!.text && sameSentence(f.evidence, facts.figures[i]!.evidence))) facts.figures = myFigures;
    for (const m of facts.areaMentions) {
      const at = b.mentionAt.get(m.area) ?? 0;
      b.mentionAt.set(m.area, at + 1);
      const e = b.mentionsOf.get(m.area)?.[at];
      if (sameSentence(e, m.evidence)) m.evidence = e!;
    }
  };
  /**
   * The next document's run of the listed statements taken as its built statements, when the run has as many as its
   * facts; otherwise this and every later document's are built from their facts (knowledge() builds what is not seeded).
   */
  const seedDocumentStatements = (b: Beside, id: string, facts: OwnFacts): void => {
    const statements = b.listed.statements ?? [];
    const from = b.statements;
    let at = from;
    while (at < statements.length && statements[at]!.evidence.document === id) at++;
    if (at - from !== (facts.statements?.length ?? 0)) {
      b.statementsInStep = false;
      return;
    }
    b.statements = at;
    const list = statements.slice(from, at);
    statementsBuilt.set(id, { from: facts, of: (facts.statements ?? []).map((x) => x.meetingIndex), ids: list.map((x) => x.meeting), list });
    // Built: what is left to change is the meeting id (as knowledge() does once it has built them).
    facts.statements = undefined;
  };
  /** The next document's (`id`) lists and statements taken from the listed knowledge, where the same. */
  const takeListed = (b: Beside, id: string): void => {
    const facts = own.get(id)!;
    shareDocument(b, facts);
    if (b.statementsInStep) seedDocumentStatements(b, id, facts);
  };

  /**
   * The restored meetings' reports made to hold the listed meetings' evidence where it is the same (matched by position
   * and checked by document and sentence), as takeListed does for each document's own lists: the facts read to fill
   * the assembler keep no second copy of what the knowledge holds.
   */
  const shareMeetingEvidence = (listed: Knowledge, order: Int32Array): void => {
    listed.meetings.forEach((m, i) => {
      let at = 0;
      for (const part of groups[order[i]!]!.parts) {
        const evidence = part.meeting.evidence;
        for (let k = 0; k < evidence.length; k++, at++) if (sameSentence(m.sources[at], evidence[k])) evidence[k] = m.sources[at]!;
      }
    });
  };

  const plan = (): MergePlan => {
    const position = new Map(documents.map((d, i) => [d.id, i]));
    const reasons = new Map<string, number>();
    const starts: number[] = [];
    const parts: number[] = [];
    for (const group of groups) {
      if (group.dead) continue;
      starts.push(parts.length / 3);
      for (const { info, meeting, reason } of reasonsOf(group).parts) {
        if (reason !== undefined && !reasons.has(reason)) reasons.set(reason, reasons.size);
        parts.push(position.get(info.id)!, own.get(info.id)!.meetings.indexOf(meeting as OwnFacts['meetings'][number]), reason === undefined ? -1 : reasons.get(reason)!);
      }
    }
    starts.push(parts.length / 3);
    // The plan's meeting of each listed meeting (live groups are numbered in order, as above).
    const listedMeetings = knowledge().meetings;
    const planned = new Map<Meeting, number>();
    let p = 0;
    for (let g = 0; g < groups.length; g++) if (!groups[g]!.dead) planned.set(meetings[g]!, p++);
    const listed = Int32Array.from(listedMeetings, (m) => planned.get(m)!);
    return { documents: documents.map((d) => d.id), starts: Int32Array.from(starts), parts: Int32Array.from(parts), reasons: [...reasons.keys()], listed };
  };

  const knowledge = (): Knowledge => {
      if (current) return current;
      // The reports' documents of every group changed since may see their statements' meeting id change (marked here,
      // not as each report joins: a meeting merged again report by report would mark its documents once per report).
      for (const g of replaced.keys()) for (const part of groups[g]!.parts) statementsStale.add(part.info.id);
      if (!sorted || replaced.size > 1000) {
        firstOf.clear();
        for (let g = 0; g < groups.length; g++) {
          if (groups[g]!.dead) continue;
          const m = (meetings[g] ??= meetingOf(groups[g]!));
          noteFirstReport(m, g);
        }
        sorted = [...firstOf.keys()].sort((a, b) => byDateDesc(a, b) || firstReported(a, b));
      } else {
        // A few groups changed: move their meetings in the sorted list instead of sorting it again.
        for (const [g, old] of replaced) {
          if (old) {
            const at = position(old);
            if (sorted[at] === old) sorted = shared.spliced(sorted, at, 1);
            firstOf.delete(old);
          }
          if (groups[g]!.dead) continue;
          const m = (meetings[g] ??= meetingOf(groups[g]!));
          noteFirstReport(m, g);
          sorted = shared.spliced(sorted, position(m), 0, [m]);
        }
      }
      replaced.clear();
      if (!lists) {
        lists = { plans: [], figures: [], mentions: new Map() };
        for (const d of documents) append(own.get(d.id)!, lists);
      }
      // Handed out as they are: a knowledge never changes under its reader, since a later change copies them first.
      const areas: AreaFacts[] = AREAS.flatMap((a) => {
        const list = lists!.mentions.get(a.id);
        return list?.length ? [{ id: a.id, label: a.label, mentions: shared.handOut(list) }] : [];
      });
      // A statement's meeting: the merged meeting its document's meeting is part of. A document's statements are
      // built again only when one of those meetings changed id (their English sentences cost most).
      const idOf = (m: object): string | null => {
        const g = groupOfReport.get(m);
        return g === undefined ? null : meetings[g]?.id ?? null;
      };
      // Documents whose statements changed since `flat` was built (new ones have none listed yet).
      const changed: { at: number; list: Statement[] }[] = [];
      for (const id of statementsStale) {
        const facts = own.get(id);
        if (!facts) continue;
        let built = statementsBuilt.get(id);
        if (built?.from !== facts) {
          const of = (facts.statements ?? []).map((x) => x.meetingIndex);
          const list = statementsOfDocuments([facts], idOf);
          built = { from: facts, of, ids: list.map((x) => x.meeting), list };
          // Built: the English sentences are made; what is left to change is the meeting id.
          facts.statements = undefined;
        } else {
          const ids = built.of.map((at) => (at === null ? null : idOf(facts.meetings[at]!)));
          if (built.ids.every((x, i) => x === ids[i])) continue;
          built = { ...built, ids, list: built.list.map((x, i) => ({ ...x, meeting: ids[i]! })) };
        }
        const list = built.list;
        statementsBuilt.set(id, built);
        if (flat) changed.push({ at: positionOf(infos.get(id)!), list });
      }
      statementsStale.clear();
      // Changed in place (one pass for their offsets; a splice only where a document's count changed); when most
      // documents changed, the list is made again.
      if (flat && changed.length > 64 && changed.length > documents.length / 4) flat = null;
      if (!flat) {
        flat = [];
        counts = [];
        for (const d of documents) {
          const list = statementsBuilt.get(d.id)!.list;
          for (const x of list) flat.push(x);
          counts.push(list.length);
        }
      } else if (changed.length) {
        changed.sort((a, b) => a.at - b.at);
        const offsets = offsetsOf(changed.map((c) => c.at));
        // Last first: a splice moves only what follows it, whose offsets are no longer needed.
        for (let c = changed.length - 1; c >= 0; c--) {
          const { at, list: mine } = changed[c]!;
          const offset = offsets[c]!;
          if (mine.length === counts[at]) {
            const list = (flat = shared.writable(flat));
            for (let i = 0; i < mine.length; i++) list[offset + i] = mine[i]!;
          } else flat = shared.spliced(flat, offset, counts[at]!, mine);
          counts[at] = mine.length;
        }
      }
      current = {
        documents: shared.handOut(documents), meetings: shared.handOut(sorted), plans: shared.handOut(lists.plans), areas,
        figures: shared.handOut(lists.figures), statements: shared.handOut(flat),
      };
      return current;
  };

  /** Copies one list of the knowledge handed out ahead of a change; false when each has its copy (or none is out). */
  const copyOneAhead = (): boolean => {
    if (!current) return false;
    const { documents: d, meetings, plans, figures, statements, areas } = current;
    return [d, meetings, plans, figures, statements ?? []].some(shared.copyAhead) || areas.some((a) => shared.copyAhead(a.mentions));
  };

  const releaseLookups = (): void => {
    filed = createMeetingSlots();
    unfiled = [];
    unfiledFrom = 0;
    for (let g = 0; g < groups.length; g++) if (!groups[g]!.dead) unfiled.push(g);
  };
  let released = false;
  const release = (): void => {
    released = true;
    // Emptied, not only dropped (see the interface). The lists handed out (documents, sorted, flat, lists) are the
    // knowledge's: dropped, never emptied.
    groups.length = 0;
    meetings.length = 0;
    seenAt.length = 0;
    filed = createMeetingSlots();
    for (const map of [own, firstOf, replaced, byDocument, groupOfReport, statementsBuilt, infos]) map.clear();
    statementsStale.clear();
    beside = null;
    restoring = null;
    restoredPlan = null;
    unfiled = [];
    counts = [];
    documents = [];
    sorted = null;
    flat = null;
    lists = null;
    current = null;
  };
  /** `call`, refused once released: the state it reads is gone. */
  const usable = <A extends unknown[], R>(call: (...args: A) => R) => (...args: A): R => {
    if (released) throw new Error('assembler: used after release()');
    return call(...args);
  };
  /** `call`, usable, after a restore begun in steps is finished. */
  const live = <A extends unknown[], R>(call: (...args: A) => R) => usable((...args: A): R => {
    finishRestore();
    return call(...args);
  });
  return {
    add: live((f: DocumentFacts) => add(f)), remove: live(remove), knowledge: live(knowledge), plan: live(plan), adopt: live(adopt),
    restore: live(restore), releaseLookups: live(releaseLookups), release,
    restoreSome: usable(restoreSome),
    // The idle work goes on with a restore begun in steps, if any, in steps of the same size.
    prepare: usable((limit?: number) => (!restoring || restoreSome(restoring.plan, restoring.listed, limit ?? Infinity)) && fileRestored(limit) && !copyOneAhead()),
  };
}

/** Merges per-document meetings across documents into Meetings with every source and their disagreements. */
export function mergeMeetings(facts: DocumentFacts[]): Meeting[] {
  return createAssembler(facts).knowledge().meetings;
}

/** Newest first; ISO dates compare as plain strings (much faster than localeCompare on large lists). */
function byDateDesc(a: { date: string | null }, b: { date: string | null }): number {
  const x = a.date ?? '';
  const y = b.date ?? '';
  return x === y ? 0 : x < y ? 1 : -1;
}

/** Assembles Knowledge from per-document facts (which may come from a cache). */
export function assembleKnowledge(facts: DocumentFacts[]): Knowledge {
  return createAssembler(facts).knowledge();
}
