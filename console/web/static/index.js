// The index of `dais serve --all`: every meeting in the data folder, the live ones first.
"use strict";

(() => {
  const t = DaisWords.t; // words.js, loaded before this script

  function element(tag, className, content) {
    const made = document.createElement(tag);
    if (className) made.className = className;
    if (content !== undefined) made.textContent = content;
    return made;
  }

  function link(href, label) {
    const made = element("a", "", label);
    made.href = href;
    return made;
  }

  function entry(meeting) {
    const base = "m/" + encodeURIComponent(meeting.name) + "/";
    const row = element("li");
    row.append(element("strong", "", meeting.title), element("span", "muted", " " + meeting.name));
    const what = meeting.speaker ? t("Speaking: {name}", { name: meeting.speaker }) : meeting.item;
    row.append(element("p", "", what + " · " + t("{n} waiting", { n: meeting.waiting })));
    const links = element("p", "links");
    links.append(link(base, t("Moderators")), link(base + "clock", t("Clock")), link(base + "queue", t("Queue")),
      link(base + "api/state", "JSON"));
    row.append(links);
    return row;
  }

  async function refresh() {
    try {
      const meetings = await (await fetch("api/meetings")).json();
      const live = meetings.filter((m) => m.live);
      document.getElementById("live").replaceChildren(...live.map(entry));
      document.getElementById("none").hidden = live.length > 0;
      document.getElementById("other").replaceChildren(...meetings.filter((m) => !m.live).map(entry));
    } catch (error) {
      // the next refresh tries again
    }
  }

  async function start() {
    await DaisWords.load();
    refresh();
    setInterval(refresh, 5000);
  }

  start();
})();
