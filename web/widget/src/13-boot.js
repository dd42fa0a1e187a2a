  // ---------------------------------------------------------------- boot and the public API
  function init() {
    load();
    for (var i = state.messages.length - 1; i >= 0; i--) {
      var m = state.messages[i];
      if (m.role === "user") { setScript(scriptOf(m.text)); break; }
    }
    build();
    renderAll();
    if (state.open || CONFIG.openOnLoad) open(false);
    window.YibaoWidget = {
      open: function () { open(true); },
      close: function () { close(false); },
      ask: function (q) {
        if (typeof q !== "string" || !q.trim()) return;
        open(true);
        send(q.trim().slice(0, MAX_CHARS));
      },
      setLargeText: function (on) { setLarge(!!on, true); }
    };
  }

  if (document.body) init();
  else document.addEventListener("DOMContentLoaded", init);
