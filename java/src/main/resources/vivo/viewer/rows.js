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
  const row = base('record', id, line);
  const [head, body] = elements(line);
  const [ns, meta] = head === undefined ? [] : elements(head);
  if (body === undefined || meta === undefined) {
    row.append(cell('body', line));   // not the classic shape: shown as it came
    return row;
  }
  const tag = (parse(meta) || {})._tag;
  row.dataset.tag = typeof tag === 'string' ? tag : '';
  // a double rounds the nanoseconds, but milliseconds are all the clock shows
  row.append(cell('time', new Date(Number(ns) / 1e6).toISOString().replace('T', ' ')), cell('tag', row.dataset.tag),
    cell('body', body));
  return row;
}

/** One cmetrics or ctraces context: id and a one-line start of its JSON; a click shows it indented. */
function contextRow(id, line) {
  const row = base('record', id, line);
  row.append(cell('body', line));
  return row;
}

/** The chunks from..to were evicted before this page read them (the follower was behind, or paused). */
export function gapRow(data) {
  const { from, to } = parse(data) || {};
  const row = base('gap', null, null);
  const which = from === to ? `chunk ${from} was` : `chunks ${from} to ${to} were`;
  row.append(cell('body', `gap: ${which} evicted before this page read them`));
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

/** `json` is the text a click shows indented; null for a row with nothing more to show. */
function base(type, id, json) {
  const row = document.createElement('div');
  row.className = `row ${type}`;
  row.append(cell('id', id === null ? '' : `#${id}`));
  if (id !== null) {
    row.dataset.id = id;
  }
  if (json !== null) {
    row.tabIndex = 0;
    row.title = 'click to show the whole JSON';
    row.addEventListener('click', () => toggle(row, json));
    row.addEventListener('keydown', (event) => event.key === 'Enter' && toggle(row, json));
  }
  return row;
}

function toggle(row, json) {
  const shown = row.querySelector('pre');
  if (shown) {
    shown.remove();
  } else {
    const pre = document.createElement('pre');
    pre.textContent = indent(json);
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

/**
 * The texts of the elements of a JSON array text, as they are; [] for anything else. Working on the
 * text rather than on JSON.parse keeps integers above 2^53 (the nanosecond timestamps) exact.
 */
function elements(text) {
  const out = [];
  if (!text.startsWith('[')) {
    return out;
  }
  let depth = 0;
  let start = 1;
  scan(text, (c, i) => {
    if (c === '[' || c === '{') {
      depth++;
    } else if (c === ']' || c === '}') {
      depth--;
      if (depth === 0 && i > start) {
        out.push(text.slice(start, i));
      }
    } else if (c === ',' && depth === 1) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  });
  return out;
}

/** The JSON text indented by two spaces a level, every token as it is (see elements). */
export function indent(text) {
  let out = '';
  let depth = 0;
  let last = '';
  scan(text, (c, i, token) => {
    if (token !== null) {
      out += token;
    } else if (c === '{' || c === '[') {
      depth++;
      out += c + '\n' + '  '.repeat(depth);
    } else if (c === '}' || c === ']') {
      depth--;
      // an empty object or array stays on one line
      out = last === '{' || last === '[' ? out.trimEnd() + c : out + '\n' + '  '.repeat(depth) + c;
    } else if (c === ',') {
      out += ',\n' + '  '.repeat(depth);
    } else if (c === ':') {
      out += ': ';
    } else if (!' \t\r\n'.includes(c)) {
      out += c;
    }
    last = token === null && ' \t\r\n'.includes(c) ? last : c;
  });
  return out;
}

/**
 * Calls `visit(c, i, null)` for each character of `text` outside strings, and `visit('"', i, string)`
 * once for each string (its whole text, quotes and escapes included), so callers never see the
 * brackets and commas inside strings.
 */
function scan(text, visit) {
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '"') {
      visit(text[i], i, null);
      continue;
    }
    let end = i + 1;
    while (end < text.length && text[end] !== '"') {
      end += text[end] === '\\' ? 2 : 1;
    }
    visit('"', i, text.slice(i, end + 1));
    i = end;
  }
}
