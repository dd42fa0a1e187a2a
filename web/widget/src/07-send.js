  // ---------------------------------------------------------------- composer and talking to the API
  var busy = false;
  var typingNode = null;
  var uid = 0;

  function onInputKey(e) {
    if (e.key !== "Enter" || e.shiftKey) return;
    if (e.isComposing || e.keyCode === 229) return; // IME is still composing Chinese text
    e.preventDefault();
    submitInput();
  }

  function onInput() {
    autosize();
    var n = textarea.value.length;
    countEl.textContent = n + "/" + MAX_CHARS;
    countEl.classList.toggle("over", n >= MAX_CHARS);
    if (warnEl.textContent && n <= MAX_CHARS) warnEl.textContent = "";
  }

  function autosize() {
    textarea.style.height = "auto";
    if (textarea.value) textarea.style.height = textarea.scrollHeight + 2 + "px";
    else textarea.style.removeProperty("height");
  }

  function submitInput() {
    var text = textarea.value.replace(/^\s+|\s+$/g, "");
    if (!text) return;
    if (text.length > MAX_CHARS) { warnEl.textContent = T("tooLong"); return; }
    if (busy) return;
    textarea.value = "";
    onInput();
    send(text);
  }

  function setBusy(b) {
    busy = b;
    sendBtn.disabled = b;
    log.setAttribute("aria-busy", b ? "true" : "false");
  }

  function fetchJSON(path, options) {
    var ctrl = typeof AbortController === "function" ? new AbortController() : null;
    var timedOut = false;
    var timer = setTimeout(function () { timedOut = true; if (ctrl) ctrl.abort(); }, CONFIG.timeout);
    var opts = options || {};
    if (ctrl) opts.signal = ctrl.signal;
    opts.credentials = "omit";
    opts.headers = Object.assign({ "Accept": "application/json" }, opts.headers || {});
    return fetch(API + path, opts).then(function (res) {
      return res.text().then(function (body) {
        var data = null;
        try { data = body ? JSON.parse(body) : null; } catch (e) { data = null; }
        clearTimeout(timer);
        if (res.ok && data) return data;
        var err = new Error("http " + res.status);
        err.status = res.status;
        err.serverMessage = data && data.error && typeof data.error.message === "string" ? data.error.message : null;
        throw err;
      });
    }, function () {
      clearTimeout(timer);
      var err = new Error(timedOut ? "timeout" : "network");
      err.kind = timedOut ? "timeout" : "network";
      throw err;
    });
  }

  function postJSON(path, payload) {
    return fetchJSON(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(payload) });
  }

  function send(text, isRetry) {
    if (busy) return;
    dropUndo();
    if (!isRetry) {
      var userMsg = { role: "user", text: text, id: ++uid };
      state.messages.push(userMsg);
      save();
      if (setScript(scriptOf(text))) renderAll();
      else appendMessage(userMsg, true);
    }
    disableOldChoices();
    setBusy(true);
    showTyping();
    postJSON("/api/chat", { message: text, context: state.context || null }).then(function (reply) {
      hideTyping();
      setBusy(false);
      if (reply && reply.context && typeof reply.context === "object") state.context = reply.context;
      var botMsg = { role: "bot", id: ++uid, reply: slimReply(reply), feedback: null, chosen: null };
      state.messages.push(botMsg);
      save();
      revealAnswer(appendMessage(botMsg, false));
    }, function (err) {
      hideTyping();
      setBusy(false);
      var retryable = !err.status || err.status >= 500 || err.status === 429 || err.status === 408;
      var msg;
      if (err.kind === "timeout") msg = T("slow");
      else if (err.kind === "network") msg = T("unreachable");
      else msg = err.serverMessage || T("serverError");
      appendError(msg, retryable ? text : null);
    });
  }

  function showTyping() {
    hideTyping();
    typingNode = el("div", { class: "msg bot typing" }, el("div", { class: "bubble", role: "status" }, [
      el("span", { class: "dots", "aria-hidden": "true" }, [el("i"), el("i"), el("i")]),
      el("span", { text: T("typing") })
    ]));
    log.appendChild(typingNode);
    scrollToEnd();
  }

  function hideTyping() {
    remove(typingNode);
    typingNode = null;
  }

  function appendError(message, retryText) {
    var bubble = el("div", { class: "bubble", role: "alert" }, el("p", { class: "para", text: message }));
    var node = el("div", { class: "msg bot error" }, bubble);
    if (retryText) {
      bubble.appendChild(waysOut());
      bubble.appendChild(el("button", {
        class: "retry", type: "button", text: T("retry"),
        onclick: function () {
          if (busy) return;
          remove(node);
          textarea.focus(); // the button is gone: focus goes back to the input, not to <body>
          send(retryText, true);
        }
      }));
    }
    log.appendChild(node);
    scrollToEnd();
  }

  // ---------------------------------------------------------------- 开始新对话, with undo
  var undo = null; // { messages, context, node }

  function resetConversation() {
    if (busy || !state.messages.length) { textarea.focus(); return; }
    undo = { messages: state.messages, context: state.context };
    state.messages = [];
    state.context = null;
    save();
    renderAll();
    var undoBtn = el("button", { class: "act", type: "button", text: T("undo"), onclick: undoReset });
    undo.node = el("div", { class: "notice", role: "status" }, [el("span", { text: T("resetDone") }), undoBtn]);
    log.insertBefore(undo.node, log.firstChild);
    undoBtn.focus();
  }

  function undoReset() {
    if (!undo || busy) return;
    state.messages = undo.messages;
    state.context = undo.context;
    undo = null;
    save();
    renderAll();
    textarea.focus();
  }

  function dropUndo() {
    if (!undo) return;
    remove(undo.node);
    undo = null;
  }
