/**
 * Comparison keys for French place names. People type commune names in every way ("ST JUST EN
 * CHAUSSEE", "St-Just-en-Chaussée", "saint just"), the reference data has one spelling: the key
 * makes them equal. Pure functions, no data.
 */

/**
 * Lower case, no accents, ligatures spelled out, every separator (hyphen, apostrophe, dot, slash…)
 * a single space. Abbreviations are left as typed: autocompletion needs "st" to stay a prefix of
 * "stenay".
 */
export function foldPlaceName(value: string): string {
  return (
    value
      .normalize('NFD')
      // Combining marks: what NFD split off the letters (é → e + ´).
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      // NFD does not decompose ligatures: "Saint-Martin-le-Nœud" is typed "noeud".
      .replace(/œ/g, 'oe')
      .replace(/æ/g, 'ae')
      // "Mesnil s/ Bulles": the postal abbreviation of "sur".
      .replace(/(^|[\s-])s\s*\/\s*/g, '$1sur ')
      // Typographic apostrophes and dashes as well as the ASCII ones.
      .replace(/[-‐‑‒–—'’‘`´.,;:/()"«»_]/g, ' ')
      .split(/\s+/)
      .filter(Boolean)
      .join(' ')
  );
}

/** The key used to compare names: {@link foldPlaceName}, and "st"/"ste" spelled "saint"/"sainte". */
export function normalizePlaceName(value: string): string {
  return spellOutAbbreviations(foldPlaceName(value));
}

/**
 * The second half of {@link normalizePlaceName}, for a name already folded (the gazetteer keeps
 * both forms of 36,000 names and folds each only once).
 */
export function spellOutAbbreviations(folded: string): string {
  return folded
    .split(' ')
    .map((word) => (word === 'st' ? 'saint' : word === 'ste' ? 'sainte' : word))
    .join(' ');
}
