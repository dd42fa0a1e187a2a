  // ---------------------------------------------------------------- passage viewer
  var sheetReturnFocus = null;
  var passageCache = {};
  var viewToken = 0;

  // `said` is the answer text the clicked [n] closes: the viewer highlights that sentence when the passage
  // contains it, else the citation's quote.
  function openPassage(c, trigger, said) {
    sheetReturnFocus = trigger || null;
    sheet.hidden = false;
    showPassage(c.passage_id, highlightCandidates(said, c.quote), c);
    sheetBack.focus();
  }

  function highlightCandidates(said, quote) {
    var s = String(said || "").replace(/^[\s,,。;;::、]+|[\s,,;;::、]+$/g, "");
    var sentences = (s.match(/[^。!?!?;;]+[。!?!?;;]*/g) || []).map(function (x) { return x.trim(); }).filter(Boolean);
    var out = [];
    if (s.length >= 4) out.push(s);
    if (sentences.length > 1 && sentences[sentences.length - 1].length >= 4) out.push(sentences[sentences.length - 1]);
    if (quote) out.push(String(quote));
    return out;
  }

  function closeSheet(restoreFocus) {
    if (!sheet || sheet.hidden) return;
    sheet.hidden = true;
    sheetBody.textContent = "";
    if (restoreFocus !== false) {
      var target = sheetReturnFocus && sheetReturnFocus.isConnected ? sheetReturnFocus : textarea;
      target.focus();
    }
    sheetReturnFocus = null;
  }

  function showPassage(id, quotes, citation) {
    sheetBody.textContent = "";
    var token = ++viewToken;
    if (citation) sheetBody.appendChild(el("h3", { class: "p-title", text: citation.title || "" }));
    sheetBody.appendChild(el("p", { class: "p-status", role: "status", text: T("passageLoading") }));
    var cached = passageCache[id];
    var p = cached ? Promise.resolve(cached) : fetchJSON("/api/passages/" + encodeURIComponent(id), { method: "GET" });
    p.then(function (data) {
      if (viewToken !== token || sheet.hidden) return;
      passageCache[id] = data;
      renderPassage(data, quotes);
    }, function (err) {
      if (viewToken !== token || sheet.hidden) return;
      sheetBody.textContent = "";
      if (citation) sheetBody.appendChild(el("h3", { class: "p-title", text: citation.title || "" }));
      sheetBody.appendChild(el("p", { class: "p-status err", role: "alert", text: (err && err.serverMessage) || T("passageFailed") }));
      if (quotes.length) sheetBody.appendChild(el("blockquote", { class: "p-quote", text: quotes[quotes.length - 1] }));
    });
  }

  // Find quote in text, tolerating whitespace differences; returns [start, end) in text or null.
  function locate(text, quote) {
    if (!quote) return null;
    var i = text.indexOf(quote);
    if (i >= 0) return [i, i + quote.length];
    var map = [];
    var squeezed = "";
    for (var k = 0; k < text.length; k++) {
      if (!/\s/.test(text[k])) { map.push(k); squeezed += text[k]; }
    }
    var q = quote.replace(/\s+/g, "");
    var j = q ? squeezed.indexOf(q) : -1;
    return j < 0 ? null : [map[j], map[j + q.length - 1] + 1];
  }

  function renderPassage(d, quotes) {
    sheetBody.textContent = "";
    var text = String(d.text || "");
    sheetBody.appendChild(el("h3", { class: "p-title", text: d.title || "" }));
    sheetBody.appendChild(el("ul", { class: "p-meta" }, [
      el("li", { text: d.region || T("regionUnknown") }),
      el("li", { text: d.year ? d.year + "年" : T("yearUnknown") })
    ]));
    if (typeof d.url === "string" && /^https?:\/\//.test(d.url)) {
      sheetBody.appendChild(el("a", { class: "p-link", href: d.url, target: "_blank", rel: "noopener noreferrer" },
        [T("originalPage"), el("span", { class: "sr", text: T("opensNewWindow") })]));
    } else if (d.source) {
      sheetBody.appendChild(el("p", { class: "p-file", text: T("noOriginalPage") + " · " + T("sourceFile") + ":" + d.source }));
    }
    var span = null;
    for (var i = 0; i < quotes.length && !span; i++) span = locate(text, quotes[i]);
    var body = el("p", { class: "p-text" });
    var mark = null;
    if (span) {
      mark = el("mark", { text: text.slice(span[0], span[1]) });
      append(body, [text.slice(0, span[0]), el("span", { class: "sr", text: T("quoteLabel") + ":" }), mark, text.slice(span[1])]);
    } else {
      var quote = quotes[quotes.length - 1];
      if (quote) sheetBody.appendChild(el("blockquote", { class: "p-quote" }, [el("strong", { text: T("quoteNotFound") }), quote]));
      body.textContent = text;
    }
    sheetBody.appendChild(body);
    sheetBody.appendChild(el("div", { class: "p-nav" }, [
      el("button", { type: "button", text: "‹ " + T("prev"), disabled: !d.previous, onclick: function () { if (d.previous) { showPassage(d.previous, []); sheetBody.focus(); } } }),
      el("button", { type: "button", text: T("next") + " ›", disabled: !d.next, onclick: function () { if (d.next) { showPassage(d.next, []); sheetBody.focus(); } } })
    ]));
    sheetBody.scrollTop = 0;
    if (mark && mark.scrollIntoView) {
      try { mark.scrollIntoView({ block: "center" }); } catch (e) { /* old browsers */ }
    }
  }
