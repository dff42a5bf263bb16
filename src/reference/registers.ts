/**
 * Lookups the register importers need, built from files in data/registers (data/registers/README.md):
 *  - area names as the Charity Commission (area of operation) and CQC (local authority) write them → GSS codes,
 *    from drkane/charity-lookups `cc-aoo-gss-iso-new.csv` (ODbL) plus our geography's own names;
 *  - the UK Charity Activity Tags (UKCAT, CC BY 4.0): each tag with its keyword rule, to tag activity text;
 *  - the ICNPTSO activity classes (UKCAT's `icnptso.csv`), for names in reasons.
 *
 * Pure: rows in, lookups out (src/reference/load.ts reads the files).
 */
import type { Geography, RegisterLookups, UkcatTag } from './types.ts';
import { normaliseName } from './geography.ts';

export type LookupRow = Record<string, string>;

/**
 * Metropolitan counties (E11, not in our geography) → their districts, and names the other tables miss.
 * ONS: the six metropolitan counties' member districts (unchanged since 1986).
 */
export const METROPOLITAN_COUNTIES: Readonly<Record<string, readonly string[]>> = {
  'greater manchester': [
    'E08000001',
    'E08000002',
    'E08000003',
    'E08000004',
    'E08000005',
    'E08000006',
    'E08000007',
    'E08000008',
    'E08000009',
    'E08000010',
  ],
  merseyside: ['E08000011', 'E08000012', 'E08000013', 'E08000014', 'E08000015'],
  'south yorkshire': ['E08000016', 'E08000017', 'E08000018', 'E08000019'],
  'tyne and wear': ['E08000021', 'E08000022', 'E08000023', 'E08000024', 'E08000037'],
  'west midlands': ['E08000025', 'E08000026', 'E08000027', 'E08000028', 'E08000029', 'E08000030', 'E08000031'],
  'west yorkshire': ['E08000032', 'E08000033', 'E08000034', 'E08000035', 'E08000036'],
  'throughout england and wales': ['E92000001', 'W92000004'],
  // CQC writes the unitary authority's full name
  'bedford borough': ['E06000055'],
};

/** Python-style keyword rules, made safe for any text: an unbounded gap (`.*`, `.+`) becomes one of at most 100 characters. */
function keywordRule(source: string | undefined): RegExp | undefined {
  if (source === undefined || source.trim() === '') return undefined;
  return new RegExp(source.replace(/\.\*/g, '.{0,100}').replace(/\.\+/g, '.{1,100}'), 'i');
}

export function buildRegisterLookups(
  tables: { areaNames: readonly LookupRow[]; ukcat: readonly LookupRow[]; icnptso: readonly LookupRow[] },
  geography: Pick<Geography, 'fromName' | 'has' | 'canonical'>,
): RegisterLookups {
  const areas = new Map<string, string[]>();
  for (const row of tables.areaNames) {
    const code = row.GSS?.trim();
    const name = row.geographic_area_description?.trim();
    if (!code || !name || !/^[EWSNK]\d{8}$/.test(code)) continue;
    const key = normaliseName(name);
    const codes = areas.get(key) ?? [];
    if (!codes.includes(code)) codes.push(code);
    areas.set(key, codes);
  }
  for (const [name, codes] of Object.entries(METROPOLITAN_COUNTIES)) areas.set(normaliseName(name), [...codes]);

  const ukcatTags: UkcatTag[] = tables.ukcat.map((row) => ({
    code: row.Code.trim(),
    tag: row.tag.trim(),
    category: row.Category.trim(),
    ...(keywordRule(row['Regular expression']) ? { pattern: keywordRule(row['Regular expression']) } : {}),
    ...(keywordRule(row['Exclude regular expression']) ? { exclude: keywordRule(row['Exclude regular expression']) } : {}),
  }));
  const tagByCode = new Map(ukcatTags.map((t) => [t.code, t]));
  const icnptso = new Map<string, string>();
  for (const row of tables.icnptso) {
    const code = (row['Sub-group'] || row.Group || row.Section || '').trim();
    if (code) icnptso.set(code, row.Title.trim());
  }

  return {
    areaCodes(name) {
      const key = normaliseName(name);
      const known = areas.get(key);
      if (known) {
        const current = known.map((c) => geography.canonical(c) ?? c).filter((c) => geography.has(c));
        if (current.length > 0) return [...new Set(current)];
      }
      const byName = geography.fromName(name);
      return byName === undefined ? undefined : [byName];
    },
    ukcatTags,
    ukcatTag: (code) => tagByCode.get(code),
    icnptsoTitle: (code) => icnptso.get(code),
  };
}
