// The tests' browser: headless Chromium driven by playwright-core, one JSON command a line on stdin, one JSON
// answer a line on stdout (testkit's Browser). Every wait is the page's own DOM, as a user would see it.
'use strict';
const { chromium } = require(process.env.PLAYWRIGHT_CORE);
const readline = require('readline');

let browser, page;
const dialogs = [];

const sel = {
  row: (pid) => `tr.agent[data-pid="${pid}"]`,
};

async function open() {
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM, args: ['--no-sandbox'], headless: true });
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 800 } });
  page = await ctx.newPage();
  page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  page.on('console', (m) => process.stderr.write('[page] ' + m.type() + ' ' + m.text() + '\n'));
  page.on('pageerror', (e) => process.stderr.write('[page error] ' + e.message + '\n'));
}

const ops = {
  async goto(c) {
    if (!browser) await open();
    const r = await page.goto(c.url, { waitUntil: 'domcontentloaded' });
    return { status: r.status(), url: page.url() };
  },
  // waits until the agent's row shows this state; how long that took, from the command
  async waitState(c) {
    const t0 = Date.now();
    await page.waitForSelector(`${sel.row(c.pid)}[data-state="${c.state}"]`, { timeout: c.timeout || 10000 });
    return { ms: Date.now() - t0 };
  },
  async rows() {
    return {
      rows: await page.$$eval('tr.agent', (trs) => trs.map((tr) => ({
        pid: tr.dataset.pid, state: tr.dataset.state, cells: [...tr.querySelectorAll('td')].map((td) => td.textContent),
      }))),
    };
  },
  async click(c) {
    await page.click(sel.row(c.pid));
    return {};
  },
  async keys(c) {
    for (const k of c.keys) await page.keyboard.press(k);
    return {};
  },
  async type(c) {
    await page.keyboard.type(c.text);
    return {};
  },
  // waits until the screen pane's text contains c.text; the pane's text and HTML then
  async waitScreen(c) {
    const t0 = Date.now();
    await page.waitForFunction((t) => document.getElementById('screen').textContent.includes(t), c.text, { timeout: c.timeout || 10000, polling: 'raf' });
    return { ms: Date.now() - t0, ...(await screenOf()) };
  },
  async screen() {
    return screenOf();
  },
  async reload() {
    await page.reload({ waitUntil: 'domcontentloaded' });
    return { url: page.url() };
  },
  async reply(c) {
    await page.fill('#reply', c.text);
    await page.click('#send');
    await page.waitForFunction(() => { const t = document.getElementById('outcome').textContent; return t && t !== 'sending…'; }, null, { timeout: c.timeout || 20000 });
    return { outcome: await page.textContent('#outcome') };
  },
  async show() {
    await page.click('#show');
    await page.waitForFunction(() => { const t = document.getElementById('outcome').textContent; return t && t !== 'showing…'; }, null, { timeout: 20000 });
    return { outcome: await page.textContent('#outcome') };
  },
  async more() {
    await page.click('#more');
    return {};
  },
  async dialogs() {
    return { dialogs };
  },
  async screenshot(c) {
    await page.screenshot({ path: c.path });
    return {};
  },
  async eval(c) {
    return { value: await page.evaluate(c.js) };
  },
};

async function screenOf() {
  return page.$eval('#screen', (pre) => ({ text: pre.textContent, html: pre.innerHTML, scripts: pre.querySelectorAll('script').length }));
}

const rl = readline.createInterface({ input: process.stdin });
let chain = Promise.resolve();
rl.on('line', (line) => {
  chain = chain.then(async () => {
    let c;
    try {
      c = JSON.parse(line);
      const r = await ops[c.op](c);
      process.stdout.write(JSON.stringify(r) + '\n');
    } catch (e) {
      process.stdout.write(JSON.stringify({ error: String(e && e.message || e).split('\n')[0] }) + '\n');
    }
  });
});
rl.on('close', async () => {
  await chain;
  if (browser) await browser.close();
  process.exit(0);
});
