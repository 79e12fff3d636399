// Sorting and searching for DataTable, kept apart from React so they are plain functions to test.

export type SortValue = string | number | boolean | null | undefined;
export type SortDirection = 'asc' | 'desc';

export interface SortSpec {
  key: string;
  direction: SortDirection;
}

export interface ColumnModel<T> {
  key: string;
  /** The value this column sorts by; a column without one does not sort. */
  sortValue?: (row: T) => SortValue;
  /** The text a search matches; defaults to the sort value. */
  searchText?: (row: T) => string;
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Numbers numerically, strings naturally ("p2" before "p10"), and empty values last either way. */
export function compareValues(a: SortValue, b: SortValue): number {
  const aEmpty = a === null || a === undefined;
  const bEmpty = b === null || b === undefined;
  if (aEmpty || bEmpty) return aEmpty === bEmpty ? 0 : aEmpty ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return collator.compare(String(a), String(b));
}

export function sortRows<T>(rows: readonly T[], columns: readonly ColumnModel<T>[], sort: SortSpec | null): T[] {
  const column = sort && columns.find((c) => c.key === sort.key);
  if (!sort || !column?.sortValue) return [...rows];
  const value = column.sortValue;
  const sign = sort.direction === 'asc' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index, v: value(row) }))
    .sort((a, b) => {
      const aEmpty = a.v === null || a.v === undefined;
      const bEmpty = b.v === null || b.v === undefined;
      // Empty values stay at the bottom whichever way the column sorts.
      if (aEmpty !== bEmpty) return aEmpty ? 1 : -1;
      return sign * compareValues(a.v, b.v) || a.index - b.index;
    })
    .map((x) => x.row);
}

/** Rows where every word of the query appears in some column's text (case-insensitive). */
export function searchRows<T>(rows: readonly T[], columns: readonly ColumnModel<T>[], query: string): T[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...rows];
  return rows.filter((row) => {
    const haystack = columns
      .map((c) => (c.searchText ? c.searchText(row) : c.sortValue ? String(c.sortValue(row) ?? '') : ''))
      .join('\u0000')
      .toLowerCase();
    return words.every((w) => haystack.includes(w));
  });
}

export function nextSort(current: SortSpec | null, key: string): SortSpec {
  if (current?.key === key) return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { key, direction: 'asc' };
}
