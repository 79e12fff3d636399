// A JSON document as a collapsible tree: objects and arrays open to `openDepth` levels, each with
// a toggle (`json-toggle-<path>`, path like `$.order.items[0]`). Children render only when open,
// and long containers show their first items with a button for the rest.
import { useState } from 'react';
import './messages.css';

const FIRST_ITEMS = 200;

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

function childPath(path: string, key: string, array: boolean): string {
  if (array) return `${path}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function Primitive({ value }: { value: unknown }) {
  if (typeof value === 'string') return <span className="oxbow-json-string">{JSON.stringify(value)}</span>;
  if (typeof value === 'number') return <span className="oxbow-json-number">{String(value)}</span>;
  return <span className="oxbow-json-literal">{String(value)}</span>;
}

function Label({ name }: { name: string | undefined }) {
  return name === undefined ? null : <><span className="oxbow-json-key">{JSON.stringify(name)}</span>: </>;
}

function Node({ name, value, path, depth, openDepth, last }: {
  name: string | undefined;
  value: unknown;
  path: string;
  depth: number;
  openDepth: number;
  last: boolean;
}) {
  const [open, setOpen] = useState(depth < openDepth);
  const [showAll, setShowAll] = useState(false);
  const comma = last ? '' : ',';
  if (!isContainer(value)) {
    return <div data-json-path={path}><Label name={name} /><Primitive value={value} />{comma}</div>;
  }
  const array = Array.isArray(value);
  const entries: [string, unknown][] = array ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  const [opening, closing] = array ? ['[', ']'] : ['{', '}'];
  const summary = array ? `${entries.length} item${entries.length === 1 ? '' : 's'}` : `${entries.length} key${entries.length === 1 ? '' : 's'}`;
  if (entries.length === 0) {
    return <div data-json-path={path}><span className="oxbow-json-toggle" /><Label name={name} />{opening}{closing}{comma}</div>;
  }
  const shown = showAll ? entries : entries.slice(0, FIRST_ITEMS);
  return (
    <div data-json-path={path}>
      <button type="button" className="oxbow-json-toggle" onClick={() => setOpen((o) => !o)} aria-expanded={open}
        aria-label={open ? `Collapse ${path}` : `Expand ${path}`} data-testid={`json-toggle-${path}`}>
        {open ? '▾' : '▸'}
      </button>
      <Label name={name} />
      {open ? (
        <>
          {opening}
          <div className="oxbow-json-children">
            {shown.map(([k, v], i) => (
              <Node key={k} name={array ? undefined : k} value={v} path={childPath(path, k, array)} depth={depth + 1} openDepth={openDepth}
                last={i === entries.length - 1} />
            ))}
            {shown.length < entries.length && (
              <button type="button" className="oxbow-json-toggle" style={{ width: 'auto' }} onClick={() => setShowAll(true)} data-testid={`json-more-${path}`}>
                … {entries.length - shown.length} more
              </button>
            )}
          </div>
          {closing}{comma}
        </>
      ) : (
        <>{opening} <span className="oxbow-json-summary">{summary}</span> {closing}{comma}</>
      )}
    </div>
  );
}

export function JsonTree({ value, openDepth = 4, testId }: { value: unknown; openDepth?: number; testId?: string }) {
  return (
    <div className="oxbow-json" data-testid={testId}>
      <Node name={undefined} value={value} path="$" depth={0} openDepth={openDepth} last />
    </div>
  );
}
