  // ---------------------------------------------------------------- state: conversation (sessionStorage), prefs (localStorage)
  var state = { messages: [], context: null, open: false };
  var prefs = { large: null };

  function load() {
    try {
      var raw = window.sessionStorage.getItem(STORE_KEY);
      var data = raw ? JSON.parse(raw) : null;
      if (data && Array.isArray(data.messages)) state.messages = data.messages;
      if (data && data.context && typeof data.context === "object") state.context = data.context;
      state.open = !!(data && data.open);
    } catch (e) { /* storage unavailable or corrupt: start fresh */ }
    try {
      var p = JSON.parse(window.localStorage.getItem(PREF_KEY) || "{}");
      if (p && typeof p.large === "boolean") prefs.large = p.large;
    } catch (e) { /* no remembered preference */ }
  }

  function save() {
    try {
      window.sessionStorage.setItem(STORE_KEY, JSON.stringify({
        messages: state.messages.slice(-MAX_STORED), context: state.context, open: state.open
      }));
    } catch (e) { /* quota or privacy mode: the conversation just won't survive a reload */ }
  }

  function savePrefs() {
    try {
      window.localStorage.setItem(PREF_KEY, JSON.stringify(prefs));
    } catch (e) { /* the choice holds for this page only */ }
  }

  function slimReply(r) {
    return {
      request_id: r.request_id || null,
      status: r.status,
      answer: typeof r.answer === "string" ? r.answer : "",
      blocks: Array.isArray(r.blocks) ? r.blocks : null,
      citations: Array.isArray(r.citations) ? r.citations : [],
      clarify: r.clarify || null,
      calculation: r.calculation || null,
      region: r.region || null,
      year: r.year || null,
      suggestions: Array.isArray(r.suggestions) ? r.suggestions : []
    };
  }
