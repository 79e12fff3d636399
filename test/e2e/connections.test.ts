// The desktop app's check 4, in Chromium against `oxbow serve`: a second Oxbow cluster, started as
// a separate process, stands in for an external Kafka cluster with a topic and a consumer group.
// Through the Connections screen the user adds it, tests it (its cluster id comes back), and uses
// it: the Topics screen then lists its topic and not the embedded cluster's, the Consumer groups
// screen lists its group, the Brokers entry is gone; switching back from the header brings the
// embedded cluster back. The page drives; the HTTP API is only read to check what it shows.
import kafkajs from 'kafkajs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiArgs, ApiResult, HttpAnswer } from '../../main/contract/index.js';
import { launchBrowser, type Browser } from './helpers/browser.js';
import { startHeadlessHost, startServe, type HeadlessHost } from './helpers/headless-host.js';

const { Kafka, Partitioners, logLevel } = kafkajs;

const NAME = 'Second Oxbow';
const EXTERNAL_TOPIC = 'second-orders';
const EMBEDDED_TOPIC = 'first-only';
const GROUP = 'second-readers';
const MESSAGES = 6;
// Generous: two loaded cores run this beside the rest of the suite.
const SETTLE = { timeout: 45_000, interval: 250 };

interface SecondCluster {
  bootstrap: string;
  clusterId: string;
  stop(): Promise<void>;
}

let second: SecondCluster | undefined;
let host: HeadlessHost | undefined;
let browser: Browser | undefined;
let page: Page;
const pageErrors: string[] = [];

/** `oxbow serve --no-ui` in its own process, on free ports and a temporary data directory; stopped by its PID. */
async function startSecondCluster(): Promise<SecondCluster> {
  const served = await startServe(['--no-ui', '--brokers', '1'], {}, { clusterId: /Oxbow cluster (\S+) is up/, bootstrap: /bootstrap servers: (\S+)/ });
  return { bootstrap: served.printed.bootstrap, clusterId: served.printed.clusterId, stop: served.stop };
}

const kafkaOf = (bootstrap: string) => new Kafka({ clientId: 'connections-e2e', brokers: bootstrap.split(','), logLevel: logLevel.NOTHING });

async function createTopic(bootstrap: string, topic: string): Promise<void> {
  const admin = kafkaOf(bootstrap).admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: 2, replicationFactor: 1 }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}

/** Produces, then reads everything with a consumer group and commits; the group stays, empty, with its offsets. */
async function produceAndConsume(bootstrap: string): Promise<void> {
  const kafka = kafkaOf(bootstrap);
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    await producer.send({ topic: EXTERNAL_TOPIC, acks: -1, messages: Array.from({ length: MESSAGES }, (_, i) => ({ key: `o-${i}`, value: `order ${i}` })) });
  } finally {
    await producer.disconnect();
  }
  const consumer = kafka.consumer({ groupId: GROUP, maxWaitTimeInMs: 200 });
  let timer: NodeJS.Timeout | undefined;
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: EXTERNAL_TOPIC, fromBeginning: true });
    let seen = 0;
    const done = new Promise<void>((resolve) => {
      void consumer.run({
        autoCommit: false,
        eachMessage: async ({ topic, partition, message }) => {
          await consumer.commitOffsets([{ topic, partition, offset: String(Number(message.offset) + 1) }]);
          if (++seen === MESSAGES) resolve();
        },
      });
    });
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the group read ${seen} of ${MESSAGES} records in 60 s`)), 60_000);
    });
    await Promise.race([done, deadline]);
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
}

/** The host's own answer, to check the page against (read-only calls). */
async function readApi<M extends 'listGroups' | 'getConnection' | 'listConnections'>(method: M, args: ApiArgs<M>): Promise<ApiResult<M>> {
  const res = await fetch(new URL(`api/${method}`, host!.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(args) });
  const answer = (await res.json()) as HttpAnswer<ApiResult<M>>;
  if (!answer.ok) throw new Error(`${method} answered ${res.status}: ${answer.error.code} ${answer.error.message}`);
  return answer.result;
}

const topicRows = (p: Page) => p.locator('[data-testid^="topic-row-"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')!.slice('topic-row-'.length)).sort());

beforeAll(async () => {
  [second, host] = await Promise.all([startSecondCluster(), startHeadlessHost(['--brokers', '1'])]);
  await Promise.all([createTopic(second.bootstrap, EXTERNAL_TOPIC), createTopic(host.bootstrap, EMBEDDED_TOPIC)]);
  await produceAndConsume(second.bootstrap);
  browser = await launchBrowser();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (err) => pageErrors.push(err.message));
  await page.goto(`${host.url}#/connections`);
  await page.getByTestId('screen-connections').waitFor();
}, 150_000);

