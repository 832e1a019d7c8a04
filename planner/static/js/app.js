// Progressive enhancement only: every page works without this file.
"use strict";

function setUpSchedule(fieldset) {
  const form = fieldset.closest("form");
  const preset = form.querySelector("[name=preset]");
  const list = fieldset.querySelector("[data-preview-list]");
  const status = fieldset.querySelector("[data-preview-status]");
  const errorBox = fieldset.querySelector("[data-preview-error]");
  const skippedList = fieldset.querySelector("[data-preview-skipped]");
  const names = ["preset", "day", "weekday", "month", "business_day", "once_date", "rrule",
    "dtstart", "shift", "deadline_basis", "work_by_buffer_days"];
  const formatter = new Intl.DateTimeFormat(document.documentElement.lang || "ja", {
    year: "numeric", month: "short", day: "numeric", weekday: "short", timeZone: "UTC",
  });
  let timer = null;
  let latest = 0;

  function showFieldsOfPreset() {
    fieldset.querySelectorAll("[data-presets]").forEach((wrapper) => {
      wrapper.hidden = !wrapper.dataset.presets.split(" ").includes(preset.value);
    });
  }

  function formatDay(iso) {
    return formatter.format(new Date(iso + "T00:00:00Z"));
  }

  async function refresh() {
    const params = new URLSearchParams();
    names.forEach((name) => {
      const input = form.querySelector(`[name=${name}]`);
      if (input && input.value !== "" && !input.closest("[hidden]")) params.set(name, input.value);
    });
    params.set("count", "12");
    const request = ++latest;
    const response = await fetch(`${fieldset.dataset.previewUrl}?${params}`, {
      credentials: "same-origin", headers: { Accept: "application/json" },
    });
    if (request !== latest) return; // an older answer arriving late
    const body = await response.json();
    list.replaceChildren();
    skippedList.replaceChildren();
    skippedList.hidden = true;
    if (!response.ok) {
      const fields = (body.error && body.error.fields) || {};
      errorBox.textContent = Object.values(fields).flat().join(" ") || body.error.message;
      errorBox.hidden = false;
      status.hidden = true;
      return;
    }
    errorBox.hidden = true;
    status.hidden = true;
    body.dates.forEach((item) => {
      const li = document.createElement("li");
      const due = document.createElement("time");
      due.dateTime = item.due;
      due.textContent = formatDay(item.due);
      li.append(due);
      if (item.work_by && item.work_by !== item.due) {
        const workBy = document.createElement("span");
        workBy.className = "work-by";
        workBy.textContent = ` ⇐ ${fieldset.dataset.workByLabel} ${formatDay(item.work_by)}`;
        li.append(workBy);
      }
      if (item.moved) {
        const note = document.createElement("span");
        note.className = "moved";
        note.textContent = ` ← ${formatDay(item.nominal)}${item.reason ? ` (${item.reason})` : ""}`;
        li.append(note);
      }
      list.append(li);
    });
    (body.skipped || []).forEach((skip) => {
      const li = document.createElement("li");
      li.textContent = skip.message;
      skippedList.append(li);
    });
    skippedList.hidden = skippedList.childElementCount === 0;
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(() => refresh().catch(() => {}), 250);
  }

  preset.addEventListener("change", showFieldsOfPreset);
  names.forEach((name) => {
    const input = form.querySelector(`[name=${name}]`);
    if (input) {
      input.addEventListener("input", schedule);
      input.addEventListener("change", schedule);
    }
  });
  showFieldsOfPreset();
  refresh().catch(() => {});
}

function setUpMenu(toggle) {
  const topbar = toggle.closest(".topbar");
  const groups = topbar.querySelectorAll("[data-navgroup]");
  topbar.classList.add("foldable");
  toggle.addEventListener("click", () => {
    const open = topbar.classList.toggle("menu-open");
    toggle.setAttribute("aria-expanded", String(open));
  });
  // One group open at a time, closed again by a click elsewhere or Escape.
  groups.forEach((group) => {
    group.addEventListener("toggle", () => {
      if (group.open) groups.forEach((other) => { if (other !== group) other.open = false; });
    });
  });
  const closeAll = () => groups.forEach((group) => { group.open = false; });
  document.addEventListener("click", (event) => {
    if (!event.target.closest("[data-navgroup]")) closeAll();
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") closeAll();
  });
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-menu-toggle]").forEach(setUpMenu);
  document.querySelectorAll("fieldset[data-preview-url]").forEach(setUpSchedule);
  // Buttons instead of inline onclick: the CSP allows no inline script.
  document.querySelectorAll("[data-print]").forEach((button) => {
    button.addEventListener("click", () => window.print());
  });
});
