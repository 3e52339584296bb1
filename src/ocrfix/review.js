// The review page's decisions: go from item to item, accept or reject, export the decisions.
// Keys: j/n/↓ next · k/p/↑ previous · a accept · r/x reject · u undo · e export (download).
// An item is an edit (accepted unless rejected) or a suggestion (rejected unless accepted).
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("ocrfix-data").textContent);
  const items = data.items;
  const decided = {};
  const marksOf = {};
  const rowOf = {};
  let cur = -1;
  const echo = new Map();
  const panes = [document.getElementById("original"), document.getElementById("repaired")];
  const detail = document.getElementById("detail");
  const out = document.getElementById("decisions-json");

  document.querySelectorAll("mark[data-item]").forEach(function (m) {
    (marksOf[m.dataset.item] = marksOf[m.dataset.item] || []).push(m);
    m.addEventListener("click", function () { go(indexOf[m.dataset.item]); });
  });
  const indexOf = {};
  const tbody = document.querySelector("#items tbody");
  items.forEach(function (it, n) {
    indexOf[it.id] = n;
    const tr = document.createElement("tr");
    const cells = [it.id, it.pass + "/" + it.rule, change(it), it.confidence.toFixed(2),
      it.reason, ""];
    cells.forEach(function (text) {
      const td = document.createElement("td");
      td.textContent = text;
      tr.appendChild(td);
    });
    tr.addEventListener("click", function () { go(n); });
    tbody.appendChild(tr);
    rowOf[it.id] = tr;
    paint(it);
  });

  function change(it) {
    const show = function (s) { return s.replace(/\n/g, "⏎"); };
    const o = show(it.original.length > 40 ? it.original.slice(0, 40) + "…" : it.original);
    return (it.kind === "suggestion" ? "suggested: " : "") + "[-" + o + "-]{+" +
      show(it.replacement.length > 40 ? it.replacement.slice(0, 40) + "…" : it.replacement) + "+}";
  }
  function state(it) {
    return decided[it.id] || (it.kind === "edit" ? "accept" : "reject");
  }
  function paint(it) {
    const s = state(it);
    (marksOf[it.id] || []).forEach(function (m) {
      m.classList.toggle("accepted", s === "accept");
      m.classList.toggle("rejected", s === "reject");
    });
    const tr = rowOf[it.id];
    tr.className = s + (it.id in decided ? " decided" : "") + (items[cur] === it ? " current" : "");
    tr.lastChild.textContent = (s === "accept" ? "accepted" : "rejected") +
      (it.id in decided ? "" : " (default)");
  }
  function centre(pane, mark) {
    const top = mark.getBoundingClientRect().top - pane.getBoundingClientRect().top;
    pane.scrollTop += top - pane.clientHeight / 2;
  }
  function go(n) {
    if (!items.length) return;
    n = Math.max(0, Math.min(items.length - 1, n));
    if (cur >= 0) {
      (marksOf[items[cur].id] || []).forEach(function (m) { m.classList.remove("current"); });
      rowOf[items[cur].id].classList.remove("current");
    }
    cur = n;
    const it = items[n];
    const marks = marksOf[it.id] || [];
    marks.forEach(function (m) { m.classList.add("current"); });
    panes.forEach(function (pane) {  // both panes move to the item, each to its own mark
      const m = marks.find(function (x) { return pane.contains(x); });
      if (m) centre(pane, m);
      echo.set(pane, pane.scrollTop);
    });
    rowOf[it.id].classList.add("current");
    rowOf[it.id].scrollIntoView({ block: "nearest" });
    detail.textContent = (n + 1) + "/" + items.length + " · " + it.pass + "/" + it.rule +
      " · confidence " + it.confidence.toFixed(2) + " · " + change(it) + " · " + it.reason +
      " · " + rowOf[it.id].lastChild.textContent;
  }
  function decide(d) {
    if (cur < 0) go(0);
    const it = items[cur];
    if (d === null) delete decided[it.id]; else decided[it.id] = d;
    paint(it);
    exportJson();
    go(cur + 1);
  }
  function exportJson() {
    const result = Object.assign({}, data.header, {
      decisions: items.map(function (it) {
        return { id: it.id, decision: state(it), decided: it.id in decided, pass: it.pass,
          rule: it.rule, original: it.original, replacement: it.replacement };
      }),
    });
    out.value = JSON.stringify(result, null, 1);
    return out.value;
  }
  function download() {
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([exportJson()], { type: "application/json" }));
    a.download = "decisions.json";
    a.click();
  }
  // Keep the panes in step when one is scrolled by hand; a scroll this script made (its
  // position is in echo) is not passed on, or the panes would chase each other.
  panes.forEach(function (pane, k) {
    pane.addEventListener("scroll", function () {
      if (Math.abs(pane.scrollTop - (echo.get(pane) ?? -9)) < 1) return;
      echo.delete(pane);
      const other = panes[1 - k];
      const share = pane.scrollTop / Math.max(1, pane.scrollHeight - pane.clientHeight);
      other.scrollTop = share * (other.scrollHeight - other.clientHeight);
      echo.set(other, other.scrollTop);
    });
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.target.tagName === "TEXTAREA" || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const act = {
      j: function () { go(cur + 1); }, n: function () { go(cur + 1); },
      ArrowDown: function () { go(cur + 1); },
      k: function () { go(cur - 1); }, p: function () { go(cur - 1); },
      ArrowUp: function () { go(cur - 1); },
      a: function () { decide("accept"); }, r: function () { decide("reject"); },
      x: function () { decide("reject"); }, u: function () { decide(null); },
      e: download,
    }[ev.key];
    if (act) { ev.preventDefault(); act(); }
  });
  document.getElementById("export").addEventListener("click", download);
  exportJson();
})();
