// Server-Sent Events read from a fetch() response body. EventSource would do this, but it cannot send
// an Authorization header, and a plugin with http_auth_token needs one on every stream request.
// The format is WHATWG HTML's "event stream": lines of "field: value", an empty line ends an event,
// a line that starts with ':' is a comment.

/**
 * Reads `response.body` to its end, calling `onEvent({type, id, data})` for each event (`data` is the
 * list of its data lines, `id` null when the event has none) and `onComment(text)` for each comment.
 * Resolves when the server ends the stream; rejects when the fetch is aborted or the connection fails.
 */
export async function readEvents(response, onEvent, onComment) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let pending = '';
  let event = newEvent();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    const lines = (pending + value).split('\n');
    pending = lines.pop();   // the part after the last newline: the start of a line still coming
    for (let line of lines) {
      if (line.endsWith('\r')) {
        line = line.slice(0, -1);
      }
      if (line === '') {
        if (event.data.length > 0 || event.type !== 'message') {
          onEvent(event);
        }
        event = newEvent();
      } else if (line.startsWith(':')) {
        onComment(line.slice(1).trim());
      } else {
        field(event, line);
      }
    }
  }
}

function newEvent() {
  return { type: 'message', id: null, data: [] };
}

function field(event, line) {
  const colon = line.indexOf(':');
  const name = colon < 0 ? line : line.slice(0, colon);
  let value = colon < 0 ? '' : line.slice(colon + 1);
  if (value.startsWith(' ')) {
    value = value.slice(1);
  }
  if (name === 'data') {
    event.data.push(value);
  } else if (name === 'id') {
    event.id = value;
  } else if (name === 'event') {
    event.type = value;
  }
}
