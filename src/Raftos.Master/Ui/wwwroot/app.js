// Raftos dashboard: lists masters, agents, jobs and tasks from the HTTP API of the master
// that served the page, then follows GET /v1/events and re-fetches what an event touches.
"use strict";

(() => {
  const DEBOUNCE_MS = 200;
  const RECONNECT_MS = 1000;

  // Which lists an event kind makes stale.
  const AFFECTS = {
    master: ["cluster"],
    agent: ["agents", "tasks"],
    job: ["jobs", "tasks"],
    task: ["tasks", "jobs", "agents"],
    kv: [],
  };

  const LISTS = {
    cluster: { url: "/v1/cluster", render: renderCluster },
    agents: { url: "/v1/agents", render: renderAgents },
    jobs: { url: "/v1/jobs", render: renderJobs },
    tasks: { url: "/v1/tasks", render: renderTasks },
  };

  let lastIndex = 0;
  let source = null;
  let stale = new Set();
  let timer = null;

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined) continue;
      if (key === "class") node.className = value;
      else node.setAttribute(key, String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function state(value) {
    return el("span", { class: "state state-" + value, "data-state": value }, value);
  }

  function fill(tableId, rows, columns) {
    const body = document.querySelector("#" + tableId + " tbody");
    body.replaceChildren(...(rows.length ? rows : [el("tr", {}, el("td", { class: "empty", colspan: columns }, "none"))]));
  }

  async function fetchList(name) {
    const list = LISTS[name];
    const response = await fetch(list.url, { headers: { Accept: "application/json" }, cache: "no-store" });
    if (!response.ok) throw new Error(list.url + ": " + response.status);
    const index = Number(response.headers.get("X-Raftos-Index") || 0);
    list.render(await response.json());
    return index;
  }

  async function refresh(names) {
    const indexes = await Promise.all(names.map(fetchList));
    const index = Math.max(0, ...indexes);
    document.getElementById("index").textContent = "index " + Math.max(index, lastIndex);
    return index;
  }

  function schedule(kinds) {
    for (const kind of kinds) for (const name of AFFECTS[kind] || []) stale.add(name);
    if (timer !== null || stale.size === 0) return;
    timer = setTimeout(async () => {
      timer = null;
      const names = [...stale];
      stale = new Set();
      try {
        await refresh(names);
      } catch (e) {
        names.forEach((n) => stale.add(n));
        schedule([]);
      }
    }, DEBOUNCE_MS);
  }

  function setLive(live, text) {
    const badge = document.getElementById("live");
    badge.dataset.live = String(live);
    badge.textContent = text;
  }

  function connect() {
    if (source) source.close();
    source = new EventSource("/v1/events?index=" + lastIndex);
    source.onopen = () => setLive(true, "live");
    for (const kind of Object.keys(AFFECTS)) {
      source.addEventListener(kind, (event) => {
        lastIndex = Math.max(lastIndex, Number(event.lastEventId) || 0);
        schedule([kind]);
      });
    }
    source.addEventListener("reset", (event) => {
      lastIndex = Number(event.lastEventId) || lastIndex;
      restart();
    });
    source.onerror = () => {
      setLive(false, "reconnecting…");
      source.close();
      source = null;
      setTimeout(restart, RECONNECT_MS);
    };
  }

  // Lists everything, then follows the stream from the index of those answers.
  async function restart() {
    if (source) { source.close(); source = null; }
    try {
      const index = await refresh(Object.keys(LISTS));
      lastIndex = Math.max(lastIndex, index);
      connect();
    } catch (e) {
      setLive(false, "unreachable, retrying…");
      setTimeout(restart, RECONNECT_MS);
    }
  }

  function renderCluster(cluster) {
    const leader = cluster.masters.find((m) => m.role === "leader");
    const leaderId = cluster.leaderId || (leader && leader.id) || "";
    document.getElementById("leader").textContent = leaderId || "none";
    document.getElementById("term").textContent = cluster.term;
    fill("masters", cluster.masters.map((m) => {
      const isLeader = m.role === "leader" || (m.id && m.id === leaderId);
      return el("tr", { "data-master-id": m.id || m.raftAddress, "data-leader": isLeader ? "true" : null },
        el("td", { class: "mono" }, (m.id || "?") + (isLeader ? " ★" : "")),
        el("td", { class: "mono" }, m.httpAddress || m.raftAddress),
        el("td", {}, state(m.role)),
        el("td", {}, state(m.status)),
        el("td", {}, m.voter ? "yes" : "no"));
    }), 5);
  }

  function bar(total, allocated, used, unit) {
    const pct = (v) => (total > 0 ? Math.min(100, (100 * v) / total) : 0).toFixed(1) + "%";
    const box = el("div", { class: "bar", title: allocated + " of " + total + " " + unit + " allocated" + (used === null ? "" : ", " + used + " used") },
      el("div", { class: "allocated", style: "width:" + pct(allocated) }),
      used === null ? null : el("div", { class: "used", style: "width:" + pct(used) }));
    return el("div", {}, box, el("span", { class: "bar-label" },
      allocated + " / " + total + " " + unit + (used === null ? "" : " (used " + used + ")")));
  }

  function renderAgents(agents) {
    fill("agents", agents.map((a) => {
      const r = a.resources, used = r.used;
      return el("tr", { "data-agent-id": a.id, "data-state": a.status },
        el("td", { class: "mono" }, a.id),
        el("td", { class: "mono" }, a.address || "—"),
        el("td", {}, state(a.status), a.draining ? " " : null, a.draining ? state("draining") : null),
        el("td", {}, a.tasks),
        el("td", {}, bar(r.total.cpuMillis, r.allocated.cpuMillis, used ? used.cpuMillis : null, "mCPU")),
        el("td", {}, bar(r.total.memoryMb, r.allocated.memoryMb, used ? used.memoryMb : null, "MB")));
    }), 6);
  }

  function renderJobs(jobs) {
    fill("jobs", jobs.map((j) => {
      const spec = j.spec || {};
      const counts = Object.entries(j.tasks || {}).filter(([, n]) => n > 0).map(([s, n]) => s + " " + n).join(", ");
      const reasons = (j.placement && j.placement.reasons) || [];
      return el("tr", { "data-job-id": j.id, "data-state": j.status },
        el("td", { class: "mono" }, j.id),
        el("td", {}, spec.type),
        el("td", {}, spec.role),
        el("td", {}, spec.priority),
        el("td", {}, state(j.status)),
        el("td", {}, counts),
        el("td", {}, reasons.length
          ? el("ul", { class: "reasons" }, ...reasons.map((r) => el("li", {}, r.tasks + "× " + r.reason)))
          : (j.placement ? j.placement.running + " running, " + j.placement.pending + " pending" : "")));
    }), 7);
  }

  function renderTasks(tasks) {
    fill("tasks", tasks.map((t) => el("tr", { "data-task-id": t.id, "data-job-id": t.jobId, "data-agent-id": t.agentId || "", "data-state": t.state },
      el("td", { class: "mono" }, t.id),
      el("td", { class: "mono" }, t.jobId),
      el("td", { class: "mono" }, t.agentId || "—"),
      el("td", {}, state(t.state)),
      el("td", {}, t.reason))), 5);
  }

  restart();
})();
