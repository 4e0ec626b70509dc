// On a phone, every staff table reads as a list of cards (etablissements/admin.css): each cell
// is labelled with its column's header, copied here into `data-label`. Runs on load and after
// the listing's AJAX refreshes (filters, search, pages).
(function () {
  function label(table) {
    const heads = Array.from(table.querySelectorAll("thead th")).map((th) =>
      th.innerText.replace(/\s+/g, " ").trim()
    );
    if (!heads.length) return;
    table.classList.add("portal-stack");
    table.querySelectorAll("tbody tr").forEach((row) => {
      Array.from(row.children).forEach((cell, i) => {
        if (heads[i] && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", heads[i]);
        // An empty cell would be a bare « Suivi par : » line on the card: left out there.
        const empty =
          !cell.textContent.trim() && !cell.querySelector("a, button, input, select, img, svg");
        cell.classList.toggle("portal-empty", empty);
      });
    });
  }
  function all() {
    document.querySelectorAll("main table.listing, main table.portal-stack").forEach(label);
  }
  document.addEventListener("DOMContentLoaded", all);
  document.addEventListener("w-swap:success", all);
})();
