// fleet web's benchmark, in a real browser (headless Chromium, playwright-core): each measure beside its floor,
// in the same run. Env: URL, SESSION (a stand-in's session file), PID (its pid), TMUX_L and PANE (its pane),
// DAEMON_SOCK, DAEMON_PID, WEB_PID, N (iterations), IDLE_S.
'use strict';
const { chromium } = require(process.env.PLAYWRIGHT_CORE);
const fs = require('fs');
const net = require('net');
const { execFileSync } = require('child_process');

const N = Number(process.env.N || 30);
const pid = process.env.PID;
const pct = (a, p) => { const s = [...a].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor((s.length - 1) * p / 100))]; };
const fmt = (a) => `${pct(a, 50).toFixed(1)} ${pct(a, 90).toFixed(1)}`.split(' ').map((x) => x.padStart(8)).join(' ');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function setStatus(status) { // as Claude Code writes it: a whole new file renamed over the old
  const f = process.env.SESSION;
  const j = JSON.parse(fs.readFileSync(f, 'utf8'));
  j.status = status; j.updatedAt = j.statusUpdatedAt = Date.now();
  fs.writeFileSync(f + '.tmp', JSON.stringify(j));
  fs.renameSync(f + '.tmp', f);
}

function subscriber() { // the floor: the daemon's own event stream
  const waiters = [];
  const s = net.connect(process.env.DAEMON_SOCK);
  let buf = '';
  s.on('data', (d) => {
    buf += d;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i); buf = buf.slice(i + 1);
      let e; try { e = JSON.parse(line); } catch { continue; }
      if (e.event === 'state' && String(e.pid) === pid) for (const w of waiters.splice(0)) w(e.to);
    }
  });
  s.write('{"v":1,"op":"subscribe"}\n');
  return { next: () => new Promise((r) => waiters.push(r)), close: () => s.destroy() };
}

// CPU ticks of a process and its children that ended (the daemon's tmux calls): utime stime cutime cstime
function ticks(p) {
  const f = fs.readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
}

// % of one core (USER_HZ 100) over the interval: [daemon, fleet web]
async function idleCpu(seconds) {
  const d0 = ticks(process.env.DAEMON_PID), w0 = ticks(process.env.WEB_PID), t0 = Date.now();
  await sleep(seconds * 1000);
  const s = (Date.now() - t0) / 1000;
  return [(ticks(process.env.DAEMON_PID) - d0) / s, (ticks(process.env.WEB_PID) - w0) / s];
}
const cpu = (c) => `${(c[0] + c[1]).toFixed(2)} % (daemon ${c[0].toFixed(2)}, web ${c[1].toFixed(2)})`;

(async () => {
  const idleS = Number(process.env.IDLE_S || 20);
  const cpuNoPage = await idleCpu(idleS);

  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM, args: ['--no-sandbox'] });
  const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
  await page.goto(process.env.URL);
  const row = `tr.agent[data-pid="${pid}"]`;
  await page.waitForSelector(row, { timeout: 30000 });

  // state change → page, beside state change → the daemon's subscribe event
  const sub = subscriber();
  await sleep(300);
  const toPage = [], toEvent = [];
  for (let i = 0; i < N; i++) {
    const to = i % 2 ? 'idle' : 'busy';
    const ev = sub.next();
    const t0 = performance.now();
    setStatus(to);
    const seen = page.waitForSelector(`${row}[data-state="${to}"]`, { timeout: 10000 }).then(() => performance.now() - t0);
    const heard = ev.then(() => performance.now() - t0);
    toPage.push(await seen); toEvent.push(await heard);
    await sleep(150);
  }
  sub.close();

  // agent output → page, beside output → tmux's own capture-pane (polled every 2 ms)
  await page.click(row);
  await page.waitForFunction(() => document.getElementById('screen').textContent.length > 0);
  const tmux = (...a) => execFileSync('tmux', ['-L', process.env.TMUX_L, ...a], { encoding: 'utf8' });
  const outPage = [], outTmux = [];
  for (let i = 0; i < N; i++) {
    const m = `mark${i}x${Date.now() % 100000}`;
    let t0 = performance.now();
    tmux('send-keys', '-t', process.env.PANE, '-l', m);
    while (!tmux('capture-pane', '-p', '-t', process.env.PANE).includes(m)) await sleep(2);
    outTmux.push(performance.now() - t0);
    tmux('send-keys', '-t', process.env.PANE, 'Enter');
    await sleep(200);
    const m2 = m + 'p';
    t0 = performance.now();
    tmux('send-keys', '-t', process.env.PANE, '-l', m2);
    await page.waitForFunction((t) => document.getElementById('screen').textContent.includes(t), m2, { timeout: 10000, polling: 'raf' });
    outPage.push(performance.now() - t0);
    tmux('send-keys', '-t', process.env.PANE, 'Enter');
    await sleep(200);
  }

  // the first output after a quiet spell (the screen read less often while still: Screens.QUIET_MS)
  const quietPage = [];
  for (let i = 0; i < Number(process.env.QUIET_N || 5); i++) {
    await sleep(5000);
    const m = `quiet${i}x${Date.now() % 100000}`;
    const t0 = performance.now();
    tmux('send-keys', '-t', process.env.PANE, '-l', m);
    await page.waitForFunction((t) => document.getElementById('screen').textContent.includes(t), m, { timeout: 10000, polling: 'raf' });
    quietPage.push(performance.now() - t0);
    tmux('send-keys', '-t', process.env.PANE, 'Enter');
  }

  // a page open (an agent selected, its screen live), nothing changing
  await sleep(1000);
  const cpuPage = await idleCpu(idleS);
  if (process.env.SHOT) await page.screenshot({ path: process.env.SHOT });
  await browser.close();

  console.log(`${'(ms)'.padEnd(44)}      p50      p90`);
  console.log(`${'state change -> page'.padEnd(44)} ${fmt(toPage)}`);
  console.log(`${'  floor: state change -> subscribe event'.padEnd(44)} ${fmt(toEvent)}`);
  console.log(`${'agent output -> page'.padEnd(44)} ${fmt(outPage)}`);
  console.log(`${'  floor: agent output -> tmux capture-pane'.padEnd(44)} ${fmt(outTmux)}`);
  console.log(`${'agent output after 5 s still -> page'.padEnd(44)} ${fmt(quietPage)}`);
  console.log(`daemon + fleet web CPU (% of a core, tmux calls included), ${idleS} s, nothing changing:`);
  console.log(`  a page open (the list, a selected screen): ${cpu(cpuPage)}`);
  console.log(`  no page:                                   ${cpu(cpuNoPage)}`);
})().catch((e) => { console.error(e); process.exit(1); });
