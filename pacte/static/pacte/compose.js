// Running total of a Pacte being composed: an aid while typing. The server recomputes the
// same figures (« Recalculer », saving) and is the only one that decides.
(function () {
  "use strict";
  var box = document.querySelector("[data-pacte-total]");
  if (!box) return;
  var partValue = parseFloat(box.dataset.partValue);
  var cap = parseFloat(box.dataset.cap);
  var maxParts = parseFloat(box.dataset.maxParts);
  var inputs = Array.prototype.slice.call(document.querySelectorAll("[data-pacte-parts]"));
  var numbers = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 });
  var hoursFormat = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 });
  var euros = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 2 });
  var kinds = { rcd: "RCD", face_a_face: "face-à-face", forfait: "forfait" };

  function parse(value) {
    var number = parseFloat(String(value || "0").replace(/\s/g, "").replace(",", "."));
    return isNaN(number) || number < 0 ? 0 : number;
  }

  function show(name, text) {
    var node = box.querySelector('[data-total="' + name + '"]');
    if (node) node.textContent = text;
  }

  function update() {
    var parts = 0;
    var hours = 0;
    var byKind = { rcd: 0, face_a_face: 0, forfait: 0 };
    inputs.forEach(function (input) {
      var n = parse(input.value);
      var whole = Math.floor(n);
      var rest = n - whole;
      var perPart = parseFloat(input.dataset.hours) || 0;
      var half = parseFloat(input.dataset.halfHours) || 0;
      parts += n;
      byKind[input.dataset.kind] = (byKind[input.dataset.kind] || 0) + n;
      if (perPart) hours += whole * perPart + (rest ? half : 0);
    });
    var amount = parts * partValue;
    show("parts", numbers.format(parts) + "\u00a0part" + (parts > 1 ? "s" : ""));
    // « 90 heures », « 1,5 heure » (pacte.numbers.hours_words).
    show("hours", hoursFormat.format(hours) + "\u00a0" + (hours < 2 ? "heure" : "heures"));
    show("amount", euros.format(amount) + "\u00a0€");
    show(
      "composition",
      Object.keys(kinds)
        .map(function (kind) {
          var count = byKind[kind] || 0;
          // French: the plural from 2 on ("1 forfait", "2 forfaits"); RCD never changes.
          var label = kind === "forfait" && count >= 2 ? "forfaits" : kinds[kind];
          return numbers.format(count) + " " + label;
        })
        .join(" + ") + " (à vérifier par « Recalculer »)."
    );
    var warning = box.querySelector('[data-total="warning"]');
    if (warning) {
      var text = "";
      if (parts > maxParts) text = "Plus de parts que la règle de l’année n’en permet.";
      else if (amount > cap) text = "Au-delà du plafond annuel : cette composition sera refusée.";
      warning.textContent = text;
      warning.hidden = !text;
    }
  }

  inputs.forEach(function (input) {
    input.addEventListener("input", update);
  });
})();
