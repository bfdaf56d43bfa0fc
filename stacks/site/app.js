// Todo front end: plain JavaScript, no build step, no inline code (a strict CSP applies).
// It reads /config.json (written at deploy time by StaticSite: "/api" when the site
// serves the API on its own origin) to find the API, then lists, adds, toggles and
// deletes todos through it.
"use strict";

(() => {
  const TOKEN_KEY = "todos.token";
  const PAGE_LIMIT = 100;
  const MAX_PAGES = 10;
  const byId = (id) => document.getElementById(id);
  let apiBase = null;

  // Report CSP violations into the page, so they are visible (and testable).
  document.addEventListener("securitypolicyviolation", (event) => {
    const item = document.createElement("li");
    item.dataset.directive = event.effectiveDirective;
    item.dataset.blocked = event.blockedURI;
    item.textContent = `${event.effectiveDirective} blocked ${event.blockedURI}`;
    const list = byId("csp-violations");
    list.append(item);
    document.body.dataset.cspViolations = String(list.children.length);
  });

  function showError(message) {
    const error = byId("error");
    error.textContent = message;
    error.hidden = false;
    document.body.dataset.state = "error";
  }

  function clearError() {
    const error = byId("error");
    error.textContent = "";
    error.hidden = true;
  }

  async function loadConfig() {
    const response = await fetch("/config.json", { cache: "no-store" });
    if (!response.ok) {
      throw new Error(`Could not load /config.json: HTTP ${response.status}`);
    }
    const config = await response.json();
    if (typeof config.apiUrl !== "string" || config.apiUrl === "") {
      throw new Error("/config.json has no apiUrl");
    }
    // apiUrl is a path on this origin ("/api": StaticSite serves the API there) or an
    // absolute URL (an API on another origin, allowed by the CSP and the API's CORS).
    // new URL("todos", base) keeps the base's path only if it ends with a slash.
    const base = config.apiUrl.endsWith("/") ? config.apiUrl : `${config.apiUrl}/`;
    return new URL(base, window.location.origin);
  }

  async function api(method, path, body) {
    const headers = {};
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    let response;
    try {
      response = await fetch(new URL(path, apiBase), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new Error(
        `${method} ${path}: the API could not be reached ` +
          "(network error, CORS or Content-Security-Policy)",
      );
    }
    const text = await response.text();
    let data = null;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = null;
      }
    }
    if (!response.ok) {
      const detail = (data && (data.error || data.message)) || response.statusText;
      throw new Error(`${method} ${path}: ${response.status} ${detail}`);
    }
    return data;
  }

  async function listTodos() {
    const items = [];
    let next = null;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const query = new URLSearchParams({ limit: String(PAGE_LIMIT) });
      if (next) query.set("next", next);
      const data = await api("GET", `todos?${query}`);
      items.push(...(data.items || []));
      next = data.next;
      if (!next) break;
    }
    return items.sort((a, b) => String(a.created_at).localeCompare(String(b.created_at)));
  }

  function todoItem(todo) {
    const item = document.createElement("li");
    item.className = todo.done ? "todo done" : "todo";
    item.dataset.id = todo.id;

    const checkbox = document.createElement("input");
    checkbox.type = "checkbox";
    checkbox.id = `todo-${todo.id}`;
    checkbox.checked = Boolean(todo.done);
    checkbox.addEventListener("change", () =>
      run(() => api("PUT", `todos/${encodeURIComponent(todo.id)}`, { done: checkbox.checked })),
    );

    const label = document.createElement("label");
    label.htmlFor = checkbox.id;
    label.textContent = todo.title;

    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "delete";
    remove.textContent = "Delete";
    remove.setAttribute("aria-label", `Delete "${todo.title}"`);
    remove.addEventListener("click", () =>
      run(() => api("DELETE", `todos/${encodeURIComponent(todo.id)}`)),
    );

    item.append(checkbox, label, remove);
    return item;
  }

  async function refresh() {
    const todos = await listTodos();
    byId("todos").replaceChildren(...todos.map(todoItem));
    byId("status").textContent =
      todos.length === 0 ? "Nothing to do." : `${todos.length} todo${todos.length === 1 ? "" : "s"}`;
    document.body.dataset.state = "ready";
  }

  // Runs an action, then reloads the list; any failure is shown, never swallowed.
  async function run(action) {
    clearError();
    try {
      if (apiBase === null) apiBase = await loadConfig();
      await action();
      await refresh();
    } catch (error) {
      showError(error.message);
    }
  }

  byId("add-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = byId("new-title");
    const title = input.value.trim();
    if (!title) return;
    run(async () => {
      await api("POST", "todos", { title });
      input.value = "";
    });
  });

  byId("token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const token = byId("token").value.trim();
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
    byId("token").value = "";
    run(async () => {});
  });

  run(async () => {});
})();
