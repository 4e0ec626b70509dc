/* A SIRET typed in a form fills the company's name, address, NAF and size band from the
   portal's lookup (which asks the national company directory). What the person typed stays:
   only empty fields, or fields this script filled itself, are filled. Without JavaScript, or
   when the directory does not answer, the fields are typed by hand. */
(function () {
  "use strict";

  function digits(value) {
    return (value || "").replace(/[\s.\-]/g, "");
  }

  function parseFill(text) {
    var fill = {};
    (text || "").split(/\s+/).forEach(function (pair) {
      var parts = pair.split("=");
      if (parts.length === 2 && parts[0] && parts[1]) {
        fill[parts[0]] = parts[1];
      }
    });
    return fill;
  }

  function messageFor(input) {
    var id = input.id + "-annuaire";
    var message = document.getElementById(id);
    if (!message) {
      message = document.createElement("p");
      message.id = id;
      message.setAttribute("aria-live", "polite");
      message.className = "fr-message fr-message--info w-field__help siret-lookup__message";
      input.insertAdjacentElement("afterend", message);
      var described = input.getAttribute("aria-describedby");
      input.setAttribute("aria-describedby", described ? described + " " + id : id);
    }
    return message;
  }

  function show(message, text, kind) {
    message.textContent = text || "";
    message.classList.remove("fr-message--info", "fr-message--error", "fr-message--valid");
    message.classList.add("fr-message--" + kind);
    message.dataset.status = kind;
  }

  function fillField(field, value) {
    if (!field || !value) {
      return;
    }
    if (field.value && field.dataset.siretFilled !== field.value) {
      return; // typed by the person: kept
    }
    if (field.tagName === "SELECT") {
      var known = Array.prototype.some.call(field.options, function (option) {
        return option.value === value;
      });
      if (!known) {
        return;
      }
    }
    field.value = value;
    field.dataset.siretFilled = value;
    field.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function setup(input) {
    var url = input.dataset.siretLookup;
    var fill = parseFill(input.dataset.siretFill);
    var last = "";

    function lookup() {
      var code = digits(input.value);
      if (code.length !== 14 || !/^[0-9]+$/.test(code) || code === last) {
        return;
      }
      last = code;
      var message = messageFor(input);
      show(message, "Recherche de l’entreprise dans l’annuaire des entreprises…", "info");
      fetch(url + "?siret=" + encodeURIComponent(code), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (response) {
          return response.json();
        })
        .then(function (data) {
          if (digits(input.value) !== code) {
            return; // the person typed on meanwhile
          }
          if (data.status === "found") {
            Object.keys(fill).forEach(function (key) {
              fillField(input.form && input.form.elements[fill[key]], data.company[key]);
            });
          }
          var kind = data.closed || data.status === "invalid" ? "error" : "info";
          show(message, data.message, data.status === "found" && !data.closed ? "valid" : kind);
        })
        .catch(function () {
          show(
            message,
            "L’annuaire des entreprises ne répond pas : remplissez les informations vous-même.",
            "info"
          );
        });
    }

    input.addEventListener("input", lookup);
    input.addEventListener("change", lookup);
    lookup();
  }

  function start() {
    document.querySelectorAll("input[data-siret-lookup]").forEach(setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
