  // ---------------------------------------------------------------- 朗读: read an answer aloud (speechSynthesis)
  var speaking = null; // the button of the answer being read

  function canSpeak() {
    return typeof window.speechSynthesis === "object" && window.speechSynthesis !== null &&
      typeof window.SpeechSynthesisUtterance === "function";
  }

  function speakButton(m) {
    if (!canSpeak()) return null; // hidden where the browser cannot speak
    var btn = el("button", { class: "act speak", type: "button", "aria-pressed": "false" },
      [icon("speak", 20), el("span", { text: T("readAloud") })]);
    btn.addEventListener("click", function () {
      if (speaking === btn) return stopSpeaking();
      stopSpeaking();
      var text = String(m.reply.answer || "").replace(/\[\d{1,3}\]/g, "");
      var u = new SpeechSynthesisUtterance(text);
      u.lang = scriptOf(text) === "zh-Hant" ? "zh-TW" : "zh-CN";
      u.rate = 0.9;
      u.onend = u.onerror = function () { if (speaking === btn) markSpeaking(null); };
      markSpeaking(btn);
      window.speechSynthesis.speak(u);
    });
    return btn;
  }

  function markSpeaking(btn) {
    if (speaking) {
      speaking.setAttribute("aria-pressed", "false");
      speaking.lastChild.textContent = T("readAloud");
    }
    speaking = btn;
    if (btn) {
      btn.setAttribute("aria-pressed", "true");
      btn.lastChild.textContent = T("stopReading");
    }
  }

  function stopSpeaking() {
    if (!speaking) return;
    markSpeaking(null);
    try { window.speechSynthesis.cancel(); } catch (e) { /* nothing to stop */ }
  }
