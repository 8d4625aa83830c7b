/**
 * A list's total is counted up to COUNT_CAP + 1 rows: an exact count(*) over a million licenses
 * costs more than the page itself (README, Performance), and nobody pages past ten thousand rows.
 * A total above the cap is shown as "COUNT_CAP+" — the list answers COUNT_CAP + 1 and marks it estimated.
 */
export const COUNT_CAP = 10_000;
