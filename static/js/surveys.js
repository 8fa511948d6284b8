// The survey builder: a stage left out dims its question. The public survey form: show one
// name row per stage, and reveal spare rows on demand. Without JavaScript every question
// stays as it is and every row is simply visible.
(function () {
  document.querySelectorAll(".survey-question").forEach(function (card) {
    var ask = card.querySelector("input[type=checkbox]");
    var question = card.querySelector("textarea");
    if (!ask || !question) return;
    function show() { question.closest(".mb-3").classList.toggle("opacity-50", !ask.checked); }
    ask.addEventListener("change", show);
    show();
  });

  document.querySelectorAll(".survey-stage").forEach(function (stage) {
    var spares = stage.querySelectorAll(".survey-slot-spare");
    var button = stage.querySelector(".survey-add");
    if (!spares.length || !button) return;
    spares.forEach(function (row) { row.classList.add("d-none"); });
    button.classList.remove("d-none");
    button.addEventListener("click", function () {
      var next = stage.querySelector(".survey-slot-spare.d-none");
      if (next) {
        next.classList.remove("d-none");
        var input = next.querySelector("input");
        if (input) input.focus();
      }
      if (!stage.querySelector(".survey-slot-spare.d-none")) button.classList.add("d-none");
    });
  });
})();
