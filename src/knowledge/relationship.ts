/**
 * The bilateral relationship attache follows, from data (`data/relationship.json`): its two sides (ISO 3166-1
 * alpha-2) and their English names. Another pair of countries is a change of that file only.
 */
import data from './data/relationship.json' with { type: 'json' };

export interface Relationship {
  /** The two sides' country codes, in the order the relationship is named ('VN', 'JP'). */
  sides: readonly string[];
  /** English names by country code. */
  names: ReadonlyMap<string, string>;
  /** The relationship's English name: the sides' names joined by an en dash ("Vietnam–Japan"). */
  label: string;
}

/** A relationship from data shaped like relationship.json (throws when a side has no name). */
export function relationshipOf(input: { sides: readonly string[]; names: Readonly<Record<string, string>> }): Relationship {
  const names = new Map(Object.entries(input.names));
  const sideNames = input.sides.map((side) => {
    const name = names.get(side);
    if (!name) throw new Error(`relationship: side ${side} has no name`);
    return name;
  });
  return { sides: [...input.sides], names, label: sideNames.join('–') };
}

/** The relationship of this deployment (relationship.json). */
export const RELATIONSHIP: Relationship = relationshipOf(data);

/** The English names of the relationship's sides, in order. */
export function sideNames(relationship: Relationship): string[] {
  return relationship.sides.map((side) => relationship.names.get(side)!);
}
