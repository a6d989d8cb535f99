// Dais live pages: follow /api/stream and count down from the server's timestamps.
// No rule of procedure is computed here: the server sends the clock's deadlines
// (warning_at, ends_at) as the engine reads them; this script only compares them with the
// server's time, corrected for the offset between this device's clock and the server's.
"use strict";

const Dais = (() => {
  const samples = [];
  let offset = 0; // server clock minus this device's clock, in seconds

  function sample(sentAt) {
    // A frame is received after it was sent: the largest (sent - received) is the best estimate.
    samples.push(sentAt - Date.now() / 1000);
    if (samples.length > 8) samples.shift();
    offset = Math.max(...samples);
  }

  function serverNow() {
    return Date.now() / 1000 + offset;
  }

  // The engine's console.room.clock.format_clock: 3:00 counting down, +0:12 once past the limit. A second
  // shows as gone 1 ms early (SHOWN_EARLY_S); the server's warning_at allows for it.
  function clockText(seconds) {
    if (seconds < 0) {
      const over = Math.trunc(-seconds);
      return "+" + Math.floor(over / 60) + ":" + String(over % 60).padStart(2, "0");
    }
    const whole = Math.floor(seconds + 0.999);
    return Math.floor(whole / 60) + ":" + String(whole % 60).padStart(2, "0");
  }

  // The phase and time left at server time `t`, from the deadlines the server read.
  function reading(floor, t) {
    if (floor.ends_at === null) return { phase: floor.phase, remaining: floor.remaining_s };
    const remaining = floor.ends_at - t;
    let phase = "running";
    if (t > floor.ends_at) phase = "overrun";
    else if (t >= floor.warning_at) phase = "warning";
    return { phase, remaining };
  }

  // The pages' words: words.js, loaded before this script.
  const t = DaisWords.t;
  const tn = DaisWords.tn;
  const loadWords = DaisWords.load;

  const WORDS = {
    get running() { return t("Time left"); },
    get warning() { return t("Closing: please conclude"); },
    get overrun() { return t("Over time"); },
    get paused() { return t("Paused"); },
    ended: "",
  };

  function text(element, value) {
    if (element.textContent !== value) element.textContent = value;
  }

  function hhmm(epoch, zone) {
    try {
      return new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: zone })
        .format(new Date(epoch * 1000));
    } catch (error) {
      return new Date(epoch * 1000).toTimeString().slice(0, 5);
    }
  }

  function element(tag, className, content) {
    const made = document.createElement(tag);
    if (className) made.className = className;
    if (content !== undefined) made.textContent = content; // names are data, never markup
    return made;
  }

  function marks(entry) {
    const found = [];
    if (entry.group_statement) found.push(["G", t("group statement")]);
    found.push(entry.first_time ? ["1st", t("first time on this item")] : ["R", t("has spoken on this item")]);
    if (entry.reserved_seat) found.push(["SEAT", t("reserved stakeholder seat")]);
    if (entry.reply_s !== null) found.push([t("reply {time}", { time: clockText(entry.reply_s) }), t("right of reply")]);
    if (entry.budget_used_up) found.push(["BUDGET", t("time budget used up")]);
    return found;
  }

  function name(who) {
    return who.name + (who.on_behalf_of ? " " + t("(for {group})", { group: who.on_behalf_of }) : "");
  }

  async function follow(render, tick) {
    await loadWords();
    const status = document.getElementById("connection");
    let state = null;
    const connect = () => {
      const source = new EventSource("api/stream");
      source.addEventListener("state", (event) => {
        state = JSON.parse(event.data);
        sample(state.sent_at);
        if (status) text(status, "");
        document.body.dataset.seq = state.seq;
        document.body.dataset.frames = Number(document.body.dataset.frames || 0) + 1;
        render(state);
        if (tick) tick(state);
      });
      source.addEventListener("error", () => {
        if (source.readyState !== EventSource.CLOSED) { // the browser reconnects by itself
          if (status) text(status, t("Connection lost: reconnecting…"));
          return;
        }
        // Refused (503 full, 429, 401): the browser never retries a refusal, so ask the server why
        // (a HEAD of the stream is answered as the stream would be), say so and try again.
        fetch("api/stream", { method: "HEAD", cache: "no-store" })
          .then((answer) => answer.status, () => 0)
          .then((code) => {
            const said = code === 503 ? t("This screen is waiting for a place: the server has all the viewers it takes.")
              : code === 429 ? t("Too many connections from this device: close some of its pages.")
                : code === 401 ? t("This screen needs the link with its access token: ask the meeting's secretariat.")
                  : t("Connection lost: reconnecting…");
            if (status) text(status, said);
            document.body.dataset.refused = code;
            if (code !== 401) setTimeout(connect, (code === 503 || code === 429 ? 10000 : 2000) + Math.random() * 5000);
          });
      });
    };
    connect();
    if (tick) setInterval(() => { if (state) tick(state); }, 100);
  }

  return { follow, reading, clockText, serverNow, WORDS, text, hhmm, element, marks, name, t, tn, loadWords };
})();
