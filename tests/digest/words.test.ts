import { describe, expect, it } from 'vitest';
import { scheduleInWords } from '../../src/scheduler/words.js';

describe('scheduleInWords', () => {
  it('reads the schedules people set in words, with the time zone', () => {
    expect([
      scheduleInWords('0 8 * * 1', 'Asia/Ho_Chi_Minh'),
      scheduleInWords('0 8 * * *', 'Asia/Tokyo'),
      scheduleInWords('30 7 * * 1-5', 'UTC'),
      scheduleInWords('0 9 * * 0,3', 'UTC'),
      scheduleInWords('0 8,18 1,15 * *', 'UTC'),
      scheduleInWords('0 8 1 1,7 *', 'UTC'),
      scheduleInWords('15 * * * *', 'UTC'),
    ]).toEqual([
      'every Monday at 08:00, Asia/Ho_Chi_Minh',
      'every day at 08:00, Asia/Tokyo',
      'every weekday (Monday to Friday) at 07:30, UTC',
      'every Wednesday and Sunday at 09:00, UTC',
      'on days 1 and 15 of the month at 08:00 and 18:00, UTC',
      'on day 1 of the month in January and July at 08:00, UTC',
      'every day, every hour at :15, UTC',
    ]);
  });

  it('falls back to the cron text when there is no short reading', () => {
    expect(scheduleInWords('*/5 * * * *', 'UTC')).toBe('cron */5 * * * *, UTC');
    expect(scheduleInWords('0 8 13 * 5', 'UTC')).toBe('cron 0 8 13 * 5, UTC');
  });
});
