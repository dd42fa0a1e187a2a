  // ---------------------------------------------------------------- answer body: blocks -> DOM
  // Replies carry `blocks` (paragraph / steps / list / places / source); replies stored before blocks
  // existed fall back to one paragraph per line.
  function answerBody(r, citeMap) {
    var blocks = Array.isArray(r.blocks) && r.blocks.length ? r.blocks : linesAsBlocks(r.answer);
    var calc = r.calculation && typeof r.calculation === "object" ? r.calculation : null;
    if (calc) blocks = withoutCalcText(blocks, calc);
    var out = [];
    blocks.forEach(function (b, i) {
      var node = blockNode(b, citeMap);
      if (node) out.push(node);
      if (calc && i === 0) { out.push(calcNode(calc, citeMap)); calc = null; } // the summary, then the table
    });
    if (calc) out.push(calcNode(calc, citeMap));
    return out;
  }

  function linesAsBlocks(answer) {
    return String(answer || "").split(/\r?\n/).filter(function (s) { return /\S/.test(s); })
      .map(function (s) { return { type: "paragraph", text: s.trim() }; });
  }

  // The calculation table shows the steps and assumptions: drop their plain-text copies.
  function withoutCalcText(blocks, calc) {
    if (!Array.isArray(calc.steps) || !calc.steps.length) return blocks;
    var assumptions = (calc.assumptions || []).map(function (a) { return String(a).trim(); });
    var out = [];
    var afterHeading = false;
    blocks.forEach(function (b) {
      var text = String(b.text || "").trim();
      if (b.type === "paragraph" && /^计算过程[::]?$/.test(text)) { afterHeading = true; return; }
      if (afterHeading && (b.type === "list" || b.type === "steps")) { afterHeading = false; return; }
      afterHeading = false;
      var m = b.type === "paragraph" ? /^说明[::](.*)$/.exec(text) : null;
      if (m && assumptions.indexOf(m[1].trim()) >= 0) return;
      out.push(b);
    });
    return out;
  }

  function items(b) {
    return Array.isArray(b.items) ? b.items.filter(function (s) { return typeof s === "string"; }) : [];
  }

  function blockNode(b, citeMap) {
    if (!b || typeof b !== "object") return null;
    if (b.type === "steps" || b.type === "list") {
      var list = el(b.type === "steps" ? "ol" : "ul", { class: b.type });
      items(b).forEach(function (s) { list.appendChild(append(el("li"), inline(s, citeMap))); });
      return list;
    }
    if (b.type === "places") {
      var names = items(b);
      var ul = el("ul", { "aria-label": String(b.label || "") });
      names.forEach(function (s) { ul.appendChild(el("li", { text: s })); });
      return el("details", { class: "places" }, [
        el("summary", { text: T("placesSummary").replace("{n}", String(names.length)) }), ul
      ]);
    }
    var text = String(b.text || "");
    if (!text) return null;
    var cls = "para";
    if (b.type === "source") cls += " source";
    else if (/^(提示|注意|温馨提示)[::]/.test(text)) cls += " note";
    return append(el("p", { class: cls }), inline(text, citeMap));
  }

  function stepValue(step) {
    var f = String(step.formula || "").trim();
    if (/^[\d.]+\s*%$/.test(f) || /比例/.test(step.label || "") && Number(step.value) <= 100 && !/[×x*]/.test(f)) {
      return formatNumber(step.value) + "%";
    }
    return formatNumber(step.value);
  }

  function calcNode(calc, citeMap) {
    var label = calc.kind === "reimbursement" ? T("calcReimbursement") : T("calcContribution");
    var std = [calc.region || T("regionUnknown"), calc.year ? calc.year + "年" + T("calcStandard") : T("yearUnknown")].join(" · ");
    var head = el("div", { class: "calc-head" }, [
      el("span", { class: "calc-label", text: label }),
      el("span", { class: "calc-amount" }, [formatNumber(calc.amount), el("small", { text: "元" })]),
      el("span", { class: "calc-std", text: std })
    ]);
    var tbody = el("tbody");
    (calc.steps || []).forEach(function (s) {
      var labelCell = el("td", null, [String(s.label || "")]);
      var c = s.citation != null ? citeMap[String(s.citation)] : null;
      if (c) labelCell.appendChild(citeButton(c, ""));
      tbody.appendChild(el("tr", null, [labelCell, el("td", { text: String(s.formula || "") }), el("td", { class: "num", text: stepValue(s) })]));
    });
    var table = el("table", null, [
      el("caption", { text: T("calcCaption") }),
      el("thead", null, el("tr", null, [
        el("th", { scope: "col", text: T("calcItem") }),
        el("th", { scope: "col", text: T("calcFormula") }),
        el("th", { scope: "col", class: "num", text: T("calcValue") })
      ])),
      tbody
    ]);
    var parts = [head, table];
    if (calc.assumptions && calc.assumptions.length) {
      parts.push(el("p", { class: "assume-title", text: T("calcAssumptions") }));
      var ul = el("ul", { class: "assume" });
      calc.assumptions.forEach(function (a) { ul.appendChild(el("li", { text: String(a) })); });
      parts.push(ul);
    }
    return el("div", { class: "calc", role: "group", "aria-label": T("calcCaption") }, parts);
  }
