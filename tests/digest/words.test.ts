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

describe('scheduleInWords in Vietnamese and Japanese', () => {
  const cases = ['0 8 * * 1', '0 8 * * *', '30 7 * * 1-5', '0 9 * * 0,3', '0 8,18 1,15 * *', '0 8 1 1,7 *', '15 * * * *', '*/5 * * * *'];

  it('reads the schedules in Vietnamese', () => {
    expect(cases.map((c) => scheduleInWords(c, 'Asia/Ho_Chi_Minh', 'vi'))).toEqual([
      'thứ Hai hằng tuần lúc 08:00, Asia/Ho_Chi_Minh',
      'hằng ngày lúc 08:00, Asia/Ho_Chi_Minh',
      'các ngày làm việc (thứ Hai đến thứ Sáu) lúc 07:30, Asia/Ho_Chi_Minh',
      'thứ Tư và Chủ Nhật hằng tuần lúc 09:00, Asia/Ho_Chi_Minh',
      'ngày 1 và 15 hằng tháng lúc 08:00 và 18:00, Asia/Ho_Chi_Minh',
      'ngày 1 hằng tháng vào tháng 1 và tháng 7 lúc 08:00, Asia/Ho_Chi_Minh',
      'hằng ngày, mỗi giờ vào phút 15, Asia/Ho_Chi_Minh',
      'cron */5 * * * *, Asia/Ho_Chi_Minh',
    ]);
  });

  it('reads the schedules in Japanese', () => {
    expect(cases.map((c) => scheduleInWords(c, 'Asia/Tokyo', 'ja'))).toEqual([
      '毎週月曜日 08:00（Asia/Tokyo）',
      '毎日 08:00（Asia/Tokyo）',
      '平日（月曜日〜金曜日） 07:30（Asia/Tokyo）',
      '毎週水曜日と日曜日 09:00（Asia/Tokyo）',
      '毎月1日と15日 08:00と18:00（Asia/Tokyo）',
      '1月と7月の毎月1日 08:00（Asia/Tokyo）',
      '毎日、毎時15分（Asia/Tokyo）',
      'cron */5 * * * *（Asia/Tokyo）',
    ]);
  });
});
