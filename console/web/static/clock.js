// The room's clock: the speaker, the time left and the limit; warning and overrun in words.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const { text, clockText, name, t } = Dais;

  function render(state) {
    document.title = (state.rehearsal ? t("REHEARSAL") + ": " : "") + t("{title}: clock", { title: state.title });
    const notice = $("notice");
    notice.hidden = !state.notice;
    text(notice, state.notice || "");
  }

  function tick(state) {
    const floor = state.floor;
    if (!floor) {
      $("page").className = "clock phase-idle";
      text($("speaker"), t("The floor is free"));
      text($("time"), "");
      const next = state.queue[0];
      text($("phase"), next ? t("Next: {name}", { name: name(next.who) }) : "");
      text($("limit"), state.waiting > 1 ? t("{n} more waiting", { n: state.waiting - 1 }) : "");
      return;
    }
    const now = Dais.reading(floor, Dais.serverNow());
    $("page").className = "clock phase-" + now.phase;
    text($("speaker"), name(floor.speaker));
    text($("time"), clockText(now.remaining));
    text($("phase"), Dais.WORDS[now.phase]);
    text($("limit"), t("Limit {limit}", { limit: clockText(floor.allotted_s) }));
  }

  Dais.follow(render, tick);
})();
