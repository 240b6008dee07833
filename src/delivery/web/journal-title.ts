/**
 * The journal's name from an arXiv journal reference: "Phys. Rev. D 100, 123 (2019)" →
 * "Phys. Rev. D". arXiv stores the whole reference as free text; the name is what comes
 * before the first number (volume or year). A reference starting with a number is kept whole.
 */
export function journalTitleOf(journalRef: string): string {
  const beforeNumber = /^(.*?[^\d\s])\s*[,(]?\s*\d/.exec(journalRef)?.[1]?.replace(/[\s,;:(]+$/, "");
  return beforeNumber && beforeNumber.length >= 2 ? beforeNumber : journalRef.trim();
}
