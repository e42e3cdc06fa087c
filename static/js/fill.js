// Trust Check: autosave for the fill page. Without JavaScript the section form's save button works;
// with it each item is saved through the API as the user goes, with its version, so that a
// concurrent edit is shown as a conflict instead of being overwritten.
(function () {
  "use strict";
  // Buttons that destroy something (deleting evidence) ask first.
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-confirm]") : null;
    if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
  });
  var form = document.getElementById("section-form");
  if (!form || !form.querySelector("input:not([type=hidden]):not([disabled]), textarea:not([disabled])")) return;
  var api = form.dataset.api;
  var checklist = form.dataset.checklist;
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var status = document.getElementById("save-status");
  var lang = document.documentElement.lang === "en" ? "en" : "ko";
  // Every text comes translated from the server (the form's data-text-* attributes).
  var t = function (key) { return form.getAttribute("data-text-" + key) || ""; };
  var pending = 0;
  var timers = {};
  // One save in flight per item: a change made meanwhile is sent after it, with the new version,
  // so a quick second edit never conflicts with the user's own first one.
  var inflight = {};
  var again = {};
  // Items with input not yet saved (typed, or a save that failed): leaving the page warns.
  var dirty = {};
  var leaving = false;
  status.textContent = t("auto");
  form.classList.add("autosave");

  // What the item's inputs hold, as the form without JavaScript posts it: "na" for N/A, the
  // ticked keys of a multiple choice, else the text typed or the option chosen (null: nothing).
  // Nothing is parsed here: the server reads it with the item's codec, as it reads the form.
  function typedOf(fieldset) {
    var code = fieldset.dataset.item;
    var na = fieldset.querySelector("input[name='a-" + code + "-na']");
    if (na && na.checked) return "na";
    var inputs = fieldset.querySelectorAll("[name='a-" + code + "-value']");
    if (fieldset.dataset.type === "multi_choice") {
      return Array.prototype.filter.call(inputs, function (i) { return i.checked; }).map(function (i) { return i.value; });
    }
    if (inputs.length && (inputs[0].type === "radio")) {
      var chosen = Array.prototype.find.call(inputs, function (i) { return i.checked; });
      return chosen ? chosen.value : null;
    }
    var raw = inputs.length ? inputs[0].value.trim() : "";
    return raw === "" ? null : raw;
  }

  function itemStatus(fieldset, message, kind) {
    var box = fieldset.querySelector(".item-status");
    box.textContent = message;
    box.className = "item-status " + (kind || "");
  }

  function save(fieldset) {
    var code = fieldset.dataset.item;
    if (inflight[code]) { again[code] = true; return; }
    var typed = typedOf(fieldset);
    var comment = fieldset.querySelector("[name='a-" + code + "-comment']").value;
    var version = fieldset.dataset.version ? parseInt(fieldset.dataset.version, 10) : null;
    // A comment alone is saved too (kept as a comment without an answer, still unanswered).
    if (typed === null && version === null && !comment.trim()) { delete dirty[code]; return; }
    if (typed === "na" && !comment.trim()) {
      itemStatus(fieldset, t("na-reason"), "error");
      return;
    }
    var answer = { checklist: checklist, item: code, comment: comment, version: version };
    if (typed === "na") { answer.value = "na"; } else { answer.value = null; answer.typed = typed; }
    pending += 1;
    inflight[code] = true;
    status.textContent = t("saving");
    itemStatus(fieldset, t("saving"), "");
    fetch(api, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, "Accept-Language": lang },
      body: JSON.stringify({ answers: [answer] })
    }).then(function (response) {
      return response.json().then(function (body) { return { status: response.status, body: body }; });
    }).then(function (result) {
      pending -= 1;
      finish(fieldset, result.status === 200);
      if (result.status === 200) {
        var saved = result.body[0];
        setVersion(fieldset, saved ? saved.version : "");
        if (!again[code]) delete dirty[code];
        refreshProgress();
        fieldset.classList.remove("has-problem");
        removeConflict(fieldset);
        itemStatus(fieldset, t("saved"), "ok");
        status.textContent = t("saved") + " " + new Date().toLocaleTimeString(lang === "ko" ? "ko-KR" : "en-GB");
        updateVisibility();
      } else if (result.status === 409 && result.body.extra && result.body.extra.conflicts) {
        showConflict(fieldset, result.body.extra.conflicts[0]);
        status.textContent = result.body.message;
      } else {
        var detail = result.body.extra && result.body.extra.fields && result.body.extra.fields.answers;
        var message = result.body.message || t("failed");
        if (detail && detail["0"]) {
          message = Object.keys(detail["0"]).map(function (k) { return detail["0"][k].join(" "); }).join(" ");
        }
        fieldset.classList.add("has-problem");
        itemStatus(fieldset, message, "error");
        status.textContent = t("failed");
      }
    }).catch(function () {
      pending -= 1;
      finish(fieldset, false);
      itemStatus(fieldset, t("failed"), "error");
      status.textContent = t("failed");
    });
  }

  // The progress bars follow each save: the server computes them with the submit check's rule.
  function refreshProgress() {
    if (!form.dataset.progress) return;
    fetch(form.dataset.progress, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (figures) {
        if (!figures) return;
        var overall = document.getElementById("overall-progress");
        if (overall) { overall.value = figures.overall; overall.textContent = figures.overall + "%"; }
        var overallText = document.getElementById("overall-progress-text");
        if (overallText) overallText.textContent = figures.overall + "%";
        var mine = document.getElementById("checklist-progress");
        if (mine) mine.textContent = String(figures.checklist);
        Object.keys(figures.sections).forEach(function (code) {
          var bar = document.querySelector("progress[data-section='" + code + "']");
          if (bar) bar.value = figures.sections[code];
          var label = document.querySelector("[data-section-text='" + code + "']");
          if (label) label.textContent = figures.sections[code] + "%";
        });
      })
      .catch(function () { /* the bars catch up on the next save or reload */ });
  }

  function finish(fieldset, ok) {
    var code = fieldset.dataset.item;
    inflight[code] = false;
    if (again[code]) {
      again[code] = false;
      if (ok) save(fieldset);
    }
  }

  function setVersion(fieldset, version) {
    fieldset.dataset.version = version === null || version === undefined ? "" : String(version);
    var hidden = fieldset.querySelector("input[name='a-" + fieldset.dataset.item + "-version']");
    if (hidden) hidden.value = fieldset.dataset.version;
  }

  function removeConflict(fieldset) {
    var old = fieldset.querySelector(".conflict");
    if (old) old.remove();
  }

  function showConflict(fieldset, current) {
    removeConflict(fieldset);
    fieldset.classList.add("has-problem");
    var box = document.createElement("div");
    box.className = "conflict";
    box.setAttribute("role", "alert");
    var message = document.createElement("p");
    message.textContent = t("conflict") + JSON.stringify(current.value) + (current.comment ? " — " + current.comment : "");
    var keep = document.createElement("button");
    keep.type = "button";
    keep.textContent = t("keep");
    keep.addEventListener("click", function () { setVersion(fieldset, current.version); removeConflict(fieldset); save(fieldset); });
    var theirs = document.createElement("button");
    theirs.type = "button";
    theirs.textContent = t("theirs");
    theirs.addEventListener("click", function () { window.location.reload(); });
    box.appendChild(message);
    box.appendChild(keep);
    box.appendChild(document.createTextNode(" "));
    box.appendChild(theirs);
    fieldset.insertBefore(box, fieldset.querySelector(".answer"));
    itemStatus(fieldset, "", "");
  }

  function schedule(fieldset, delay) {
    var code = fieldset.dataset.item;
    clearTimeout(timers[code]);
    timers[code] = setTimeout(function () { save(fieldset); }, delay);
  }

  // show_if on the client, for conditions on items of this page (others keep the server's view).
  function rendered(code) {
    var fieldset = document.getElementById("item-" + code);
    if (!fieldset || fieldset.hidden) return undefined;
    var value = typedOf(fieldset);
    if (value === null) return [];
    return Array.isArray(value) ? value : [String(value)];
  }
  function holds(condition) {
    if (condition.all) return condition.all.every(holds);
    if (condition.any) return condition.any.some(holds);
    var values = rendered(condition.item);
    if (values === undefined) return undefined;
    return values.some(function (v) { return condition["in"].indexOf(v) !== -1; });
  }
  function updateVisibility() {
    form.querySelectorAll("fieldset[data-show-if]").forEach(function (fieldset) {
      var result = holds(JSON.parse(fieldset.dataset.showIf));
      if (result === undefined) return;
      fieldset.hidden = !result;
      fieldset.classList.toggle("is-hidden", !result);
    });
  }

  form.addEventListener("change", function (event) {
    var fieldset = event.target.closest("fieldset.item");
    if (!fieldset) return;
    dirty[fieldset.dataset.item] = true;
    if (event.target.name && event.target.name.slice(-3) === "-na") {
      fieldset.querySelector(".answer").classList.toggle("is-na", event.target.checked);
    }
    schedule(fieldset, event.target.tagName === "TEXTAREA" ? 50 : 250);
    updateVisibility();
  });
  form.addEventListener("input", function (event) {
    if (event.target.tagName !== "TEXTAREA" && event.target.type !== "number" && event.target.type !== "date" && event.target.type !== "text") return;
    var fieldset = event.target.closest("fieldset.item");
    if (fieldset) { dirty[fieldset.dataset.item] = true; schedule(fieldset, 900); }
  });
  // Input typed or chosen before this script ran (a slow connection) is saved too.
  Array.prototype.forEach.call(form.querySelectorAll("fieldset.item"), function (fieldset) {
    var changed = Array.prototype.some.call(fieldset.querySelectorAll("input, textarea"), function (el) {
      if (el.type === "hidden" || el.type === "file" || el.disabled) return false;
      if (el.type === "radio" || el.type === "checkbox") return el.checked !== el.defaultChecked;
      return el.value !== el.defaultValue;
    });
    if (changed) { dirty[fieldset.dataset.item] = true; schedule(fieldset, 50); }
  });
  // The save button posts everything typed: no warning for that way out.
  form.addEventListener("submit", function () { leaving = true; });
  window.addEventListener("beforeunload", function (event) {
    if (leaving) return;
    if (pending > 0 || Object.keys(dirty).length > 0) { event.preventDefault(); event.returnValue = ""; }
  });
})();