afterAll(async () => {
  await browser?.close();
  await host?.stop();
  await second?.stop();
}, 60_000);

describe('an external cluster through the Connections screen', () => {
  let id = '';

  it('adds the second cluster, tests it (its cluster id comes back) and saves it', async () => {
    await page.getByTestId('connection-add').click();
    // The form is a dialog; the header also shows a connection name and bootstrap, outside it.
    const form = page.getByRole('dialog');
    await form.getByTestId('connection-name').fill(NAME);
    await form.getByTestId('connection-bootstrap').fill(second!.bootstrap);
    await form.getByTestId('connection-test').click();
    const result = form.getByTestId('connection-test-result');
    await expect.poll(() => result.getAttribute('data-ok'), SETTLE).toBe('true');
    expect(await form.getByTestId('connection-test-cluster-id').textContent()).toBe(second!.clusterId);
    await form.getByTestId('connection-save').click();
    await form.waitFor({ state: 'detached' });

    const saved = (await readApi('listConnections', {})).find((c) => c.name === NAME);
    expect(saved).toMatchObject({ kind: 'external', bootstrap: second!.bootstrap, sasl: null, tls: null, selected: false });
    id = saved!.id;
    await page.getByTestId(`connection-row-${id}`).waitFor();
  });

  it('uses it: the header names it, Brokers leaves the navigation', async () => {
    await page.getByTestId(`connection-use-${id}`).click();
    await expect.poll(() => page.getByTestId('connection-name').first().textContent(), SETTLE).toBe(NAME);
    expect(await page.getByTestId('connection-kind').textContent()).toBe('external');
    await page.getByTestId(`connection-selected-${id}`).waitFor();
    await page.getByTestId('nav-brokers').waitFor({ state: 'detached' });
    expect(await readApi('getConnection', {})).toEqual({ kind: 'external', name: NAME, bootstrap: second!.bootstrap, clusterId: second!.clusterId, dataDir: null });
  });

  it('shows the second cluster’s topics, not the embedded cluster’s', async () => {
    await page.getByTestId('nav-topics').click();
    await page.getByTestId('screen-topics').waitFor();
    await expect.poll(() => topicRows(page), SETTLE).toEqual([EXTERNAL_TOPIC]);
    const row = await page.getByTestId(`topic-row-${EXTERNAL_TOPIC}`).textContent();
    expect(row).toContain(String(MESSAGES));
  });

  it('shows the second cluster’s consumer group', async () => {
    // The host's answer first: the group as the selected connection lists it.
    await expect.poll(async () => (await readApi('listGroups', {})).map((g) => g.groupId), SETTLE).toContain(GROUP);
    await page.getByTestId('nav-groups').click();
    await page.getByTestId('screen-groups').waitFor();
    await page.getByTestId(`group-row-${GROUP}`).waitFor({ timeout: SETTLE.timeout });
  });

  it('switches back to the embedded cluster from the header', async () => {
    await page.getByTestId('connection-switcher').click();
    await page.getByTestId('connection-switch-embedded').click();
    await expect.poll(() => page.getByTestId('connection-kind').textContent(), SETTLE).toBe('embedded');
    await page.getByTestId('nav-brokers').waitFor();
    await page.getByTestId('nav-topics').click();
    await expect.poll(() => topicRows(page), SETTLE).toEqual([EMBEDDED_TOPIC]);
    expect(pageErrors).toEqual([]);
  });
});
