  // ---------------------------------------------------------------- configuration (script tag)
  if (window.__yibaoWidgetLoaded) return;
  window.__yibaoWidgetLoaded = true;

  var script = document.currentScript || (function () {
    var all = document.querySelectorAll("script[src]");
    for (var i = all.length - 1; i >= 0; i--) {
      if (/widget\.js(\?|#|$)/.test(all[i].getAttribute("src") || "")) return all[i];
    }
    return null;
  })();

  function attr(name, fallback) {
    var v = script && script.getAttribute(name);
    return v == null || v === "" ? fallback : v;
  }

  function scriptOrigin() {
    try {
      return new URL(script.src, document.baseURI).origin;
    } catch (e) {
      return window.location.origin;
    }
  }

  var API = String(attr("data-api", scriptOrigin())).replace(/\/+$/, "");
  var CONFIG = {
    title: attr("data-title", ""),
    accent: attr("data-accent", ""),
    left: attr("data-position", "right") === "left",
    starters: String(attr("data-starters", "")).split("|").map(function (s) { return s.trim(); }).filter(Boolean),
    openOnLoad: attr("data-open", "") === "true",
    largeDefault: attr("data-large-text", "") === "true",
    nonce: attr("data-nonce", ""),
    css: attr("data-css", scriptOrigin() + "/widget.css"),
    timeout: Math.max(500, parseInt(attr("data-timeout", "15000"), 10) || 15000)
  };
  var DEFAULT_STARTERS = [
    "潍坊居民医保一年交多少钱",
    "平阳县县级医院住院花了2万能报多少",
    "中山怎么选定点医院",
    "异地就医怎么备案"
  ];
  var HOTLINE = "12393";
  var PLATFORM_URL = "https://fuwu.nhsa.gov.cn/";
  var MAX_CHARS = 500;
  var MAX_STORED = 60;
  var STORE_KEY = "yibao-widget:v1:" + API;
  var PREF_KEY = "yibao-widget:prefs";
  var REASONS = ["wrong", "outdated", "not_my_city", "hard_to_read"];
