// The desktop app's check 2, in Chromium against `oxbow serve` (3 brokers): a kafkajs consumer
// group falls behind a faster producer, then catches up. The group's page shows the lag chart
// rising then falling and the status going from WARN to OK; after the host is stopped and started
// again on the same data directory, the chart still shows the history from before the restart.
//
// Timing: OXBOW_LAG_SAMPLE_SECONDS=1 (the child's environment), so a sample a second. Burrow's WARN
// needs the lag to grow across every commit in the window (10 commits by default, at least 1 s
// apart, with the engine's commit timestamps): the slow consumer commits after every record
// (autoCommitThreshold 1) and the producer writes ~12x faster than it reads, so lag rises at every
// sample; one stalled second of the producer at worst delays WARN until the dip leaves the
// window. No window tuning is needed. Deadlines are generous for two loaded cores.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import kafkajs, { type Consumer, type Producer } from 'kafkajs';
import type { Page } from 'playwright-core';
import type { ApiArgs, ApiResult, HttpAnswer } from '../../main/contract/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type Browser } from './helpers/browser.js';
import { startHeadlessHost, type HeadlessHost } from './helpers/headless-host.js';

const { Kafka, Partitioners, logLevel } = kafkajs;

const TOPIC = 'payments';
const GROUP = 'lag-demo';
const ENV = { OXBOW_LAG_SAMPLE_SECONDS: '1' };
/** The slow consumer's time per record (the workload, not a wait): ~4 records/s against ~50/s produced. */
const SLOW_RECORD_MS = 250;
const PRODUCE_EVERY_MS = 100;
const PRODUCE_BATCH = 5;
const SETTLE = { timeout: 90_000, interval: 250 };

let dataDir: string;
let host: HeadlessHost | undefined;
let browser: Browser | undefined;
let page: Page;
const pageErrors: string[] = [];
let producing: { stop(): Promise<void> } | null = null;
let consumer: Consumer | null = null;
let slow = true;

function kafkaOf(bootstrap: string) {
  return new Kafka({ clientId: 'groups-lag-e2e', brokers: bootstrap.split(','), logLevel: logLevel.NOTHING });
}

/** Produces PRODUCE_BATCH records every PRODUCE_EVERY_MS until stopped. */
function startProducing(producer: Producer): { stop(): Promise<void> } {
  let running = true;
  let n = 0;
  const loop = (async () => {
    while (running) {
      await producer.send({ topic: TOPIC, messages: Array.from({ length: PRODUCE_BATCH }, () => ({ value: `payment-${n++}` })) });
      await new Promise((resolve) => setTimeout(resolve, PRODUCE_EVERY_MS));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
    },
  };
}

/** The host's own answer, to check the page against (read-only calls). */
async function readApi<M extends 'describeGroup' | 'lagHistory'>(url: string, method: M, args: ApiArgs<M>): Promise<ApiResult<M>> {
  const res = await fetch(new URL(`api/${method}`, url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(args) });
  const answer = (await res.json()) as HttpAnswer<ApiResult<M>>;
  if (!answer.ok) throw new Error(`${method} answered ${res.status}: ${answer.error.code} ${answer.error.message}`);
  return answer.result;
}

type Point = [number, number];

/** What the chart plots, as its container says. */
async function chartPoints(p: Page): Promise<Point[]> {
  const raw = await p.getByTestId('lag-chart').getAttribute('data-points');
  return raw ? (JSON.parse(raw) as Point[]) : [];
}

/**
 * Loads a route and waits for its screen. A page that comes up empty is loaded again: the static
 * bundle may be missing for a moment while the renderer is rebuilt beside a running test.
 */
async function open(url: string, route: string, screen: string): Promise<void> {
  await expect.poll(async () => {
    // From a blank page, so a retry loads the document again rather than only moving to the hash.
    await page.goto('about:blank');
    await page.goto(`${url}${route}`);
    return page.getByTestId(screen).waitFor({ timeout: 10_000 }).then(() => true, () => false);
  }, SETTLE).toBe(true);
}

const statusShown = (p: Page) => p.getByTestId(`group-status-${GROUP}`).getAttribute('data-status');

/** The highest point and how far the series climbed to it and fell after it. */
function shape(points: Point[]): { peak: number; rise: number; fall: number } {
  if (points.length === 0) return { peak: 0, rise: 0, fall: 0 };
  let top = 0;
  points.forEach(([, lag], i) => {
    if (lag > points[top][1]) top = i;
  });
  const peak = points[top][1];
  const before = Math.min(...points.slice(0, top + 1).map(([, lag]) => lag));
  const after = Math.min(...points.slice(top).map(([, lag]) => lag));
  return { peak, rise: peak - before, fall: peak - after };
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oxbow-e2e-lag-'));
  host = await startHeadlessHost(['--brokers', '3'], { env: ENV, dataDir });
  browser = await launchBrowser();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (err) => pageErrors.push(err.message));
}, 120_000);

