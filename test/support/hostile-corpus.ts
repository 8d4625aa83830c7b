/**
 * Hostile values for one field, generated from what the field holds: every value is something a
 * person (or a script) can send and the portal must refuse or ignore with a 4xx or an empty
 * result, never a 500 and never a write. Shared by the read-path test and write-path tests.
 */

/** What a field holds, as the panel describes it (AdminJS property type, availableValues, isArray, reference). */
export type FieldKind = 'integer' | 'text' | 'date' | 'boolean' | 'array' | 'reference' | { enum: readonly string[] };

export interface HostileValue {
  /** The field and what the value tries, for an assertion's message. */
  label: string;
  /** A JSON value: strings, numbers, booleans, arrays and objects as a request can carry them. */
  value: unknown;
}

export const LONG_TEXT_LENGTH = 100_000;

/** What no field accepts as it is: wrong types, numbers out of range, strings shaped to attack, files. */
const COMMON: Array<[string, unknown]> = [
  ['huge number', 99999999999],
  ['negative number', -1],
  ['1e300', 1e300],
  ['"1e300"', '1e300'],
  ['"NaN"', 'NaN'],
  ['"Infinity"', 'Infinity'],
  ['"abc"', 'abc'],
  ['month 13', '2026-13-45'],
  ['not a date', 'notadate'],
  ['zero date', '0000-00-00'],
  ['100k characters', 'x'.repeat(LONG_TEXT_LENGTH)],
  ['SQL', "'; drop table users; --"],
  ['SQL tautology', "1' or '1'='1"],
  ['formula', '=HYPERLINK("http://x")'],
  ['@formula', '@SUM(1)'],
  ['+formula', '+1+1'],
  ['object', { a: 1 }],
  ['array', ['x']],
  ['file path object', { path: '/etc/passwd' }],
  ['filepath object', { filepath: '/etc/passwd', originalFilename: 'passwd' }],
  ['null byte', 'a\u0000b'],
  ['true', true],
  ['empty object', {}],
];

function kindSpecific(kind: FieldKind): Array<[string, unknown]> {
  if (typeof kind === 'object') {
    const [first = 'value'] = kind.enum;
    return [['unknown enum value', `${first}-unknown`], ['enum value in upper case', first.toUpperCase()], ['enum value padded', ` ${first} `], ['all enum values', [...kind.enum]]];
  }
  switch (kind) {
    case 'integer': return [['fraction', 1.5], ['"1.5"', '1.5'], ['hex', '0x10'], ['beyond int32', 2 ** 31], ['unsafe integer', 2 ** 53 + 1]];
    case 'reference': return [['id 0', 0], ['id -1 as text', '-1'], ['id with SQL', '1 or 1=1'], ['list of ids', [1, 2]], ['id beyond int32', 2 ** 31]];
    case 'date': return [['30 February', '2026-02-30'], ['year 0', '0000-01-01'], ['hour 25', '2026-01-01T25:00:00Z'], ['epoch number', 1767225600000], ['range object', { from: 'notadate', to: [] }]];
    case 'boolean': return [['"maybe"', 'maybe'], ['2', 2], ['"TRUE"', 'TRUE'], ['"1"', '1']];
    case 'array': return [['nested array', [['x']]], ['array of objects', [{ a: 1 }]], ['10k elements', Array.from({ length: 10_000 }, () => 'x')]];
    case 'text': return [['number', 12345], ['html', '<script>alert(1)</script>'], ['only spaces', '   '], ['right-to-left override', 'a\u202Eb']];
  }
}

/** Hostile values for `field` of `kind`, kind-specific ones first, each value once. */
export function* hostileValues(field: string, kind: FieldKind): Generator<HostileValue> {
  const seen = new Set<string>();
  for (const [what, value] of [...kindSpecific(kind), ...COMMON]) {
    const key = JSON.stringify(value);
    if (seen.has(key)) continue;
    seen.add(key);
    yield { label: `${field}: ${what}`, value };
  }
}
