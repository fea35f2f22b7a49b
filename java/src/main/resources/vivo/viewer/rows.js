// The rows of one tab: what a chunk, a gap or a drop looks like in the page, and the bound on how many
// rows a tab keeps. Rows are built with textContent only, never innerHTML: a record is data, and
// whatever it holds must never become markup.

/** Rows a tab keeps; the oldest go first, so a page left open for days stays small. */
export const MAX_ROWS = 500;

/** One row per line of a chunk event: a log record, or a metrics or traces context. */
export function chunkRows(kind, id, lines) {
  return lines.map((line) => (kind === 'logs' ? logRow(id, line) : contextRow(id, line)));
}

/** `[[<ns>,{"_tag":...,...metadata}],{<body>}]`: id, time, tag, body; a click shows it all, indented. */
function logRow(id, line) {
  const record = parse(line);
  const row = base('record', id, record);
  if (!Array.isArray(record) || !Array.isArray(record[0])) {
    row.append(cell('body', line));
    return row;
  }
  const [[ns, meta], body] = record;
  const tag = meta && typeof meta._tag === 'string' ? meta._tag : '';
  row.dataset.tag = tag;
  // ns is beyond what a double holds exactly; milliseconds are all a clock shows anyway
  row.append(cell('time', new Date(ns / 1e6).toISOString().replace('T', ' ')), cell('tag', tag),
    cell('body', JSON.stringify(body)));
  return row;
}

/** One cmetrics or ctraces context: id and a one-line start of its JSON; a click shows it indented. */
function contextRow(id, line) {
  const row = base('record', id, parse(line));
  row.append(cell('body', line));
  return row;
}

/** The chunks from..to were evicted before this page read them (the follower was behind, or paused). */
export function gapRow(data) {
  const { from, to } = parse(data) || {};
  const row = base('gap', null, null);
  row.append(cell('body', `gap: chunks ${from} to ${to} were evicted before this page read them`));
  return row;
}

/** The server left out records to keep within the rate this page asked for. */
export function droppedRow(data) {
  const { count } = parse(data) || {};
  const row = base('dropped', null, null);
  row.append(cell('body', `dropped: ${count} records left out to keep within the rate`));
  return row;
}

/** Adds rows at the top (newest first) and drops the oldest beyond MAX_ROWS. */
export function prepend(section, rows) {
  section.prepend(...rows.reverse());
  while (section.childElementCount > MAX_ROWS) {
    section.lastElementChild.remove();
  }
}

function base(type, id, value) {
  const row = document.createElement('div');
  row.className = `row ${type}`;
  row.append(cell('id', id === null ? '' : `#${id}`));
  if (id !== null) {
    row.dataset.id = id;
  }
  if (value !== null) {
    row.tabIndex = 0;
    row.title = 'click to show the whole JSON';
    row.addEventListener('click', () => toggle(row, value));
  }
  return row;
}

function toggle(row, value) {
  const shown = row.querySelector('pre');
  if (shown) {
    shown.remove();
  } else {
    const pre = document.createElement('pre');
    pre.textContent = JSON.stringify(value, null, 2);
    row.append(pre);
  }
}

function cell(name, text) {
  const span = document.createElement('span');
  span.className = name;
  span.textContent = text;
  return span;
}

/** JSON.parse, or null for a line that is not JSON (the server never sends one; a proxy might). */
function parse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
