// "Chercher les lycées" without leaving the page: the list of schools is fetched and swapped
// in place, so nothing typed in the proposal is lost. Without JavaScript the button posts the
// whole form and the page comes back with the input kept (see offres.views.submission_submit).
document.addEventListener("DOMContentLoaded", function () {
  var button = document.querySelector("button[name=chercher_lycees]");
  var list = document.getElementById("liste-lycees");
  var status = document.getElementById("statut-recherche-lycees");
  if (!button || !list || !window.fetch || !window.DOMParser) {
    return;
  }
  button.addEventListener("click", function (event) {
    event.preventDefault();
    var form = button.form;
    var params = new URLSearchParams();
    ["ville", "departement", "diplome"].forEach(function (name) {
      var input = form.elements.namedItem(name);
      if (input && input.value) {
        params.append(name, input.value);
      }
    });
    list.querySelectorAll("input[name=schools]:checked").forEach(function (box) {
      params.append("schools", box.value);
    });
    status.textContent = "Recherche en cours…";
    fetch(window.location.pathname + "?" + params.toString(), { credentials: "same-origin" })
      .then(function (response) {
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("liste-lycees");
        if (!fresh) {
          throw new Error("liste absente");
        }
        list.innerHTML = fresh.innerHTML;
        var count = list.querySelectorAll("input[name=schools]").length;
        status.textContent = count
          ? count + (count > 1 ? " lycées affichés." : " lycée affiché.")
          : "Aucun lycée ne correspond à votre recherche.";
      })
      .catch(function () {
        // The page could not be fetched: fall back on posting the whole form.
        status.textContent = "";
        form.requestSubmit ? form.requestSubmit(button) : form.submit();
      });
  });
});
