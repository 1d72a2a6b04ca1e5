// The GameSession service's dashboard: the voice nodes with their capacity and health, every
// configured session's broadcast with its phase, its cameras and its voice stream, each linking to
// its voice node's dashboard. Text from the API is
// always inserted as text (kit.js el/setText); every URL shown is the API's masked one.
import {
  el, setText, syncList, clock, dashboardPage, responsiveTable, setFacts, destinationRow, showDestination, SOURCE_LABELS,
} from '../dashboard-kit/kit.js';

const $ = (id) => document.getElementById(id);


/** What the feed carries, one renderer per part. */
const SECTIONS = [
  (data) => showNodes(data.nodes),
  (data) => showSessions(data.sessions),
  (data) => showOtherCameras(data.otherCameras),
];

dashboardPage({
  service: 'gamesession',
  feed: '/gamesession/dashboard/watch',
  content: 'signed-in',
  onEvent: (name, data) => {
    if (name === 'sessions') SECTIONS.forEach((render) => render(data));
  },
  onStop: () => {
    $('node-rows').replaceChildren();
    $('session-cards').replaceChildren();
    $('other-camera-rows').replaceChildren();
  },
});

// ---------------------------------------------------------------- voice nodes

/** A node announces itself every second: older than this, its last word is shown as late. */
const LATE_MS = 2500;

function showNodes(nodes) {
  const list = nodes ? nodes.nodes : [];
  $('nodes').hidden = !nodes;
  if (!nodes) return;
  const free = list.reduce((sum, n) => sum + (n.freeSlots || 0), 0);
  setText($('node-summary'), nodes.mode === 'static'
    ? 'one node (GAMESESSION_VOICE_BASE_URL): its capacity is not announced'
    : `${list.filter((n) => n.state !== 'lost').length} heard, ${free} free slots`
      + (nodes.brokerConnected === false ? ' · not hearing announcements (broker down)' : ''));
  syncList($('node-rows'), list, (n) => n.nodeId, nodeRow, updateNode);
}

function nodeRow() {
  const parts = {};
  const row = el('tr', {},
    el('td', { 'data-label': 'Node' }, (parts.id = el('span', { class: 'key', 'data-field': 'node-id' })), ' ',
      (parts.link = el('span', {})), (parts.version = el('div', { class: 'muted small' }))),
    el('td', { 'data-label': 'State' }, (parts.state = el('span', { class: 'badge', 'data-field': 'node-state' }))),
    (parts.slots = el('td', { 'data-label': 'Slots', 'data-field': 'node-slots' })),
    (parts.cpu = el('td', { 'data-label': 'CPU free' })),
    (parts.heard = el('td', { 'data-label': 'Last heard', 'data-field': 'node-heard' })),
    (parts.broadcasts = el('td', { 'data-label': 'Broadcasts (placement)', class: 'small', 'data-field': 'node-broadcasts' })));
  row.parts = parts;
  return row;
}

function updateNode(row, n) {
  const p = row.parts;
  row.dataset.state = n.state;
  setText(p.id, n.nodeId);
  p.link.replaceChildren(...(n.url ? [el('a', { href: `${n.url.replace(/\/+$/, '')}/dashboard/`, rel: 'noopener noreferrer',
    'aria-label': `Dashboard of node ${n.nodeId}` }, 'dashboard')] : []));
  setText(p.version, n.url ? `${n.url}${n.version ? ` · ${n.version}` : ''}` : '');
  setText(p.state, n.state);
  p.state.className = `badge state-${n.state}`;
  p.slots.dataset.free = n.freeSlots ?? '';
  p.slots.dataset.max = n.maxStreams ?? '';
  setText(p.slots, n.maxStreams == null ? (n.state === 'lost' ? '–' : 'not announced')
    : `${n.freeSlots} free of ${n.maxStreams} (${n.activeStreams} on air)`);
  setText(p.cpu, n.cpuHeadroom == null ? '–' : `${Math.round(n.cpuHeadroom * 100)} %`);
  const late = n.heardAgoMs != null && n.heardAgoMs > LATE_MS;
  p.heard.className = n.state === 'lost' ? 'state-lost' : late ? 'state-degraded' : '';
  setText(p.heard, n.heardAgoMs == null ? (n.state === 'lost' ? 'lost: silent too long' : '–')
    : `${(n.heardAgoMs / 1000).toFixed(1)} s ago${late ? ' (late)' : ''}`);
  p.broadcasts.replaceChildren(...(n.broadcasts.length ? n.broadcasts.flatMap((b, i) => [i ? ', ' : '',
    el('a', { href: `#session-${b.sessionId}`, 'aria-label': `Session ${b.sessionId}, placement ${b.epoch}` },
      `${b.sessionId.slice(0, 8)} (${b.epoch})`)]) : ['none']));
}

// ---------------------------------------------------------------- sessions

function showSessions(sessions) {
  setText($('session-count'), String(sessions.length));
  $('no-sessions').hidden = sessions.length > 0;
  syncList($('session-cards'), sessions, (s) => s.sessionId, sessionCard, updateSession);
}

