// Keyboard and screen-reader repairs for Dash 4 core components, applied to whatever they render.
//
// Why here and not in the views: the defects are in dcc's markup and no prop can change it
// (axe-core, tests/browser/test_accessibility.py, reports them on every view that uses them):
// - dcc.Dropdown puts its Tab stop on an aria-hidden <input> (aria-hidden-focus), and names the
//   button only by its current value;
// - dcc.RadioItems/Checklist render role=listbox with role=option <label>s wrapping the native
//   inputs (nested-interactive, unnamed listbox);
// - dcc.Slider/RangeSlider thumbs (role=slider) and the range's number inputs have no name;
// - dcc.Tabs' tabs are <div>s with a click handler only: not reachable by keyboard at all.
// Names come from the control's <label for="id">, else from a <label> just before it (the way the
// views place dbc.Label above a control), else from the closest ancestor's aria-label.
(function () {
  "use strict";
  let counter = 0;

  function labelElement(control) {
    if (control.id) {
      const byFor = document.querySelector('label[for="' + CSS.escape(control.id) + '"]');
      if (byFor) { return byFor; }
    }
    let node = control;
    for (let depth = 0; node && depth < 3; depth += 1, node = node.parentElement) {
      const before = node.previousElementSibling;
      if (before && before.tagName === "LABEL" && !before.hasAttribute("for")) { return before; }
    }
    return null;
  }

  function labelId(control) {
    const label = labelElement(control);
    if (label) {
      if (!label.id) { counter += 1; label.id = "a11y-label-" + counter; }
      return label.id;
    }
    return null;
  }

  function nameFrom(target, control) {
    if (target.hasAttribute("aria-label")) { return; }
    const id = labelId(control);
    if (id) {
      const current = (target.getAttribute("aria-labelledby") || "").split(" ").filter(Boolean);
      if (current.indexOf(id) < 0) { target.setAttribute("aria-labelledby", [id].concat(current).join(" ")); }
      return;
    }
    const named = control.closest("[aria-label]");
    if (named && named !== target) { target.setAttribute("aria-label", named.getAttribute("aria-label")); }
  }

  function fixDropdown(wrapper) {
    const proxy = wrapper.querySelector(":scope > .dash-dropdown-focus-target");
    const button = wrapper.querySelector(":scope > button.dash-dropdown");
    if (!button) { return; }
    if (proxy && proxy.tabIndex !== -1) { proxy.tabIndex = -1; }
    if (!button.disabled && button.tabIndex !== 0) { button.tabIndex = 0; }
    nameFrom(button, button);
  }

  function fixOptionGroup(group) {
    if (group.closest(".dash-dropdown-content, [data-radix-popper-content-wrapper]")) { return; }
    const radio = group.classList.contains("dash-radioitems") || !!group.querySelector("input[type=radio]");
    const role = radio ? "radiogroup" : "group";
    if (group.getAttribute("role") !== role) { group.setAttribute("role", role); }
    group.querySelectorAll("label.dash-options-list-option").forEach(function (option) {
      if (option.hasAttribute("role")) { option.removeAttribute("role"); }
      if (option.hasAttribute("aria-selected")) { option.removeAttribute("aria-selected"); }
    });
    nameFrom(group, group);
  }

  function fixSlider(thumb) {
    const slider = thumb.closest(".dash-slider-container, [id]");
    if (slider) { nameFrom(thumb, slider); }
  }

  function fixRangeInput(input) {
    const slider = input.parentElement;
    if (slider) { nameFrom(input, slider); }
  }

  function fixTab(tab) {
    const list = tab.parentElement;
    if (list && list.getAttribute("role") !== "tablist") { list.setAttribute("role", "tablist"); }
    if (tab.getAttribute("role") !== "tab") { tab.setAttribute("role", "tab"); }
    const selected = tab.classList.contains("tab--selected") ? "true" : "false";
    if (tab.getAttribute("aria-selected") !== selected) { tab.setAttribute("aria-selected", selected); }
    const disabled = tab.classList.contains("tab--disabled");
    const index = disabled ? "-1" : "0";
    if (tab.getAttribute("tabindex") !== index) { tab.setAttribute("tabindex", index); }
  }

  function repair(root) {
    const scope = root && root.querySelectorAll ? root : document;
    scope.querySelectorAll(".dash-dropdown-wrapper").forEach(fixDropdown);
    scope.querySelectorAll(".dash-options-list[role], .dash-radioitems, .dash-checklist").forEach(fixOptionGroup);
    scope.querySelectorAll(".dash-slider-thumb[role=slider]").forEach(fixSlider);
    scope.querySelectorAll(".dash-range-slider-input").forEach(fixRangeInput);
    scope.querySelectorAll(".tab-container > .tab").forEach(fixTab);
  }

  let scheduled = false;
  function schedule() {
    if (scheduled) { return; }
    scheduled = true;
    window.requestAnimationFrame(function () { scheduled = false; repair(document); });
  }

  function start() {
    repair(document);
    new MutationObserver(function (records) {
      // React puts the dropdown's Tab stop back and re-sets aria-selected: undo it in the same task
      for (const record of records) {
        const el = record.target;
        if (record.type === "attributes" && el.classList) {
          if (el.classList.contains("dash-dropdown-focus-target") && el.tabIndex !== -1) { el.tabIndex = -1; }
          if (el.classList.contains("dash-options-list-option")) { fixOptionGroup(el.closest(".dash-options-list") || el); }
          if (el.classList.contains("tab")) { fixTab(el); }
        }
      }
      schedule();
    }).observe(document.body, {
      childList: true, subtree: true, attributes: true,
      attributeFilter: ["tabindex", "aria-selected", "role", "class"],
    });
    // Enter or Space activates a focused dcc tab, as it would a button.
    document.addEventListener("keydown", function (event) {
      const tab = event.target.closest && event.target.closest(".tab-container > .tab");
      if (tab && (event.key === "Enter" || event.key === " ")) {
        event.preventDefault();
        tab.click();
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
