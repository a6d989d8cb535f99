// The projector's display: who speaks now and the next speakers, large.
"use strict";

(() => {
  const SHOWN = 8;
  const $ = (id) => document.getElementById(id);
  const { text, element, name, t } = Dais;

  function render(state) {
    document.title = (state.rehearsal ? t("REHEARSAL") + ": " : "") + t("{title}: speakers", { title: state.title });
    text($("item"), state.item.title);
    text($("now"), state.floor ? name(state.floor.speaker) : t("The floor is free"));
    text($("queue-title"), state.list_closed ? t("Next speakers (the list is closed)") : t("Next speakers"));
    $("queue").replaceChildren(...state.queue.slice(0, SHOWN).map((entry) => {
      const row = element("li");
      row.append(element("span", "position", String(entry.position)));
      row.append(element("span", "who", name(entry.who)));
      return row;
    }));
    const more = state.waiting - Math.min(SHOWN, state.queue.length);
    text($("more"), more > 0 ? t("and {n} more", { n: more }) : "");
  }

  Dais.follow(render);
})();
