  // ---------------------------------------------------------------- inline text: citations, links, phones
  // Web addresses and phone numbers in answer text become <a> elements (https:, tel:); everything else
  // stays text. Amounts (20000元), years and percentages are never mistaken for phone numbers.
  var LINK_RE = new RegExp([
    "(https?://[A-Za-z0-9\\-._~:/?#\\[\\]@!$&'*+,;=%]+[A-Za-z0-9/#=&_\\-])",             // 1 URL
    "((?:[(（]0\\d{2,3}[)）]|0\\d{2,3}[-－‐])\\d{7,8}(?:[-－]\\d{1,4})?)",                  // 2 landline
    "((?:400|800)[-－ ]?\\d{3}[-－ ]?\\d{4})",                                             // 3 service number
    "(1[3-9]\\d{9})",                                                                      // 4 mobile
    "(123\\d{2}|9\\d{4})"                                                                  // 5 hotline 12393, 95xxx
  ].join("|"), "g");

  function phoneOk(text, start, end) {
    var before = text.charAt(start - 1), after = text.charAt(end);
    return !/[\d.]/.test(before) && !/[\d.%％元万年月日号岁]/.test(after);
  }

  function linkify(text) {
    var out = [];
    var last = 0;
    var m;
    LINK_RE.lastIndex = 0;
    while ((m = LINK_RE.exec(text))) {
      var start = m.index, end = start + m[0].length;
      var node = null;
      if (m[1]) {
        node = el("a", { href: m[1], target: "_blank", rel: "noopener noreferrer" },
          [m[1], el("span", { class: "sr", text: T("opensNewWindow") })]);
      } else if (phoneOk(text, start, end)) {
        node = el("a", { href: "tel:" + m[0].replace(/[^\d]/g, ""), class: "tel", text: m[0] });
      }
      if (!node) continue;
      if (start > last) out.push(text.slice(last, start));
      out.push(node);
      last = end;
    }
    if (last < text.length) out.push(text.slice(last));
    return out;
  }

  // Split on [n] markers; markers that match a citation become buttons, the rest stays text. Each
  // button remembers the answer text it closes (since the previous marker or line start): that is the
  // sentence the viewer highlights.
  function inline(text, citeMap) {
    var parts = String(text).split(/\[(\d{1,3})\]/);
    var out = [];
    for (var i = 0; i < parts.length; i++) {
      if (i % 2 === 0) {
        if (parts[i]) out = out.concat(linkify(parts[i]));
      } else {
        var c = citeMap[parts[i]];
        out.push(c ? citeButton(c, parts[i - 1] || "") : "[" + parts[i] + "]");
      }
    }
    return out;
  }

  function citeButton(c, said) {
    return el("button", {
      class: "cite", type: "button", "aria-label": T("citeLabel") + " " + c.n + ":" + (c.title || ""),
      title: c.title || "", "data-passage": c.passage_id,
      onclick: function (e) { openPassage(c, e.currentTarget, said); }
    }, el("span", { text: String(c.n), "aria-hidden": "true" }));
  }
