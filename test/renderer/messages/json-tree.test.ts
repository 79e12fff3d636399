// @vitest-environment jsdom
import { fireEvent, render, screen } from '@testing-library/react';
import { createElement as h } from 'react';
import { describe, expect, it } from 'vitest';
import { Providers } from '../ui.js';
import '../dom.js';
import { JsonTree, ValueView } from './ui.js';
import { encoded } from './records.js';

const inApp = (element: ReturnType<typeof h>) => render(h(Providers, { env: 'test', children: element }));

describe('the JSON tree', () => {
  const doc = { id: 7, kind: 'odd', ok: true, none: null, order: { items: [{ sku: 'A-1' }, { sku: 'B-2' }] }, empty: {} };

  it('shows keys, typed values and nesting, open a few levels deep', () => {
    inApp(h(JsonTree, { value: doc, testId: 'tree' }));
    const tree = screen.getByTestId('tree');
    expect(tree.textContent).toContain('"id": 7,');
    expect(tree.textContent).toContain('"kind": "odd",');
    expect(tree.textContent).toContain('"ok": true');
    expect(tree.textContent).toContain('"none": null');
    expect(tree.textContent).toContain('"empty": {}');
    expect(tree.querySelector('[data-json-path="$.order.items[0].sku"]')?.textContent).toBe('"sku": "A-1"');
  });

  it('collapses and expands a container, summarising it when closed', () => {
    inApp(h(JsonTree, { value: doc, testId: 'tree' }));
    const toggle = screen.getByTestId('json-toggle-$.order.items');
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    fireEvent.click(toggle);
    expect(screen.getByTestId('tree').textContent).not.toContain('A-1');
    expect(screen.getByTestId('tree').textContent).toContain('[ 2 items ]');
    fireEvent.click(toggle);
    expect(screen.getByTestId('tree').textContent).toContain('A-1');
  });

  it('opens deep levels only when asked, and long arrays a part at a time', () => {
    inApp(h(JsonTree, { value: { a: { b: { c: { d: 'deep' } } }, list: Array.from({ length: 250 }, (_, i) => i) }, openDepth: 2, testId: 'tree' }));
    expect(screen.getByTestId('tree').textContent).not.toContain('deep');
    fireEvent.click(screen.getByTestId('json-toggle-$.a.b'));
    fireEvent.click(screen.getByTestId('json-toggle-$.a.b.c'));
    expect(screen.getByTestId('tree').textContent).toContain('"d": "deep"');
    expect(screen.getByTestId('json-more-$.list').textContent).toContain('50 more');
    expect(screen.getByTestId('tree').querySelector('[data-json-path="$.list[249]"]')).toBeNull();
    fireEvent.click(screen.getByTestId('json-more-$.list'));
    expect(screen.getByTestId('tree').querySelector('[data-json-path="$.list[249]"]')?.textContent).toBe('249');
  });
});

describe('a value in the drawer', () => {
  it('starts in the detected format and switches to the others', () => {
    inApp(h(ValueView, { bytes: encoded('{"id":1}'), testId: 'v' }));
    expect(screen.getByTestId('v').getAttribute('data-format')).toBe('json');
    fireEvent.click(screen.getByLabelText('Text'));
    expect(screen.getByTestId('v').textContent).toBe('{"id":1}');
    fireEvent.click(screen.getByLabelText('Hex'));
    expect(screen.getByTestId('v').textContent).toContain('7b 22 69 64');
    fireEvent.click(screen.getByLabelText('Base64'));
    expect(screen.getByTestId('v').textContent).toBe('eyJpZCI6MX0=');
  });

  it('shows binary as hex and offers neither JSON nor text', () => {
    inApp(h(ValueView, { bytes: encoded(new Uint8Array([0xff, 0x00])), testId: 'v' }));
    expect(screen.getByTestId('v').getAttribute('data-format')).toBe('hex');
    expect((screen.getByLabelText('JSON') as HTMLInputElement).disabled).toBe(true);
    expect((screen.getByLabelText('Text') as HTMLInputElement).disabled).toBe(true);
  });

  it('says null for a null value', () => {
    inApp(h(ValueView, { bytes: null, testId: 'v' }));
    expect(screen.getByTestId('v').textContent).toBe('null');
  });
});
