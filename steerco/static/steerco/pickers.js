/* Progressive enhancement of the unit pickers (select[data-filter]): a search
   box that hides the units whose name does not contain what is typed, with or
   without diacritics. Without JavaScript the plain <select> works as it is. */
(function () {
  "use strict";
  var label = document.body.getAttribute("data-filter-label") || "";
  function plain(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase().trim();
  }
  Array.prototype.forEach.call(document.querySelectorAll("select[data-filter]"), function (select) {
    if (select.options.length < 12) return;
    var box = document.createElement("input");
    box.type = "search";
    box.className = "picker-filter";
    box.placeholder = label;
    box.setAttribute("aria-label", label);
    // Outside the select's <label>, which must keep naming the select.
    var anchor = select.closest("label") || select;
    anchor.parentNode.insertBefore(box, anchor);
    box.addEventListener("input", function () {
      var wanted = plain(box.value);
      var first = null;
      Array.prototype.forEach.call(select.options, function (option) {
        var shown = !wanted || !option.value || plain(option.text).indexOf(wanted) !== -1;
        option.hidden = !shown;
        if (shown && option.value && !first) first = option;
      });
      // What is typed chooses the first unit that matches, unless the one
      // chosen still matches.
      var current = select.selectedOptions[0];
      if (wanted && first && (!current || current.hidden || !current.value)) first.selected = true;
    });
  });
})();