afterAll(async () => {
  await producing?.stop().catch(() => {});
  await consumer?.disconnect().catch(() => {});
  await browser?.close();
  await host?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}, 90_000);

describe('consumer lag against oxbow serve', () => {
  /** The peak of the chart before the restart: [at, lag]. */
  let peakBefore: Point | null = null;
  let restartedAt = 0;

  it('shows a slow group falling behind: lag rising on the chart, status WARN', async () => {
    const kafka = kafkaOf(host!.bootstrap);
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 1, replicationFactor: 3 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    producing = {
      stop: (() => {
        const run = startProducing(producer);
        return async () => {
          await run.stop();
          await producer.disconnect();
        };
      })(),
    };

    consumer = kafka.consumer({ groupId: GROUP, sessionTimeout: 20_000, heartbeatInterval: 1_000, maxWaitTimeInMs: 200, maxBytesPerPartition: 16 * 1024 });
    await consumer.connect();
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
    // A commit after every record: Burrow judges the lag at each commit.
    await consumer.run({
      autoCommitThreshold: 1,
      eachMessage: async () => {
        if (slow) await new Promise((resolve) => setTimeout(resolve, SLOW_RECORD_MS));
      },
    });

    await open(host!.url, '#/groups', 'screen-groups');
    await expect.poll(() => page.getByTestId(`group-row-${GROUP}`).count(), SETTLE).toBe(1);
    await page.getByTestId(`group-link-${GROUP}`).click();
    await page.getByTestId('screen-group').waitFor();

    await expect.poll(() => statusShown(page), SETTLE).toBe('WARN');
    await expect.poll(async () => shape(await chartPoints(page)).rise, SETTLE).toBeGreaterThanOrEqual(100);
    // The reason says why, and the API agrees with the page.
    expect(await page.getByTestId('group-status-reason').textContent()).toMatch(/lag did not go down/);
    const members = await readApi(host!.url, 'describeGroup', { groupId: GROUP });
    expect(members).toMatchObject({ memberCount: 1, topics: [TOPIC] });
    expect(await page.getByTestId('group-member-count').textContent()).toBe('1');
  });

  it('shows it catching up once it consumes fast: lag falling on the chart, status OK', async () => {
    slow = false;
    await expect.poll(() => statusShown(page), SETTLE).toBe('OK');
    await expect.poll(async () => {
      const { peak, fall } = shape(await chartPoints(page));
      return peak >= 100 && fall >= peak / 2;
    }, SETTLE).toBe(true);

    const points = await chartPoints(page);
    const top = points.reduce((best, p) => (p[1] > best[1] ? p : best), points[0]);
    peakBefore = top;
    // The list shows the same status.
    await page.getByTestId('group-back').click();
    await expect.poll(() => page.getByTestId(`group-status-${GROUP}`).getAttribute('data-status'), SETTLE).toBe('OK');
  });

  it('keeps the chart\'s history across a restart of the host on the same data directory', async () => {
    await producing!.stop();
    producing = null;
    await consumer!.disconnect();
    consumer = null;
    const before = await readApi(host!.url, 'lagHistory', { groupId: GROUP, from: 0 });
    // At least the climb, the peak and the fall.
    expect(before.length).toBeGreaterThanOrEqual(3);

    await host!.stop();
    restartedAt = Date.now();
    host = await startHeadlessHost(['--brokers', '3'], { env: ENV, dataDir });

    await open(host.url, `#/groups/${GROUP}`, 'screen-group');
    await page.getByTestId('lag-window').getByText('1h').click();
    await expect.poll(() => page.getByTestId('lag-chart').getAttribute('data-window'), SETTLE).toBe('1h');
    // Every reading from before the restart is still charted, the peak among them.
    await expect.poll(async () => {
      const points = await chartPoints(page);
      const earlier = points.filter(([at]) => at < restartedAt);
      return earlier.length >= before.length && earlier.some(([at, lag]) => at === peakBefore![0] && lag === peakBefore![1]);
    }, SETTLE).toBe(true);
    // The group survived the restart too (its offsets are in __consumer_offsets), now without members.
    await expect.poll(() => page.getByTestId('group-state').textContent(), SETTLE).toBe('Empty');
    expect(pageErrors).toEqual([]);
  });
});
