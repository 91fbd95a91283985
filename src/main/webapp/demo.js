// The demo page: log in as a demo user, watch the live feed, and (as ops) publish.
import { Herald } from './herald.js';

const $ = (id) => document.getElementById(id);
const ADMINS = new Set(['ops']);
let herald = null;
let token = null;

async function demoToken(user) {
  const response = await fetch('api/dev/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ user, roles: ADMINS.has(user) ? ['admin', 'user'] : ['user'] }),
  });
  if (response.status === 404) throw new Error('Demo tokens are off: start Herald with HERALD_DEV_ENABLED=true');
  if (!response.ok) throw new Error(`Token refused (${response.status})`);
  return (await response.json()).token;
}

function showError(error) {
  $('error').hidden = !error;
  $('error').textContent = error ? error.message || String(error) : '';
}

function addToFeed(event) {
  if (event.type === 'heartbeat') return;
  const item = document.createElement('li');
  item.dataset.type = event.type;
  if (event.id) item.dataset.id = event.id;
  const time = document.createElement('time');
  const at = new Date(event.timestamp);
  time.dateTime = at.toISOString();
  time.textContent = at.toLocaleTimeString();
  const type = document.createElement('span');
  type.className = 'type';
  type.textContent = event.type;
  const message = document.createElement('span');
  message.className = 'message';
  const data = event.data || {};
  message.textContent = event.type === 'connection_established'
    ? `Connected as ${data.userId}; heartbeat every ${data.heartbeatIntervalSeconds} s`
    : data.message || JSON.stringify(data);
  item.append(time, type, message);
  $('feed').prepend(item);
  $('count').textContent = String($('feed').children.length);
}

async function connect(user) {
  showError(null);
  if (herald) herald.stop();
  $('feed').replaceChildren();
  $('count').textContent = '0';
  token = await demoToken(user);
  herald = new Herald({
    getToken: async (refresh) => (refresh ? (token = await demoToken(user)) : token),
    onResync: () => addToFeed({ type: 'resync_required', timestamp: new Date().toISOString(),
      data: { message: 'Some events may be missing: reload your view' } }),
  });
  herald.on('*', addToFeed);
  herald.onState((state, role) => {
    $('state').textContent = state;
    $('state').className = `state ${state}`;
    $('role').textContent = role === 'leader' ? '(this tab holds the stream)' : role === 'follower' ? '(shared with another tab)' : '';
  });
  $('me').textContent = `as ${user}`;
  $('admin').hidden = !ADMINS.has(user);
  $('connect').disabled = true;
  $('disconnect').disabled = false;
  await herald.start();
}

async function call(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  $('admin-result').textContent = `${response.status} ${text}`;
}

$('login').addEventListener('submit', (e) => { e.preventDefault(); connect($('user').value).catch(showError); });
$('disconnect').addEventListener('click', () => {
  if (herald) herald.stop();
  $('connect').disabled = false;
  $('disconnect').disabled = true;
});
$('publish').addEventListener('submit', (e) => {
  e.preventDefault();
  const userIds = $('recipients').value.split(',').map((s) => s.trim()).filter(Boolean);
  const body = { type: $('type').value.trim(), data: { message: $('message').value } };
  if (userIds.length) body.userIds = userIds;
  call('api/sse/publish', body).catch(showError);
});
$('create-event').addEventListener('click', () => {
  const start = new Date(Date.now() + 10 * 60 * 1000);
  const end = new Date(start.getTime() + 30 * 60 * 1000);
  call('api/calendar/events', { title: 'Demo meeting', start: start.toISOString(), end: end.toISOString(),
    attendees: ['alice', 'bob'] }).catch(showError);
});
$('reminders').addEventListener('click', () => call('api/calendar/reminders/upcoming').catch(showError));

// ?user=bob connects at once (handy for links and for the browser tests).
const preset = new URLSearchParams(location.search).get('user');
if (preset) {
  if (![...$('user').options].some((option) => option.value === preset)) $('user').add(new Option(preset, preset));
  $('user').value = preset;
  connect(preset).catch(showError);
}
