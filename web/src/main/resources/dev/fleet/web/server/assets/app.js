// fleet web's page: the agent list and the selected agent's screen, live over one WebSocket (/live).
// Agent text only ever reaches the DOM as textContent; the screen's HTML is built and escaped by the server.
'use strict';

const $ = (id) => document.getElementById(id);
const view = {
  agents: [],        // the last list the server pushed, in its order (waiting first)
  skew: 0,           // server clock minus ours, for ages
  selected: null,    // the selected agent's pid (a string), kept in the URL's #fragment across reloads
  selectedHost: null, // and its host as the list names it (another host's pid may equal one of this machine's)
  cursor: 0,         // the highlighted row among the shown ones
  shown: [],         // the agents the filter lets through
  ws: null,
  atBottom: true,
};

function connect() {
  const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/live');
  view.ws = ws;
  ws.onopen = () => {
    setConn('live', false);
    if (view.selected && !document.hidden) ws.send(JSON.stringify(selection()));
  };
  ws.onmessage = (e) => {
    const m = JSON.parse(e.data);
    if (m.type === 'agents') onAgents(m);
    else if (m.type === 'screen') onScreen(m);
  };
  ws.onclose = () => {
    setConn('disconnected — reconnecting', true);
    setTimeout(connect, 1000);
  };
}

function setConn(text, down) {
  const c = $('conn');
  c.textContent = text;
  c.classList.toggle('down', down);
}

function onAgents(m) {
  view.agents = m.agents;
  view.skew = m.now - Date.now();
  if (m.problem) setConn(m.problem, true);
  else setConn('live · ' + m.agents.length + ' agent' + (m.agents.length === 1 ? '' : 's'), false);
  render();
}

function age(since) {
  if (!since) return '';
  const s = Math.max(0, Math.floor((Date.now() + view.skew - since) / 1000));
  if (s < 60) return s + 's';
  if (s < 3600) return Math.floor(s / 60) + 'm';
  if (s < 86400) return Math.floor(s / 3600) + 'h' + String(Math.floor(s % 3600 / 60)).padStart(2, '0');
  return Math.floor(s / 86400) + 'd';
}

function folder(cwd) {
  if (!cwd) return '';
  const parts = cwd.split('/').filter(Boolean);
  return parts.length ? parts[parts.length - 1] : '/';
}

function matches(a, q) {
  if (!q) return true;
  const hay = [a.name, a.state, a.cwd, a.branch, a.host, String(a.pid)].join(' ').toLowerCase();
  return q.toLowerCase().split(/\s+/).every((w) => hay.includes(w));
}

function cell(tr, text, cls) {
  const td = document.createElement('td');
  td.textContent = text == null ? '' : String(text);
  if (cls) td.className = cls;
  tr.appendChild(td);
  return td;
}

function render() {
  const q = $('filter').value.trim();
  view.shown = view.agents.filter((a) => matches(a, q));
  if (view.cursor >= view.shown.length) view.cursor = Math.max(0, view.shown.length - 1);
  const rows = $('rows');
  const frag = document.createDocumentFragment();
  view.shown.forEach((a, i) => {
    const tr = document.createElement('tr');
    tr.className = 'agent';
    tr.dataset.pid = String(a.pid);
    tr.dataset.host = a.host || '';
    tr.dataset.state = a.state || 'unknown';
    if (a.stale) tr.classList.add('stale');
    if (i === view.cursor) tr.classList.add('cursor');
    if (isSelected(a)) tr.classList.add('selected');
    cell(tr, a.name, 'name');
    const st = cell(tr, (a.state || 'unknown') + (a.waiting_for ? ' (' + a.waiting_for + ')' : ''), 'state state-' + (a.state || 'unknown'));
    st.title = a.stale_reason || '';
    cell(tr, age(a.state_since), 'age').dataset.since = a.state_since || '';
    const f = cell(tr, folder(a.cwd), 'folder');
    f.title = a.cwd || '';
    cell(tr, a.branch, 'branch');
    cell(tr, a.host, 'host');
    tr.addEventListener('click', () => { view.cursor = i; select(String(a.pid), a.host); });
    frag.appendChild(tr);
  });
  rows.replaceChildren(frag);
  $('empty').hidden = view.agents.length > 0;
  const sel = view.agents.find(isSelected);
  $('agent-title').textContent = sel ? sel.name + ' — ' + sel.state + (sel.cwd ? ' — ' + sel.cwd : '') + (sel.host ? ' — on ' + sel.host : '')
    : (view.selected ? 'pid ' + view.selected + (view.selectedHost ? ' on ' + view.selectedHost : '') + ' (gone)' : 'select an agent');
}

function tickAges() {
  for (const td of document.querySelectorAll('td.age')) td.textContent = age(Number(td.dataset.since));
}

function isSelected(a) {
  return String(a.pid) === view.selected && (view.selectedHost == null || a.host === view.selectedHost);
}

// what the server is told: the pid and the host (it acts only on a pair its own listing has)
function selection() {
  return { type: 'select', pid: view.selected, host: view.selectedHost };
}

