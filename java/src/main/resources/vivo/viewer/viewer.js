// The viewer: follows the active tab's stream over Server-Sent Events (/logs, /metrics, /traces with
// Accept: text/event-stream), with the filters of the form, and pauses, resumes and reconnects from
// the last chunk id it showed, so nothing is shown twice and what was missed is shown as a gap.
import { readEvents } from './sse.js';
import { MAX_ROWS, chunkRows, droppedRow, gapRow, prepend } from './rows.js';

/** Chunks of backlog a tab starts with, so a quiet stream does not open on an empty page. */
const BACKLOG = 20;
const RETRY_MS = 2000;
const TOKEN_KEY = 'vivo_java.token';

const $ = (id) => document.getElementById(id);
const tabs = Object.fromEntries(['logs', 'metrics', 'traces'].map((kind) => [kind, { kind, lastId: -1 }]));
let active = tabs.logs;
let paused = false;
let following = null;   // the AbortController of the follow in progress
let retry = null;

/** The stream path with the filters: relative, so the page works behind a proxy that adds a prefix. */
function url(tab, extra) {
  const query = new URLSearchParams(extra);
  const tag = $('tag').value.trim();
  const grep = $('grep').value;
  const rate = $('rate').value.trim();
  if (tag) {
    query.set('tag', tag);
  }
  if (grep && tab.kind === 'logs') {
    query.set('grep', grep);   // the server filters metrics and traces by tag only
  }
  if (rate) {
    query.set('rate', rate);
  }
  const text = query.toString();
  return text ? `${tab.kind}?${text}` : tab.kind;
}

function headers(accept) {
  const token = sessionStorage.getItem(TOKEN_KEY);
  return token ? { Accept: accept, Authorization: `Bearer ${token}` } : { Accept: accept };
}

function status(state, text) {
  const p = $('status');
  p.dataset.state = state;
  p.textContent = text;
}

/** Stops the follow in progress, if any, and any reconnect planned. */
function stop() {
  clearTimeout(retry);
  if (following) {
    following.abort();
    following = null;
  }
}

/** Follows `tab` from the chunk after the last one it shows, or from a short backlog when it shows none. */
async function follow(tab) {
  stop();
  const controller = new AbortController();
  following = controller;
  try {
    const from = tab.lastId >= 0 ? tab.lastId + 1 : await backlogStart(tab, controller.signal);
    if (from === null) {
      return;
    }
    const path = url(tab, { from });
    const response = await fetch(path, { headers: headers('text/event-stream'), signal: controller.signal, cache: 'no-store' });
    if (!(await usable(response))) {
      return;
    }
    status('following', `following /${path}; newest first, the last ${MAX_ROWS} rows kept`);
    await readEvents(response, (event) => show(tab, event), () => {});
    reconnect(tab, controller, 'the server ended the stream');
  } catch (error) {
    if (!controller.signal.aborted) {
      reconnect(tab, controller, String(error.message || error));
    }
  }
}

/** The stream's next id less BACKLOG, from a HEAD of the stream; null when the answer was not usable. */
async function backlogStart(tab, signal) {
  const response = await fetch(url(tab, {}), { method: 'HEAD', headers: headers('application/json'), signal, cache: 'no-store' });
  if (!(await usable(response))) {
    return null;
  }
  return Math.max(0, Number(response.headers.get('Vivo-Stream-Next-ID')) - BACKLOG);
}

/** True for a 2xx; otherwise says why in the status line (and asks for the token on a 401). */
async function usable(response) {
  if (response.ok) {
    return true;
  }
  if (response.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    $('auth').hidden = false;
    $('token').focus();
    status('auth', 'this plugin needs its bearer token');
    return false;
  }
  const body = response.status === 503 || response.status === 400 ? await response.text() : '';
  status('error', `${response.status} ${response.statusText} ${body}`.trim());
  return false;
}

function reconnect(tab, controller, why) {
  if (following !== controller || paused) {
    return;
  }
  status('retrying', `${why}; following again in ${RETRY_MS / 1000} s from id ${tab.lastId + 1}`);
  retry = setTimeout(() => follow(tab), RETRY_MS);
}

/** One event: a chunk (one row per line), a gap or a drop. */
function show(tab, event) {
  const section = $(tab.kind);
  if (event.type === 'gap') {
    prepend(section, [gapRow(event.data.join(''))]);
    tab.lastId = Math.max(tab.lastId, Number(event.id));
  } else if (event.type === 'dropped') {
    // what the server left out to keep within rate=; its id is the last chunk it covers
    prepend(section, [droppedRow(event.data.join(''))]);
    tab.lastId = Math.max(tab.lastId, Number(event.id));
  } else if (event.type === 'message' && event.id !== null) {
    prepend(section, chunkRows(tab.kind, event.id, event.data));
    tab.lastId = Number(event.id);
  }
}

function select(kind) {
  stop();
  active = tabs[kind];
  for (const button of document.querySelectorAll('#tabs button')) {
    button.setAttribute('aria-selected', String(button.dataset.kind === kind));
  }
  for (const name of Object.keys(tabs)) {
    $(name).hidden = name !== kind;
  }
  if (!paused) {
    follow(active);
  } else {
    status('paused', `paused; resume follows /${kind} from id ${active.lastId + 1}`);
  }
}

/** Forgets every tab's rows, so that what is shown is only what the filters now select. */
function clearAll() {
  for (const tab of Object.values(tabs)) {
    tab.lastId = -1;
    $(tab.kind).replaceChildren();
  }
}

function togglePause() {
  paused = !paused;
  $('pause').textContent = paused ? 'resume' : 'pause';
  $('pause').setAttribute('aria-pressed', String(paused));
  if (paused) {
    stop();
    status('paused', `paused at id ${active.lastId}; resume follows from id ${active.lastId + 1}`);
  } else {
    follow(active);
  }
}

document.querySelectorAll('#tabs button').forEach((button) => button.addEventListener('click', () => select(button.dataset.kind)));
$('filters').addEventListener('submit', (event) => {
  event.preventDefault();
  clearAll();
  select(active.kind);
});
$('pause').addEventListener('click', togglePause);
$('clear').addEventListener('click', () => {
  // keeps following from where it is: only the rows go
  for (const tab of Object.values(tabs)) {
    $(tab.kind).replaceChildren();
  }
});
$('auth').addEventListener('submit', (event) => {
  event.preventDefault();
  sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
  $('token').value = '';
  $('auth').hidden = true;
  select(active.kind);
});
select('logs');
