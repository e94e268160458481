/** The JSON shape model-assisted extraction must return, validated with zod whatever the endpoint supports. */
import type { z } from 'zod';
import { lazyPackage } from '../corpus/lazy-package.js';
import type { AreaId, MeetingKind } from '../knowledge/types.js';

export const AREA_IDS = [
  'politics-diplomacy', 'defense-security', 'cybersecurity', 'maritime', 'economy-trade', 'investment',
  'oda-finance', 'infrastructure', 'energy', 'climate-green', 'digital', 'semiconductors',
  'science-innovation', 'technology-transfer', 'education-training', 'labor', 'people-culture-tourism',
  'local-cooperation', 'agriculture', 'health', 'justice-law', 'disaster', 'multilateral',
] as const satisfies readonly AreaId[];

export const MEETING_KINDS = [
  'talks', 'visit', 'call', 'reception', 'sidelines', 'dialogue', 'forum', 'other',
] as const satisfies readonly MeetingKind[];

const DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

const zod = lazyPackage<typeof import('zod')>('zod');

/** The schema, made with zod when model-assisted extraction first needs it. */
function schemaOfExtraction() {
  const { z } = zod();
  return z.strictObject({
    meetings: z.array(
      z.strictObject({
        date: z.string().regex(DATE).nullable(),
        place: z.string().min(1).max(100).nullable(),
        country: z.string().min(1).max(100).nullable(),
        occasion: z.string().min(1).max(100).nullable(),
        kind: z.enum(MEETING_KINDS),
        participants: z.array(
          z.strictObject({
            name: z.string().min(2).max(100),
            role: z.string().max(100).nullable(),
            country: z.string().regex(/^[A-Z]{2}$/).nullable(),
          }),
        ).max(20),
        areas: z.array(z.enum(AREA_IDS)).max(23),
        sentences: z.array(z.number().int().min(1)).min(1).max(50),
      }),
    ).max(50),
    areas: z.array(z.strictObject({ id: z.enum(AREA_IDS), sentences: z.array(z.number().int().min(1)).min(1).max(100) })).max(23),
  });
}

let schema: ReturnType<typeof schemaOfExtraction> | undefined;
/** The extraction's schema (made once). */
export const extractionSchema = (): ReturnType<typeof schemaOfExtraction> => (schema ??= schemaOfExtraction());

export type ModelExtraction = z.infer<ReturnType<typeof schemaOfExtraction>>;

/** JSON Schema sent as response_format (structured outputs). */
export function extractionJsonSchema(): Record<string, unknown> {
  return zod().z.toJSONSchema(extractionSchema(), { target: 'draft-7' }) as Record<string, unknown>;
}
