// HTTP helpers: the tenant (?tenant=) travels as NGSILD-Tenant, the login's token as Authorization; errors
// surface as problem details (a 401 asks for a new login: see auth.js).
import { Resource } from "@cesium/engine";
import { authHeaders } from "./auth.js";

export const tenant = new URLSearchParams(location.search).get("tenant") || "";
const headers = tenant ? { "NGSILD-Tenant": tenant } : {};

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export async function api(path, { method = "GET", body, accept = "application/json" } = {}) {
  const init = { method, headers: { ...headers, ...authHeaders(), Accept: accept } };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers["Content-Type"] = "application/json";
  }
  const res = await fetch(path, init);
  if (res.status === 401) window.dispatchEvent(new Event("citytwin:unauthorized"));
  if (res.status === 204) return null;
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

/** Headers of a data call made outside api(): tenant, token, and any others given. */
export function dataHeaders(extra = {}) {
  return { ...headers, ...authHeaders(), ...extra };
}

/** A Cesium resource for a data URL: Cesium sends the token (and the tenant) on it and on what it derives. */
export function resource(path, queryParameters) {
  return new Resource({ url: withTenant(path), headers: dataHeaders(), queryParameters });
}

/** The path with ?tenant= appended (for URLs handed to Cesium or <img>). */
export function withTenant(path) {
  if (!tenant) return path;
  return path + (path.includes("?") ? "&" : "?") + "tenant=" + encodeURIComponent(tenant);
}

export function ngsi(path) {
  return "/ngsi-ld/v1" + path;
}

export function toast(message, isError = false) {
  const el = document.getElementById("toast");
  el.textContent = message;
  el.className = isError ? "error" : "";
  el.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (el.hidden = true), 4000);
}

/** Compact an NGSI-LD attribute (normalized or concise) into {value, observedAt, unitCode}. */
export function attrValue(attr) {
  if (attr == null) return undefined;
  if (Array.isArray(attr)) attr = attr.find((a) => !a.datasetId) || attr[0];
  if (typeof attr !== "object") return { value: attr };
  if ("value" in attr) return attr;
  if ("object" in attr) return { ...attr, value: attr.object };
  if ("languageMap" in attr) return { ...attr, value: attr.languageMap };
  if ("json" in attr) return { ...attr, value: attr.json };
  if ("vocab" in attr) return { ...attr, value: attr.vocab };
  return { value: attr };
}
