// Herald browser client: a dependency-free ES module.
//
//   import { Herald } from '/herald.js';
//   const herald = new Herald({ getToken: async (refresh) => myApp.accessToken(refresh) });
//   herald.on('calendar_event_created', (event) => show(event.data));
//   herald.on('*', (event) => console.log(event.type, event));
//   herald.onState((state) => badge.textContent = state);  // connecting | open | reconnecting | closed
//   await herald.start();
//
// EventSource cannot send an Authorization header, so the client trades the app's bearer token for
// an HttpOnly cookie (POST /api/sse/session) and then opens the stream. All tabs of one user share a
// single stream: the tab holding a Web Lock is the leader and relays events to the others over a
// BroadcastChannel; when it closes, another tab takes over and resumes where it stopped. Without
// those APIs every tab has a stream of its own.

const HERALDS_OWN = new Set(['connection_established', 'heartbeat', 'resync_required', 'token_expired', 'server_shutdown']);
const MAX_BACKOFF_MS = 30000;
const REMEMBERED_IDS = 1000;

export class Herald {
  /**
   * @param {object} options
   * @param {(refresh: boolean) => Promise<string>} options.getToken the app's bearer token; refresh=true asks for a new one
   * @param {string} [options.baseUrl] where Herald's API is, by default next to this page ('api/')
   * @param {string} [options.types] a type filter such as 'chat_*,alert'
   * @param {(event: object) => void} [options.onResync] called when events may have been missed: reload your state
   * @param {boolean} [options.shareAcrossTabs] one stream for all tabs of the user (default true)
   */
  constructor({ getToken, baseUrl = 'api/', types = '', onResync = () => {}, shareAcrossTabs = true }) {
    if (typeof getToken !== 'function') throw new TypeError('Herald needs getToken(refresh)');
    this.getToken = getToken;
    this.baseUrl = baseUrl.endsWith('/') ? baseUrl : baseUrl + '/';
    this.types = types;
    this.onResync = onResync;
    this.shareAcrossTabs = shareAcrossTabs && 'locks' in navigator && typeof BroadcastChannel === 'function';
    this.handlers = new Map();
    this.stateHandlers = new Set();
    this.state = 'closed';
    this.role = 'none';
    this.lastEventId = null;
    this.seenIds = [];
    this.attempt = 0;
    this.stopped = true;
  }

  /** Calls handler(event) for each event of the type ('*' for all); returns a function that unsubscribes. */
  on(type, handler) {
    if (!this.handlers.has(type)) this.handlers.set(type, new Set());
    this.handlers.get(type).add(handler);
    return () => this.handlers.get(type).delete(handler);
  }

  /** Calls handler(state, role) whenever the connection state changes. */
  onState(handler) {
    this.stateHandlers.add(handler);
    handler(this.state, this.role);
    return () => this.stateHandlers.delete(handler);
  }

  async start() {
    this.stopped = false;
    const token = await this.getToken(false);
    this.userId = userOf(token);
    this.token = token;
    if (!this.shareAcrossTabs) {
      this.role = 'solo';
      return this.lead();
    }
    const name = `herald:${this.userId}`;
    this.channel = new BroadcastChannel(name);
    this.channel.onmessage = (message) => this.fromLeader(message.data);
    this.role = 'follower';
    this.setState('connecting');
    this.channel.postMessage({ kind: 'hello' });
    // The lock is held until stop() or the tab closes; then the next tab in line becomes the leader.
    this.abdicate = new AbortController();
    navigator.locks.request(name, { signal: this.abdicate.signal }, () => new Promise((release) => {
      this.releaseLock = release;
      this.role = 'leader';
      this.lead();
    })).catch(() => {});
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    if (this.source) this.source.close();
    this.source = null;
    if (this.abdicate) this.abdicate.abort();
    if (this.releaseLock) this.releaseLock();
    if (this.channel) this.channel.close();
    this.setState('closed');
  }

  // --- the tab that holds the stream -----------------------------------------------------------

