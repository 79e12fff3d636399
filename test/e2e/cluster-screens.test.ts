// The desktop app's check 1, in Chromium against `oxbow serve --brokers 3`: a topic created from the
// Topics screen, then one of its leaders killed and started again from the Brokers screen, with the
// cluster map and the timeline watched meanwhile. The page drives the cluster; the HTTP API is read
// only to check what the page shows. Writes the README's screenshots (docs/screenshots/) on the way.
import kafkajs from 'kafkajs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type Browser } from './helpers/browser.js';
import { readApi, rolesOf, type Role } from './helpers/ground-truth.js';
import { startHeadlessHost, type HeadlessHost } from './helpers/headless-host.js';
import { mapRoles, rowCells, screenshot, timeline } from './helpers/screens.js';

const { Kafka, Partitioners, logLevel } = kafkajs;

const TOPIC = 'orders';
const PARTITIONS = 6;
/** A second topic, created by a client as an application would, so the screenshots show more than one. */
const CLIENT_TOPIC = 'clicks';
const PARTITION_IDS = [...Array(PARTITIONS).keys()];
// Generous: two loaded cores run this beside the rest of the suite. Fencing a killed broker alone
// takes the coordinator's session timeout (about 9 s).
const SETTLE = { timeout: 45_000, interval: 250 };

let host: HeadlessHost | undefined;
let browser: Browser | undefined;
let page: Page;
const pageErrors: string[] = [];

function cluster(): HeadlessHost {
  if (!host) throw new Error('the host did not start');
  return host;
}

const leaderOf = (brokers: Record<number, Role>) => Object.entries(brokers).filter(([, role]) => role === 'leader').map(([id]) => Number(id));
const count = (n: number) => n.toLocaleString('en-US');

/** 'agree' when the page shows what the API answers; otherwise both, for the failure message. */
function agreement<T>(shown: T, truth: T): 'agree' | { shown: T; truth: T } {
  return JSON.stringify(shown) === JSON.stringify(truth) ? 'agree' : { shown, truth };
}

/** Waits until the cluster map draws every replica of the topic in the role the API gives it. */
async function mapAgreesWithApi(url: string): Promise<void> {
  await expect.poll(async () => agreement(await mapRoles(page, TOPIC), rolesOf(await readApi(url, 'getClusterMap', {}), TOPIC)), SETTLE).toBe('agree');
}

/** The partitions table of the topic detail page: leader, replicas and ISR of each row as shown. */
function partitionRows(p: Page) {
  return p.locator('[data-testid^="partition-row-"]').evaluateAll((rows) => rows.map((row) => {
    const td = row.querySelectorAll('td');
    return {
      partition: Number(td[0].textContent),
      leader: td[1].textContent,
      replicas: [...td[2].querySelectorAll('span')].map((s) => s.textContent),
      isr: td[3].textContent,
    };
  }));
}

beforeAll(async () => {
  host = await startHeadlessHost(['--brokers', '3']);
  browser = await launchBrowser();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (err) => pageErrors.push(err.message));
  await page.goto(`${host.url}#/overview`);
  await page.getByTestId('screen-overview').waitFor();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await host?.stop();
}, 60_000);

