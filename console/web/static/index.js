// The index of `dais serve --all`: every meeting in the data folder, the live ones first.
"use strict";

(() => {
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
    const what = meeting.speaker ? "Speaking: " + meeting.speaker : meeting.item;
    row.append(element("p", "", what + " · " + meeting.waiting + " waiting"));
    const links = element("p", "links");
    links.append(link(base, "Moderators"), link(base + "clock", "Clock"), link(base + "queue", "Queue"),
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

  refresh();
  setInterval(refresh, 5000);
})();
