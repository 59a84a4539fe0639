/* Offline search over window.SECTRACK_SEARCH (search/documents/*.js and
   search/terms.js, loaded by plain script tags so it
   works from file://): every word of the query must appear in the title or the text. */
(function () {
  "use strict";
  var index = window.SECTRACK_SEARCH || [];
  var form = document.getElementById("search-form");
  var input = document.getElementById("q");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var root = "../";
  function fold(s) { return s.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, ""); }
  var folded = index.map(function (e) { return { title: fold(e.t), text: fold(e.x) }; });
  function search(query) {
    var words = fold(query).split(/\s+/).filter(Boolean);
    list.textContent = "";
    if (!words.length) { status.textContent = ""; return; }
    var hits = [];
    index.forEach(function (e, k) {
      var f = folded[k], score = 0;
      for (var w = 0; w < words.length; w++) {
        var inTitle = f.title.indexOf(words[w]) >= 0;
        if (!inTitle && f.text.indexOf(words[w]) < 0) { return; }
        score += inTitle ? 3 : 1;
      }
      if (f.title === fold(query).trim()) { score += 10; }
      hits.push([score, k]);
    });
    hits.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
    status.textContent = hits.length + (hits.length === 1 ? " result" : " results") + " for \u201c" + query + "\u201d";
    hits.slice(0, 100).forEach(function (h) {
      var e = index[h[1]];
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + e.u + "index.html";
      a.textContent = e.t;
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = " " + e.k;
      li.appendChild(a);
      li.appendChild(kind);
      if (e.x) {
        var p = document.createElement("p");
        p.textContent = e.x.length > 200 ? e.x.slice(0, 200) + "\u2026" : e.x;
        li.appendChild(p);
      }
      list.appendChild(li);
    });
  }
  var q = new URLSearchParams(window.location.search).get("q") || "";
  input.value = q;
  search(q);
  form.addEventListener("submit", function (ev) { ev.preventDefault(); search(input.value); });
  input.addEventListener("input", function () { search(input.value); });
}());
