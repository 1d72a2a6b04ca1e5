// The voice node's dashboard: every broadcast of this node, live. Text from the API is always
// inserted as text (kit.js el/setText); every URL shown is the API's masked one.
import {
  el, setText, syncList, duration, clock, problemText, dashboardPage, responsiveTable, setFacts, destinationRow as kitDestinationRow,
  showDestination, SOURCE_LABELS,
} from '../dashboard-kit/kit.js';

const $ = (id) => document.getElementById(id);
const PREVIEW_INTERVAL_MS = 1000;


let previewTimer = null;

const session = dashboardPage({
  service: 'voice',
  feed: '/voice/dashboard/watch',
  content: 'broadcasts',
  onEvent: (name, data) => (name === 'broadcasts' ? showBroadcasts(data) : name === 'levels' ? showLevels(data) : null),
  onStart: () => {
    previewTimer = setInterval(refreshPreviews, PREVIEW_INTERVAL_MS);
  },
  onStop: () => {
    clearInterval(previewTimer);
    $('cards').replaceChildren();
  },
});

// ---------------------------------------------------------------- broadcasts

function showBroadcasts(data) {
  const list = data.broadcasts;
  setText($('broadcast-count'), `${list.length} of ${data.maxConcurrentStreams}`);
  $('no-broadcasts').hidden = list.length > 0;
  syncList($('cards'), list, (b) => b.roomId, card, updateCard);
  revealLinkedCard();
}

/** A link from the GameSession dashboard names a broadcast (#room-<id>): shown once its card exists. */
let linkedCardShown = false;
function revealLinkedCard() {
  if (linkedCardShown || !location.hash.startsWith('#room-')) return;
  const target = document.getElementById(location.hash.slice(1));
  if (target) {
    linkedCardShown = true;
    target.scrollIntoView();
    target.querySelector('h3').setAttribute('tabindex', '-1');
    target.querySelector('h3').focus();
  }
}

function showLevels(data) {
  for (const room of data.rooms) {
    const c = document.querySelector(`article.card[data-key="${CSS.escape(room.roomId)}"]`);
    if (!c) continue;
    for (const p of room.participants) {
      const row = c.parts.participants.querySelector(`tr[data-key="${CSS.escape(p.participantId)}"]`);
      if (row) setLevel(row.parts, p.levelDbfs);
    }
  }
}

function card(b) {
  const id = b.roomId;
  const parts = {};
  const destinations = responsiveTable(['Id', 'URL', 'State', 'kbit/s', 'Reconnects', 'Last error', ''], { 'data-field': 'destinations' });
  const participants = responsiveTable(['Participant', 'Level', 'In the mix', 'Gain (dB)'], { 'data-field': 'participants' });
  parts.destinations = destinations.body;
  parts.participants = participants.body;
  const node = el('article', { class: 'card', id: `room-${id}`, 'aria-labelledby': `title-${id}` },
    el('header', {},
      (parts.title = el('h3', { id: `title-${id}`, 'data-field': 'title' })),
      (parts.health = el('span', { class: 'badge', 'data-field': 'health' }))),
    el('p', { class: 'muted small mono' }, 'room ', id),
    (parts.healthMessage = el('p', { class: 'small', 'data-field': 'health-message' })),
    el('figure', { class: 'preview' },
      (parts.preview = el('img', { alt: '', 'data-field': 'preview' })),
      (parts.onAir = el('figcaption', { 'data-field': 'on-air' }))),
    (parts.cascadeTitle = el('h4', {}, 'Cascade')),
    (parts.cascade = el('ol', { class: 'cascade', 'aria-label': 'Sources, highest first' })),
    (parts.layout = el('section', { class: 'layout', hidden: true, 'aria-labelledby': `layout-${id}` },
      (parts.layoutTitle = el('h4', { id: `layout-${id}`, 'data-field': 'layout' })),
      (parts.slots = el('ol', { class: 'slots', 'data-field': 'slots' })))),
    (parts.facts = el('dl', { class: 'facts' })),
    el('h4', {}, 'Destinations'),
    destinations.table,
    (parts.participantsTitle = el('h4', {}, 'Participants')),
    (parts.participantsTable = participants.table),
    (parts.controls = controls(id, parts)),
    el('h4', {}, 'Last events'),
    (parts.events = el('ol', { class: 'events', 'aria-label': 'Last events, newest first', 'data-field': 'events' })));
  node.parts = parts;
  return node;
}

