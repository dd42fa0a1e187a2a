  // ---------------------------------------------------------------- rendering the conversation
  function scrollToEnd() {
    log.scrollTop = log.scrollHeight;
  }

  function renderAll() {
    log.textContent = "";
    typingNode = null;
    log.appendChild(welcomeNode());
    for (var i = 0; i < state.messages.length; i++) {
      var m = state.messages[i];
      if (m.id > uid) uid = m.id;
      appendMessage(m, false);
    }
    disableOldChoices();
    scrollToEnd();
  }

  function welcomeNode() {
    var chips = el("div", { class: "chips", role: "group", "aria-label": T("tryAsk") });
    (CONFIG.starters.length ? CONFIG.starters : DEFAULT_STARTERS).forEach(function (q) {
      chips.appendChild(el("button", { class: "chip suggest", type: "button", text: q, onclick: function () { askFromChip(q); } }));
    });
    return el("div", { class: "msg bot welcome", lang: ui.script }, el("div", { class: "bubble" }, [
      el("p", { class: "para", text: T("welcome") }),
      el("p", { class: "hint disc", text: T("disclaimer") }), // shown where the footer line is hidden
      el("p", { class: "hint", text: T("tryAsk") }),
      chips
    ]));
  }

  function askFromChip(q) {
    if (busy) return;
    textarea.focus();
    send(q);
  }

  function appendMessage(m, scroll) {
    var node;
    if (m.role === "user") {
      node = el("div", { class: "msg user", "data-id": m.id, lang: scriptOf(m.text) || ui.script },
        el("div", { class: "bubble" }, [el("span", { class: "sr", text: T("youSaid") + ":" }), m.text]));
    } else if (m.role === "bot") {
      node = botNode(m);
    } else {
      return;
    }
    log.insertBefore(node, typingNode);
    if (scroll) scrollToEnd();
    return node;
  }

  // Long answers: keep the question and the start of the answer in view instead of jumping to the end.
  function revealAnswer(node) {
    var prev = node && node.previousElementSibling;
    var anchor = prev && prev.classList.contains("user") ? prev : node;
    if (!anchor) return scrollToEnd();
    log.scrollTop = Math.min(Math.max(0, anchor.offsetTop - 8), log.scrollHeight - log.clientHeight);
  }

  function botNode(m) {
    var r = m.reply || {};
    var citeMap = {};
    (r.citations || []).forEach(function (c) { if (c && c.n != null) citeMap[String(c.n)] = c; });
    var bubble = el("div", { class: "bubble" }, el("span", { class: "sr", text: T("botSaid") + ":" }));
    append(bubble, answerBody(r, citeMap));

    if (r.clarify && Array.isArray(r.clarify.options) && r.clarify.options.length) {
      bubble.appendChild(optionsNode(m, r.clarify));
    }
    if (r.status === "refuse") bubble.appendChild(waysOut());
    if (r.suggestions && r.suggestions.length) {
      var sg = el("div", { class: "chips", role: "group", "aria-label": T("tryAsk") });
      r.suggestions.forEach(function (q) {
        if (typeof q === "string") sg.appendChild(el("button", { class: "chip suggest", type: "button", text: q, onclick: function () { askFromChip(q); } }));
      });
      bubble.appendChild(sg);
    }
    var sources = sourceList(r.citations || []);
    if (sources) bubble.appendChild(sources);
    if (r.request_id && r.status !== "clarify") bubble.appendChild(actionsNode(m));

    var wide = r.calculation ? " wide" : "";
    return el("div", { class: "msg bot" + wide, "data-id": m.id, "data-status": r.status || "",
      lang: scriptOf(r.answer || "") || ui.script }, bubble);
  }

  // The 12393 hotline and the national platform: a way out when the bot cannot help.
  function waysOut() {
    return el("div", { class: "ways" }, [
      el("p", { text: T("waysOut") }),
      el("a", { href: "tel:" + HOTLINE, class: "tel", text: T("hotlineLink") }),
      el("a", { href: PLATFORM_URL, target: "_blank", rel: "noopener noreferrer" },
        [T("platformLink"), el("span", { class: "sr", text: T("opensNewWindow") })])
    ]);
  }

  function optionsNode(m, clarify) {
    var group = el("div", { class: "chips options", role: "group", "aria-label": clarify.question || T("chooseOne") });
    clarify.options.forEach(function (opt) {
      var chosen = m.chosen === opt;
      group.appendChild(el("button", {
        class: "chip option" + (chosen ? " chosen" : ""), type: "button", text: opt,
        "aria-pressed": chosen ? "true" : "false",
        onclick: function () { chooseOption(m, opt, group); }
      }));
    });
    if (m.chosen) disableGroup(group);
    return group;
  }

  // Each distinct source under 依据 is a button that opens its passage with the quote highlighted.
  function sourceList(citations) {
    var seen = {};
    var items = [];
    citations.forEach(function (c) {
      if (!c || !c.title || !c.passage_id) return;
      var key = c.title + "|" + (c.region || "") + "|" + (c.year || "");
      if (seen[key]) return;
      seen[key] = true;
      var meta = [c.region, c.year ? c.year + "年" : null].filter(Boolean).join(" · ");
      var text = "《" + c.title + "》" + (meta ? " " + meta : "");
      items.push(el("li", null, el("button", {
        class: "src", type: "button", "aria-label": T("openSource") + text,
        onclick: function (e) { openPassage(c, e.currentTarget, ""); }
      }, text)));
    });
    if (!items.length) return null;
    return el("div", { class: "sources" }, [el("span", { text: T("sources") + ":" }), el("ul", null, items)]);
  }

  function disableGroup(group) {
    var bs = group.querySelectorAll("button");
    for (var i = 0; i < bs.length; i++) bs[i].disabled = true;
  }

  // Clarify options only make sense as the answer to the latest question.
  function disableOldChoices() {
    var groups = log.querySelectorAll(".options");
    var last = state.messages[state.messages.length - 1];
    for (var i = 0; i < groups.length; i++) {
      var msgNode = groups[i].closest(".msg");
      var isLast = last && last.role === "bot" && msgNode && String(msgNode.getAttribute("data-id")) === String(last.id);
      if (!isLast || busy) disableGroup(groups[i]);
    }
  }

  function chooseOption(m, opt, group) {
    if (busy || m.chosen) return;
    m.chosen = opt;
    save();
    var bs = group.querySelectorAll("button");
    for (var i = 0; i < bs.length; i++) {
      if (bs[i].textContent === opt) { bs[i].classList.add("chosen"); bs[i].setAttribute("aria-pressed", "true"); }
    }
    disableGroup(group);
    textarea.focus();
    send(opt);
  }
