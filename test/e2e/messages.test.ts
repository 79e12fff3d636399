// The message browser's check 1, in Chromium against `oxbow serve`: kafkajs produces 5,000 JSON
// records in two halves half an hour apart (explicit CreateTime timestamps); the page browses them
// from the oldest, exports them as JSON Lines (the exported values must be the produced strings),
// filters on a JSON field (kind = odd), opens one in the drawer, and jumps to the second half's
// first timestamp. The page does the reading; kafkajs only writes, as an application would.
import fs from 'node:fs';
import kafkajs from 'kafkajs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type Browser } from './helpers/browser.js';
import { startHeadlessHost, type HeadlessHost } from './helpers/headless-host.js';

const { Kafka, Partitioners, logLevel } = kafkajs;

const TOPIC = 'e2e-events';
const COUNT = 5000;
const HALF = COUNT / 2;
// Generous: two loaded cores run this beside the rest of the suite.
const SETTLE = { timeout: 60_000, interval: 250 };

/** Whole minutes, so the date-time input can name the second half's first timestamp exactly. */
const SECOND_HALF_AT = Math.floor(Date.now() / 60_000) * 60_000 - 60 * 60_000;
const FIRST_HALF_AT = SECOND_HALF_AT - 30 * 60_000;
const timestampOf = (i: number) => (i < HALF ? FIRST_HALF_AT + i : SECOND_HALF_AT + (i - HALF));

interface Produced {
  key: string;
  value: string;
  timestamp: number;
}

// Deliberately varied spacing and a non-ASCII string, so "the same strings" is a real check.
const produced: Produced[] = Array.from({ length: COUNT }, (_, i) => {
  const kind = i % 2 ? 'odd' : 'even';
  const value = i % 10 === 0 ? `{ "id": ${i}, "kind": "${kind}", "ts": ${timestampOf(i)}, "note": "déjà vu, \\"quoted\\"" }` : JSON.stringify({ id: i, kind, ts: timestampOf(i) });
  return { key: `key-${i}`, value, timestamp: timestampOf(i) };
});

let host: HeadlessHost | undefined;
let browser: Browser | undefined;
let page: Page;
const pageErrors: string[] = [];

async function produceAll(bootstrap: string): Promise<void> {
  const kafka = new Kafka({ clientId: 'oxbow-e2e-messages', brokers: bootstrap.split(','), logLevel: logLevel.NOTHING, retry: { initialRetryTime: 100, retries: 10 } });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    for (let at = 0; at < COUNT; at += 500) {
      await producer.send({
        topic: TOPIC,
        acks: -1,
        messages: produced.slice(at, at + 500).map((m) => ({ key: m.key, value: m.value, timestamp: String(m.timestamp), headers: { source: 'e2e' } })),
      });
    }
  } finally {
    await producer.disconnect();
  }
}

/** `YYYY-MM-DDTHH:mm` in local time: what a datetime-local input holds (the browser shares this machine's zone). */
function dateTimeInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const loaded = async () => Number(await page.getByTestId('messages-count').getAttribute('data-count'));

/** The rows the virtualized list has in the DOM, in order: their test ids and value previews. */
function shownRows(): Promise<{ id: string; value: string }[]> {
  return page.getByTestId('message-list').locator('[data-testid^="message-row-"]').evaluateAll((rows) =>
    rows.map((r) => ({ id: r.getAttribute('data-testid') ?? '', value: r.querySelector('[data-testid="message-cell-value"]')?.textContent ?? '' })));
}

/** Clicks "Load more" until `count` records are loaded (each click waits for the previous page). */
async function loadUntil(count: number): Promise<void> {
  const more = page.getByTestId('messages-load-more');
  await expect.poll(async () => {
    const n = await loaded();
    if (n < count && (await more.isEnabled())) await more.click();
    return n;
  }, SETTLE).toBe(count);
}

async function pickStart(label: string): Promise<void> {
  await page.getByTestId('messages-start').getByText(label, { exact: true }).click();
}

async function go(): Promise<void> {
  await page.getByTestId('messages-go').click();
}