function updateCard(node, b) {
  const p = node.parts;
  const s = b.status;
  const name = b.displayName || `Room ${b.roomId.slice(0, 8)}`;
  setText(p.title, name);
  p.preview.alt = `Picture on air in ${name}`;
  setText(p.health, s.health);
  p.health.className = `badge state-${s.health}`;
  setText(p.healthMessage, s.healthMessage || '');
  // A layout of several slots shows each slot's source and cascade; the single layout, its one cascade.
  const layout = s.layout || 'single';
  const slots = layout === 'single' ? [] : (s.slots || []);
  const type = s.videoSourceType || 'black';
  p.onAir.dataset.sourceType = type;
  setText(p.onAir, slots.length
    ? `On air: ${LAYOUT_LABELS[layout] || layout} · ${slots.map((x) => `${x.slot + 1}: ${sourceLabel(x.videoSourceType)}`).join(', ')}`
    : `On air: ${sourceLabel(type)}${s.currentVideoSource ? ` · ${s.currentVideoSource}` : ''}`
      + (s.onAirSince ? ` · since ${clock(s.onAirSince)}` : ''));
  p.layout.hidden = slots.length === 0;
  p.cascadeTitle.hidden = slots.length > 0;
  p.cascade.hidden = slots.length > 0;
  p.layout.dataset.layout = layout;
  setText(p.layoutTitle, `Layout: ${LAYOUT_LABELS[layout] || layout}`
    + (layout === 'pip' && s.insetCorner ? `, inset ${s.insetCorner.replaceAll('_', ' ')}` : '')
    + (s.lastLayoutSwitchMs != null ? ` · last switch ${s.lastLayoutSwitchMs} ms` : ''));
  syncList(p.slots, slots, (x) => x.slot, slotItem, (li, x) => updateSlot(li, x, layout));
  syncCascade(p.cascade, slots.length ? [] : s.sources || []);
  setFacts(p.facts, facts(s));
  syncList(p.destinations, s.destinations || [], (d) => d.destinationId, (d) => destinationRow(b.roomId, d), updateDestination);
  const participants = s.participants || [];
  const rtpengine = s.audioMode === 'rtpengine';
  p.participantsTitle.hidden = !rtpengine;
  p.participantsTable.hidden = !rtpengine;
  syncList(p.participants, participants, (x) => x.participantId, (x) => participantRow(b.roomId, x), updateParticipant);
  syncList(p.events, [...(b.events || [])].reverse(), (e) => e.event.event_id || `${e.eventName}-${e.timestamp}`,
    () => el('li', {}), (li, e) => setText(li, `${clock(e.timestamp)}  ${e.eventName.replace(/^voice\./, '')}  ${eventSummary(e.event)}`));
}

// ---------------------------------------------------------------- layouts

const LAYOUT_LABELS = { single: 'Single', pip: 'Picture in picture', side_by_side: 'Side by side', grid: 'Grid' };
/** Where each slot sits, as the API's LayoutName describes it. */
const SLOT_PLACES = {
  pip: ['main picture', 'inset'],
  side_by_side: ['left', 'right'],
  grid: ['top left', 'top right', 'bottom left', 'bottom right'],
};

function sourceLabel(type) {
  const t = type || 'black';
  return SOURCE_LABELS[t] || t;
}

/** A cascade's rungs, highest first, the one on air marked (also said in words, for screen readers). */
function syncCascade(ol, sources) {
  syncList(ol, sources, (r) => r.type, () => el('li', {}), (li, r) => {
    li.classList.toggle('on-air', r.onAir);
    li.dataset.state = r.state;
    setText(li, `${SOURCE_LABELS[r.type] || r.type}: ${r.onAir ? 'on air' : r.state}${r.problem ? ` (${r.problem})` : ''}`
      + (r.source && r.type !== 'black' ? ` · ${r.source}` : ''));
  });
}

function slotItem(x) {
  const parts = {};
  const li = el('li', { class: 'slot' },
    (parts.name = el('h5', { 'data-field': 'slot-name' })),
    (parts.onAir = el('p', { class: 'small', 'data-field': 'slot-on-air' })),
    (parts.cascade = el('ol', { class: 'cascade', 'aria-label': `Sources of slot ${x.slot + 1}, highest first` })));
  li.parts = parts;
  return li;
}