function sessionCard(s) {
  const id = s.sessionId;
  const parts = {};
  const cameras = responsiveTable(['Camera', 'Name', 'Stream', 'Since', ''], { 'data-field': 'cameras' });
  const destinations = responsiveTable(['Id', 'URL', 'State', 'kbit/s', 'Last error'], { 'data-field': 'destinations' });
  parts.cameras = cameras.body;
  parts.destinations = destinations.body;
  const node = el('article', { class: 'card', id: `session-${id}`, 'aria-labelledby': `title-${id}` },
    el('header', {},
      el('h3', { id: `title-${id}` }, 'Session ', el('span', { class: 'mono' }, id)),
      (parts.phase = el('span', { class: 'badge', 'data-field': 'phase' }))),
    (parts.onAir = el('p', { class: 'on-air-camera', 'data-field': 'camera-on-air' })),
    (parts.stream = el('dl', { class: 'facts', 'data-field': 'voice-stream' })),
    (parts.error = el('p', { class: 'small', role: 'status', 'data-field': 'last-error' })),
    el('h4', {}, 'Cameras'),
    cameras.table,
    el('h4', {}, 'Destinations'),
    destinations.table,
    (parts.links = el('p', { class: 'links' })));
  node.parts = parts;
  return node;
}

function updateSession(node, s) {
  const p = node.parts;
  const b = s.broadcast;
  setText(p.phase, b.phase.replaceAll('_', ' '));
  p.phase.className = `badge state-${b.phase}`;
  p.phase.dataset.phase = b.phase;
  const cam = b.cameraOnAir;
  setText(p.onAir, cam ? `Camera on air: ${cam.displayName || cam.cameraId} (${b.selection === 'manual' ? 'selected by hand' : 'by preference'})`
    : 'No camera on air');
  const v = b.voiceStream;
  const facts = v ? [
    ['Voice stream', v.health],
    ['On air', SOURCE_LABELS[v.videoSourceType] || v.videoSourceType || '–'],
    ['Since', clock(v.startedAt)],
    ['Encoder restarts', String(v.encoderRestarts ?? 0)],
    ['Health', v.healthMessage || '–'],
  ] : [['Voice stream', b.voiceStreamError || (b.voiceRoomId ? 'not streaming' : 'no room yet')]];
  if (b.node) {
    const moved = b.lastReplacement ? ` (moved from ${b.lastReplacement.fromNode}: ${b.lastReplacement.reason.replaceAll('_', ' ')}, ${clock(b.lastReplacement.at)})` : '';
    facts.unshift(['Voice node', `${b.node.nodeId}, placement ${b.node.epoch}${moved}`]);
  }
  setFacts(p.stream, facts);
  setText(p.error, b.lastError ? `Last error (${b.lastError.operation}${b.lastError.retrying ? ', retrying' : ''}): ${b.lastError.message}` : '');
  syncList(p.cameras, s.cameras, (c) => `${c.gameInstanceId}/${c.cameraId}`, cameraRow, (row, c) =>
    updateCameraRow(row, c, cam && cam.cameraId === c.cameraId && cam.gameInstanceId === c.gameInstanceId));
  const states = new Map(((v && v.destinations) || []).map((d) => [d.destinationId, d]));
  syncList(p.destinations, b.destinations, (d) => d.destinationId, () => destinationRow(), (row, d) => showDestination(row, d, states.get(d.destinationId)));
  p.links.replaceChildren(...(s.voiceDashboardUrl
    ? [el('a', { href: s.voiceDashboardUrl, rel: 'noopener noreferrer', 'data-field': 'voice-link' },
      'This broadcast on its voice node\u2019s dashboard')]
    : []));
}

function cameraRow() {
  const parts = {};
  const row = el('tr', {},
    (parts.id = el('td', { 'data-label': 'Camera', class: 'key' })),
    (parts.name = el('td', { 'data-label': 'Name', 'data-field': 'camera-name' })),
    (parts.url = el('td', { 'data-label': 'Stream', class: 'mono' })),
    (parts.since = el('td', { 'data-label': 'Since' })),
    (parts.extra = el('td', {})));
  row.parts = parts;
  return row;
}

function updateCameraRow(row, c, onAir) {
  const p = row.parts;
  setText(p.id, c.cameraId);
  setText(p.name, c.displayName || '');
  setText(p.url, c.rtmpUrl);
  setText(p.since, clock(c.startedAt));
  setText(p.extra, onAir ? 'on air' : '');
  p.extra.className = onAir ? 'state-live' : '';
}

// ---------------------------------------------------------------- cameras of other sessions

function showOtherCameras(cameras) {
  $('other-cameras').hidden = cameras.length === 0;
  // here the fourth column is the camera's session and the fifth its start
  syncList($('other-camera-rows'), cameras, (c) => `${c.gameInstanceId}/${c.cameraId}`, () => {
    const row = cameraRow();
    row.parts.since.setAttribute('data-label', 'Session');
    row.parts.extra.setAttribute('data-label', 'Since');
    return row;
  }, (row, c) => {
    const p = row.parts;
    setText(p.id, c.cameraId);
    setText(p.name, c.displayName || '');
    setText(p.url, c.rtmpUrl);
    setText(p.since, c.sessionId || '–');
    setText(p.extra, clock(c.startedAt));
  });
}
