// The dashboards' shared kit (both services): the admin token, calls that carry it, the live feed
// read with fetch(), and DOM helpers that insert text as text. No library, no build step.
//
// The token is typed once into the form and kept in this tab's sessionStorage: never in a URL,
// never in a cookie, gone when the tab closes. Every call sends it as a bearer token; a 401 or 403
// forgets it and shows the form again. EventSource cannot send a header, so the feed is a fetch()
// whose body is read as Server-Sent Events.

/** The cascade's rungs (the API's videoSourceType) as people say them. */
export const SOURCE_LABELS = {
  primary_stream: 'Camera',
  fallback_stream: 'Backup stream',
  fallback_image: 'Fallback image',
  default: 'Default video',
  black: 'Black',
};

/** An element with attributes and children; strings become text nodes, never markup. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'text') node.textContent = String(value);
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Sets an element's text (a value from the API: always as text). */
export function setText(node, value) {
  const text = value === null || value === undefined ? '' : String(value);
  if (node.textContent !== text) node.textContent = text;
}

/**
 * Keeps `container`'s children in step with `items`, one child per key: a child is made once
 * (`create(item)`), updated in place after (`update(child, item)`), so that a control inside it
 * keeps its focus and what is being typed; children whose key is gone are removed.
 */
export function syncList(container, items, key, create, update) {
  const existing = new Map([...container.children].map((c) => [c.dataset.key, c]));
  let previous = null;
  for (const item of items) {
    const k = String(key(item));
    let child = existing.get(k);
    if (child) existing.delete(k);
    else {
      child = create(item);
      child.dataset.key = k;
    }
    update(child, item);
    const expected = previous ? previous.nextSibling : container.firstChild;
    if (child !== expected) container.insertBefore(child, expected);
    previous = child;
  }
  for (const gone of existing.values()) gone.remove();
}

/** A table whose rows become labelled blocks at narrow widths: its column headings and an empty body (`attributes`). */
export function responsiveTable(headings, attributes = {}) {
  const body = el('tbody', attributes);
  const table = el('table', { class: 'responsive' },
    el('thead', {}, el('tr', {}, headings.map((h) => el('th', { scope: 'col' }, h)))), body);
  return { table, body };
}

/** A definition list's facts, `[name, value]` pairs, values as text. */
export function setFacts(dl, pairs) {
  dl.replaceChildren(...pairs.map(([name, value]) => el('div', {}, el('dt', {}, name), el('dd', {}, value))));
}

/**
 * A destination's table row, both pages': id, masked URL, state, kbit/s, then `middle` cells, the
 * last error, then `end` cells. Its `parts` are for {@link showDestination}.
 */
export function destinationRow(middle = [], end = []) {
  const parts = {};
  const row = el('tr', {},
    (parts.id = el('td', { 'data-label': 'Id', class: 'key' })),
    (parts.url = el('td', { 'data-label': 'URL', class: 'mono' })),
    el('td', { 'data-label': 'State' }, (parts.state = el('span', { class: 'badge' }))),
    (parts.bitrate = el('td', { 'data-label': 'kbit/s' })),
    middle,
    (parts.error = el('td', { 'data-label': 'Last error', class: 'small' })),
    end);
  row.parts = parts;
  return row;
}

/** A destination (`d`: its id and masked URL) with its state as the voice node reports it (`live`; none: not on air). */
export function showDestination(row, d, live) {
  const p = row.parts;
  setText(p.id, d.destinationId);
  setText(p.url, d.url);
  setText(p.state, live ? live.state : 'not on air');
  p.state.className = `badge state-${live ? live.state : 'stopped'}`;
  setText(p.bitrate, live && live.bitrateKbps != null ? live.bitrateKbps.toFixed(0) : '');
  setText(p.error, live && live.lastError ? `${live.lastErrorKind ? `${live.lastErrorKind}: ` : ''}${live.lastError}` : '');
}

