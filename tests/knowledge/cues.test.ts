import { describe, it, expect } from 'vitest';
import { CUE_LANGUAGES, findMeetingCues } from '../../src/knowledge/cues.js';

/** [kind, words as written, plan] for each cue. */
function cues(text: string, lang: string): [string, string, boolean][] {
  return findMeetingCues(text, lang).map((c) => [c.kind, text.slice(c.start, c.end), c.plan]);
}

describe('findMeetingCues', () => {
  it('has a lexicon for each of the 15 corpus languages', () => {
    expect(CUE_LANGUAGES).toHaveLength(15);
  });

  it('finds a German meeting on the sidelines', () => {
    const s = 'In Kuala Lumpur traf der Premierminister seine Amtskollegin am Rande des Gipfels.';
    expect(cues(s, 'de')).toEqual([
      ['talks', 'traf', false],
      ['sidelines', 'am Rande', false],
    ]);
  });

  it('marks an invitation and a scheduled meeting as plans (German)', () => {
    expect(cues('Er lud Takaichi zu einem Besuch in Vietnam zu einem geeigneten Zeitpunkt ein.', 'de')).toEqual([
      ['visit', 'Besuch', true],
    ]);
    expect(cues('Im Dezember findet in Tokio das erste Treffen der Vizeminister statt.', 'de')).toEqual([
      ['talks', 'Treffen', true],
    ]);
    expect(cues('Seit Dezember fanden vier hochrangige Treffen statt.', 'de')).toEqual([['talks', 'Treffen', false]]);
  });

  it('does not take visitor counts for a visit (near miss)', () => {
    expect(cues('Für das Gesamtjahr werden 1,4 Millionen Besucher erwartet.', 'de')).toEqual([]);
    expect(cues('Japan welcomed 1.2 million visitors from Vietnam.', 'en')).toEqual([]);
  });

  it('keeps past talks past and marks only the invited visit as plan (English)', () => {
    expect(cues('Phuc held talks with Abe on July 1; he invited his Japanese counterpart to visit Vietnam.', 'en')).toEqual([
      ['talks', 'held talks', false],
      ['visit', 'visit', true],
    ]);
    expect(cues('The president paid a state visit to Japan at the invitation of the Emperor.', 'en')).toEqual([
      ['visit', 'state visit', false],
    ]);
  });

  it('finds Russian cues (Cyrillic) and the "в кулуарах" sidelines', () => {
    expect(cues('Президент встретился с премьер-министром Японии в кулуарах саммита АТЭС.', 'ru')).toEqual([
      ['talks', 'встретился', false],
      ['sidelines', 'в кулуарах', false],
    ]);
    expect(cues('Премьер-министр Японии посетит Вьетнам и будет проведена встреча.', 'ru')).toEqual([
      ['visit', 'посетит', true],
      ['talks', 'встреча', true],
    ]);
  });

  it('finds French reception and visit, and an invitation as plan', () => {
    expect(cues("Le Premier ministre a reçu le ministre japonais de la Défense, en visite officielle au Vietnam.", 'fr')).toEqual([
      ['reception', 'a reçu', false],
      ['visit', 'en visite', false],
    ]);
    expect(cues('Il a invité le Premier ministre japonais à se rendre au Vietnam.', 'fr')).toEqual([['visit', 'se rendre', true]]);
  });

  it('finds Vietnamese call and plan cues with diacritics; "tiếp tục" is not a reception', () => {
    expect(cues('Chiều ngày 12/10, Thủ tướng Nguyễn Xuân Phúc có cuộc điện đàm với Thủ tướng Nhật Bản Suga Yoshihide.', 'vi')).toEqual([
      ['call', 'cuộc điện đàm', false],
    ]);
    expect(cues('Thủ tướng Nhật Bản sẽ thăm Việt Nam.', 'vi')).toEqual([['visit', 'thăm', true]]);
    expect(cues('Hai bên tiếp tục hợp tác.', 'vi')).toEqual([]);
    expect(cues('Thủ tướng Phạm Minh Chính tiếp Bộ trưởng Quốc phòng Nhật Bản.', 'vi')).toEqual([['reception', 'tiếp', false]]);
  });

  it('finds Indonesian visit and sidelines; "atas undangan" is not a plan', () => {
    expect(cues('Presiden melakukan kunjungan resmi ke Jepang atas undangan pemerintah Jepang.', 'id')).toEqual([
      ['visit', 'kunjungan', false],
    ]);
    expect(cues('Menteri bertemu mitranya di sela-sela KTT ASEAN.', 'id')).toEqual([
      ['talks', 'bertemu', false],
      ['sidelines', 'di sela-sela', false],
    ]);
  });

  it('finds cues in Japanese, Chinese and Korean, with postpositive plan markers', () => {
    expect(cues('安倍総理は、総理大臣官邸でクアン国家主席と首脳会談を行いました。', 'ja')).toEqual([['talks', '首脳会談', false]]);
    expect(cues('首相は来月ベトナムを訪問する予定だ。', 'ja')).toEqual([['visit', '訪問', true]]);
    expect(cues('越南国家主席陈大光于5月29日至6月2日对日本进行国事访问。', 'zh')).toEqual([['visit', '国事访问', false]]);
    expect(cues('日本首相安倍晋三会见越南主席陈大光。', 'zh')).toEqual([['reception', '会见', false]]);
    expect(cues('이시바 총리는 다음 달 베트남을 방문할 예정이다.', 'ko')).toEqual([['visit', '방문', true]]);
    expect(cues('이시바 총리는 찐 총리와 회담했다.', 'ko')).toEqual([['talks', '회담', false]]);
  });

  it('finds cues in Spanish, Portuguese, Italian, Thai, Arabic and Tagalog', () => {
    expect(cues('Al margen de la cumbre, el primer ministro se reunió con Abe.', 'es')).toEqual([
      ['sidelines', 'Al margen', false],
      ['talks', 'se reunió', false],
    ]);
    expect(cues('O primeiro-ministro reuniu-se com o seu homólogo à margem da cimeira.', 'pt')).toEqual([
      ['talks', 'reuniu-se', false],
      ['sidelines', 'à margem', false],
    ]);
    expect(cues('Il premier ha incontrato il suo omologo a margine del vertice.', 'it')).toEqual([
      ['talks', 'ha incontrato', false],
      ['sidelines', 'a margine', false],
    ]);
    expect(cues('นายกรัฐมนตรีจะเดินทางเยือนญี่ปุ่น', 'th')).toEqual([['visit', 'เดินทางเยือน', true]]);
    expect(cues('استقبل رئيس الوزراء وزير الخارجية الياباني على هامش القمة', 'ar')).toEqual([
      ['reception', 'استقبل', false],
      ['sidelines', 'على هامش', false],
    ]);
    expect(cues('سيزور رئيس الوزراء اليابان الشهر المقبل', 'ar')).toEqual([['visit', 'سيزور', true]]);
    expect(cues('Nakipagpulong ang Pangulo sa Punong Ministro ng Japan sa gilid ng ASEAN Summit.', 'tl')).toEqual([
      ['talks', 'Nakipagpulong', false],
      ['sidelines', 'sa gilid', false],
    ]);
  });

  it('gives nothing for a language without a lexicon', () => {
    expect(findMeetingCues('held talks', 'xx')).toEqual([]);
    expect(findMeetingCues('', 'en')).toEqual([]);
  });
});