function updateSlot(li, x, layout) {
  const p = li.parts;
  const place = (SLOT_PLACES[layout] || [])[x.slot];
  setText(p.name, `Slot ${x.slot + 1}${place ? ` (${place})` : ''}`);
  const type = x.videoSourceType || 'black';
  p.onAir.dataset.sourceType = type;
  setText(p.onAir, `On air: ${sourceLabel(type)}${x.currentVideoSource ? ` · ${x.currentVideoSource}` : ''}`);
  syncCascade(p.cascade, x.sources || []);
}

function facts(s) {
  const encoder = [s.videoCodec, s.encoderFps != null ? `${s.encoderFps} fps` : null, s.encoderSpeed != null ? `${s.encoderSpeed}x` : null]
    .filter(Boolean).join(' · ');
  const audio = s.roomAudioReceiving === false ? 'no audio arriving'
    : s.audioSilentSeconds > 0 ? `silent for ${duration(s.audioSilentSeconds)}` : 'sound';
  return [
    ['Uptime', duration(s.durationSeconds)],
    ['Encoder', encoder || '–'],
    ['Encoder restarts', String(s.encoderRestarts ?? 0)],
    ['Room audio', `${s.audioMode || ''} · ${audio}`],
    ['Encoder error', s.lastError || '–'],
  ];
}

function eventSummary(e) {
  switch (e.event_name) {
    case 'voice.stream_started': return `on air with ${SOURCE_LABELS[e.video_source_type] || e.video_source_type}`;
    case 'voice.stream_stopped': return `reason ${e.reason}`;
    case 'voice.stream_source_changed':
      return `${SOURCE_LABELS[e.previous_source_type] || e.previous_source_type} → ${SOURCE_LABELS[e.new_source_type] || e.new_source_type}`
        + (e.reason ? ` (${e.reason})` : '');
    case 'voice.stream_health': return `${e.health}${e.message ? `: ${e.message}` : ''}`;
    case 'voice.stream_destination':
      return `${e.destination_id}: ${e.previous_state ? `${e.previous_state} → ` : ''}${e.state}${e.message ? ` (${e.message})` : ''}`;
    default: return '';
  }
}

// ---------------------------------------------------------------- destinations and participants

function destinationRow(room, d) {
  const reconnects = el('td', { 'data-label': 'Reconnects' });
  const row = kitDestinationRow([reconnects], [el('td', {}, confirmButton(`Remove ${d.destinationId}`, `Confirm: remove ${d.destinationId}`,
    (result) => call(result, '/voice/room/stream/destination/remove', { roomId: room, destinationId: d.destinationId },
      `Destination ${d.destinationId} removed.`)))]);
  row.parts.reconnects = reconnects;
  return row;
}

function updateDestination(row, d) {
  showDestination(row, d, d);
  setText(row.parts.reconnects, d.reconnects);
}

function participantRow(room, x) {
  const parts = {};
  const id = x.participantId;
  parts.meter = el('meter', { min: -60, max: 0, low: -30, high: -9, optimum: -20, value: -60, 'aria-label': `Level of ${id}` });
  parts.level = el('span', {});
  parts.inMix = el('input', { type: 'checkbox', 'aria-label': `${id} in the broadcast mix` });
  parts.inMix.addEventListener('change', () =>
    call(parts.result, '/voice/room/stream/participant', { roomId: room, participantId: id, excluded: !parts.inMix.checked },
      `${id} ${parts.inMix.checked ? 'back in' : 'left out of'} the mix.`));
  parts.gain = el('input', { type: 'number', class: 'gain', min: -60, max: 24, step: 1, 'aria-label': `Gain of ${id} in dB` });
  parts.result = el('p', { class: 'result', role: 'status' });
  const gainForm = el('form', { class: 'inline-form' }, parts.gain, el('button', { type: 'submit' }, 'Set'));
  gainForm.addEventListener('submit', (event) => {
    event.preventDefault();
    call(parts.result, '/voice/room/stream/participant', { roomId: room, participantId: id, gainDb: Number(parts.gain.value) },
      `Gain of ${id} set.`);
  });
  const row = el('tr', {},
    (parts.id = el('td', { 'data-label': 'Participant', class: 'mono' })),
    el('td', { 'data-label': 'Level' }, el('div', { class: 'meter' }, parts.meter, parts.level)),
    el('td', { 'data-label': 'In the mix' }, parts.inMix),
    el('td', { 'data-label': 'Gain (dB)' }, gainForm, parts.result));
  row.parts = parts;
  return row;
}

