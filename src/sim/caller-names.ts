/**
 * Believable people for the demo: Uzbek names in Latin script (with the
 * ASCII apostrophe Uzbek phones send for o' and g'), and Russian and Uzbek
 * names in Cyrillic. Their UTF-8 byte lengths exercise ESL framing.
 */

export const AGENT_NAMES: readonly string[] = [
  "Malika Rustamova",
  "Dilshod Yo'ldoshev",
  "Шахноза Абдуллаева",
  "G'ayrat Qo'chqorov",
  "Анна Ким",
  "Sardor To'xtayev",
  "Нилуфар Юсупова",
  "Jasur Ne'matov",
  "Ольга Петрова",
  "Zarina Sobirova",
];

export const CALLER_NAMES: readonly string[] = [
  "Oybek Xo'jayev",
  "Баходир Каримов",
  "Gulnora Ergasheva",
  "Сергей Иванов",
  "Mo'min Rahimov",
  "Феруза Турсунова",
  "Shoira G'aniyeva",
  "Тимур Ахмедов",
  "Ulug'bek Sa'dullayev",
  "Дильноза Хасанова",
  "Qo'ng'iroq markazi",
  "Алишер Насимов",
  "Kamola Yo'ldosheva",
  "Екатерина Смирнова",
  "Bekzod Ma'rufov",
];

/** Mobile operator prefixes in Uzbekistan. */
export const MOBILE_PREFIXES: readonly string[] = ["99890", "99891", "99893", "99894", "99897", "99898", "99899", "99833", "99888"];
