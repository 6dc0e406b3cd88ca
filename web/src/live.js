// The WebSocket push (GET /stream/ws, docs/subscriptions.md): named filters, compact deltas only.
// Filters survive reconnects: they are sent again on every open; a "lagged" notice resubscribes with a
// snapshot so the view catches up with the current state.
import { tenant } from "./api.js";
import { token } from "./auth.js";

const subs = new Map(); // name -> {spec, onDelta, onSnapshot}
let socket = null;
let backoff = 500;
// subscribed: the filters the server has confirmed on this connection (tests wait on it, not on a timer).
export const liveStats = { state: "connecting", deltas: 0, lastDeltaAt: null, reconnects: 0, subscribed: [] };
const stateListeners = [];

function url() {
  const proto = location.protocol === "https:" ? "wss:" : "ws:";
  // Browsers cannot set headers on a WebSocket: the token travels as ?access_token= (docs/security.md).
  const params = new URLSearchParams();
  if (tenant) params.set("tenant", tenant);
  if (token()) params.set("access_token", token());
  const q = params.toString() ? `?${params}` : "";
  return `${proto}//${location.host}/stream/ws${q}`;
}

function setState(state) {
  liveStats.state = state;
  for (const fn of stateListeners) fn(state);
}

export function onLiveState(fn) {
  stateListeners.push(fn);
  fn(liveStats.state);
}

function send(message) {
  if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
}

function sendSubscribe(name, snapshot = false) {
  const entry = subs.get(name);
  if (entry) send({ op: "subscribe", sub: name, snapshot: snapshot || !!entry.snapshot, ...entry.spec });
}

export function connect() {
  socket = new WebSocket(url());
  socket.onopen = () => {
    backoff = 500;
    setState("open");
    for (const name of subs.keys()) sendSubscribe(name);
  };
  socket.onmessage = (ev) => {
    const msg = JSON.parse(ev.data);
    if (msg.op === "changes") {
      // One frame carries the deltas of one filter (msg.sub), in order.
      for (const change of msg.changes) {
        liveStats.deltas += 1;
        liveStats.lastDeltaAt = Date.now();
        const entry = subs.get(msg.sub || change.sub);
        if (entry && entry.onDelta) entry.onDelta(change);
      }
    } else if (msg.op === "subscribed") {
      if (!liveStats.subscribed.includes(msg.sub)) liveStats.subscribed.push(msg.sub);
    } else if (msg.op === "unsubscribed") {
      liveStats.subscribed = liveStats.subscribed.filter((name) => name !== msg.sub);
    } else if (msg.op === "snapshot") {
      const entry = subs.get(msg.sub);
      if (entry && entry.onSnapshot) entry.onSnapshot(msg.entities, msg.last);
    } else if (msg.op === "lagged") {
      for (const name of msg.subs || [msg.sub]) {
        send({ op: "unsubscribe", sub: name });
        sendSubscribe(name, true);
      }
    } else if (msg.op === "error") {
      console.warn("live filter error", msg);
    }
  };
  socket.onclose = () => {
    liveStats.subscribed = [];
    setState("closed");
    liveStats.reconnects += 1;
    setTimeout(connect, backoff);
    backoff = Math.min(backoff * 2, 10000);
  };
}

/** Start (or replace) a named filter; deltas go to onDelta(change). */
export function subscribe(name, spec, onDelta, { onSnapshot, snapshot = false } = {}) {
  if (subs.has(name)) send({ op: "unsubscribe", sub: name });
  subs.set(name, { spec, onDelta, onSnapshot, snapshot });
  sendSubscribe(name);
}

export function unsubscribe(name) {
  if (subs.delete(name)) send({ op: "unsubscribe", sub: name });
}
