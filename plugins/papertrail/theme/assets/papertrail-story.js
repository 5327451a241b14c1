/* Papertrail: the phone jump bar of a story page marks the section being read
   (aria-current="location") and keeps that link in view as the bar scrolls sideways.
   No content is read or written as markup: only attributes and scroll positions. */
(function () {
  "use strict";

  function start() {
    var bar = document.querySelector("nav.pt-jump");
    if (!bar) {
      return;
    }
    var links = Array.prototype.slice.call(bar.querySelectorAll('a[href^="#"]'));
    var targets = links.map(function (link) {
      return document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    });
    var marked = -1;

    function mark() {
      if (bar.offsetParent === null) {
        return; // hidden (a wide screen): the sidebar's table of contents marks it
      }
      // The section being read: the last whose heading is above the upper part of what
      // shows under the bar (a jump lands a heading just below the bar).
      var top = bar.getBoundingClientRect().bottom;
      var line = top + (window.innerHeight - top) * 0.4;
      var current = -1;
      targets.forEach(function (target, index) {
        if (target && target.getBoundingClientRect().top <= line) {
          current = index;
        }
      });
      if (current === marked) {
        return;
      }
      marked = current;
      links.forEach(function (link, index) {
        if (index === current) {
          link.setAttribute("aria-current", "location");
          var left = link.offsetLeft - (bar.clientWidth - link.offsetWidth) / 2;
          bar.scrollTo({ left: Math.max(0, left) });
        } else {
          link.removeAttribute("aria-current");
        }
      });
    }

    var waiting = false;
    window.addEventListener(
      "scroll",
      function () {
        if (!waiting) {
          waiting = true;
          window.requestAnimationFrame(function () {
            waiting = false;
            mark();
          });
        }
      },
      { passive: true }
    );
    window.addEventListener("resize", mark);
    mark();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
