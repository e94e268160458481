import { describe, it, expect } from 'vitest';
import { nextSlot, parseCron, parseSchedule, previousSlot } from '../../src/scheduler/schedule.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;

describe('parseSchedule', () => {
  it('normalizes daily and weekly schedules to cron', () => {
    expect(parseSchedule('daily 08:00')).toEqual({ cron: '0 8 * * *' });
    expect(parseSchedule('Weekly Monday 7:30')).toEqual({ cron: '30 7 * * 1' });
    expect(parseSchedule('0 9 * * mon-fri')).toEqual({ cron: '0 9 * * mon-fri' });
  });

  it('rejects near misses with the expected forms named', () => {
    expect(parseSchedule('daily 24:00')).toMatchObject({ error: expect.stringContaining('HH:MM') });
    expect(parseSchedule('weekly someday 08:00')).toMatchObject({ error: expect.stringContaining('unknown day "someday"') });
    expect(parseSchedule('0 9 * *')).toMatchObject({ error: expect.stringContaining('5-field cron') });
    expect(parseSchedule('0 9 L * *')).toHaveProperty('error');
  });
});

describe('parseCron', () => {
  it('expands lists, ranges, steps and names; 7 is Sunday', () => {
    expect(parseCron('*/20 8-10 1,15 jan,jul 7')).toEqual({
      minutes: [0, 20, 40], hours: [8, 9, 10], days: new Set([1, 15]), months: new Set([1, 7]), weekdays: new Set([0]),
    });
    expect(parseCron('60 * * * *')).toBeNull();
  });
});

describe('previousSlot / nextSlot', () => {
  it('reads a daily 08:00 in Asia/Tokyo (UTC+9)', () => {
    const now = new Date('2025-03-02T00:30:00Z'); // 09:30 in Tokyo
    expect(iso(previousSlot('0 8 * * *', 'Asia/Tokyo', now))).toBe('2025-03-01T23:00:00.000Z');
    expect(iso(nextSlot('0 8 * * *', 'Asia/Tokyo', now))).toBe('2025-03-02T23:00:00.000Z');
    // exactly at the slot: previous is the slot itself, next is the day after
    expect(iso(previousSlot('0 8 * * *', 'Asia/Tokyo', new Date('2025-03-01T23:00:00Z')))).toBe('2025-03-01T23:00:00.000Z');
    expect(iso(previousSlot('0 8 * * *', 'Asia/Tokyo', new Date('2025-03-01T22:59:59Z')))).toBe('2025-02-28T23:00:00.000Z');
  });

  it('follows daylight saving time in Europe/Berlin', () => {
    expect(iso(nextSlot('0 8 * * *', 'Europe/Berlin', new Date('2025-03-29T12:00:00Z')))).toBe('2025-03-30T06:00:00.000Z');
    expect(iso(nextSlot('0 8 * * *', 'Europe/Berlin', new Date('2025-03-28T12:00:00Z')))).toBe('2025-03-29T07:00:00.000Z');
    // 02:30 does not exist on the spring-forward day: shifted to 03:30 local
    expect(iso(nextSlot('30 2 * * *', 'Europe/Berlin', new Date('2025-03-30T00:00:00Z')))).toBe('2025-03-30T01:30:00.000Z');
  });

  it('finds weekly and rare slots (29 February)', () => {
    expect(iso(nextSlot('0 9 * * 1', 'Asia/Ho_Chi_Minh', new Date('2025-03-01T00:00:00Z')))).toBe('2025-03-03T02:00:00.000Z');
    expect(iso(previousSlot('0 9 29 2 *', 'UTC', new Date('2025-03-01T00:00:00Z')))).toBe('2024-02-29T09:00:00.000Z');
  });

  it('returns null for an unsupported expression', () => {
    expect(previousSlot('0 9 L * *', 'UTC', new Date())).toBeNull();
  });
});
