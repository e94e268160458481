/**
 * The people registry file itself (src/knowledge/data/people.json), checked as data: every entry says where its facts
 * come from (`source`), its terms of office are well-formed dates in order, every role is ranked in titles.json
 * `roles`, and no written form names two people unless both entries list each other in `ambiguousWith` (two real
 * people who share a name, kept on purpose).
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { normalizeName } from '../../src/knowledge/people.js';

interface OfficeEntry {
  role: string;
  from: string;
  to: string | null;
}

interface PersonEntry {
  id: string;
  name: string;
  country: string;
  source?: string;
  offices: OfficeEntry[];
  variants: string[];
  short?: string[];
  ambiguousWith?: string[];
}

const readJson = (rel: string): unknown =>
  JSON.parse(readFileSync(fileURLToPath(new URL(rel, import.meta.url)), 'utf8'));

const PEOPLE = readJson('../../src/knowledge/data/people.json') as PersonEntry[];
const ROLES = (readJson('../../src/knowledge/data/titles.json') as { roles: string[] }).roles;

const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** Whether `d` is 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' naming a real month and day. */
function validDate(d: string): boolean {
  const m = DATE.exec(d);
  if (!m) return false;
  const [, y, mo, da] = m;
  if (mo === undefined) return true;
  const month = Number(mo);
  if (month < 1 || month > 12) return false;
  if (da === undefined) return true;
  const day = Number(da);
  return day >= 1 && day <= new Date(Date.UTC(Number(y), month, 0)).getUTCDate();
}

/** First and last day a partial date can mean: '2016' → ['2016-01-01', '2016-12-31']. */
function span(d: string): [string, string] {
  const [y, mo, da] = d.split('-');
  if (da !== undefined) return [d, d];
  if (mo !== undefined) {
    const last = new Date(Date.UTC(Number(y), Number(mo), 0)).getUTCDate();
    return [`${y}-${mo}-01`, `${y}-${mo}-${String(last).padStart(2, '0')}`];
  }
  return [`${y}-01-01`, `${y}-12-31`];
}

/** The key the matcher compares written forms by: case, diacritics, '・', spacing and Han variants ignored. */
const key = (v: string): string => normalizeName(v).replace(/ /g, '');

describe('validDate and span (the checks the registry tests rely on)', () => {
  it('accepts year, month and day precision and rejects impossible dates', () => {
    expect(['2024', '2024-02', '2024-02-29', '1989-01-07'].map(validDate)).toEqual([true, true, true, true]);
    expect(['2023-02-29', '2024-13', '2024-00', '24-01', '2024-1-5', '2024/01/05', ''].map(validDate)).toEqual([
      false, false, false, false, false, false, false,
    ]);
  });

  it('reads a partial date as the whole period it names', () => {
    expect(span('2016')).toEqual(['2016-01-01', '2016-12-31']);
    expect(span('2024-02')).toEqual(['2024-02-01', '2024-02-29']);
    expect(span('2025-10-21')).toEqual(['2025-10-21', '2025-10-21']);
  });
});

describe('people.json', () => {
  it('is a non-empty list with unique kebab-case ids', () => {
    expect(PEOPLE.length).toBeGreaterThan(0);
    const ids = PEOPLE.map((p) => p.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(ids.filter((id) => !/^[a-z]+(?:-[a-z]+)*$/.test(id))).toEqual([]);
  });

  it('gives every person a name, a country (VN or JP) and a source', () => {
    const bad = PEOPLE.filter(
      (p) =>
        typeof p.name !== 'string' ||
        !/^[A-Z][A-Za-z'-]*(?: [A-Z][A-Za-z'-]*)*$/.test(p.name) ||
        !['VN', 'JP'].includes(p.country) ||
        typeof p.source !== 'string' ||
        p.source.trim().length < 10,
    );
    expect(bad.map((p) => p.id)).toEqual([]);
  });

  it('lists the Family Given name among the variants', () => {
    expect(PEOPLE.filter((p) => !p.variants.includes(p.name)).map((p) => p.id)).toEqual([]);
  });

  it('dates every office YYYY[-MM[-DD]] with from ≤ to', () => {
    const bad: string[] = [];
    for (const p of PEOPLE) {
      if (!Array.isArray(p.offices) || p.offices.length === 0) bad.push(`${p.id}: no offices`);
      for (const o of p.offices ?? []) {
        if (!validDate(o.from)) bad.push(`${p.id}: ${o.role} from ${o.from}`);
        if (o.to !== null && !validDate(o.to)) bad.push(`${p.id}: ${o.role} to ${o.to}`);
        if (o.to !== null && validDate(o.from) && validDate(o.to) && span(o.from)[0] > span(o.to)[1]) {
          bad.push(`${p.id}: ${o.role} ${o.from} > ${o.to}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('ranks every role in titles.json roles, each listed once', () => {
    expect(ROLES.filter((r, i) => ROLES.indexOf(r) !== i)).toEqual([]);
    const ranked = new Set(ROLES);
    const missing = [...new Set(PEOPLE.flatMap((p) => p.offices.map((o) => o.role)))].filter((r) => !ranked.has(r));
    expect(missing).toEqual([]);
  });

  it('keeps variants and short forms non-empty strings, without duplicates within a person', () => {
    const bad: string[] = [];
    for (const p of PEOPLE) {
      for (const list of [p.variants, p.short ?? []]) {
        if (!Array.isArray(list)) bad.push(`${p.id}: not a list`);
        for (const v of list) if (typeof v !== 'string' || v.trim() === '') bad.push(`${p.id}: empty form`);
        const exact = list.filter((v, i) => list.indexOf(v) !== i);
        if (exact.length) bad.push(`${p.id}: repeated ${exact.join(', ')}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('shares no written form between two people unless both list each other as deliberately ambiguous', () => {
    const ids = new Set(PEOPLE.map((p) => p.id));
    const byId = new Map(PEOPLE.map((p) => [p.id, p]));
    const owners = new Map<string, Set<string>>();
    for (const p of PEOPLE) {
      for (const other of p.ambiguousWith ?? []) expect(ids.has(other), `${p.id} ambiguousWith ${other}`).toBe(true);
      for (const v of [p.name, ...p.variants]) {
        const k = key(v);
        if (!owners.has(k)) owners.set(k, new Set());
        owners.get(k)!.add(p.id);
      }
    }
    const clashes: string[] = [];
    for (const [k, who] of owners) {
      if (who.size < 2) continue;
      const list = [...who];
      const agreed = list.every((a) => list.every((b) => a === b || (byId.get(a)!.ambiguousWith ?? []).includes(b)));
      if (!agreed) clashes.push(`${k}: ${list.join(', ')}`);
    }
    expect(clashes).toEqual([]);
  });
});
