// The interview form, enhanced: add/remove mention rows, show only the chosen respondent's
// fields, and search the influencers and buyers on file as you type. Without this script
// the form still works: every section shows, blank rows are offered, rows have a "remove"
// checkbox, and a big registry's names are typed (the server resolves them).
(function () {
  "use strict";

  const form = document.querySelector("[data-interview-form]");
  if (!form) return;

  // Respondent: show the fields of the chosen kind only.
  const choices = form.querySelectorAll("[data-respondent-choice]");
  function showRespondent() {
    const chosen = form.querySelector("[data-respondent-choice]:checked");
    form.querySelectorAll("[data-respondent]").forEach((section) => {
      section.hidden = chosen !== null && section.dataset.respondent !== chosen.value;
    });
  }
  choices.forEach((radio) => radio.addEventListener("change", showRespondent));
  showRespondent();

  // Mention rows: a button per row instead of the checkbox, and an "add" button.
  const rows = form.querySelector("[data-formset]");
  const prefix = rows.dataset.formset;
  const total = form.querySelector(`input[name="${prefix}-TOTAL_FORMS"]`);
  const template = document.getElementById("mention-template");
  const addButton = form.querySelector("[data-add-row]");

  function enhanceRow(row) {
    const fallback = row.querySelector("[data-remove-fallback]");
    const checkbox = fallback.querySelector("input[type=checkbox]");
    const button = row.querySelector("[data-remove-row]");
    fallback.hidden = true;
    button.hidden = false;
    if (checkbox.checked) row.hidden = true;
    button.addEventListener("click", () => {
      // The server drops a row whose DELETE box is ticked; hiding keeps its values posted.
      checkbox.checked = true;
      row.hidden = true;
    });
    row.querySelectorAll("[data-picker]").forEach(enhancePicker);
  }

  addButton.hidden = false;
  addButton.addEventListener("click", () => {
    const index = Number(total.value);
    const html = template.innerHTML.replaceAll("__prefix__", String(index));
    const holder = document.createElement("div");
    holder.innerHTML = html.trim();
    const row = holder.firstElementChild;
    rows.appendChild(row);
    total.value = String(index + 1);
    enhanceRow(row);
    const first = row.querySelector("input[type=search], select");
    if (first) first.focus();
  });

  // Type-ahead: asks the picker's search URL (influencers by name or alias, buyers by name
  // or organization), then sets the select — which may not list that option yet: a big
  // registry is not rendered in full.
  function enhancePicker(picker) {
    const select = picker.querySelector("select");
    if (!select || picker.dataset.enhanced) return;
    picker.dataset.enhanced = "1";
    const input = document.createElement("input");
    input.type = "search";
    input.className = "form-control form-control-sm mb-1";
    input.placeholder = "Search…";
    input.setAttribute(
      "aria-label",
      picker.dataset.searchLabel || "Search influencers by name or alias",
    );
    input.autocomplete = "off";
    const list = document.createElement("div");
    list.className = "influencer-options-holder";
    select.before(input);
    input.after(list);

    let timer = null;
    let controller = null;
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(search, 200);
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "Escape") list.replaceChildren();
    });

    async function search() {
      const q = input.value.trim();
      if (controller) controller.abort();
      if (q.length < 2) {
        list.replaceChildren();
        return;
      }
      controller = new AbortController();
      const url = `${picker.dataset.searchUrl}?q=${encodeURIComponent(q)}`;
      try {
        const response = await fetch(url, {
          signal: controller.signal,
          headers: { Accept: "application/json" },
        });
        if (!response.ok) throw new Error(`search answered ${response.status}`);
        render((await response.json()).results, q);
      } catch (error) {
        if (error.name === "AbortError") return;
        list.replaceChildren(message("Search is unavailable; try again in a moment."));
      }
    }

    function message(text) {
      const p = document.createElement("div");
      p.className = "small text-muted";
      p.textContent = text;
      return p;
    }

    function render(results, q) {
      if (results.length === 0) {
        const none = picker.dataset.noneFound || "No “{q}” in the registry: type it as a new influencer.";
        list.replaceChildren(message(none.replace("{q}", q)));
        return;
      }
      const ul = document.createElement("ul");
      ul.className = "list-group influencer-options picker-options";
      results.forEach((item) => {
        const li = document.createElement("li");
        li.className = "list-group-item list-group-item-action";
        li.tabIndex = 0;
        li.setAttribute("role", "option");
        const aliases = item.aliases || [];
        const extra = [item.category, item.affiliation, item.organization, item.role]
          .filter(Boolean)
          .join(" · ");
        li.textContent = item.name;
        const small = document.createElement("span");
        small.className = "text-muted small";
        small.textContent = ` · ${extra}${aliases.length ? ` · also ${aliases.join(" · ")}` : ""}`;
        li.appendChild(small);
        const choose = () => pick(item);
        li.addEventListener("click", choose);
        li.addEventListener("keydown", (event) => {
          if (event.key === "Enter") {
            event.preventDefault();
            choose();
          }
        });
        ul.appendChild(li);
      });
      list.replaceChildren(ul);
    }

    function pick(item) {
      let option = select.querySelector(`option[value="${item.id}"]`);
      if (!option) {
        option = new Option(item.label || item.name, item.id);
        select.add(option);
      }
      select.value = String(item.id);
      input.value = item.name;
      list.replaceChildren();
      // A chosen influencer replaces any new name typed in the same row.
      const row = picker.closest("[data-mention-row]");
      const newName = row && row.querySelector('input[name$="-new_influencer_name"]');
      if (newName) newName.value = "";
    }
  }

  rows.querySelectorAll("[data-mention-row]").forEach(enhanceRow);
  form.querySelectorAll("[data-respondent] [data-picker]").forEach(enhancePicker);
})();
