// The filter form and the MessageFilter it becomes. Declarative only: the server matches text and
// walks a dotted path; nothing typed here is ever evaluated as code.
import type { MessageFilter } from '../../../main/contract/index.js';

export interface FilterForm {
  key: string;
  value: string;
  header: string;
  jsonPath: string;
  jsonEquals: string;
}

export const EMPTY_FILTER: FilterForm = { key: '', value: '', header: '', jsonPath: '', jsonEquals: '' };

// `order.items[0].sku`: names of letters, digits, `_`, `$` and `-` joined by dots, each followed by
// any [index] steps; the path starts with a name (the value is an object). As the host parses it.
const NAME = '[A-Za-z0-9_$-]+(?:\\[\\d+\\])*';
const JSON_PATH = new RegExp(`^${NAME}(?:\\.${NAME})*$`);

export function isJsonPath(path: string): boolean {
  return JSON_PATH.test(path);
}

/** Why the form cannot be applied, or null when it can. */
export function filterProblem(form: FilterForm): string | null {
  const path = form.jsonPath.trim();
  if (path && !isJsonPath(path)) return 'A JSON path is field names (letters, digits, _ $ -) joined by dots, with [n] for array items: order.items[0].sku';
  if (!path && form.jsonEquals !== '') return 'Give a JSON path to compare with.';
  return null;
}

/**
 * The filter to send, or undefined when the form is empty. Text is sent as typed (a space can
 * matter in a substring); empty fields are left out, and `jsonEquals` only travels with a path.
 */
export function toMessageFilter(form: FilterForm): MessageFilter | undefined {
  const filter: MessageFilter = {};
  if (form.key !== '') filter.keyContains = form.key;
  if (form.value !== '') filter.valueContains = form.value;
  if (form.header !== '') filter.headerContains = form.header;
  const path = form.jsonPath.trim();
  if (path) {
    filter.jsonPath = path;
    if (form.jsonEquals !== '') filter.jsonEquals = form.jsonEquals;
  }
  return Object.keys(filter).length > 0 ? filter : undefined;
}
