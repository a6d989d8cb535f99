// The phone page: a delegate asks for the floor with the code they were handed, and follows
// their own request: pending, in the speaking order at place N (with the forecast), declined
// with why, given the floor; they can withdraw it. The code goes in each request's body or
// header, never in a cookie, so no other site's page can act with it.
"use strict";

(() => {
  const { t } = DaisWords;
  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  let code = (params.get("code") || "").trim();
  let current = null; // the latest request's status
  let busy = false;
  const POLL_MS = 1500;

  function api(path) { return new URL(path, location.href).toString(); }

  async function post(path, body) {
    const response = await fetch(api(path), {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ code, ...body }),
    });
    if (response.status !== 202) throw new Error((await response.text()).trim());
  }

  function show(status) {
    $("connection").textContent = "";
    $("item").textContent = status.item || "";
    $("speaker").textContent = status.speaker ? t("Now speaking: {name}", { name: status.speaker }) : t("The floor is free");
    $("who").textContent = (status.who || "") + (status.seat != null ? " · " + t("seat {seat}", { seat: status.seat }) : "");
    const request = status.request;
    current = request;
    const standing = request ? request.standing : null;
    const open = standing === "pending" || standing === "queued";
    const line = $("standing");
    line.className = "standing " + (standing || "");
    if (!request) line.textContent = status.list_closed ? t("LIST CLOSED") : "";
    else if (standing === "pending") line.textContent = t("Waiting for the secretary to confirm your request.");
    else if (standing === "queued" && request.position) line.textContent = t("In the speaking order: number {n}.", { n: request.position });
    else if (standing === "queued") line.textContent = request.text;
    else if (standing === "speaking") line.textContent = t("You have the floor.");
    else if (standing === "spoke") line.textContent = t("You have spoken on this item.");
    else if (standing === "declined") line.textContent = t("Your request was declined: {reason}", { reason: request.reason || "" });
    else if (standing === "withdrawn") line.textContent = t("You withdrew your request.");
    else if (standing === "cleared") line.textContent = t("The item moved on; ask again if you still wish to speak.");
    $("around").textContent = standing === "queued" && request.around ? t("Expected to speak around {time}.", { time: request.around }) : "";
    $("withdraw").hidden = !open;
    $("ask-form").hidden = open || standing === "speaking";
  }

  async function refresh() {
    if (!code) return;
    try {
      const response = await fetch(api("api/requests/mine"), { headers: { "x-dais-code": code }, cache: "no-store" });
      if (response.ok) show(await response.json());
      else { $("error").textContent = (await response.text()).trim(); $("code-form").hidden = false; $("ask-form").hidden = true; }
    } catch (error) {
      $("connection").textContent = t("Connection lost: reconnecting…");
    }
  }

  async function act(path, body) {
    if (busy) return;
    busy = true;
    $("error").textContent = "";
    $("standing").textContent = t("Sending…");
    try {
      await post(path, body);
    } catch (error) {
      $("error").textContent = error.message;
    } finally {
      busy = false;
      await refresh();
    }
  }

  $("ask-form").addEventListener("submit", (event) => {
    event.preventDefault();
    act("api/requests", { on_behalf_of: $("behalf").value });
  });
  $("withdraw").addEventListener("click", () => { if (current) act("api/requests/withdraw", { id: current.id }); });
  DaisCode.start(code, (typed) => { code = typed; }, refresh, POLL_MS);
})();
