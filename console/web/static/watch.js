// The moderators' view: speaker and clock, the item, and the queue with the dais's marks.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const { text, element, hhmm, marks, name, clockText } = Dais;

  function render(state) {
    document.title = (state.rehearsal ? "REHEARSAL: " : "") + state.title + ": moderators";
    text($("title"), (state.rehearsal ? "REHEARSAL · " : "") + state.title + " · " + state.venue + " · " + state.date);
    const notice = $("notice");
    notice.hidden = !state.notice;
    text(notice, state.notice || "");
    const floor = state.floor;
    const badge = $("badge");
    badge.hidden = !floor;
    if (floor) {
      text(badge, floor.speaker.badge);
      badge.title = floor.speaker.category_label;
      text($("speaker"), name(floor.speaker));
      const seat = floor.speaker.seat ? " · seat " + floor.speaker.seat : "";
      const below = floor.paused_below ? " · " + floor.paused_below + " paused below" : "";
      text($("role"), floor.role + seat + below);
      text($("limit"), "Limit " + clockText(floor.allotted_s));
    } else {
      text($("speaker"), "The floor is free");
      text($("role"), state.waiting ? state.waiting + " waiting" : "No requests yet");
      text($("limit"), "");
    }
    const item = state.item;
    text($("item"), item.title);
    text($("segment"), item.segment + " · scheduled " + item.start + "–" + item.end +
      " · floor limit " + clockText(item.floor_limit_s));
    const forecast = state.forecast;
    if (forecast) {
      const began = forecast.actual_start === null ? "not begun" :
        "began " + hhmm(forecast.actual_start, state.timezone);
      const unreached = forecast.unreached ?
        " · at this pace " + forecast.unreached + " request(s) will not be reached before " + item.end : "";
      text($("forecast"), began + " · list ends ~" + hhmm(forecast.predicted_end, state.timezone) + unreached);
    } else {
      text($("forecast"), "");
    }
    $("panel-due").hidden = !state.panel_due;
    text($("next-item"), state.next_item ?
      "Next: " + state.next_item.title + " at " + state.next_item.start : "Next: end of programme");
    text($("queue-title"), "Speaking order · " + state.waiting + " waiting" +
      (state.list_closed ? " · LIST CLOSED" : ""));
    // The current item's total budgets, as the dais's bar words them (console/budgets.py).
    const budgets = state.budgets || [];
    $("budgets").hidden = !budgets.length;
    text($("budgets"), budgets.length ? "Budgets · " + budgets.map((b) => b.used_up ?
      b.holder + ": USED UP (" + clockText(b.used_s) + " of " + clockText(b.total_s) + ")" :
      b.holder + ": " + clockText(b.left_s) + " left of " + clockText(b.total_s)).join(" · ") : "");
    const rows = state.queue.map((entry) => {
      const row = element("li", "row");
      row.append(element("span", "position", String(entry.position)));
      row.append(element("span", "who", name(entry.who)));
      const badge = element("abbr", "badge", entry.who.badge);
      badge.title = entry.who.category_label;
      row.append(badge);
      const flags = element("span", "marks");
      for (const [mark, meaning] of marks(entry)) {
        const flag = element("abbr", "mark", mark);
        flag.title = meaning;
        flags.append(flag);
      }
      row.append(flags);
      row.append(element("span", "seat", entry.who.seat ? "seat " + entry.who.seat : ""));
      row.append(element("span", "starts", "~" + hhmm(entry.estimated_start, state.timezone)));
      return row;
    });
    $("queue").replaceChildren(...rows);
    text($("more"), state.waiting > state.queue.length ?
      "and " + (state.waiting - state.queue.length) + " more" : "");
  }

  function tick(state) {
    const floor = state.floor;
    const section = $("floor");
    if (!floor) {
      section.className = "floor phase-idle";
      text($("time"), "-:--");
      text($("phase"), "");
      return;
    }
    const now = Dais.reading(floor, Dais.serverNow());
    section.className = "floor phase-" + now.phase;
    text($("time"), clockText(now.remaining));
    text($("phase"), Dais.WORDS[now.phase]);
  }

  Dais.follow(render, tick);
})();