beforeAll(async () => {
  host = await startHeadlessHost();
  await produceAll(host.bootstrap);
  browser = await launchBrowser();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (err) => pageErrors.push(err.message));
  await page.goto(`${host.url}#/topics/${TOPIC}`);
  await page.getByTestId('browse-messages').click();
  await page.getByTestId('screen-messages').waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await host?.stop();
}, 60_000);

describe('the message browser against oxbow serve', () => {
  it('browses all 5,000 records from the oldest', async () => {
    expect(page.url()).toContain(`#/messages/${TOPIC}`);
    await page.getByTestId('messages-page-size').selectOption('1000');
    await pickStart('Oldest');
    await go();
    await page.getByTestId('message-row-0-0').waitFor();
    await loadUntil(COUNT);
    const first = await shownRows();
    expect(first[0]).toEqual({ id: 'message-row-0-0', value: produced[0].value.replace(/\s+/g, ' ') });
    expect(first[1]).toEqual({ id: 'message-row-0-1', value: produced[1].value });
  }, 120_000);

  it('exports what is loaded as JSON Lines, with the values exactly as produced', async () => {
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId('export-jsonl').click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^${TOPIC}-.*\\.jsonl$`));
    const text = fs.readFileSync(await download.path(), 'utf8');
    const lines = text.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(COUNT);
    const records = lines.map((l) => JSON.parse(l) as { topic: string; partition: number; offset: number; timestamp: number; key: unknown; value: unknown; headers: unknown });
    expect(Object.keys(records[0])).toEqual(['topic', 'partition', 'offset', 'timestamp', 'key', 'value', 'headers']);
    // The same set of values, the same strings (and each where it was produced).
    expect(new Set(records.map((r) => r.value))).toEqual(new Set(produced.map((p) => p.value)));
    const mismatched = records.filter((r) => {
      const p = produced[r.offset];
      return !p || r.topic !== TOPIC || r.partition !== 0 || r.value !== p.value || r.key !== p.key || r.timestamp !== p.timestamp
        || JSON.stringify(r.headers) !== '[{"key":"source","value":"e2e"}]';
    });
    expect(mismatched.slice(0, 3)).toEqual([]);
  }, 120_000);

  it('filters on a JSON field: kind = odd shows only odd ids', async () => {
    await page.getByTestId('filter-json-path').fill('kind');
    await page.getByTestId('filter-json-equals').fill('odd');
    await page.getByTestId('filter-apply').click();
    await page.getByTestId('message-row-0-1').waitFor();
    await page.getByTestId('messages-scanned').waitFor();
    await loadUntil(HALF);
    const rows = await shownRows();
    expect(rows.length).toBeGreaterThan(5);
    expect(rows[0].id).toBe('message-row-0-1');
    const ids = rows.map((r) => (JSON.parse(r.value) as { id: number; kind: string }));
    expect(ids.filter((v) => v.id % 2 !== 1 || v.kind !== 'odd')).toEqual([]);
    // Scanned counts the records filtered out too: about all 5,000 to find the 2,500 odd ones.
    expect(Number(await page.getByTestId('messages-scanned').getAttribute('data-scanned'))).toBeGreaterThan(HALF);
  }, 120_000);

  it('opens a record in the drawer', async () => {
    await page.getByTestId('message-row-0-7').click();
    const drawer = page.getByTestId('message-drawer');
    await drawer.getByTestId('message-offset').getByText('7', { exact: true }).waitFor();
    const value = drawer.getByTestId('message-value');
    await expect.poll(() => value.getAttribute('data-format'), SETTLE).toBe('json');
    const text = (await value.textContent()) ?? '';
    expect(text).toContain('"id": 7');
    expect(text).toContain('"kind": "odd"');
    expect(await drawer.getByTestId('message-key').textContent()).toBe('key-7');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
  }, 60_000);

  it("jumps to a timestamp: the second half's first record is at the top", async () => {
    await page.getByTestId('filter-clear').click();
    await expect.poll(() => page.getByTestId('messages-scanned').count(), SETTLE).toBe(0);
    await pickStart('Time');
    await page.getByTestId('messages-timestamp').fill(dateTimeInput(SECOND_HALF_AT));
    await go();
    await expect.poll(async () => (await shownRows())[0]?.id, SETTLE).toBe(`message-row-0-${HALF}`);
    expect((await shownRows())[0].value).toBe(produced[HALF].value);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
