// The moderators' view: speaker and clock, the item, and the queue with the dais's marks.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const { text, element, hhmm, marks, name, clockText, t, tn } = Dais;

  function render(state) {
    document.title = (state.rehearsal ? t("REHEARSAL") + ": " : "") + t("{title}: moderators", { title: state.title });
    text($("title"), (state.rehearsal ? t("REHEARSAL") + " · " : "") + state.title + " · " + state.venue + " · " + state.date);
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
      const seat = floor.speaker.seat ? " · " + t("seat {seat}", { seat: floor.speaker.seat }) : "";
      const below = floor.paused_below ? " · " + t("{n} paused below", { n: floor.paused_below }) : "";
      text($("role"), floor.role + seat + below);
      text($("limit"), t("Limit {limit}", { limit: clockText(floor.allotted_s) }));
    } else {
      text($("speaker"), t("The floor is free"));
      text($("role"), state.waiting ? t("{n} waiting", { n: state.waiting }) : t("No requests yet"));
      text($("limit"), "");
    }
    const item = state.item;
    text($("item"), item.title);
    text($("segment"), item.segment + " · " + t("scheduled {start}–{end}", { start: item.start, end: item.end }) +
      " · " + t("floor limit {limit}", { limit: clockText(item.floor_limit_s) }));
    const forecast = state.forecast;
    if (forecast) {
      const began = forecast.actual_start === null ? t("not begun") :
        t("began {time}", { time: hhmm(forecast.actual_start, state.timezone) });
      const unreached = forecast.unreached ? " · " +
        tn("at this pace {n} request will not be reached before {end}",
          "at this pace {n} requests will not be reached before {end}", forecast.unreached,
          { n: forecast.unreached, end: item.end }) : "";
      text($("forecast"), began + " · " + t("list ends ~{time}", { time: hhmm(forecast.predicted_end, state.timezone) }) +
        unreached);
    } else {
      text($("forecast"), "");
    }
    $("panel-due").hidden = !state.panel_due;
    text($("next-item"), state.next_item ?
      t("Next: {title} at {time}", { title: state.next_item.title, time: state.next_item.start }) :
      t("Next: end of programme"));
    text($("queue-title"), t("Speaking order") + " · " + t("{n} waiting", { n: state.waiting }) +
      (state.list_closed ? " · " + t("LIST CLOSED") : ""));
    // The current item's total budgets, as the dais's bar words them (console/floor/budgets.py).
    const budgets = state.budgets || [];
    $("budgets").hidden = !budgets.length;
    text($("budgets"), budgets.length ? t("Budgets") + " · " + budgets.map((b) => b.used_up ?
      t("{holder}: USED UP ({used} of {total})", { holder: b.holder, used: clockText(b.used_s), total: clockText(b.total_s) }) :
      t("{holder}: {left} left of {total}", { holder: b.holder, left: clockText(b.left_s), total: clockText(b.total_s) })).join(" · ") : "");
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
      row.append(element("span", "seat", entry.who.seat ? t("seat {seat}", { seat: entry.who.seat }) : ""));
      row.append(element("span", "starts", "~" + hhmm(entry.estimated_start, state.timezone)));
      return row;
    });
    $("queue").replaceChildren(...rows);
    text($("more"), state.waiting > state.queue.length ?
      t("and {n} more", { n: state.waiting - state.queue.length }) : "");
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
