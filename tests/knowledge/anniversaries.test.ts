import { describe, expect, it } from 'vitest';
import { anniversaryYears } from '../../src/knowledge/anniversaries.js';

describe('anniversaryYears', () => {
  it('turns "the Nth anniversary of diplomatic relations" into a year, in several languages and scripts', () => {
    expect(anniversaryYears('pour célébrer le 50e anniversaire des relations diplomatiques', 'fr')).toEqual([2023]);
    expect(anniversaryYears('to mark the 45th anniversary of diplomatic relations', 'en')).toEqual([2018]);
    expect(anniversaryYears('両国の外交関係樹立45周年の節目に', 'ja')).toEqual([2018]);
    expect(anniversaryYears('nhân dịp kỷ niệm 50 năm thiết lập quan hệ ngoại giao Việt Nam – Nhật Bản', 'vi')).toEqual([2023]);
    expect(anniversaryYears('по случаю 80-й годовщины Дня образования Социалистической Республики Вьетнам', 'ru')).toEqual([2025]);
  });

  it('ignores anniversaries of events it does not know, and languages without patterns', () => {
    expect(anniversaryYears('the 10th anniversary of the company', 'en')).toEqual([]);
    expect(anniversaryYears('maadhimisho ya miaka 50 ya uhusiano wa kidiplomasia', 'sw')).toEqual([]);
  });
});
