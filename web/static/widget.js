/*!
 * 医保智能问答 chat widget.
 *
 * Embed with one tag on any page:
 *   <script src="https://bot.example/widget.js" data-title="医保智能问答" defer></script>
 *
 * Optional attributes on the script tag:
 *   data-title    panel title (default 医保智能问答)
 *   data-api      API base URL (default: the origin the script was loaded from)
 *   data-timeout  request timeout in milliseconds (default 15000)
 *   data-open     "true" to open the panel on load
 *
 * Plain JS + CSS, no framework. Everything lives in a Shadow DOM so host CSS cannot reach it.
 * All server and user text is inserted with textContent / text nodes, never as HTML.
 */
(function () {
  "use strict";

  if (window.__yibaoWidgetLoaded) return;
  window.__yibaoWidgetLoaded = true;

  // ---------------------------------------------------------------- configuration
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
  var TITLE = attr("data-title", "医保智能问答");
  var TIMEOUT = Math.max(500, parseInt(attr("data-timeout", "15000"), 10) || 15000);
  var OPEN_ON_LOAD = attr("data-open", "") === "true";
  var MAX_CHARS = 500;
  var MAX_STORED = 60;
  var STORE_KEY = "yibao-widget:v1:" + API;

  var SUGGESTIONS = [
    "潍坊居民医保一年交多少钱",
    "平阳县县级医院住院花了2万能报多少",
    "中山怎么选定点医院",
    "异地就医怎么备案"
  ];

  var TEXT = {
    launcherOpen: "打开医保智能问答",
    launcherClose: "关闭医保智能问答",
    launcherLabel: "医保咨询",
    subtitle: "依据公开政策文件解答 · 仅供参考",
    close: "关闭对话窗口",
    reset: "开始新对话",
    log: "对话记录",
    inputLabel: "输入您的问题",
    placeholder: "请输入您的医保问题",
    keysHint: "按 Enter 发送,Shift+Enter 换行",
    send: "发送",
    typing: "正在查询相关政策,请稍候…",
    welcome: "您好!我是医保智能问答助手,可以为您解答参保缴费、待遇报销、异地就医、定点医药机构等问题。回答均附有政策原文出处。",
    tryAsk: "您可以这样问:",
    disclaimer: "回答依据公开政策文件生成,仅供参考,以当地医保部门规定为准",
    unreachable: "暂时无法连接到医保问答服务,请检查网络后重试。",
    slow: "服务响应较慢,请稍后重试。",
    serverError: "服务暂时出现问题,请稍后重试。",
    retry: "重试",
    hotline: "如需人工咨询,可拨打医保服务热线 12393。",
    helpful: "回答有帮助",
    unhelpful: "回答没有帮助",
    feedbackAsk: "这个回答对您有帮助吗?",
    thanks: "谢谢反馈",
    feedbackFailed: "反馈提交失败,请稍后再试",
    sources: "依据",
    citeLabel: "查看引用来源",
    back: "返回对话",
    passageTitle: "政策原文",
    passageLoading: "正在加载原文…",
    passageFailed: "原文加载失败,请稍后重试。",
    quoteLabel: "引用内容",
    quoteNotFound: "引用内容(原文中未能精确定位):",
    prev: "上一段",
    next: "下一段",
    yearUnknown: "年份未注明",
    regionUnknown: "地区未注明",
    sourceFile: "来源文件",
    calcCaption: "计算明细",
    calcContribution: "个人缴费合计(估算)",
    calcReimbursement: "医保报销金额(估算)",
    calcItem: "项目",
    calcFormula: "计算方式",
    calcValue: "数值",
    calcAssumptions: "计算前提",
    calcStandard: "标准",
    tooLong: "问题最多 500 个字,请精简后再发送。",
    chosen: "已选择",
    youSaid: "您",
    botSaid: "医保助手"
  };

  // ---------------------------------------------------------------- styles
  var CSS = [
    ":host{all:initial !important;display:block !important;position:fixed !important;z-index:2147483000 !important;",
    "right:0 !important;bottom:0 !important;width:0 !important;height:0 !important;overflow:visible !important;",
    "visibility:visible !important;opacity:1 !important;transform:none !important;}",
    "*,*::before,*::after{box-sizing:border-box;}",
    ".root{--blue:#0b5fa5;--blue-dark:#084a82;--blue-soft:#e8f1fa;--ink:#1f2933;--muted:#52606d;--line:#d9e2ec;",
    "--bg:#f5f7fa;--ok:#1b7a3d;--warn-bg:#fff4e5;--warn-ink:#7a4100;--err-bg:#fdecec;--err-ink:#9b1c1c;",
    "font-family:\"PingFang SC\",\"Microsoft YaHei\",\"Hiragino Sans GB\",\"WenQuanYi Micro Hei\",\"Noto Sans CJK SC\",\"Source Han Sans SC\",system-ui,sans-serif;",
    "font-size:15px;line-height:1.6;color:var(--ink);-webkit-font-smoothing:antialiased;text-align:left;letter-spacing:normal;}",
    "button,textarea{font:inherit;color:inherit;letter-spacing:inherit;}",
    "button{cursor:pointer;}",
    "button:disabled{cursor:not-allowed;}",
    ":focus{outline:none;}",
    ":focus-visible{outline:3px solid #f0a800;outline-offset:2px;}",
    ".sr{position:absolute !important;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0;}",
    "svg{display:block;flex:none;}",

    /* launcher */
    ".launcher{position:fixed;right:20px;bottom:20px;display:flex;align-items:center;gap:8px;height:52px;padding:0 20px 0 16px;",
    "border:0;border-radius:26px;background:var(--blue);color:#fff;font-size:16px;font-weight:600;",
    "box-shadow:0 6px 20px rgba(11,95,165,.35),0 2px 6px rgba(0,0,0,.15);transition:background .15s,transform .15s;}",
    ".launcher:hover{background:var(--blue-dark);}",
    ".launcher:active{transform:scale(.97);}",
    ".launcher[aria-expanded=true] .l-open,.launcher[aria-expanded=false] .l-close{display:none;}",

    /* panel */
    ".panel{position:fixed;right:20px;bottom:84px;width:400px;height:min(640px,calc(100vh - 104px));max-height:calc(100vh - 104px);",
    "display:flex;flex-direction:column;background:#fff;border-radius:14px;overflow:hidden;",
    "box-shadow:0 12px 40px rgba(15,40,70,.28),0 2px 8px rgba(0,0,0,.12);border:1px solid var(--line);}",
    ".panel[hidden]{display:none;}",
    ".head{flex:none;display:flex;align-items:center;gap:10px;padding:12px 10px 12px 16px;background:var(--blue);color:#fff;}",
    ".badge{width:36px;height:36px;border-radius:50%;background:#fff;color:var(--blue);display:flex;align-items:center;justify-content:center;flex:none;}",
    ".titles{flex:1;min-width:0;}",
    ".title{margin:0;font-size:16px;font-weight:700;line-height:1.3;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;}",
    ".subtitle{margin:0;font-size:12px;line-height:1.4;color:#dbe9f6;}",
    ".icon-btn{flex:none;width:36px;height:36px;border:0;border-radius:8px;background:transparent;color:inherit;display:flex;align-items:center;justify-content:center;}",
    ".head .icon-btn:hover{background:rgba(255,255,255,.16);}",

    /* log */
    ".log{position:relative;flex:1;min-height:0;overflow-y:auto;overflow-x:hidden;padding:16px 14px 8px;background:var(--bg);overscroll-behavior:contain;}",
    ".msg{display:flex;margin:0 0 14px;}",
    ".msg.user{justify-content:flex-end;}",
    ".bubble{max-width:88%;min-width:0;padding:10px 13px;border-radius:12px;overflow-wrap:anywhere;word-break:break-word;}",
    ".user .bubble{background:var(--blue);color:#fff;border-bottom-right-radius:4px;white-space:pre-wrap;}",
    ".bot .bubble{background:#fff;border:1px solid var(--line);border-bottom-left-radius:4px;}",
    ".bot.wide .bubble{max-width:100%;width:100%;}",
    ".para{margin:0 0 6px;white-space:pre-wrap;}",
    ".para:last-child{margin-bottom:0;}",
    ".para.note{font-size:13px;color:var(--warn-ink);background:var(--warn-bg);border-radius:6px;padding:6px 8px;}",
    ".para.bullet{padding-left:2px;}",
    ".cite{display:inline-flex;align-items:center;justify-content:center;min-width:22px;height:20px;margin:0 2px;padding:0 5px;",
    "border:1px solid #9cc3e6;border-radius:10px;background:var(--blue-soft);color:var(--blue-dark);font-size:12px;font-weight:700;line-height:1;vertical-align:2px;}",
    ".cite:hover{background:#d3e5f6;border-color:var(--blue);}",
    ".sources{margin:8px 0 0;padding-top:8px;border-top:1px dashed var(--line);font-size:12px;color:var(--muted);}",
    ".sources li{list-style:none;margin:0;}",
    ".sources ul{margin:0;padding:0;}",
    ".chips{display:flex;flex-wrap:wrap;gap:8px;margin-top:10px;}",
    ".chip{border:1px solid #9cc3e6;background:#fff;color:var(--blue-dark);border-radius:16px;padding:5px 12px;font-size:14px;line-height:1.4;text-align:left;max-width:100%;overflow-wrap:anywhere;}",
    ".chip:hover:not(:disabled){background:var(--blue-soft);border-color:var(--blue);}",
    ".chip:disabled{color:#7b8794;border-color:var(--line);background:#f8f9fb;}",
    ".chip.chosen:disabled{color:#fff;background:var(--blue);border-color:var(--blue);}",
    ".hint{margin:10px 0 0;font-size:13px;color:var(--muted);}",
    ".welcome .bubble{border-left:4px solid var(--blue);}",

    /* feedback */
    ".fb{display:flex;align-items:center;gap:4px;margin-top:8px;font-size:12px;color:var(--muted);}",
    ".fb .q{margin-right:4px;}",
    ".fb button{width:30px;height:28px;border:1px solid var(--line);border-radius:6px;background:#fff;color:var(--muted);display:flex;align-items:center;justify-content:center;}",
    ".fb button:hover:not(:disabled){color:var(--blue);border-color:var(--blue);}",
    ".fb .done{color:var(--ok);font-weight:600;}",
    ".fb .failed{color:var(--err-ink);}",

    /* calculation */
    ".calc{margin:10px 0 2px;border:1px solid var(--line);border-radius:10px;overflow:hidden;}",
    ".calc-head{display:flex;flex-wrap:wrap;align-items:baseline;justify-content:space-between;gap:4px 12px;padding:10px 12px;background:var(--blue-soft);}",
    ".calc-label{font-size:13px;color:var(--muted);}",
    ".calc-amount{font-size:24px;font-weight:700;color:var(--blue-dark);line-height:1.2;}",
    ".calc-amount small{font-size:14px;font-weight:600;margin-left:2px;}",
    ".calc-std{font-size:12px;color:var(--muted);width:100%;}",
    "table{width:100%;border-collapse:collapse;table-layout:fixed;font-size:13px;}",
    "caption{text-align:left;font-weight:700;padding:8px 12px 4px;font-size:13px;}",
    "th,td{padding:6px 8px;border-top:1px solid var(--line);vertical-align:top;overflow-wrap:anywhere;word-break:break-word;}",
    "th{background:#fafbfc;font-weight:600;color:var(--muted);text-align:left;}",
    "th:first-child,td:first-child{padding-left:12px;width:36%;}",
    "td.num,th.num{text-align:right;padding-right:12px;width:26%;font-variant-numeric:tabular-nums;}",
    ".assume{margin:0;padding:8px 12px 10px 28px;border-top:1px solid var(--line);font-size:12px;color:var(--muted);}",
    ".assume-title{font-weight:600;margin:0;padding:8px 12px 0;font-size:12px;color:var(--muted);border-top:1px solid var(--line);}",
    ".assume-title + .assume{border-top:0;padding-top:2px;}",

    /* typing + error */
    ".typing .bubble{display:flex;align-items:center;gap:8px;color:var(--muted);font-size:14px;}",
    ".dots{display:inline-flex;gap:4px;}",
    ".dots i{width:7px;height:7px;border-radius:50%;background:var(--blue);opacity:.3;animation:yb-blink 1.2s infinite;}",
    ".dots i:nth-child(2){animation-delay:.2s;}",
    ".dots i:nth-child(3){animation-delay:.4s;}",
    "@keyframes yb-blink{0%,80%,100%{opacity:.25;}40%{opacity:1;}}",
    "@media (prefers-reduced-motion:reduce){.dots i{animation:none;opacity:.7;}.launcher{transition:none;}}",
    ".error .bubble{background:var(--err-bg);border-color:#f5c2c2;color:var(--err-ink);}",
    ".para.small{font-size:13px;opacity:.9;}",
    ".retry{margin-top:8px;border:0;border-radius:6px;background:var(--err-ink);color:#fff;padding:5px 14px;font-size:14px;font-weight:600;}",
    ".retry:hover{background:#7f1414;}",

    /* composer */
    ".composer{flex:none;border-top:1px solid var(--line);background:#fff;padding:10px 12px 8px;}",
    ".row{display:flex;align-items:flex-end;gap:8px;}",
    "textarea{flex:1;min-width:0;resize:none;height:42px;max-height:120px;padding:9px 12px;border:1px solid #b6c4d2;border-radius:10px;background:#fff;font-size:15px;line-height:1.5;}",
    "textarea:focus,textarea:focus-visible{outline:none;border-color:var(--blue);box-shadow:0 0 0 3px rgba(11,95,165,.28);}",
    "textarea::placeholder{color:#7b8794;}",
    ".send{flex:none;height:42px;min-width:64px;padding:0 14px;border:0;border-radius:10px;background:var(--blue);color:#fff;font-weight:600;display:flex;align-items:center;justify-content:center;gap:4px;}",
    ".send:hover:not(:disabled){background:var(--blue-dark);}",
    ".send:disabled{background:#9fb3c8;}",
    ".meta{display:flex;justify-content:space-between;gap:8px;margin-top:6px;font-size:11px;line-height:1.4;color:#616e7c;}",
    ".count.over{color:var(--err-ink);font-weight:600;}",
    ".warn{color:var(--err-ink);font-size:12px;margin:6px 0 0;}",
    ".warn:empty{display:none;}",

    /* passage sheet */
    ".sheet{position:absolute;inset:0;display:flex;flex-direction:column;background:#fff;z-index:2;}",
    ".sheet[hidden]{display:none;}",
    ".sheet-head{flex:none;display:flex;align-items:center;gap:6px;padding:10px 10px 10px 6px;border-bottom:1px solid var(--line);background:#fff;}",
    ".back{display:flex;align-items:center;gap:2px;border:0;background:transparent;color:var(--blue-dark);font-weight:600;padding:6px 8px;border-radius:8px;}",
    ".back:hover{background:var(--blue-soft);}",
    ".sheet-kind{font-size:13px;color:var(--muted);}",
    ".sheet-body{flex:1;min-height:0;overflow-y:auto;overflow-x:hidden;padding:16px;}",
    ".p-title{margin:0 0 6px;font-size:17px;line-height:1.45;color:var(--ink);overflow-wrap:anywhere;}",
    ".p-meta{display:flex;flex-wrap:wrap;gap:6px;margin:0 0 12px;padding:0;list-style:none;}",
    ".p-meta li{font-size:12px;background:var(--bg);border:1px solid var(--line);border-radius:4px;padding:1px 8px;color:var(--muted);overflow-wrap:anywhere;}",
    ".p-text{margin:0;white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-word;line-height:1.8;font-size:15px;}",
    "mark{background:#ffe58a;color:#1f2933;padding:1px 0;border-radius:2px;box-shadow:0 0 0 2px #ffe58a;}",
    ".p-quote{margin:0 0 12px;padding:8px 12px;border-left:4px solid #f0a800;background:#fffaeb;font-size:14px;}",
    ".p-nav{display:flex;justify-content:space-between;gap:8px;margin-top:16px;}",
    ".p-nav button{border:1px solid var(--line);background:#fff;border-radius:8px;padding:5px 12px;font-size:13px;color:var(--blue-dark);}",
    ".p-nav button:disabled{visibility:hidden;}",
    ".p-status{color:var(--muted);}",
    ".p-status.err{color:var(--err-ink);}",

    /* phones */
    "@media (max-width:480px){",
    ".panel{right:0;bottom:0;left:0;top:0;width:100%;height:100%;max-height:none;border-radius:0;border:0;}",
    ".launcher{right:16px;bottom:16px;}",
    ".launcher[aria-expanded=true]{display:none;}",
    ".bubble{max-width:92%;}",
    "}"
  ].join("\n");

  // ---------------------------------------------------------------- DOM helpers (text only)
  var SVG_NS = "http://www.w3.org/2000/svg";

  function el(tag, props, children) {
    var node = document.createElement(tag);
    if (props) {
      for (var k in props) {
        if (!Object.prototype.hasOwnProperty.call(props, k)) continue;
        var v = props[k];
        if (v == null || v === false) continue;
        if (k === "text") node.textContent = String(v);
        else if (k === "class") node.className = v;
        else if (k.slice(0, 2) === "on") node.addEventListener(k.slice(2), v);
        else if (k === "hidden" || k === "disabled") node[k] = !!v;
        else node.setAttribute(k, v === true ? "" : String(v));
      }
    }
    append(node, children);
    return node;
  }

  function append(node, children) {
    if (children == null) return node;
    if (!Array.isArray(children)) children = [children];
    for (var i = 0; i < children.length; i++) {
      var c = children[i];
      if (c == null || c === false) continue;
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    }
    return node;
  }

  var ICONS = {
    chat: ["M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.2 3.6c-.5.4-1.3.1-1.3-.6V16A2.5 2.5 0 0 1 4 13.5z"],
    close: ["M6 6l12 12", "M18 6L6 18"],
    send: ["M4 12l16-8-6 16-2.5-6.5z", "M11.5 13.5L20 4"],
    back: ["M15 5l-7 7 7 7"],
    reset: ["M4 12a8 8 0 1 0 2.4-5.7", "M4 4v4.5h4.5"],
    shield: ["M12 3l7 3v5.5c0 4.4-3 8.3-7 9.5-4-1.2-7-5.1-7-9.5V6z", "M12 8v7", "M8.5 11.5h7"],
    up: ["M7 10v10H4V10z", "M7 10l4-7c1.3 0 2.2 1 2 2.3L12.5 9H18a2 2 0 0 1 2 2.3l-1.2 7A2 2 0 0 1 16.8 20H7"],
    down: ["M7 14V4H4v10z", "M7 14l4 7c1.3 0 2.2-1 2-2.3l-.5-3.7H18a2 2 0 0 0 2-2.3l-1.2-7A2 2 0 0 0 16.8 4H7"]
  };

  function icon(name, size) {
    var s = document.createElementNS(SVG_NS, "svg");
    s.setAttribute("viewBox", "0 0 24 24");
    s.setAttribute("width", String(size || 20));
    s.setAttribute("height", String(size || 20));
    s.setAttribute("fill", "none");
    s.setAttribute("stroke", "currentColor");
    s.setAttribute("stroke-width", "2");
    s.setAttribute("stroke-linecap", "round");
    s.setAttribute("stroke-linejoin", "round");
    s.setAttribute("aria-hidden", "true");
    s.setAttribute("focusable", "false");
    var paths = ICONS[name] || [];
    for (var i = 0; i < paths.length; i++) {
      var p = document.createElementNS(SVG_NS, "path");
      p.setAttribute("d", paths[i]);
      s.appendChild(p);
    }
    return s;
  }

  function formatNumber(v) {
    var n = Number(v);
    if (!isFinite(n)) return String(v);
    var rounded = Math.round(n * 100) / 100;
    try {
      return rounded.toLocaleString("zh-CN", { maximumFractionDigits: 2 });
    } catch (e) {
      return String(rounded);
    }
  }

  function yearText(year) {
    return year ? year + "年" : TEXT.yearUnknown;
  }

  // ---------------------------------------------------------------- state (sessionStorage)
  var state = { messages: [], context: null, open: false };

  function load() {
    try {
      var raw = window.sessionStorage.getItem(STORE_KEY);
      if (!raw) return;
      var data = JSON.parse(raw);
      if (data && Array.isArray(data.messages)) state.messages = data.messages;
      if (data && data.context && typeof data.context === "object") state.context = data.context;
      state.open = !!(data && data.open);
    } catch (e) { /* storage unavailable or corrupt: start fresh */ }
  }

  function save() {
    try {
      var msgs = state.messages.slice(-MAX_STORED);
      window.sessionStorage.setItem(STORE_KEY, JSON.stringify({
        messages: msgs, context: state.context, open: state.open
      }));
    } catch (e) { /* quota or privacy mode: the conversation just won't survive a reload */ }
  }

  function slimReply(r) {
    return {
      request_id: r.request_id || null,
      status: r.status,
      answer: typeof r.answer === "string" ? r.answer : "",
      citations: Array.isArray(r.citations) ? r.citations : [],
      clarify: r.clarify || null,
      calculation: r.calculation || null,
      region: r.region || null,
      year: r.year || null,
      suggestions: Array.isArray(r.suggestions) ? r.suggestions : []
    };
  }

  // ---------------------------------------------------------------- build the shell
  var host, root, launcher, panel, log, textarea, sendBtn, countEl, warnEl, sheet, sheetBody, sheetBack;
  var typingNode = null;
  var busy = false;
  var sheetReturnFocus = null;
  var passageCache = {};
  var uid = 0;

  function build() {
    host = document.createElement("yibao-chat-widget");
    var shadow = host.attachShadow({ mode: "open" });

    var sheetObj = null;
    try {
      if ("adoptedStyleSheets" in shadow && typeof CSSStyleSheet === "function") {
        sheetObj = new CSSStyleSheet();
        sheetObj.replaceSync(CSS);
        shadow.adoptedStyleSheets = [sheetObj];
      }
    } catch (e) { sheetObj = null; }
    if (!sheetObj) shadow.appendChild(el("style", { text: CSS }));

    root = el("div", { class: "root", lang: "zh-CN" });
    shadow.appendChild(root);

    var panelId = "yb-panel";
    launcher = el("button", {
      class: "launcher", type: "button", "aria-expanded": "false", "aria-controls": panelId,
      "aria-label": TEXT.launcherOpen, onclick: function () { state.open ? close(true) : open(true); }
    }, [
      el("span", { class: "l-open" }, icon("chat", 22)),
      el("span", { class: "l-close" }, icon("close", 22)),
      el("span", { text: TEXT.launcherLabel })
    ]);

    var titleId = "yb-title";
    var titleEl = el("h2", { class: "title", id: titleId, text: TITLE });
    var resetBtn = el("button", { class: "icon-btn", type: "button", "aria-label": TEXT.reset, title: TEXT.reset, onclick: resetConversation }, icon("reset", 20));
    var closeBtn = el("button", { class: "icon-btn", type: "button", "aria-label": TEXT.close, title: TEXT.close, onclick: function () { close(true); } }, icon("close", 22));

    log = el("div", { class: "log", role: "log", "aria-live": "polite", "aria-relevant": "additions", "aria-label": TEXT.log, tabindex: "0" });

    textarea = el("textarea", {
      rows: "1", maxlength: String(MAX_CHARS), "aria-label": TEXT.inputLabel, placeholder: TEXT.placeholder,
      "aria-describedby": "yb-keys yb-count yb-warn", enterkeyhint: "send"
    });
    textarea.addEventListener("keydown", onInputKey);
    textarea.addEventListener("input", onInput);
    sendBtn = el("button", { class: "send", type: "submit", "aria-label": TEXT.send }, [icon("send", 18), el("span", { text: TEXT.send, "aria-hidden": "true" })]);
    countEl = el("span", { class: "count", id: "yb-count", "aria-live": "off", text: "0/" + MAX_CHARS });
    warnEl = el("p", { class: "warn", id: "yb-warn", role: "alert" });

    var form = el("form", { class: "composer", onsubmit: function (e) { e.preventDefault(); submitInput(); } }, [
      el("span", { class: "sr", id: "yb-keys", text: TEXT.keysHint }),
      el("div", { class: "row" }, [textarea, sendBtn]),
      warnEl,
      el("div", { class: "meta" }, [el("span", { text: TEXT.disclaimer }), countEl])
    ]);

    sheetBack = el("button", { class: "back", type: "button", onclick: closeSheet }, [icon("back", 18), el("span", { text: TEXT.back })]);
    sheetBody = el("div", { class: "sheet-body", tabindex: "-1" });
    sheet = el("section", { class: "sheet", hidden: true, role: "region", "aria-label": TEXT.passageTitle }, [
      el("div", { class: "sheet-head" }, [sheetBack, el("span", { class: "sheet-kind", text: TEXT.passageTitle })]),
      sheetBody
    ]);

    panel = el("section", {
      class: "panel", id: panelId, role: "dialog", "aria-modal": "false", "aria-labelledby": titleId, hidden: true
    }, [
      el("header", { class: "head" }, [
        el("span", { class: "badge", "aria-hidden": "true" }, icon("shield", 22)),
        el("div", { class: "titles" }, [titleEl, el("p", { class: "subtitle", text: TEXT.subtitle })]),
        resetBtn,
        closeBtn
      ]),
      log,
      form,
      sheet
    ]);
    root.addEventListener("keydown", onPanelKey);

    root.appendChild(panel);
    root.appendChild(launcher);
    document.body.appendChild(host);
  }

  // ---------------------------------------------------------------- open / close
  function open(focusInput) {
    state.open = true;
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    launcher.setAttribute("aria-label", TEXT.launcherClose);
    save();
    scrollToEnd();
    if (focusInput) textarea.focus();
  }

  function close(focusLauncher) {
    state.open = false;
    closeSheet(false);
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    launcher.setAttribute("aria-label", TEXT.launcherOpen);
    save();
    if (focusLauncher) launcher.focus();
  }

  function onPanelKey(e) {
    if (e.key !== "Escape" && e.key !== "Esc") return;
    if (!state.open) return;
    e.preventDefault();
    e.stopPropagation();
    if (!sheet.hidden) closeSheet(true);
    else close(true);
  }

  // ---------------------------------------------------------------- composer
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
    textarea.style.height = Math.min(textarea.scrollHeight + 2, 120) + "px";
  }

  function submitInput() {
    var text = textarea.value.replace(/^\s+|\s+$/g, "");
    if (!text) return;
    if (text.length > MAX_CHARS) { warnEl.textContent = TEXT.tooLong; return; }
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

  // ---------------------------------------------------------------- talking to the API
  function fetchJSON(path, options) {
    var ctrl = typeof AbortController === "function" ? new AbortController() : null;
    var timedOut = false;
    var timer = setTimeout(function () { timedOut = true; if (ctrl) ctrl.abort(); }, TIMEOUT);
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
    }, function (e) {
      clearTimeout(timer);
      var err = new Error(timedOut ? "timeout" : "network");
      err.kind = timedOut ? "timeout" : "network";
      throw err;
    });
  }

  function send(text, isRetry) {
    if (busy) return;
    if (!isRetry) {
      var userMsg = { role: "user", text: text, id: ++uid };
      state.messages.push(userMsg);
      save();
      appendMessage(userMsg, true);
    }
    disableOldChoices();
    setBusy(true);
    showTyping();
    var body = JSON.stringify({ message: text, context: state.context || null });
    fetchJSON("/api/chat", { method: "POST", headers: { "Content-Type": "application/json" }, body: body })
      .then(function (reply) {
        hideTyping();
        setBusy(false);
        if (reply && reply.context && typeof reply.context === "object") state.context = reply.context;
        var botMsg = { role: "bot", id: ++uid, reply: slimReply(reply), feedback: null, chosen: null };
        state.messages.push(botMsg);
        save();
        var node = appendMessage(botMsg, false);
        revealAnswer(node);
      }, function (err) {
        hideTyping();
        setBusy(false);
        var retryable = !err.status || err.status >= 500 || err.status === 429 || err.status === 408;
        var msg;
        if (err.kind === "timeout") msg = TEXT.slow;
        else if (err.kind === "network") msg = TEXT.unreachable;
        else msg = err.serverMessage || TEXT.serverError;
        appendError(msg, retryable ? text : null);
      });
  }

  // ---------------------------------------------------------------- rendering
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
    var chips = el("div", { class: "chips", role: "group", "aria-label": TEXT.tryAsk });
    SUGGESTIONS.forEach(function (q) {
      chips.appendChild(el("button", { class: "chip suggest", type: "button", text: q, onclick: function () { askFromChip(q); } }));
    });
    return el("div", { class: "msg bot welcome" }, el("div", { class: "bubble" }, [
      el("p", { class: "para", text: TEXT.welcome }),
      el("p", { class: "hint", text: TEXT.tryAsk }),
      chips
    ]));
  }

  function askFromChip(q) {
    if (busy) return;
    send(q);
  }

  function appendMessage(m, scroll) {
    var node;
    if (m.role === "user") {
      node = el("div", { class: "msg user", "data-id": m.id }, el("div", { class: "bubble" }, [
        el("span", { class: "sr", text: TEXT.youSaid + ":" }),
        m.text
      ]));
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
    var anchor = node && node.previousElementSibling && node.previousElementSibling.classList.contains("user")
      ? node.previousElementSibling : node;
    if (!anchor) return scrollToEnd();
    var top = Math.max(0, anchor.offsetTop - 8);
    log.scrollTop = Math.min(top, log.scrollHeight - log.clientHeight);
  }

  function botNode(m) {
    var r = m.reply || {};
    var citeMap = {};
    (r.citations || []).forEach(function (c) { if (c && c.n != null) citeMap[String(c.n)] = c; });

    var bubble = el("div", { class: "bubble" }, el("span", { class: "sr", text: TEXT.botSaid + ":" }));
    var lines = answerLines(r);
    var calc = r.calculation && typeof r.calculation === "object" ? r.calculation : null;
    lines.forEach(function (line, i) {
      var cls = "para";
      if (/^(提示|注意|温馨提示)[::]/.test(line)) cls += " note";
      else if (/^[·•]\s?/.test(line)) cls += " bullet";
      bubble.appendChild(append(el("p", { class: cls }), withCitations(line, citeMap)));
      if (calc && i === 0) { bubble.appendChild(calcNode(calc, citeMap)); calc = null; } // summary, then the table
    });
    if (calc) bubble.appendChild(calcNode(calc, citeMap));

    if (r.clarify && Array.isArray(r.clarify.options) && r.clarify.options.length) {
      var group = el("div", { class: "chips options", role: "group", "aria-label": r.clarify.question || "请选择" });
      r.clarify.options.forEach(function (opt) {
        var chosen = m.chosen === opt;
        var b = el("button", {
          class: "chip option" + (chosen ? " chosen" : ""), type: "button", text: opt,
          "aria-pressed": chosen ? "true" : null,
          onclick: function () { chooseOption(m, opt, group); }
        });
        group.appendChild(b);
      });
      if (m.chosen) disableGroup(group);
      bubble.appendChild(group);
    }

    if (r.suggestions && r.suggestions.length) {
      var sg = el("div", { class: "chips", role: "group", "aria-label": TEXT.tryAsk });
      r.suggestions.forEach(function (q) {
        if (typeof q !== "string") return;
        sg.appendChild(el("button", { class: "chip suggest", type: "button", text: q, onclick: function () { askFromChip(q); } }));
      });
      bubble.appendChild(sg);
    }

    var sources = sourceList(r.citations || []);
    if (sources) bubble.appendChild(sources);

    if (r.request_id && r.status !== "clarify") bubble.appendChild(feedbackNode(m));

    var wide = r.calculation ? " wide" : "";
    return el("div", { class: "msg bot" + wide, "data-id": m.id, "data-status": r.status || "" }, bubble);
  }

  // Drop the plain-text breakdown when the structured table shows it.
  function answerLines(r) {
    var lines = String(r.answer || "").split(/\r?\n/);
    var calc = r.calculation;
    if (!calc || !Array.isArray(calc.steps) || !calc.steps.length) return lines.filter(nonEmpty);
    var assumptions = (calc.assumptions || []).map(function (a) { return String(a).trim(); });
    var out = [];
    var inSteps = false;
    for (var i = 0; i < lines.length; i++) {
      var line = lines[i];
      var t = line.trim();
      if (/^计算过程[::]?$/.test(t)) { inSteps = true; continue; }
      if (inSteps && /^[·•\-]/.test(t)) continue;
      inSteps = false;
      var m = /^说明[::](.*)$/.exec(t);
      if (m && assumptions.indexOf(m[1].trim()) >= 0) continue;
      out.push(line);
    }
    return out.filter(nonEmpty);
  }

  function nonEmpty(s) { return /\S/.test(s); }

  // Split on [n] markers; markers that match a citation become chip buttons, the rest stays text.
  function withCitations(text, citeMap) {
    var parts = String(text).split(/\[(\d{1,3})\]/);
    var out = [];
    for (var i = 0; i < parts.length; i++) {
      if (i % 2 === 0) {
        if (parts[i]) out.push(parts[i]);
      } else {
        var c = citeMap[parts[i]];
        out.push(c ? citeChip(c) : "[" + parts[i] + "]");
      }
    }
    return out;
  }

  function citeChip(c) {
    var label = TEXT.citeLabel + " " + c.n + ":" + (c.title || "");
    return el("button", {
      class: "cite", type: "button", text: String(c.n), "aria-label": label, title: c.title || "",
      "data-passage": c.passage_id,
      onclick: function (e) { openPassage(c, e.currentTarget); }
    });
  }

  function sourceList(citations) {
    var seen = {};
    var items = [];
    citations.forEach(function (c) {
      if (!c || !c.title) return;
      var key = c.title + "|" + (c.region || "") + "|" + (c.year || "");
      if (seen[key]) return;
      seen[key] = true;
      var meta = [c.region, c.year ? c.year + "年" : null].filter(Boolean).join(" · ");
      items.push(el("li", { text: "《" + c.title + "》" + (meta ? " " + meta : "") }));
    });
    if (!items.length) return null;
    return el("div", { class: "sources" }, [
      el("span", { text: TEXT.sources + ":" }),
      el("ul", null, items)
    ]);
  }

  function stepValue(step) {
    var f = String(step.formula || "").trim();
    if (/^[\d.]+\s*%$/.test(f) || /比例/.test(step.label || "") && Number(step.value) <= 100 && !/[×x*]/.test(f)) {
      return formatNumber(step.value) + "%";
    }
    return formatNumber(step.value);
  }

  function calcNode(calc, citeMap) {
    var label = calc.kind === "reimbursement" ? TEXT.calcReimbursement : TEXT.calcContribution;
    var std = [calc.region || TEXT.regionUnknown, calc.year ? calc.year + "年" + TEXT.calcStandard : TEXT.yearUnknown].join(" · ");
    var head = el("div", { class: "calc-head" }, [
      el("span", { class: "calc-label", text: label }),
      el("span", { class: "calc-amount" }, [formatNumber(calc.amount), el("small", { text: "元" })]),
      el("span", { class: "calc-std", text: std })
    ]);
    var tbody = el("tbody");
    (calc.steps || []).forEach(function (s) {
      var labelCell = el("td", null, [String(s.label || "")]);
      if (s.citation != null && citeMap[String(s.citation)]) labelCell.appendChild(citeChip(citeMap[String(s.citation)]));
      tbody.appendChild(el("tr", null, [
        labelCell,
        el("td", { text: String(s.formula || "") }),
        el("td", { class: "num", text: stepValue(s) })
      ]));
    });
    var table = el("table", null, [
      el("caption", { text: TEXT.calcCaption }),
      el("thead", null, el("tr", null, [
        el("th", { scope: "col", text: TEXT.calcItem }),
        el("th", { scope: "col", text: TEXT.calcFormula }),
        el("th", { scope: "col", class: "num", text: TEXT.calcValue })
      ])),
      tbody
    ]);
    var parts = [head, table];
    if (calc.assumptions && calc.assumptions.length) {
      parts.push(el("p", { class: "assume-title", text: TEXT.calcAssumptions }));
      var ul = el("ul", { class: "assume" });
      calc.assumptions.forEach(function (a) { ul.appendChild(el("li", { text: String(a) })); });
      parts.push(ul);
    }
    return el("div", { class: "calc", role: "group", "aria-label": TEXT.calcCaption }, parts);
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
    send(opt);
    textarea.focus();
  }

  function feedbackNode(m) {
    var wrap = el("div", { class: "fb" });
    if (m.feedback) {
      wrap.appendChild(el("span", { class: "done", role: "status", text: TEXT.thanks }));
      return wrap;
    }
    var up = el("button", { type: "button", "aria-label": TEXT.helpful, title: TEXT.helpful }, icon("up", 16));
    var down = el("button", { type: "button", "aria-label": TEXT.unhelpful, title: TEXT.unhelpful }, icon("down", 16));
    var status = el("span", { role: "status" });
    function rate(rating) {
      up.disabled = down.disabled = true;
      status.className = "";
      status.textContent = "";
      fetchJSON("/api/feedback", {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ request_id: m.reply.request_id, rating: rating })
      }).then(function () {
        m.feedback = rating;
        save();
        wrap.textContent = "";
        wrap.appendChild(el("span", { class: "done", role: "status", text: TEXT.thanks }));
      }, function () {
        up.disabled = down.disabled = false;
        status.className = "failed";
        status.textContent = TEXT.feedbackFailed;
      });
    }
    up.addEventListener("click", function () { rate("up"); });
    down.addEventListener("click", function () { rate("down"); });
    append(wrap, [el("span", { class: "q", text: TEXT.feedbackAsk }), up, down, status]);
    return wrap;
  }

  function showTyping() {
    hideTyping();
    typingNode = el("div", { class: "msg bot typing" }, el("div", { class: "bubble", role: "status" }, [
      el("span", { class: "dots", "aria-hidden": "true" }, [el("i"), el("i"), el("i")]),
      el("span", { text: TEXT.typing })
    ]));
    log.appendChild(typingNode);
    scrollToEnd();
  }

  function hideTyping() {
    if (typingNode && typingNode.parentNode) typingNode.parentNode.removeChild(typingNode);
    typingNode = null;
  }

  function appendError(message, retryText) {
    var bubble = el("div", { class: "bubble", role: "alert" }, [
      el("p", { class: "para", text: message }),
      retryText ? el("p", { class: "para small", text: TEXT.hotline }) : null
    ]);
    var node = el("div", { class: "msg bot error" }, bubble);
    if (retryText) {
      bubble.appendChild(el("button", {
        class: "retry", type: "button", text: TEXT.retry,
        onclick: function () {
          if (busy) return;
          if (node.parentNode) node.parentNode.removeChild(node);
          send(retryText, true);
        }
      }));
    }
    log.appendChild(node);
    scrollToEnd();
  }

  function resetConversation() {
    if (busy) return;
    state.messages = [];
    state.context = null;
    save();
    renderAll();
    textarea.focus();
  }

  // ---------------------------------------------------------------- passage viewer
  function openPassage(c, trigger) {
    sheetReturnFocus = trigger || null;
    sheet.hidden = false;
    showPassage(c.passage_id, c.quote || "", c);
    sheetBack.focus();
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

  function showPassage(id, quote, citation) {
    sheetBody.textContent = "";
    var token = {};
    showPassage.token = token;
    if (citation) {
      sheetBody.appendChild(el("h3", { class: "p-title", text: citation.title || "" }));
    }
    sheetBody.appendChild(el("p", { class: "p-status", role: "status", text: TEXT.passageLoading }));
    var cached = passageCache[id];
    var p = cached ? Promise.resolve(cached) : fetchJSON("/api/passages/" + encodeURIComponent(id), { method: "GET" });
    p.then(function (data) {
      if (showPassage.token !== token || sheet.hidden) return;
      passageCache[id] = data;
      renderPassage(data, quote);
    }, function (err) {
      if (showPassage.token !== token || sheet.hidden) return;
      sheetBody.textContent = "";
      if (citation) sheetBody.appendChild(el("h3", { class: "p-title", text: citation.title || "" }));
      sheetBody.appendChild(el("p", { class: "p-status err", role: "alert", text: (err && err.serverMessage) || TEXT.passageFailed }));
      if (quote) sheetBody.appendChild(el("blockquote", { class: "p-quote", text: quote }));
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
    if (!q) return null;
    var j = squeezed.indexOf(q);
    if (j < 0) return null;
    return [map[j], map[j + q.length - 1] + 1];
  }

  function renderPassage(d, quote) {
    sheetBody.textContent = "";
    var text = String(d.text || "");
    sheetBody.appendChild(el("h3", { class: "p-title", text: d.title || "" }));
    var meta = el("ul", { class: "p-meta" }, [
      el("li", { text: d.region || TEXT.regionUnknown }),
      el("li", { text: yearText(d.year) }),
      d.source ? el("li", { text: TEXT.sourceFile + ":" + d.source }) : null
    ]);
    sheetBody.appendChild(meta);
    var span = locate(text, quote);
    var body = el("p", { class: "p-text" });
    var mark = null;
    if (span) {
      mark = el("mark", { text: text.slice(span[0], span[1]) });
      append(body, [text.slice(0, span[0]), el("span", { class: "sr", text: TEXT.quoteLabel + ":" }), mark, text.slice(span[1])]);
    } else {
      if (quote) sheetBody.appendChild(el("blockquote", { class: "p-quote" }, [el("strong", { text: TEXT.quoteNotFound }), quote]));
      body.textContent = text;
    }
    sheetBody.appendChild(body);
    var nav = el("div", { class: "p-nav" }, [
      el("button", { type: "button", text: "‹ " + TEXT.prev, disabled: !d.previous, onclick: function () { if (d.previous) { showPassage(d.previous, ""); sheetBody.focus(); } } }),
      el("button", { type: "button", text: TEXT.next + " ›", disabled: !d.next, onclick: function () { if (d.next) { showPassage(d.next, ""); sheetBody.focus(); } } })
    ]);
    sheetBody.appendChild(nav);
    sheetBody.scrollTop = 0;
    if (mark && mark.scrollIntoView) {
      try { mark.scrollIntoView({ block: "center" }); } catch (e) { /* old browsers */ }
    }
  }

  // ---------------------------------------------------------------- boot
  function init() {
    load();
    build();
    renderAll();
    if (state.open || OPEN_ON_LOAD) open(false);
    window.YibaoWidget = {
      open: function () { open(true); },
      close: function () { close(false); },
      ask: function (q) { open(false); if (typeof q === "string" && q.trim()) send(q.trim().slice(0, MAX_CHARS)); }
    };
  }

  if (document.body) init();
  else document.addEventListener("DOMContentLoaded", init);
})();
