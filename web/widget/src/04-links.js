  // ---------------------------------------------------------------- inline text: citations, links, phones
  // Web addresses and phone numbers in answer text become <a> elements (https:, tel:); everything else
  // stays text. Amounts (20000元), years and percentages are never mistaken for phone numbers.
  var LINK_RE = new RegExp([
    "(https?://[A-Za-z0-9\\-._~:/?#\\[\\]@!$&'*+,;=%]+[A-Za-z0-9/#=&_\\-])",             // 1 URL
    "((?:[(（]0\\d{2,3}[)）]|0\\d{2,3}[-－‐])\\d{7,8}(?:[-－]\\d{1,4})?)",                  // 2 landline
    "((?:400|800)[-－ ]?\\d{3}[-－ ]?\\d{4})",                                             // 3 service number
    "(1[3-9]\\d{9})",                                                                      // 4 mobile
    "(12393|12345|12333|12320|12315|12366|95\\d{3})"                                      // 5 short hotline
  ].join("|"), "g");
  var PHONE_CONTEXT = /(电话|電話|热线|熱線|拨打|撥打|致电|致電|咨询|諮詢|联系|聯繫)[^。\n]{0,12}$/;

  // A number is a phone number only when no digit, amount or date unit touches it; five-digit 95xxx
  // numbers also need a phone word (电话, 热线, 拨打...) just before them.
  function phoneOk(text, start, end, short) {
    var before = text.charAt(start - 1), after = text.charAt(end);
    if (/[\d.]/.test(before) || /[\d.%％元万年月日号岁]/.test(after)) return false;
    return !short || /^12/.test(text.slice(start, end)) || PHONE_CONTEXT.test(text.slice(Math.max(0, start - 16), start));
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
      } else if (phoneOk(text, start, end, !!m[5])) {
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