describe('the cluster screens against oxbow serve --brokers 3', () => {
  /** The broker the kill test picks (the leader of partition 0), started again by the next test. */
  let victim = -1;

  it('keeps what the user typed in the create-topic form when the broker count arrives after it opened', async () => {
    // A slow host: the Topics screen's broker count (listBrokers) is held until the form is filled in.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/listBrokers', async (route) => {
      await held;
      await route.continue();
    });
    try {
      await page.getByTestId('nav-topics').click();
      await page.getByTestId('create-topic-open').click();
      await page.getByTestId('create-topic-name').fill('typed-before-the-count');
      await page.getByTestId('create-topic-partitions').fill('4');
      await page.getByTestId('create-topic-replication').fill('2');
      release();
      await page.getByText('Copies on distinct brokers (3 available).').waitFor();
      expect(await Promise.all(['create-topic-name', 'create-topic-partitions', 'create-topic-replication'].map((id) => page.getByTestId(id).inputValue())))
        .toEqual(['typed-before-the-count', '4', '2']);
    } finally {
      release();
      await page.unroute('**/api/listBrokers');
    }
    await page.getByTestId('create-topic-cancel').click();
    await page.getByTestId('create-topic-modal').waitFor({ state: 'detached' });
  }, 60_000);

  it('creates a topic with 6 partitions and replication factor 3 from the Topics screen', async () => {
    const { url } = cluster();
    await page.getByTestId('nav-topics').click();
    await page.getByTestId('create-topic-open').click();
    await page.getByTestId('create-topic-name').fill(TOPIC);
    await page.getByTestId('create-topic-partitions').fill(String(PARTITIONS));
    await page.getByTestId('create-topic-replication').fill('3');
    await page.getByTestId('create-topic-submit').click();
    await page.getByTestId('create-topic-modal').waitFor({ state: 'detached' });

    await page.getByTestId(`topic-row-${TOPIC}`).waitFor();
    expect((await rowCells(page, `topic-row-${TOPIC}`)).slice(0, 3)).toEqual([TOPIC, '6', '3']);
    const created = await readApi(url, 'describeTopic', { name: TOPIC });
    expect(created.partitions.map((p) => new Set(p.replicas).size)).toEqual(PARTITION_IDS.map(() => 3));

    await page.getByTestId(`topic-link-${TOPIC}`).click();
    await page.getByTestId(`partition-row-${PARTITIONS - 1}`).waitFor();
    expect(await page.getByTestId('topic-partition-count').textContent()).toBe('6');
    await expect.poll(async () => {
      const truth = await readApi(url, 'describeTopic', { name: TOPIC });
      return agreement(await partitionRows(page), truth.partitions.map((p) => ({
        partition: p.partition, leader: String(p.leader), replicas: p.replicas.map(String), isr: `[${p.isr.join(', ')}]`,
      })));
    }, SETTLE).toBe('agree');
    const shown = await partitionRows(page);
    expect(shown.map((r) => r.partition)).toEqual(PARTITION_IDS);
    // A new topic: three distinct replicas per partition, one of them leading, all three in sync.
    for (const row of shown) {
      expect(new Set(row.replicas).size).toBe(3);
      expect(row.replicas).toContain(row.leader);
      expect(row.isr?.replace(/^\[|\]$/g, '').split(', ').sort()).toEqual([...row.replicas].sort());
    }
  }, 90_000);

  it('shows the throughput of a producing client on the Overview, and its records on the Topics screen', async () => {
    const { url, bootstrap } = cluster();
    const kafka = new Kafka({ clientId: 'oxbow-e2e', brokers: bootstrap.split(','), logLevel: logLevel.NOTHING, retry: { initialRetryTime: 100, retries: 10 } });
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({ topics: [{ topic: CLIENT_TOPIC, numPartitions: 3, replicationFactor: 2 }], waitForLeaders: true });
    } finally {
      await admin.disconnect();
    }

    // Idempotent, so a retried batch is never written twice and the Topics screen's counts are exact.
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const produced = { [TOPIC]: 0, [CLIENT_TOPIC]: 0 };
    let producing = true;
    // Back to back, acks=all: each batch waits for the last, so the load follows what the cluster takes.
    const loop = (async () => {
      for (let n = 0; producing; n++) {
        const messages = (topic: string, size: number) => Array.from({ length: size }, (_, i) => ({
          key: `${topic}-${(n * size + i) % 97}`,
          value: JSON.stringify({ n, i, at: Date.now(), note: 'produced by the e2e test for the overview' }),
        }));
        await producer.sendBatch({ acks: -1, topicMessages: [{ topic: TOPIC, messages: messages(TOPIC, 40) }, { topic: CLIENT_TOPIC, messages: messages(CLIENT_TOPIC, 15) }] });
        produced[TOPIC] += 40;
        produced[CLIENT_TOPIC] += 15;
      }
    })();
    loop.catch(() => {}); // awaited below; this only keeps an early failure from counting as unhandled
    try {
      await page.getByTestId('nav-overview').click();
      // A sparkline worth a picture: several seconds of traffic, sampled once a second.
      await expect.poll(async () => (await readApi(url, 'getOverview', {})).throughput.filter((s) => s.messagesInPerSec > 0).length, SETTLE)
        .toBeGreaterThanOrEqual(6);
      await expect.poll(async () => Number(await page.getByTestId('throughput-messages-in').getAttribute('data-samples')), SETTLE).toBeGreaterThanOrEqual(6);
      await expect.poll(() => page.getByTestId('throughput-messages-in-value').textContent(), SETTLE).toMatch(/^[1-9][\d.,KM]*\/s$/);
      await expect.poll(() => page.getByTestId('overview-topics-value').textContent(), SETTLE).toBe('2');
      await expect.poll(() => page.getByTestId('overview-brokers-value').textContent(), SETTLE).toBe('3 / 3');
      await screenshot(page, 'overview');
    } finally {
      producing = false;
      await loop.finally(() => producer.disconnect());
    }
    expect(produced[TOPIC]).toBeGreaterThan(0);

    await page.getByTestId('nav-topics').click();
    await expect.poll(async () => (await rowCells(page, `topic-row-${TOPIC}`))[3], SETTLE).toBe(count(produced[TOPIC]));
    await expect.poll(async () => (await rowCells(page, `topic-row-${CLIENT_TOPIC}`)).slice(1, 4), SETTLE)
      .toEqual(['3', '2', count(produced[CLIENT_TOPIC])]);
    const topics = await readApi(url, 'listTopics', {});
    expect(topics.filter((t) => !t.internal).map((t) => [t.name, t.messageCount]).sort())
      .toEqual([[CLIENT_TOPIC, produced[CLIENT_TOPIC]], [TOPIC, produced[TOPIC]]]);
    await screenshot(page, 'topics');
  }, 90_000);

  it('kills a leader from the Brokers screen and shows its partitions elect new leaders', async () => {
    const { url } = cluster();
    await page.getByTestId('nav-brokers').click();
    await page.getByTestId('cluster-map').waitFor();
    await mapAgreesWithApi(url);
    const before = await mapRoles(page, TOPIC);
    expect(Object.keys(before).map(Number)).toEqual(PARTITION_IDS);
    [victim] = leaderOf(before[0]);
    const ledByVictim = PARTITION_IDS.filter((p) => before[p][victim] === 'leader');
    expect(ledByVictim.length).toBeGreaterThan(0);

    await page.getByTestId(`broker-kill-${victim}`).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(`Kill broker ${victim}?`).waitFor();
    await page.getByTestId('confirm-button').click();
    await page.getByTestId('confirm-modal').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId(`broker-status-${victim}`).getAttribute('data-state'), SETTLE).toBe('killed');

    // Every partition ends with exactly one leader, none of them on the killed broker.
    await expect.poll(async () => Object.values(await mapRoles(page, TOPIC)).map((brokers) => {
      const leaders = leaderOf(brokers);
      return leaders.length === 1 && leaders[0] !== victim;
    }), SETTLE).toEqual(PARTITION_IDS.map(() => true));
    await mapAgreesWithApi(url);
    const after = await mapRoles(page, TOPIC);
    expect(PARTITION_IDS.map((p) => after[p][victim])).toEqual(PARTITION_IDS.map(() => 'out-of-sync'));

    const expected = [
      { type: 'brokerDown', text: `Broker ${victim} killed` },
      ...ledByVictim.map((p) => ({ type: 'leaderElected', text: new RegExp(`^${TOPIC}-${p}: leader ${victim} → ${leaderOf(after[p])[0]} \\(epoch \\d+\\)$`) })),
    ];
    // What the timeline should hold and does not (yet): empty once every item is there.
    await expect.poll(async () => {
      const items = await timeline(page);
      return expected.filter((want) => !items.some((item) => item.type === want.type && (typeof want.text === 'string' ? item.text === want.text : want.text.test(item.text))));
    }, SETTLE).toEqual([]);

    // The picture: the map after the election, its flashes over, beside the timeline.
    await expect.poll(() => page.locator('[data-changed="true"]').count(), SETTLE).toBe(0);
    await screenshot(page, 'brokers');
  }, 90_000);

  it('starts the killed broker from the Brokers screen and shows it rejoin the ISR', async () => {
    const { url } = cluster();
    expect(victim).toBeGreaterThanOrEqual(0);
    await page.getByTestId(`broker-start-${victim}`).click();
    await expect.poll(() => page.getByTestId(`broker-status-${victim}`).getAttribute('data-state'), SETTLE).toBe('running');

    await expect.poll(async () => {
      const roles = await mapRoles(page, TOPIC);
      return PARTITION_IDS.map((p) => roles[p]?.[victim] === 'follower' || roles[p]?.[victim] === 'leader');
    }, SETTLE).toEqual(PARTITION_IDS.map(() => true));
    await mapAgreesWithApi(url);
    const truth = await readApi(url, 'getClusterMap', {});
    expect(truth.partitions.filter((p) => p.topic === TOPIC).map((p) => p.isr.includes(victim))).toEqual(PARTITION_IDS.map(() => true));

    // One "ISR expanded" item per partition, each naming an ISR with the broker back in it.
    await expect.poll(async () => {
      const items = await timeline(page);
      return PARTITION_IDS.map((p) => items.some((item) => {
        const isr = new RegExp(`^${TOPIC}-${p}: ISR expanded to \\[([\\d,]+)\\]$`).exec(item.text)?.[1];
        return item.type === 'isrChanged' && isr !== undefined && isr.split(',').map(Number).includes(victim);
      }));
    }, SETTLE).toEqual(PARTITION_IDS.map(() => true));
    expect(await page.getByTestId(`broker-status-${victim}`).textContent()).toBe('running');
  }, 90_000);

  it('raised no error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
