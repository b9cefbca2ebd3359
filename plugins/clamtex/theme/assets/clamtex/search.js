/* The header search: Pagefind's JavaScript API, loaded from this site's pagefind/
   folder on first use. Pagefind picks the index of <html lang>, so results stay in the
   visitor's language. No third-party requests. */
(function () {
  "use strict";
  var box = document.querySelector("[data-clamtex-search]");
  if (!box) return;
  var input = box.querySelector("input");
  var panel = box.querySelector(".clamtex-search__panel");
  var status = box.querySelector(".clamtex-search__status");
  var list = box.querySelector(".clamtex-search__results");
  var bundle = new URL(box.getAttribute("data-clamtex-search"), document.baseURI);
  var baseUrl = bundle.pathname.replace(/pagefind\/$/, "");
  var loading = null;
  var latest = 0;
  var timer = 0;
  var MAX = 10;

  function load() {
    if (!loading) {
      loading = import(new URL("pagefind.js", bundle).href).then(function (pagefind) {
        return pagefind.options({ baseUrl: baseUrl }).then(function () { return pagefind; });
      });
    }
    return loading;
  }

  function show(open) {
    panel.hidden = !open;
  }

  // Pagefind's excerpt is the indexed text with only < and > escaped, and <mark> around
  // the matches: it is rebuilt as text nodes and <mark> elements, never parsed as HTML,
  // so the text shows exactly as written (`R&amp;D` stays `R&amp;D`).
  function appendExcerpt(parent, excerpt) {
    var marked = false;
    String(excerpt || "").split(/(<\/?mark>)/).forEach(function (part) {
      if (part === "<mark>" || part === "</mark>") {
        marked = part === "<mark>";
        return;
      }
      if (!part) return;
      var text = document.createTextNode(part.replace(/&lt;/g, "<").replace(/&gt;/g, ">"));
      if (marked) {
        var mark = document.createElement("mark");
        mark.appendChild(text);
        parent.appendChild(mark);
      } else {
        parent.appendChild(text);
      }
    });
  }

  function render(results, total) {
    list.textContent = "";
    results.forEach(function (data) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = data.url;
      link.textContent = (data.meta && data.meta.title) || data.url;
      var excerpt = document.createElement("p");
      appendExcerpt(excerpt, data.excerpt);
      item.appendChild(link);
      item.appendChild(excerpt);
      list.appendChild(item);
    });
    status.textContent = total
      ? box.getAttribute("data-results").replace("{count}", total)
      : box.getAttribute("data-no-results");
  }

  async function run(query) {
    var ticket = ++latest;
    if (!query.trim()) {
      list.textContent = "";
      status.textContent = "";
      show(false);
      return;
    }
    var pagefind = await load();
    var search = await pagefind.search(query);
    if (ticket !== latest || !search) return;
    var data = await Promise.all(search.results.slice(0, MAX).map(function (r) { return r.data(); }));
    if (ticket !== latest) return;
    render(data, search.results.length);
    show(true);
  }

  input.addEventListener("focus", function () { load(); });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(input.value); }, 150);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      input.value = "";
      run("");
    }
  });
  document.addEventListener("click", function (event) {
    if (!box.contains(event.target)) show(false);
  });
  input.addEventListener("focus", function () { if (list.children.length) show(true); });
  box.hidden = false;
})();
