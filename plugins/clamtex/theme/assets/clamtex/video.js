/* The click-to-load video player (see video.py): the button is shown only with JavaScript;
   the player's iframe is inserted when the visitor presses it, never before. Only the two
   privacy-enhanced player hosts are accepted, whatever a page's markup says. */
(function () {
  "use strict";
  var PLAYERS = ["https://www.youtube-nocookie.com/embed/", "https://player.vimeo.com/video/"];

  function allowed(src) {
    return PLAYERS.some(function (prefix) { return src.indexOf(prefix) === 0; });
  }

  function play(figure, button) {
    var src = figure.getAttribute("data-clamtex-video") || "";
    if (!allowed(src)) {
      return;
    }
    var frame = document.createElement("iframe");
    frame.className = "clamtex-video__frame";
    frame.title = figure.getAttribute("data-clamtex-title") || "";
    frame.setAttribute("allow", "autoplay; encrypted-media; picture-in-picture; fullscreen");
    frame.setAttribute("allowfullscreen", "");
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    frame.src = src;
    button.parentNode.replaceChild(frame, button);
    figure.classList.add("clamtex-video--playing");
    frame.focus();  // the pressed button is gone: keep the keyboard where the visitor was
  }

  function setUp() {
    var figures = document.querySelectorAll("figure[data-clamtex-video]");
    Array.prototype.forEach.call(figures, function (figure) {
      var button = figure.querySelector("button.clamtex-video__play");
      if (!button || !allowed(figure.getAttribute("data-clamtex-video") || "")) {
        return;
      }
      button.addEventListener("click", function () { play(figure, button); });
      button.hidden = false;
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
