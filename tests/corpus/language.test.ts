import { describe, it, expect } from 'vitest';
import { detectLanguage } from '../../src/corpus/language.js';

const SAMPLES: Record<string, string> = {
  en: 'The two leaders agreed to strengthen cooperation in defence, security and trade between their countries.',
  de: 'Die beiden Regierungschefs vereinbarten, die Zusammenarbeit in Verteidigung, Sicherheit und Handel zu vertiefen.',
  fr: 'Les deux dirigeants ont convenu de renforcer la coopération dans la défense, la sécurité et le commerce.',
  ru: 'Лидеры двух стран договорились укреплять сотрудничество в области обороны, безопасности и торговли.',
  id: 'Kedua pemimpin sepakat untuk memperkuat kerja sama di bidang pertahanan, keamanan, dan perdagangan dengan Jepang karena hubungan yang baik.',
  es: 'Los dos líderes acordaron fortalecer la cooperación en defensa, seguridad y comercio entre sus países.',
  vi: 'Hai nhà lãnh đạo nhất trí tăng cường hợp tác trong lĩnh vực quốc phòng, an ninh và thương mại.',
  ja: '両首脳は、防衛、安全保障、貿易の分野での協力を強化することで一致しました。',
  zh: '两国领导人同意加强在国防、安全和贸易领域的合作，推动双边关系发展。',
  ko: '양국 정상은 국방, 안보, 무역 분야의 협력을 강화하기로 합의했다.',
  th: 'ผู้นำทั้งสองตกลงที่จะกระชับความร่วมมือด้านการป้องกันประเทศ ความมั่นคง และการค้า',
  ar: 'اتفق الزعيمان على تعزيز التعاون في مجالات الدفاع والأمن والتجارة بين البلدين.',
};

describe('detectLanguage', () => {
  for (const [lang, text] of Object.entries(SAMPLES)) {
    it(`tells ${lang}`, () => {
      expect(detectLanguage(text)).toBe(lang);
    });
  }

  it('tells Malay from Indonesian by marker words', () => {
    expect(detectLanguage('Kedua-dua pemimpin bersetuju untuk mengukuhkan kerjasama pertahanan dengan Jepun kerana kerajaan berkata ia penting.')).toBe('ms');
  });

  it('answers und for too little text or an unsupported script', () => {
    expect(detectLanguage('OK 123')).toBe('und');
    expect(detectLanguage('ნატოს სამიტზე ორი ქვეყნის ლიდერებმა თანამშრომლობის გაძლიერებაზე ისაუბრეს.')).toBe('und');
  });

  it('is not swayed to Vietnamese by a few Vietnamese names in a German text', () => {
    expect(detectLanguage('Der Vorsitzende Trần Thanh Mẫn besuchte Japan und traf dort Vertreter der Regierung, um die Zusammenarbeit zu vertiefen.')).toBe('de');
  });
});

describe('detectLanguage against franc-min', () => {
  // Written here: languages with no confusable neighbour, so the answer is franc's trigram ranking alone.
  const TEXTS = [
    'Les ministres ont signé trois accords sur les semi-conducteurs, les terres rares et la formation des ingénieurs.',
    'Der Besuch soll die Lieferketten stärken, sagte der Minister am Rande der Konferenz in der Hauptstadt.',
    'The delegation toured a new metro line built with concessional loans and met students at the university.',
    'Міністри обговорили постачання енергії та співпрацю у сфері оборони під час візиту до столиці.',
    'Министр заявил, что стороны подпишут соглашение о поставках сжиженного газа до конца года.',
    'I due governi hanno firmato un accordo sulla formazione dei lavoratori e sugli investimenti nelle infrastrutture.',
    'De ministers spraken over de levering van energie en de samenwerking op het gebied van halfgeleiders.',
    'Ministrowie rozmawiali o dostawach energii i współpracy w dziedzinie półprzewodników podczas wizyty.',
    'Bakanlar enerji tedariki ve yarı iletkenler alanında iş birliğini görüştü ve bir anlaşma imzaladı.',
  ];
  it('ranks the supported languages as franc-min does, the models numbered once', async () => {
    const { franc } = await import('franc-min');
    const languages = (await import('../../src/corpus/data/languages.json', { with: { type: 'json' } })).default;
    const only = Object.keys(languages.franc);
    for (const text of TEXTS) expect(detectLanguage(text), text).toBe(languages.franc[franc(text, { only }) as keyof typeof languages.franc]);
  });
});
