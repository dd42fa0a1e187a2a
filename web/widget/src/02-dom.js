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

  function remove(node) {
    if (node && node.parentNode) node.parentNode.removeChild(node);
  }

  var ICONS = {
    chat: ["M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.2 3.6c-.5.4-1.3.1-1.3-.6V16A2.5 2.5 0 0 1 4 13.5z"],
    close: ["M6 6l12 12", "M18 6L6 18"],
    send: ["M4 12l16-8-6 16-2.5-6.5z", "M11.5 13.5L20 4"],
    back: ["M15 5l-7 7 7 7"],
    reset: ["M4 12a8 8 0 1 0 2.4-5.7", "M4 4v4.5h4.5"],
    speak: ["M4 9v6h4l5 4V5L8 9z", "M16.5 8.5a5 5 0 0 1 0 7", "M19 6a8.5 8.5 0 0 1 0 12"],
    up: ["M7 10v10H4V10z", "M7 10l4-7c1.3 0 2.2 1 2 2.3L12.5 9H18a2 2 0 0 1 2 2.3l-1.2 7A2 2 0 0 1 16.8 20H7"],
    down: ["M7 14V4H4v10z", "M7 14l4 7c1.3 0 2.2-1 2-2.3l-.5-3.7H18a2 2 0 0 0 2-2.3l-1.2-7A2 2 0 0 0 16.8 4H7"]
  };

  function icon(name, size) {
    var s = document.createElementNS(SVG_NS, "svg");
    var attrs = { viewBox: "0 0 24 24", width: String(size || 20), height: String(size || 20), fill: "none",
      stroke: "currentColor", "stroke-width": "2", "stroke-linecap": "round", "stroke-linejoin": "round",
      "aria-hidden": "true", focusable: "false" };
    for (var k in attrs) s.setAttribute(k, attrs[k]);
    (ICONS[name] || []).forEach(function (d) {
      var p = document.createElementNS(SVG_NS, "path");
      p.setAttribute("d", d);
      s.appendChild(p);
    });
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

  // Visible, focusable controls inside a container (for the focus trap).
  function focusables(container) {
    var all = container.querySelectorAll("button,textarea,a[href],summary,[tabindex]:not([tabindex='-1'])");
    var out = [];
    for (var i = 0; i < all.length; i++) {
      var n = all[i];
      if (n.disabled || n.closest("[hidden]")) continue;
      if (!n.getClientRects().length) continue;
      out.push(n);
    }
    return out;
  }
