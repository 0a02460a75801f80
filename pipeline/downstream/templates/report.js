// Filtering and highlight toggles. Everything is in the page; without script it still reads.
(function () {
  "use strict";
  var articles = Array.prototype.slice.call(document.querySelectorAll("article.doc"));
  var language = document.getElementById("filter-language");
  var site = document.getElementById("filter-site");
  var text = document.getElementById("filter-text");
  var shown = document.getElementById("shown-count");

  function applyFilters() {
    var lang = language.value, where = site.value, needle = text.value.trim().toLowerCase();
    var count = 0;
    articles.forEach(function (article) {
      var visible = (!lang || article.dataset.language === lang) &&
        (!where || article.dataset.site === where) &&
        (!needle || article.textContent.toLowerCase().indexOf(needle) !== -1);
      article.hidden = !visible;
      if (visible) { count += 1; }
    });
    shown.textContent = String(count);
  }

  [language, site].forEach(function (select) { select.addEventListener("change", applyFilters); });
  text.addEventListener("input", applyFilters);
  document.getElementById("filters").addEventListener("submit", function (event) {
    event.preventDefault();
  });

  document.querySelectorAll(".toggles input[type=checkbox]").forEach(function (box) {
    box.addEventListener("change", function () {
      document.body.classList.toggle("hide-" + box.dataset.kind, !box.checked);
    });
  });

  document.getElementById("highlight-count").textContent =
    String(document.querySelectorAll("article.doc mark.ent").length);
  applyFilters();
  document.body.dataset.ready = "true";
}());