function updateParticipant(row, x) {
  const p = row.parts;
  setText(p.id, x.participantId);
  setLevel(p, x.levelDbfs);
  if (document.activeElement !== p.inMix) p.inMix.checked = !x.excluded;
  if (document.activeElement !== p.gain) p.gain.value = String(Math.round(x.gainDb));
}

function setLevel(p, dbfs) {
  const v = Math.max(-60, Math.min(0, dbfs));
  p.meter.value = v;
  p.meter.dataset.levelDbfs = String(dbfs);
  setText(p.level, dbfs <= -60 ? 'silent' : `${dbfs.toFixed(1)} dBFS`);
}

// ---------------------------------------------------------------- controls

function controls(room, parts) {
  const result = el('p', { class: 'result', role: 'status', 'aria-live': 'polite', 'data-field': 'result' });
  const camera = el('input', { type: 'password', autocomplete: 'off', spellcheck: 'false', required: true, name: 'camera' });
  const switchForm = el('form', { class: 'inline-form', 'data-form': 'switch-camera' },
    el('label', {}, 'Camera URL (switch to it; hidden as typed: it may hold a key)', camera),
    el('button', { type: 'submit' }, 'Switch camera'));
  switchForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const url = camera.value;
    camera.value = '';
    call(result, '/voice/room/stream/update', { roomId: room, backgroundVideoUrl: url }, 'Camera switched.');
  });
  const destId = el('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', name: 'destinationId', pattern: '[A-Za-z0-9._~-]{1,64}' });
  const destUrl = el('input', { type: 'password', autocomplete: 'off', spellcheck: 'false', required: true, name: 'url' });
  const addForm = el('form', { class: 'inline-form', 'data-form': 'add-destination' },
    el('label', {}, 'Destination id (optional)', destId),
    el('label', {}, 'Destination URL (with its key; hidden as typed)', destUrl),
    el('button', { type: 'submit' }, 'Add destination'));
  addForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const body = { roomId: room, url: destUrl.value };
    if (destId.value.trim()) body.destinationId = destId.value.trim();
    destUrl.value = '';
    destId.value = '';
    call(result, '/voice/room/stream/destination/add', body, 'Destination added.');
  });
  parts.result = result;
  return el('div', { class: 'controls' },
    el('h4', {}, 'Controls'),
    switchForm,
    addForm,
    el('div', { class: 'inline-form' },
      confirmButton('Stop the broadcast', 'Confirm: stop the broadcast', () =>
        call(result, '/voice/room/stream/stop', { roomId: room }, 'Broadcast stopped.'))),
    result);
}

/** A destructive button asks once more: the first press arms it for 5 s, the second acts. */
function confirmButton(label, confirmLabel, action) {
  const button = el('button', { type: 'button', class: 'danger' }, label);
  let timer = null;
  const reset = () => {
    clearTimeout(timer);
    delete button.dataset.confirming;
    button.classList.remove('confirming');
    setText(button, label);
  };
  button.addEventListener('click', () => {
    if (button.dataset.confirming) {
      reset();
      action(button.closest('article').parts.result);
    } else {
      button.dataset.confirming = 'true';
      button.classList.add('confirming');
      setText(button, confirmLabel);
      timer = setTimeout(reset, 5000);
    }
  });
  return button;
}

async function call(result, path, body, done) {
  result.classList.remove('error');
  setText(result, 'Working…');
  try {
    const response = await session.post(path, body);
    if (response.ok) setText(result, done);
    else {
      result.classList.add('error');
      setText(result, await problemText(response));
    }
  } catch (e) {
    result.classList.add('error');
    setText(result, 'The service did not answer.');
  }
}

// ---------------------------------------------------------------- previews

const loading = new Set();

function refreshPreviews() {
  if (document.hidden || !session.token) return;
  for (const node of $('cards').children) {
    const room = node.dataset.key;
    if (!loading.has(room)) loadPreview(room, node.parts.preview);
  }
}

async function loadPreview(room, img) {
  loading.add(room);
  try {
    const response = await session.post('/voice/room/stream/preview', { roomId: room });
    if (!response.ok) return;
    const url = URL.createObjectURL(await response.blob());
    const previous = img.dataset.objectUrl;
    img.dataset.objectUrl = url;
    img.src = url;
    if (previous) URL.revokeObjectURL(previous);
  } catch {
    // the next round tries again
  } finally {
    loading.delete(room);
  }
}
