// What the phone page and the second secretary's page share: the code typed into the page's
// code form (kept in the address, never in a cookie), and the start once the page's words are in.
"use strict";

const DaisCode = (() => {
  const $ = (id) => document.getElementById(id);

  // The code from the address; `use(code)` is called with a code typed into the form, then
  // `refresh()` every `pollMs` once the words are loaded.
  function start(code, use, refresh, pollMs) {
    $("code-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const typed = $("code").value.trim();
      const url = new URL(location.href);
      url.searchParams.set("code", typed);
      history.replaceState(null, "", url);
      $("error").textContent = "";
      $("code-form").hidden = true;
      use(typed);
      refresh();
    });
    DaisWords.load("/request/words").then(() => {
      if (!code) $("code-form").hidden = false;
      refresh();
      setInterval(refresh, pollMs);
    });
  }

  return { start };
})();
