/** Values no pattern lets through, to prove the escaping itself, not the validation in front of it. */
export const HOSTILE: readonly string[] = [
  "",
  `"/><X-PRE-PROCESS cmd="exec" data="id"/>`,
  "$${hostname} ${system(id)}",
  "a&b<c>d\"e'f",
  "&amp; already escaped &lt;",
  "&#36;&#123;hostname&#125; &#x24; &bogus &;",
  "line\nbreak\rcarriage\ttab",
  "\u0001" + "0" + "\u0001",
  "\u0000\u0007\uFFFE\uD800",
  "]]><!-- --><![CDATA[x]]>",
  "Оператор Qo'ng'iroq 😀",
];
