const RULES = new Intl.PluralRules('ru-RU');

/** The Russian form for a count: 1 заявка, 2 заявки, 5 заявок (and 1,5 заявки). */
export const ru3 = (n: number, one: string, few: string, many: string): string => {
  const rule = RULES.select(n);
  return rule === 'one' ? one : rule === 'few' ? few : rule === 'many' ? many : few;
};
