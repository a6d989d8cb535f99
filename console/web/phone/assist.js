// The second secretary's page (a laptop, or the conference officer's phone): requests entered
// with the same type-ahead as the dais (the server ranks the roster as the dais does), sent with
// a secretary's code in the body, never a cookie. They wait in the inbox for the secretary's
// key, or go straight into the speaking order if the code confirms.
"use strict";

(() => {
  const { t } = DaisWords;
  const $ = (id) => document.getElementById(id);
  let code = (new URLSearchParams(location.search).get("code") || "").trim();
  let matches = [];
  let chosen = 0;
  let asked = 0;
  const POLL_MS = 1500;

  function api(path) { return new URL(path, location.href).toString(); }

  function standing(entry) {
    switch (entry.standing) {
      case "pending": return t("pending at the dais");
      case "queued": return entry.position ? t("in the speaking order, number {n}", { n: entry.position }) : t("in the speaking order");
      case "speaking": return t("has the floor");
      case "spoke": return t("has spoken");
      case "declined": return t("declined: {reason}", { reason: entry.reason || "" });
      case "withdrawn": return t("withdrawn");
      default: return t("the item moved on");
    }
  }

  function showMatches() {
    const list = $("matches");
    list.replaceChildren(...matches.map((match, index) => {
      const item = document.createElement("li");
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", String(index === chosen));
      item.textContent = match.name + (match.seat != null ? " · " + t("seat {seat}", { seat: match.seat }) : "");
      item.addEventListener("click", () => { chosen = index; showMatches(); send(); });
      return item;
    }));
    $("who").setAttribute("aria-expanded", String(matches.length > 0));
  }

  async function lookup() {
    const query = $("who").value.trim();
    const mine = ++asked;
    if (!query) { matches = []; showMatches(); return; }
    const response = await fetch(api("api/requests/lookup") + "?q=" + encodeURIComponent(query),
                                 { headers: { "x-dais-code": code }, cache: "no-store" });
    if (mine !== asked) return; // a later letter's answer is the one to show
    if (!response.ok) { $("error").textContent = (await response.text()).trim(); return; }
    matches = await response.json();
    chosen = 0;
    showMatches();
  }

  async function refresh() {
    if (!code) return;
    try {
      const response = await fetch(api("api/requests/mine"), { headers: { "x-dais-code": code }, cache: "no-store" });
      if (!response.ok) {
        $("error").textContent = (await response.text()).trim();
        $("code-form").hidden = false;
        $("enter-form").hidden = true;
        return;
      }
      const status = await response.json();
      $("connection").textContent = "";
      $("enter-form").hidden = false;
      $("item").textContent = status.item || "";
      $("speaker").textContent = status.speaker ? t("Now speaking: {name}", { name: status.speaker }) : t("The floor is free");
      $("mode").textContent = status.confirms ? t("Your entries go straight into the speaking order.")
                                              : t("Your entries wait for the secretary's key at the dais.");
      $("entered").replaceChildren(...(status.entered || []).map((entry) => {
        const item = document.createElement("li");
        item.textContent = entry.name;
        const note = document.createElement("span");
        note.className = "muted";
        note.textContent = standing(entry);
        item.append(note);
        return item;
      }));
    } catch (error) {
      $("connection").textContent = t("Connection lost: reconnecting…");
    }
  }

  async function send() {
    const match = matches[chosen];
    $("error").textContent = "";
    if (!match) { $("error").textContent = t("Choose the delegation from the list."); return; }
    const response = await fetch(api("api/requests/enter"), {
      method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ code, participant_id: match.id, on_behalf_of: $("behalf").value }),
    });
    if (response.status !== 202) $("error").textContent = (await response.text()).trim();
    else { $("who").value = ""; $("behalf").value = ""; matches = []; showMatches(); $("who").focus(); }
    await refresh();
  }

  $("who").addEventListener("input", lookup);
  $("who").addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" && matches.length) { chosen = Math.min(chosen + 1, matches.length - 1); showMatches(); event.preventDefault(); }
    if (event.key === "ArrowUp" && matches.length) { chosen = Math.max(chosen - 1, 0); showMatches(); event.preventDefault(); }
  });
  $("enter-form").addEventListener("submit", (event) => { event.preventDefault(); send(); });
  DaisCode.start(code, (typed) => { code = typed; }, refresh, POLL_MS);
})();
