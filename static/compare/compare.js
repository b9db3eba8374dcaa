// The comparison page: highlight a sentence's counterpart, and move from one
// difference to the next with the keyboard. No framework; event delegation on
// the document, so it keeps working after htmx swaps #comparison-body.
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  var wide = window.matchMedia("(min-width: 900px)");
  var smooth = window.matchMedia("(prefers-reduced-motion: no-preference)").matches ? "smooth" : "auto";

  function sentenceOf(target) {
    return target && target.closest ? target.closest(".sentence") : null;
  }

  function counterparts(sentence) {
    var key = sentence.getAttribute("data-link");
    if (!key) return [];
    var column = sentence.closest(".column");
    var all = document.querySelectorAll('.sentence[data-link="' + CSS.escape(key) + '"]');
    return Array.prototype.filter.call(all, function (el) {
      return el.closest(".column") !== column;
    });
  }

  // Scroll an element into view inside its own scrolling column only, so the
  // sentence under the pointer does not move.
  function reveal(el) {
    var body = el.closest(".column-body");
    if (!body || body.scrollHeight <= body.clientHeight + 1) return;
    var box = body.getBoundingClientRect();
    var rect = el.getBoundingClientRect();
    if (rect.top < box.top || rect.bottom > box.bottom) {
      body.scrollBy({ top: rect.top - box.top - box.height / 3, behavior: smooth });
    }
  }

  function clear() {
    document.querySelectorAll(".sentence.is-active, .sentence.is-counterpart").forEach(function (el) {
      el.classList.remove("is-active", "is-counterpart");
    });
  }

  function highlight(sentence) {
    clear();
    sentence.classList.add("is-active");
    counterparts(sentence).forEach(function (el, index) {
      el.classList.add("is-counterpart");
      if (index === 0 && wide.matches) reveal(el);
    });
  }

  document.addEventListener("mouseover", function (event) {
    var sentence = sentenceOf(event.target);
    if (sentence && !sentence.classList.contains("is-active")) highlight(sentence);
  });
  document.addEventListener("focusin", function (event) {
    var sentence = sentenceOf(event.target);
    if (sentence) highlight(sentence);
  });

  // --- Next / previous difference -------------------------------------------------
  function differences() {
    return Array.prototype.slice.call(document.querySelectorAll(".sentence[data-difference]"));
  }

  function go(step) {
    var list = differences();
    if (!list.length) return;
    var current = document.activeElement && sentenceOf(document.activeElement);
    var index = list.indexOf(current);
    if (index === -1) {
      index = step > 0 ? 0 : list.length - 1;
    } else {
      index = (index + step + list.length) % list.length;
    }
    var target = list[index];
    target.focus({ preventScroll: true });
    if (wide.matches && target.closest(".column-body").scrollHeight > target.closest(".column-body").clientHeight + 1) {
      target.closest(".columns").scrollIntoView({ block: "nearest", behavior: smooth });
      reveal(target);
    } else {
      target.scrollIntoView({ block: "center", behavior: smooth });
    }
    var position = document.querySelector(".nav-position");
    if (position) position.textContent = "Difference " + (index + 1) + " of " + list.length;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-nav]");
    if (button) go(button.getAttribute("data-nav") === "next" ? 1 : -1);
  });

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var tag = event.target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || event.target.isContentEditable) return;
    if (event.key === "j" || event.key === "n") {
      go(1);
      event.preventDefault();
    } else if (event.key === "k" || event.key === "p") {
      go(-1);
      event.preventDefault();
    } else if (event.key === "Escape") {
      clear();
    }
  });

  // A link to a sentence (summary, strip, counterpart) focuses it, so it is
  // highlighted with its counterpart like a hovered one.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest('a[href^="#"]');
    if (!link) return;
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target || !target.classList.contains("sentence")) return;
    event.preventDefault();
    history.replaceState(null, "", link.getAttribute("href"));
    target.focus({ preventScroll: true });
    if (wide.matches) {
      target.closest(".columns").scrollIntoView({ block: "nearest", behavior: smooth });
      reveal(target);
    } else {
      target.scrollIntoView({ block: "center", behavior: smooth });
    }
  });

  // The threshold's number follows the slider while it moves.
  document.addEventListener("input", function (event) {
    if (event.target.id === "id_threshold") {
      var output = document.getElementById("threshold-output");
      if (output) output.textContent = Number(event.target.value).toFixed(2);
    }
  });

  function ready() {
    document.querySelectorAll(".diff-nav").forEach(function (el) { el.hidden = false; });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