export function duration(seconds) {
  if (seconds === null || seconds === undefined) return '';
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

export function clock(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleTimeString([], { hour12: false });
}

/** An API problem's words, for people. */
export async function problemText(response) {
  try {
    const p = await response.json();
    return [p.title, p.detail].filter(Boolean).join(': ') || `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
}

/** The admin token of one service, and every call made with it. */
export class Session {
  constructor(service) {
    this.key = `voice-broadcast.${service}.admin-token`;
    this.listeners = new Set();
  }

  get token() {
    return sessionStorage.getItem(this.key);
  }

  signIn(token) {
    sessionStorage.setItem(this.key, token);
  }

  signOut(reason) {
    sessionStorage.removeItem(this.key);
    for (const listener of this.listeners) listener(reason);
  }

  /** Called with a reason when the token is forgotten (signed out, or refused by the service). */
  onSignOut(listener) {
    this.listeners.add(listener);
  }

  headers(extra = {}) {
    return { Authorization: `Bearer ${this.token}`, ...extra };
  }

  /** POST with a JSON body; a 401 or 403 forgets the token. Resolves to the Response. */
  async post(path, body = {}) {
    const response = await fetch(path, {
      method: 'POST',
      headers: this.headers({ 'Content-Type': 'application/json' }),
      body: JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit',
    });
    this.refused(response);
    return response;
  }

  refused(response) {
    if (response.status === 401 || response.status === 403) {
      this.signOut(response.status === 403 ? 'The service refused this token.' : 'The service asks for the admin token.');
      return true;
    }
    return false;
  }

  /**
   * Reads the feed at `path` until `signal` aborts it, calling `onEvent(name, data)` for each
   * message and `onState(text)` as the connection comes and goes; reconnects after a break.
   */
  async watch(path, { onEvent, onState, signal }) {
    while (!signal.aborted && this.token) {
      try {
        const response = await fetch(path, {
          method: 'POST',
          headers: this.headers({ Accept: 'text/event-stream, application/problem+json' }),
          cache: 'no-store',
          credentials: 'omit',
          signal,
        });
        if (this.refused(response)) return;
        if (!response.ok) {
          onState(`feed unavailable: ${await problemText(response)}`);
        } else {
          onState('live');
          await readEvents(response.body, onEvent);
          onState('reconnecting…');
        }
      } catch (e) {
        if (signal.aborted) return;
        onState('connection lost, reconnecting…');
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

/** Server-Sent Events from a fetch body: `event:` and `data:` lines, a blank line ends a message. */
async function readEvents(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let name = 'message';
  let data = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let newline;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline).replace(/\r$/, '');
      buffer = buffer.slice(newline + 1);
      if (line === '') {
        if (data.length) onEvent(name, JSON.parse(data.join('\n')));
        name = 'message';
        data = [];
      } else if (line.startsWith('event:')) {
        name = line.slice(6).trim();
      } else if (line.startsWith('data:')) {
        data.push(line.slice(5).replace(/^ /, ''));
      }
    }
  }
}

/**
 * The sign-in form: the token goes to sessionStorage (never a URL: the form never submits), then
 * `onSignedIn()`. Without a token the page shows this form and nothing else.
 */
export function signInForm(form, session, onSignedIn) {
  const input = form.querySelector('input[type="password"]');
  const error = form.querySelector('[role="alert"]');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const token = input.value.trim();
    input.value = '';
    if (!token) {
      setText(error, 'Type the admin token.');
      input.focus();
      return;
    }
    setText(error, '');
    session.signIn(token);
    onSignedIn();
  });
  session.onSignOut((reason) => setText(error, reason || ''));
}

/**
 * A dashboard page's life, both services': the sign-in form (#signin, #token), the signed-in part
 * (#`content`), #sign-out and the feed's state (#connection). Signed in, it reads the feed at
 * `feed`, handing each message to `onEvent(name, data)`, and calls `onStart()`; signed out (or
 * refused), it stops the feed, calls `onStop()` (which empties what was shown) and shows the form
 * alone. Returns the page's Session, for its calls.
 */
export function dashboardPage({ service, feed, content, onEvent, onStart = () => {}, onStop = () => {} }) {
  const $ = (id) => document.getElementById(id);
  const session = new Session(service);
  let reading = null;
  const show = (signedIn) => {
    $('signin').hidden = signedIn;
    $(content).hidden = !signedIn;
    $('sign-out').hidden = !signedIn;
    if (!signedIn) {
      onStop();
      setText($('connection'), '');
      $('token').focus();
    }
  };
  const start = () => {
    show(true);
    reading = new AbortController();
    session.watch(feed, { signal: reading.signal, onState: (text) => setText($('connection'), `Feed: ${text}`), onEvent });
    onStart();
  };
  session.onSignOut(() => {
    if (reading) reading.abort();
    show(false);
  });
  signInForm($('signin'), session, start);
  $('sign-out').addEventListener('click', () => session.signOut('Signed out.'));
  if (session.token) start();
  else show(false);
  return session;
}
