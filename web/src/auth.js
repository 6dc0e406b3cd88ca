// Who is logged in (docs/security.md): a bearer token kept in sessionStorage, sent on every data call
// (Authorization header; ?access_token= on the WebSocket). With CITYTWIN_AUTH=1 the page and its assets are
// public and every data call needs the token: the login panel asks for a username and password (exchanged at
// POST /auth/token for a token) or a pasted API key / token. Without authentication the server answers as
// the demo identity and no login is asked.
import { el } from "./dom.js";
import { t } from "./i18n.js";

const KEY = "citytwin.token";

export function token() {
  return sessionStorage.getItem(KEY) || "";
}

/** The Authorization header of the current token (empty when none). */
export function authHeaders() {
  const value = token();
  return value ? { Authorization: `Bearer ${value}` } : {};
}

export function setToken(value) {
  if (value) sessionStorage.setItem(KEY, value);
  else sessionStorage.removeItem(KEY);
}

/** GET /auth/whoami with the current token: the subject, or null when the server refuses it (401). */
export async function whoami() {
  const res = await fetch("/auth/whoami", { headers: { Accept: "application/json", ...authHeaders() } });
  if (res.status === 401) return null;
  if (!res.ok) throw new Error(`whoami: HTTP ${res.status}`);
  return res.json();
}

async function exchange(username, password) {
  const res = await fetch("/auth/token", {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ username, password }),
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.detail || body.title || `HTTP ${res.status}`);
  return body.access_token;
}

/** Show the login panel until a login works; resolves with the subject. */
function ask(panel) {
  const user = el("input", { id: "login-user", autocomplete: "username", placeholder: t("username") });
  const pass = el("input", { id: "login-password", type: "password", autocomplete: "current-password", placeholder: t("password") });
  const pasted = el("textarea", { id: "login-token", rows: 2, placeholder: t("pasteToken") });
  const error = el("div", { className: "error small", id: "login-error" });
  const submit = el("button", { type: "submit", id: "login-submit" }, t("logIn"));
  const form = el("form", {}, el("h3", {}, t("logIn")), user, pass, el("div", { className: "muted small" }, t("orToken")), pasted, submit, error);
  panel.replaceChildren(form);
  panel.hidden = false;
  user.focus();
  return new Promise((resolve) => {
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      error.textContent = "";
      submit.disabled = true;
      try {
        const value = pasted.value.trim() || (await exchange(user.value.trim(), pass.value));
        setToken(value);
        const me = await whoami();
        if (!me) throw new Error(t("loginRefused"));
        panel.hidden = true;
        pass.value = "";
        resolve(me);
      } catch (err) {
        setToken("");
        error.textContent = String(err.message || err);
      } finally {
        submit.disabled = false;
      }
    });
  });
}

let current = null;

/** The subject this page acts as, asking for a login when the server needs one. */
export async function ensureLogin(panel, whoEl) {
  current = (await whoami()) || (await ask(panel));
  showWho(whoEl);
  return current;
}

function showWho(whoEl) {
  if (!whoEl || !current) return;
  const logout = current.authenticated
    ? el("button", { type: "button", id: "logout", onclick: () => { setToken(""); location.reload(); } }, t("logOut"))
    : null;
  const name = current.authenticated ? current.actor : `${current.actor} (${t("noLogin")})`;
  // replaceChildren writes a null argument as the text "null": pass the logout button only when there is one.
  const parts = [el("span", { id: "who-name", title: (current.roles || []).join(", ") }, name)];
  if (logout) parts.push(logout);
  whoEl.replaceChildren(...parts);
}

/** A data call was refused (401): the token expired or was revoked; log in again. */
export async function relogin(panel, whoEl) {
  setToken("");
  current = await ask(panel);
  showWho(whoEl);
}
