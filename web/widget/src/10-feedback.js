  // ---------------------------------------------------------------- under an answer: 朗读 and feedback
  function actionsNode(m) {
    var wrap = el("div", { class: "actions" });
    var speak = speakButton(m);
    if (speak) wrap.appendChild(speak);
    wrap.appendChild(feedbackNode(m));
    return wrap;
  }

  // Thumbs up is sent at once; thumbs down first asks one optional "why" (or 跳过), then sends.
  function feedbackNode(m) {
    var wrap = el("div", { class: "fb" });
    if (m.feedback) {
      wrap.appendChild(el("span", { class: "done", role: "status", text: T("thanks") }));
      return wrap;
    }
    var up = el("button", { class: "act", type: "button", "aria-label": T("helpful"), title: T("helpful") }, icon("up", 20));
    var down = el("button", { class: "act", type: "button", "aria-label": T("unhelpful"), title: T("unhelpful"), "aria-expanded": "false" }, icon("down", 20));
    var status = el("span", { role: "status" });
    var why = null;

    function rate(rating, reason) {
      var buttons = wrap.querySelectorAll("button");
      for (var i = 0; i < buttons.length; i++) buttons[i].disabled = true;
      status.className = "";
      status.textContent = "";
      var payload = { request_id: m.reply.request_id, rating: rating };
      if (reason) payload.reason = reason;
      postJSON("/api/feedback", payload).then(function () {
        m.feedback = rating;
        save();
        wrap.textContent = "";
        wrap.appendChild(el("span", { class: "done", role: "status", text: T("thanks") }));
      }, function () {
        for (var i = 0; i < buttons.length; i++) buttons[i].disabled = false;
        status.className = "failed";
        status.textContent = T("feedbackFailed");
      });
    }

    function askWhy() {
      if (why) return;
      down.setAttribute("aria-expanded", "true");
      var choices = REASONS.map(function (r) {
        return el("button", { class: "chip", type: "button", "data-reason": r, text: T("why_" + r), onclick: function () { rate("down", r); } });
      });
      choices.push(el("button", { class: "chip", type: "button", text: T("whySkip"), onclick: function () { rate("down", null); } }));
      why = el("div", { class: "why", role: "group", "aria-label": T("whyAsk") }, [
        el("p", { text: T("whyAsk") }), el("div", { class: "chips" }, choices)
      ]);
      wrap.insertBefore(why, status);
      choices[0].focus();
    }

    up.addEventListener("click", function () { rate("up", null); });
    down.addEventListener("click", askWhy);
    append(wrap, [el("span", { text: T("feedbackAsk") }), up, down, status]);
    return wrap;
  }