  async lead() {
    if (this.stopped) return;
    this.setState(this.attempt === 0 && !this.lastEventId ? 'connecting' : 'reconnecting');
    try {
      await this.openSession();
    } catch (error) {
      return this.retryLater(error);
    }
    const params = new URLSearchParams();
    if (this.types) params.set('types', this.types);
    if (this.lastEventId) params.set('lastEventId', this.lastEventId);
    const query = params.toString();
    const source = new EventSource(this.baseUrl + 'sse/connect' + (query ? '?' + query : ''), { withCredentials: true });
    this.source = source;
    source.onopen = () => {
      this.attempt = 0;
      this.setState('open');
    };
    source.onmessage = (message) => this.receive(message);
    source.onerror = () => {
      if (this.source !== source) return;
      if (source.readyState === EventSource.CONNECTING) {
        // The browser reconnects by itself, sending Last-Event-ID and honouring the server's retry.
        this.setState('reconnecting');
      } else {
        // A refusal (401, 429, 503...) ends an EventSource for good: start again with a fresh token.
        source.close();
        this.retryLater(new Error('stream refused'));
      }
    };
  }

  async openSession(refreshed = false) {
    const response = await fetch(this.baseUrl + 'sse/session', {
      method: 'POST',
      headers: { Authorization: `Bearer ${this.token}` },
      // 'include' so that a baseUrl on another origin (listed in HERALD_CORS_ALLOWED_ORIGINS) gets its cookie too.
      credentials: 'include',
    });
    if (response.status === 401 && !refreshed) {
      this.token = await this.getToken(true);
      return this.openSession(true);
    }
    if (!response.ok) throw new Error(`session refused: ${response.status}`);
  }

  retryLater(error) {
    if (this.stopped) return;
    // Exponential backoff with full jitter, so that clients do not return all at once.
    const ceiling = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** this.attempt);
    this.attempt += 1;
    const delay = 500 + Math.random() * ceiling;
    this.setState('reconnecting');
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(async () => {
      try {
        this.token = await this.getToken(this.attempt > 1);
      } catch (_) { /* keep the old token; the session call will tell */ }
      this.lead();
    }, delay);
    return error;
  }

  receive(message) {
    const event = JSON.parse(message.data);
    if (message.lastEventId) event.id = message.lastEventId;
    if (message.lastEventId) this.lastEventId = message.lastEventId;
    if (event.type === 'token_expired') {
      this.source.close();
      this.source = null;
      this.attempt = 0;
      this.getToken(true).then((token) => { this.token = token; this.lead(); }, (error) => this.retryLater(error));
    } else if (event.type === 'server_shutdown') {
      // The server is going away; the browser waits for the retry it was given, then reconnects.
      this.setState('reconnecting');
    }
    if (this.channel) this.channel.postMessage({ kind: 'event', event, lastEventId: this.lastEventId });
    this.dispatch(event);
  }

  // --- every tab -------------------------------------------------------------------------------

  fromLeader(message) {
    if (message.kind === 'hello' && this.role === 'leader') {
      this.channel.postMessage({ kind: 'state', state: this.state });
    } else if (message.kind === 'state' && this.role === 'follower') {
      this.setState(message.state, false);
    } else if (message.kind === 'event' && this.role === 'follower') {
      if (message.lastEventId) this.lastEventId = message.lastEventId;
      this.dispatch(message.event);
    }
  }

  dispatch(event) {
    if (event.id) {
      if (this.seenIds.includes(event.id)) return;
      this.seenIds.push(event.id);
      if (this.seenIds.length > REMEMBERED_IDS) this.seenIds.shift();
    }
    if (event.type === 'resync_required') this.onResync(event);
    for (const type of [event.type, '*']) {
      for (const handler of this.handlers.get(type) || []) {
        try { handler(event); } catch (error) { console.error('Herald handler failed', error); }
      }
    }
  }

  setState(state, announce = true) {
    if (this.state === state && announce) return;
    this.state = state;
    if (announce && this.role === 'leader' && this.channel) this.channel.postMessage({ kind: 'state', state });
    for (const handler of this.stateHandlers) handler(state, this.role);
  }
}

/** Herald's own event types, which every stream receives whatever its filter. */
export const HERALD_EVENT_TYPES = [...HERALDS_OWN];

// The user id the server will use (upn, else preferred_username, else sub), to give each user's tabs
// their own stream. The token is only read here, never trusted: the server verifies it.
function userOf(token) {
  const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
  return payload.upn || payload.preferred_username || payload.sub;
}