function select(pid, host) {
  host = host || null;
  if (view.selected !== pid || view.selectedHost !== host) {
    $('screen').replaceChildren();
    $('outcome').textContent = '';
  }
  view.selected = pid;
  view.selectedHost = host;
  history.replaceState(null, '', '#pid=' + pid + (host ? '&host=' + encodeURIComponent(host) : ''));
  for (const b of ['more', 'show', 'send', 'reply']) $(b).disabled = false;
  view.atBottom = true;
  if (view.ws && view.ws.readyState === WebSocket.OPEN) view.ws.send(JSON.stringify(selection()));
  render();
}

function onScreen(m) {
  if (m.pid !== view.selected || (m.host || null) !== view.selectedHost) return;
  const pre = $('screen');
  const bottom = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
  if (m.error) {
    const span = document.createElement('span');
    span.className = 'error';
    span.textContent = m.error;
    pre.replaceChildren(span);
    return;
  }
  pre.innerHTML = m.html; // escaped by the server: only its spans are markup
  // colours as the server sent them (data-f / data-b); the CSP forbids inline style attributes, not the DOM's
  for (const s of pre.querySelectorAll('[data-f],[data-b]')) {
    if (s.dataset.f) s.style.color = s.dataset.f;
    if (s.dataset.b) s.style.backgroundColor = s.dataset.b;
  }
  if (bottom || view.atBottom) pre.scrollTop = pre.scrollHeight;
  view.atBottom = false;
}

async function post(path, body) {
  const r = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (!r.ok) return { outcome: 'failed', message: (await r.text()).trim() };
  return r.json();
}

function showOutcome(r) {
  const o = $('outcome');
  o.textContent = r.outcome + (r.message ? ': ' + r.message : '');
  o.className = r.outcome === 'accepted' || r.outcome === 'shown' ? 'ok' : r.outcome === 'draft' ? 'warn' : 'bad';
}

async function sendReply(e) {
  if (e) e.preventDefault();
  const text = $('reply').value;
  if (!view.selected || !text.trim()) return;
  $('send').disabled = true;
  $('outcome').className = '';
  $('outcome').textContent = 'sending…';
  try {
    const r = await post('/api/send', { pid: view.selected, host: view.selectedHost, text, submit: !$('draft').checked });
    showOutcome(r);
    if (r.outcome === 'accepted' || r.outcome === 'draft') $('reply').value = '';
  } catch (err) {
    showOutcome({ outcome: 'failed', message: String(err) });
  } finally {
    $('send').disabled = false;
  }
}

function onKey(e) {
  const inField = e.target === $('filter') || e.target === $('reply');
  if (e.target === $('reply')) {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) sendReply(e);
    if (e.key === 'Escape') $('reply').blur();
    return;
  }
  if (e.target === $('filter')) {
    if (e.key === 'Escape' || e.key === 'Enter') { $('filter').blur(); e.preventDefault(); }
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
  }
  if (!inField && e.key === '/') { $('filter').focus(); e.preventDefault(); return; }
  const move = { j: 1, ArrowDown: 1, k: -1, ArrowUp: -1 }[e.key];
  if (move && view.shown.length) {
    view.cursor = Math.min(view.shown.length - 1, Math.max(0, view.cursor + move));
    e.preventDefault();
    render();
    const cur = document.querySelector('tr.agent.cursor');
    if (cur) cur.scrollIntoView({ block: 'nearest' });
  } else if (e.key === 'Enter' && view.shown[view.cursor]) {
    select(String(view.shown[view.cursor].pid), view.shown[view.cursor].host);
    e.preventDefault();
  } else if (e.key === 'r' && view.selected) {
    $('reply').focus();
    e.preventDefault();
  }
}

function init() {
  const h = /^#pid=(\d+)(?:&host=([^&]+))?$/.exec(location.hash);
  if (h) {
    let host = null;
    try { host = h[2] ? decodeURIComponent(h[2]) : null; } catch (e) { host = null; } // a mangled fragment: this machine's
    select(h[1], host);
  }
  $('filter').addEventListener('input', () => { view.cursor = 0; render(); });
  $('reply-form').addEventListener('submit', sendReply);
  $('more').addEventListener('click', () => {
    if (view.ws && view.selected) view.ws.send(JSON.stringify({ type: 'more' }));
    $('screen').scrollTop = 0;
  });
  $('show').addEventListener('click', async () => {
    if (!view.selected) return;
    $('outcome').textContent = 'showing…';
    showOutcome(await post('/api/show', { pid: view.selected, host: view.selectedHost }));
  });
  document.addEventListener('keydown', onKey);
  // a page in a background tab reads no screen: the server polls a selected pane only while it is seen
  document.addEventListener('visibilitychange', () => {
    if (!view.ws || view.ws.readyState !== WebSocket.OPEN || !view.selected) return;
    view.ws.send(JSON.stringify(document.hidden ? { type: 'unselect' } : selection()));
  });
  setInterval(tickAges, 1000);
  connect();
}

document.addEventListener('DOMContentLoaded', init);
