// The pages' words in the server's language (`dais serve --lang fr`), loaded by every page first.
// GET /api/words gives {lang, words: {english: shown}}; t() falls back to the English and fills
// {fields}; load() (or load(url), the phone page's words) also translates the page's own [data-t] texts and its data-title.
"use strict";

const DaisWords = (() => {
  let words = {};

  function t(english, values) {
    let shown = Object.prototype.hasOwnProperty.call(words, english) ? words[english] : english;
    for (const [field, value] of Object.entries(values || {})) shown = shown.split("{" + field + "}").join(String(value));
    return shown;
  }

  async function load(url) {
    try {
      const answer = await (await fetch(url || "/api/words")).json();
      words = answer.words || {};
      document.documentElement.lang = answer.lang || "en";
    } catch (error) {
      words = {};
    }
    for (const node of document.querySelectorAll("[data-t]")) node.textContent = t(node.dataset.t);
    if (document.body.dataset.title) document.title = t(document.body.dataset.title);
  }

  return { t, load };
})();
