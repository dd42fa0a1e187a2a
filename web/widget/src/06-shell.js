  // ---------------------------------------------------------------- the shell: launcher, panel, header
  var host, shadow, root, launcher, panel, log, textarea, sendBtn, countEl, warnEl, sheet, sheetBody, sheetBack, largeBtn;
  var FULLSCREEN = "(max-width:600px),(max-height:560px)";

  // Styles: a constructable stylesheet where supported (CSP-proof); otherwise a <style nonce> when the
  // page gave a nonce, else a <link> to widget.css (allowed by a strict `style-src 'self'` or the bot's origin).
  function installStyles() {
    try {
      if ("adoptedStyleSheets" in shadow && typeof CSSStyleSheet === "function" &&
          typeof CSSStyleSheet.prototype.replaceSync === "function") {
        var sheetObj = new CSSStyleSheet();
        sheetObj.replaceSync(STYLES);
        shadow.adoptedStyleSheets = [sheetObj];
        return;
      }
    } catch (e) { /* fall through */ }
    if (CONFIG.nonce) shadow.appendChild(el("style", { nonce: CONFIG.nonce, text: STYLES }));
    else shadow.appendChild(el("link", { rel: "stylesheet", href: CONFIG.css }));
  }

  // Relative luminance of a computed "rgb(r, g, b)" colour.
  function luminance(rgb) {
    var c = (rgb.match(/[\d.]+/g) || [0, 0, 0]).slice(0, 3).map(function (v) {
      v = Number(v) / 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }

  // A host's accent colour, with text on it (white or near-black) and link ink kept readable (>= 4.5:1).
  function applyAccent() {
    if (!CONFIG.accent || !(window.CSS && window.CSS.supports && window.CSS.supports("color", CONFIG.accent))) return;
    var probe = el("span");
    probe.style.color = CONFIG.accent;
    root.appendChild(probe);
    var rgb = getComputedStyle(probe).color;
    remove(probe);
    var L = luminance(rgb);
    var onWhite = 1.05 / (L + 0.05), onDark = (L + 0.05) / (luminance("rgb(17,24,39)") + 0.05);
    root.style.setProperty("--accent", CONFIG.accent);
    root.style.setProperty("--accent-dark", CONFIG.accent);
    root.style.setProperty("--on-accent", onWhite >= 4.5 || onWhite >= onDark ? "#fff" : "#111827");
    if (onWhite >= 4.5) root.style.setProperty("--accent-ink", CONFIG.accent);
  }

  function build() {
    host = document.createElement("yibao-chat-widget");
    shadow = host.attachShadow({ mode: "open" });
    installStyles();
    root = el("div", { class: "root" + (CONFIG.left ? " left" : ""), lang: ui.script });
    shadow.appendChild(root);

    var panelId = "yb-panel";
    launcher = el("button", {
      class: "launcher", type: "button", "aria-expanded": "false", "aria-controls": panelId,
      onclick: function () { state.open ? close(true) : open(true); }
    }, [
      el("span", { class: "l-open" }, icon("chat", 22)),
      el("span", { class: "l-close" }, icon("close", 22)),
      label(el("span"), "text", "launcherLabel")
    ]);
    label(launcher, "aria-label", function () { return T(state.open ? "launcherClose" : "launcherOpen"); });

    var titleEl = CONFIG.title ? el("h2", { class: "title", id: "yb-title", text: CONFIG.title })
      : label(el("h2", { class: "title", id: "yb-title" }), "text", "defaultTitle");
    largeBtn = el("button", { class: "hbtn", type: "button", "aria-pressed": "false", onclick: toggleLarge },
      [el("span", { text: "A+", "aria-hidden": "true" }), label(el("span"), "text", "largeText")]);
    label(largeBtn, "aria-label", "largeTextLabel");
    var resetBtn = label(label(el("button", { class: "hbtn", type: "button", onclick: resetConversation }, icon("reset", 22)),
      "aria-label", "reset"), "title", "reset");
    var closeBtn = label(label(el("button", { class: "hbtn", type: "button", onclick: function () { close(true); } }, icon("close", 24)),
      "aria-label", "close"), "title", "close");

    log = label(el("div", { class: "log", role: "log", "aria-live": "polite", "aria-relevant": "additions", tabindex: "0" }),
      "aria-label", "log");

    textarea = el("textarea", { rows: "1", maxlength: String(MAX_CHARS), "aria-describedby": "yb-keys yb-count yb-warn",
      enterkeyhint: "send" });
    label(label(textarea, "aria-label", "inputLabel"), "placeholder", "placeholder");
    textarea.addEventListener("keydown", onInputKey);
    textarea.addEventListener("input", onInput);
    sendBtn = label(el("button", { class: "send", type: "submit" },
      [icon("send", 18), label(el("span", { "aria-hidden": "true" }), "text", "send")]), "aria-label", "send");
    countEl = el("span", { class: "count", id: "yb-count", "aria-live": "off", text: "0/" + MAX_CHARS });
    warnEl = el("p", { class: "warn", id: "yb-warn", role: "alert" });
    var form = el("form", { class: "composer", onsubmit: function (e) { e.preventDefault(); submitInput(); } }, [
      label(el("span", { class: "sr", id: "yb-keys" }), "text", "keysHint"),
      el("div", { class: "row" }, [textarea, sendBtn]),
      warnEl,
      el("div", { class: "meta" }, [label(el("span"), "text", "disclaimer"), countEl])
    ]);

    sheetBack = el("button", { class: "back", type: "button", onclick: closeSheet }, [icon("back", 20), label(el("span"), "text", "back")]);
    sheetBody = el("div", { class: "sheet-body", tabindex: "-1" });
    sheet = label(el("section", { class: "sheet", hidden: true, role: "region" }, [
      el("div", { class: "sheet-head" }, [sheetBack, label(el("span", { class: "sheet-kind" }), "text", "passageTitle")]),
      sheetBody
    ]), "aria-label", "passageTitle");

    panel = el("section", { class: "panel", id: panelId, role: "dialog", "aria-modal": "false", "aria-labelledby": "yb-title", hidden: true }, [
      el("div", { class: "head" }, [
        el("div", { class: "titles" }, [titleEl, label(el("p", { class: "subtitle" }), "text", "subtitle")]),
        largeBtn, resetBtn, closeBtn
      ]),
      log, form, sheet
    ]);
    root.addEventListener("keydown", onPanelKey);
    root.appendChild(panel);
    root.appendChild(launcher);
    document.body.appendChild(host);
    applyAccent(); // needs computed styles, so after the host is in the document
    document.addEventListener("focusin", keepFocusInside, true);
    if (window.matchMedia) {
      var mq = window.matchMedia(FULLSCREEN);
      var onChange = function () { panel.setAttribute("aria-modal", isModal() ? "true" : "false"); };
      if (mq.addEventListener) mq.addEventListener("change", onChange);
      else if (mq.addListener) mq.addListener(onChange);
    }
    setLarge(prefs.large != null ? prefs.large : CONFIG.largeDefault, false);
  }

  // ---------------------------------------------------------------- large text
  function setLarge(on, remember) {
    root.classList.toggle("large", !!on);
    largeBtn.setAttribute("aria-pressed", on ? "true" : "false");
    if (remember) { prefs.large = !!on; savePrefs(); }
  }

  function toggleLarge() {
    setLarge(!root.classList.contains("large"), true);
  }

  // ---------------------------------------------------------------- open / close, modal focus trap
  function isModal() {
    return !!(state.open && window.matchMedia && window.matchMedia(FULLSCREEN).matches);
  }

  function open(focusInput) {
    state.open = true;
    panel.hidden = false;
    panel.setAttribute("aria-modal", isModal() ? "true" : "false");
    launcher.setAttribute("aria-expanded", "true");
    setLabel(launcher, "aria-label", function () { return T("launcherClose"); });
    save();
    scrollToEnd();
    if (focusInput) textarea.focus();
  }

  function close(focusLauncher) {
    state.open = false;
    closeSheet(false);
    stopSpeaking();
    panel.hidden = true;
    panel.setAttribute("aria-modal", "false");
    launcher.setAttribute("aria-expanded", "false");
    setLabel(launcher, "aria-label", function () { return T("launcherOpen"); });
    save();
    if (focusLauncher) launcher.focus();
  }

  // Focus that lands on the host page while the full-screen panel is open comes back to the input.
  function keepFocusInside(e) {
    if (!isModal() || e.target === host) return;
    textarea.focus();
  }

  function trapTab(e) {
    var scope = sheet.hidden ? panel : sheet;
    var items = focusables(scope);
    if (!items.length) return;
    var active = shadow.activeElement;
    var i = items.indexOf(active);
    var next = null;
    if (e.shiftKey && (i <= 0)) next = items[items.length - 1];
    else if (!e.shiftKey && (i < 0 || i === items.length - 1)) next = items[0];
    if (next) { e.preventDefault(); next.focus(); }
  }

  function onPanelKey(e) {
    if (!state.open) return;
    if (e.key === "Tab" && isModal()) return trapTab(e);
    if (e.key !== "Escape" && e.key !== "Esc") return;
    e.preventDefault();
    e.stopPropagation();
    if (!sheet.hidden) closeSheet(true);
    else close(true);
  }
