// The pages' words in the server's language (`dais serve --lang fr`), loaded by every page first.
// GET /api/words gives {lang, words: {english: shown}}; t() falls back to the English and fills
// {fields}; tn(singular, plural, n, values) picks a count's form; load() (or load(url), the phone page's words)
// also translates the page's own [data-t] texts and its data-title.
"use strict";

const DaisWords = (() => {
  let words = {};

  function t(english, values) {
    let shown = Object.prototype.hasOwnProperty.call(words, english) ? words[english] : english;
    for (const [field, value] of Object.entries(values || {})) shown = shown.split("{" + field + "}").join(String(value));
    return shown;
  }

  // A count's form: English takes the singular for 1 only, French for 0 and 1 ("0 demande").
  let plurals = {};
  let lang = "en";

  function tn(singular, plural, n, values) {
    const forms = Object.prototype.hasOwnProperty.call(plurals, singular) ? plurals[singular] : [singular, plural];
    const one = lang === "fr" ? n <= 1 : n === 1;
    return t(one ? forms[0] : forms[1], values);
  }

  async function load(url) {
    try {
      const answer = await (await fetch(url || "/api/words")).json();
      words = answer.words || {};
      plurals = answer.plurals || {};
      lang = answer.lang || "en";
      document.documentElement.lang = lang;
    } catch (error) {
      words = {};
    }
    for (const node of document.querySelectorAll("[data-t]")) node.textContent = t(node.dataset.t);
    if (document.body.dataset.title) document.title = t(document.body.dataset.title);
  }

  return { t, tn, load };
})();
