  // ---------------------------------------------------------------- interface script (简体 / 繁體)
  // The interface follows the script the resident writes: Traditional once a question uses Traditional
  // characters (or the browser asks for zh-TW/zh-HK/zh-Hant), Simplified again when they write Simplified.
  var HANT_CHARS = TEXTS.hantChars;
  var HANS_CHARS = TEXTS.hansChars;

  function browserScript() {
    var langs = navigator.languages || [navigator.language || ""];
    var first = String(langs[0] || "").toLowerCase();
    return /^zh-(tw|hk|mo|hant)/.test(first) ? "zh-Hant" : "zh-Hans";
  }

  // "zh-Hant", "zh-Hans" or null (no evidence either way) for a piece of text.
  function scriptOf(text) {
    var hant = 0, hans = 0;
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      if (HANT_CHARS.indexOf(c) >= 0) hant++;
      else if (HANS_CHARS.indexOf(c) >= 0) hans++;
    }
    if (hant > hans) return "zh-Hant";
    if (hans > hant) return "zh-Hans";
    return null;
  }

  var ui = { script: browserScript() };

  function T(key) {
    var table = TEXTS[ui.script] || TEXTS["zh-Hans"];
    return table[key] != null ? table[key] : TEXTS["zh-Hans"][key];
  }

  // Elements whose text or attributes come from T(): relabelled when the script changes.
  var labelled = [];

  function label(node, what, key) {
    labelled.push([node, what, key]);
    setLabel(node, what, key);
    return node;
  }

  function setLabel(node, what, key) {
    var value = typeof key === "function" ? key() : T(key);
    if (what === "text") node.textContent = value;
    else node.setAttribute(what, value);
  }

  function setScript(script) {
    if (!script || script === ui.script) return false;
    ui.script = script;
    for (var i = 0; i < labelled.length; i++) setLabel(labelled[i][0], labelled[i][1], labelled[i][2]);
    if (root) root.setAttribute("lang", script);
    return true;
  }
