/*
 * Syllabus search: the search box in every page's header (shortcut "/"), results as you type.
 *
 * The index is built with the site (src/search/): assets/search/index.js names the chunks, and
 * the chunks are loaded on demand as classic <script> elements that call SyllabusSearch.t()
 * (the terms sharing a prefix) and SyllabusSearch.d() (documents, for titles and snippets). No
 * fetch and no modules, so search works from file:// and under any sub-path; every URL is
 * relative to this script. It never writes HTML: only textContent and createElement.
 *
 * Words are cut, folded and (English) stemmed exactly as src/search/words.rs does (the tables
 * below are the same; the tests compare both sides). Other languages' stems (Snowball, made at
 * build time) are not computed here: each term chunk also lists the course's words whose term
 * differs from them ("forms"), so a query word the course holds gets exactly the index's term,
 * and any other word is matched by prefix (src/search/stem.rs, docs/search.md).
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var HERE = script && script.src ? script.src.replace(/[?#].*$/, "").replace(/[^\/]*$/, "") : "";
  var DATA = HERE + "search/";
  var ROOT = HERE.replace(/[^\/]*\/$/, ""); // the site root: this script is in assets/
  var PAGE = 10; // results shown at first, and added by "Show more results"
  var FIRST = 5; // results drawn as soon as their documents are loaded; the rest follow
  var REST_DELAY = 150; // ms the query stands still before the rest of the results are loaded

  /* ---------- Words: the same as src/search/words.rs ---------- */

  var FOLD_PAIRS = "àaáaâaãaäaåaçcèeéeêeëeìiíiîiïiñnòoóoôoõoöoùuúuûuüuýyÿyāaăaąaćcĉcċcčcďdēeĕeėeęeěeĝgğgġgģgĥhĩiīiĭiįiĵjķkĺlļlľlńnņnňnōoŏoőoŕrŗrřrśsŝsşsšsţtťtũuūuŭuůuűuųuŵwŷyźzżzžzơoưuǎaǐiǒoǔuǖuǘuǚuǜuǟaǡaǣæǧgǩkǫoǭoǯʒǰjǵgǹnǻaǽæǿøȁaȃaȅeȇeȉiȋiȍoȏoȑrȓrȕuȗușsțtȟhȧaȩeȫoȭoȯoȱoȳy΅¨ΐιάαέεήηίιΰυϊιϋυόούυώωϓϒϔϒḁaḃbḅbḇbḉcḋdḍdḏdḑdḓdḕeḗeḙeḛeḝeḟfḡgḣhḥhḧhḩhḫhḭiḯiḱkḳkḵkḷlḹlḻlḽlḿmṁmṃmṅnṇnṉnṋnṍoṏoṑoṓoṕpṗpṙrṛrṝrṟrṡsṣsṥsṧsṩsṫtṭtṯtṱtṳuṵuṷuṹuṻuṽvṿvẁwẃwẅwẇwẉwẋxẍxẏyẑzẓzẕzẖhẗtẘwẙyẛſạaảaấaầaẩaẫaậaắaằaẳaẵaặaẹeẻeẽeếeềeểeễeệeỉiịiọoỏoốoồoổoỗoộoớoờoởoỡoợoụuủuứuừuửuữuựuỳyỵyỷyỹyйиѐеёеѓгїіќкѝиўуѷѵӂжӑаӓаӗеӛәӝжӟзӣиӥиӧоӫөӭэӯуӱуӳуӵчӹы";
  var SPECIAL = {
    "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "ł": "l", "þ": "th",
    "ı": "i", "ħ": "h", "ŧ": "t", "ŀ": "l", "ſ": "s", "ς": "σ", "ĳ": "ij",
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"
  };
  // Dropped: combining accents, Hebrew points, the Arabic tatweel, harakat, the superscript alef.
  var DROPPED = [[0x300, 0x36f], [0x591, 0x5bd], [0x5bf, 0x5bf], [0x5c1, 0x5c2], [0x5c4, 0x5c5], [0x5c7, 0x5c7], [0x640, 0x640], [0x64b, 0x65f], [0x670, 0x670]];
  function dropped(cp) {
    if (cp < 0x300 || cp > 0x670) return false;
    for (var k = 0; k < DROPPED.length; k++) if (cp >= DROPPED[k][0] && cp <= DROPPED[k][1]) return true;
    return false;
  }
  var STOP_WORDS = "an and are as at be but by for from had has have he her his if in into is it its of on or our she so than that the their them then there these they this to us was we were what when which who will with you your";
  function dict() { return Object.create(null); } // no inherited keys ("constructor" is a word)
  var STOP = dict();
  STOP_WORDS.split(" ").forEach(function (w) { STOP[w] = true; });
  var FOLD = dict();
  for (var p = 0; p < FOLD_PAIRS.length; p += 2) FOLD[FOLD_PAIRS[p]] = FOLD_PAIRS[p + 1];
  var ALNUM = /^[\p{Alphabetic}\p{Nd}\p{Nl}\p{No}]$/u;
  var APOSTROPHES = "'\u2019\u02bc";
  var MIN_TERM = 2, MAX_TERM = 40;
  var english = true;  // English stemming and stop words (the index's manifest says)
  var snowball = false; // Snowball stems: from the index's forms
  var elides = false;   // an apostrophe is a word break (French, Italian: l’équipe)
  // The Snowball languages that elide with an apostrophe (src/search/stem.rs ELIDING).
  var ELIDING = ["french", "italian"];

  function foldInto(lower) {
    var out = "";
    for (var c of lower) {
      var cp = c.codePointAt(0);
      if (cp < 128) { out += c; continue; }
      if (dropped(cp)) continue;
      var base = FOLD[c] || c;
      out += SPECIAL[base] || base;
    }
    return out;
  }

  // Calls fn(word, start, end) for every word of text; start and end index text.
  function eachWord(text, fn) {
    var word = "", start = 0, i = 0, n = text.length;
    function flush(end) { if (word) { fn(word, start, end); word = ""; } }
    while (i < n) {
      var cp = text.codePointAt(i), len = cp > 0xffff ? 2 : 1, ch = text.substr(i, len);
      if (APOSTROPHES.indexOf(ch) >= 0) {
        if (!elides && word && i + 1 < n && ALNUM.test(String.fromCodePoint(text.codePointAt(i + 1)))) { i += 1; continue; }
        flush(i); i += 1; continue;
      }
      if (cp < 128) {
        if ((cp >= 48 && cp <= 57) || (cp >= 65 && cp <= 90) || (cp >= 97 && cp <= 122)) {
          if (!word) start = i;
          word += ch.toLowerCase();
        } else flush(i);
        i += len; continue;
      }
      var folded = foldInto(ch.toLowerCase());
      for (var fc of folded) {
        if (ALNUM.test(fc)) { if (!word) start = i; word += fc; } else flush(i);
      }
      i += len;
    }
    flush(n);
  }

  function ends(w, s) { return w.length >= s.length && w.slice(w.length - s.length) === s; }
  var VOWEL = /[aeiouy]/;

  function stem(word) {
    if (word.length < 3 || !/^[a-z]+$/.test(word)) return word;
    var w = word;
    if (ends(w, "sses")) w = w.slice(0, -2);
    else if (ends(w, "ies") && w.length >= 5) w = w.slice(0, -3) + "y";
    else if (ends(w, "s") && w.length >= 4 && !ends(w, "ss") && !ends(w, "us") && !ends(w, "is")) w = w.slice(0, -1);
    var strip = function (n, min) {
      var rest = w.length - n;
      if (rest >= min && VOWEL.test(w.slice(0, rest))) w = w.slice(0, rest);
    };
    if (ends(w, "ied") && w.length >= 5) w = w.slice(0, -3) + "y";
    else if (ends(w, "eed")) { /* need, feed, agreed: left as they are */ }
    else if (ends(w, "ing")) strip(3, 2);
    else if (ends(w, "ed")) strip(2, 2);
    else if (ends(w, "ly")) strip(2, 3);
    else if (ends(w, "ness")) strip(4, 3);
    var n = w.length, last = w[n - 1];
    if (n >= 3 && last === w[n - 2] && "aeiouy".indexOf(last) < 0 && "lsz".indexOf(last) < 0) w = w.slice(0, -1);
    if (w.length >= 3 && ends(w, "e")) w = w.slice(0, -1);
    return w;
  }

  // The index term of a word, or null.
  var ASTRAL = /[\ud800-\udfff]/;
  var memo = dict(), memoSize = 0;
  function termOf(word) {
    var t = memo[word];
    if (t !== undefined) return t;
    var n = ASTRAL.test(word) ? Array.from(word).length : word.length;
    if (n < MIN_TERM || n > MAX_TERM) t = null;
    else if (english) t = STOP[word] ? null : stem(word);
    else t = word;
    if (++memoSize > 100000) { memo = dict(); memoSize = 0; }
    memo[word] = t;
    return t;
  }

  function termsOf(text) {
    var out = [];
    eachWord(text, function (w) { var t = termOf(w); if (t !== null) out.push(t); });
    return out;
  }

  /* ---------- Loading the index ---------- */

  var manifest = null;   // SyllabusSearch.index(...)
  var termChunks = dict(); // chunk number -> {term: postings}
  var formChunks = dict(); // chunk number -> {form: term(s)} (Snowball languages)
  var docChunks = dict();  // "block:first" -> [record]
  var loading = dict();    // file name -> Promise
  var decoded = dict();    // term -> [docs, weights]
  var stale = false;     // a chunk did not match index.js (an older build is cached)

  function loadScript(name) {
    if (!loading[name]) {
      loading[name] = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        var stamp = manifest && /^https?:/.test(DATA) ? "?v=" + manifest.b : "";
        s.src = DATA + name + stamp;
        s.async = true;
        s.onload = function () { s.remove(); resolve(); };
        s.onerror = function () {
          s.remove();
          delete loading[name];
          reject(new Error("could not load " + DATA + name));
        };
        document.head.appendChild(s);
      });
    }
    return loading[name];
  }

  function loadIndex() {
    return loadScript("index.js").then(function () {
      if (!manifest) throw new Error("the search index did not load");
      return manifest;
    });
  }

  function loadTerms(numbers) {
    return Promise.all(numbers.map(function (n) {
      return termChunks[n] ? null : loadScript("t" + n + ".js");
    }));
  }

  // Where document d is: its block of documents, the part of a split block, and the file.
  function placeOf(d) {
    var b = Math.floor(d / manifest.dc), i = d % manifest.dc, starts = manifest.s && manifest.s[b];
    if (!starts) return { key: b + ":0", file: "d" + b + ".js", at: i };
    var p = 0;
    while (p + 1 < starts.length && starts[p + 1] <= i) p++;
    return { key: b + ":" + starts[p], file: "d" + b + "-" + p + ".js", at: i - starts[p] };
  }

  function loadDocs(docs) {
    var files = {};
    docs.forEach(function (d) { var at = placeOf(d); if (!docChunks[at.key]) files[at.file] = true; });
    return Promise.all(Object.keys(files).map(loadScript));
  }

  var DIGIT = new Uint8Array(128);
  "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_".split("").forEach(function (c, i) { DIGIT[c.charCodeAt(0)] = i; });

  // Postings "gap weight gap weight..." (see src/search/mod.rs) as [doc numbers, weights].
  function decode(s) {
    var docs = [], weights = [], doc = 0, i = 0, len = s.length;
    while (i < len) {
      var gap = 0, scale = 1, d;
      do {
        d = DIGIT[s.charCodeAt(i++)];
        gap += (d & 31) * scale;
        scale *= 32;
      } while (d >= 32);
      doc += gap;
      docs.push(doc);
      weights.push(DIGIT[s.charCodeAt(i++)]);
    }
    return [docs, weights];
  }

  /* ---------- Searching ---------- */

  var SUFFIXES = ["s", "es", "ies", "ing", "ed", "ly", "ness"];
  function suffixStart(rest) {
    return rest.length > 0 && SUFFIXES.some(function (s) { return s.indexOf(rest) === 0; });
  }

  // The words of a query: {word, term, exact} with term the index term (stop words left out)
  // and exact the terms that answer it fully (the term, and for Snowball languages the terms
  // the index gives the word: see resolve).
  function analyze(query) {
    var out = [], seen = dict();
    eachWord(query, function (w) {
      var t = termOf(w);
      if (t === null || seen[w]) return;
      seen[w] = true;
      out.push({ word: w, term: t, exact: [t], known: false });
    });
    return out;
  }

  // The shortest query word that also finds the longer words it begins: 3 characters, or 2 in
  // scripts of syllables and ideographs (kana, CJK, Hangul), where two say as much.
  function minPrefix(w) { return w.charCodeAt(0) >= 0x3040 ? 2 : 3; }

  var own = Object.prototype.hasOwnProperty;
  var formMemo = dict(); // word -> its terms from the loaded forms (cleared when a chunk loads)

  // The terms the index gives the course's word w when they differ from w (Snowball languages),
  // from the loaded chunks' forms: a form's entry is its term's length when the term is the
  // form's first characters, else the term; an array for several. [] when none is loaded.
  function formTerms(w) {
    var got = formMemo[w];
    if (got) return got;
    got = [];
    manifest.t.forEach(function (key, n) {
      var forms = formChunks[n];
      if (!forms || w.indexOf(key) !== 0 || !own.call(forms, w)) return;
      var v = forms[w];
      (Array.isArray(v) ? v : [v]).forEach(function (x) {
        if (typeof x === "number") x = ASTRAL.test(w) ? Array.from(w).slice(0, x).join("") : w.slice(0, x);
        if (got.indexOf(x) < 0) got.push(x);
      });
    });
    return (formMemo[w] = got);
  }

  // Whether w is a term of the loaded chunks.
  function isTerm(w) {
    return manifest.t.some(function (key, n) {
      return w.indexOf(key) === 0 && termChunks[n] && own.call(termChunks[n], w);
    });
  }

  // Once q's chunks are loaded: the index's own terms for q's word, and whether the course
  // holds the word (as a form, or as a term: then no guessing at its stem).
  function resolve(q) {
    var terms = formTerms(q.word);
    q.known = terms.length > 0 || isTerm(q.word);
    terms.forEach(function (t) { if (q.exact.indexOf(t) < 0) q.exact.push(t); });
  }

  // How well index term t answers query word q: 1 one of its exact terms, less for a longer
  // word the query starts (a prefix: "recogn" finds "recognition"), or for a word being typed
  // whose stem is t ("thanki" finds "thank"; in a Snowball language, a word the course does not
  // hold that is t and a few letters: "clientes" finds "client"); 0 no match.
  function matchOf(q, t) {
    if (t === q.term || q.exact.indexOf(t) >= 0) return 1;
    if (q.term.length >= minPrefix(q.term) && t.indexOf(q.term) === 0) return 0.6 * q.term.length / t.length + 0.2;
    if (english && t.length >= 3 && q.word.indexOf(t) === 0 && q.word.length > t.length) {
      var rest = q.word.slice(t.length);
      if (suffixStart(rest) || (rest[0] === t[t.length - 1] && suffixStart(rest.slice(1)))) return 0.8;
    }
    if (snowball && !q.known && t.length >= minPrefix(t) && q.word.length > t.length &&
        q.word.length - t.length <= 4 && q.word.indexOf(t) === 0) return 0.7;
    return 0;
  }

  // The term chunks that may hold matches for q (or its word's form).
  function chunksFor(q) {
    var out = [];
    manifest.t.forEach(function (key, n) {
      var hit = q.word.indexOf(key) === 0 || (q.term.length >= minPrefix(q.term) && key.indexOf(q.term) === 0);
      for (var k = 0; !hit && k < q.exact.length; k++) hit = q.exact[k].indexOf(key) === 0;
      if (hit) out.push(n);
    });
    return out;
  }

  // Loads the term chunks the words need; in a Snowball language, then the index's terms for
  // them (from the forms) and the chunks those terms are in.
  function prepare(words) {
    var needed = function () {
      var chunks = {};
      words.forEach(function (q) { chunksFor(q).forEach(function (c) { chunks[c] = true; }); });
      return Object.keys(chunks);
    };
    return loadTerms(needed()).then(function () {
      if (!snowball || stale) return null;
      words.forEach(resolve);
      return loadTerms(needed());
    }).then(function () {
      if (stale) throw new Error("stale");
    });
  }

  // A posting's weight: title, heading (or description), and how often the word occurs for the
  // page's length (1 to 15, BM25's saturating term frequency).
  function weightOf(w) {
    return (w & 32 ? 8 : 0) + (w & 16 ? 2 : 0) + (w & 15) / 5;
  }

  // Ranks every document for the query: those matching more of its words first, then by score
  // (title matches weigh most, then headings, then how often the words occur, rarer words more).
  // Returns { total, top: the best `limit` document numbers, in order }.
  function rank(words, limit) {
    // n documents, numbered below r (each module has a range of numbers: src/search/mod.rs).
    var n = manifest.n, r = manifest.r || n;
    var cover = new Uint8Array(r), total = new Float64Array(r);
    words.forEach(function (q) {
      var best = new Float64Array(r), touched = []; // this word's score per document
      chunksFor(q).forEach(function (c) {
        var chunk = termChunks[c];
        for (var t in chunk) {
          var f = matchOf(q, t);
          if (!f) continue;
          var p = decoded[t] || (decoded[t] = decode(chunk[t]));
          var df = p[0].length, idf = Math.log(1 + (n - df + 0.5) / (df + 0.5)); // BM25's
          for (var i = 0; i < p[0].length; i++) {
            var d = p[0][i];
            if (best[d] === 0) touched.push(d);
            best[d] += f * idf * weightOf(p[1][i]);
          }
        }
      });
      touched.forEach(function (d) { cover[d]++; total[d] += best[d]; });
    });
    // The best `limit` in one pass (a sorted list of the best so far), not a sort of all.
    var before = function (a, b) { return cover[a] > cover[b] || (cover[a] === cover[b] && (total[a] > total[b] || (total[a] === total[b] && a < b))); };
    var top = [], count = 0;
    for (var d = 0; d < r; d++) {
      if (!cover[d]) continue;
      count++;
      if (top.length === limit && !before(d, top[limit - 1])) continue;
      var k = top.length === limit ? limit - 1 : top.length;
      while (k > 0 && before(d, top[k - 1])) { top[k] = top[k - 1]; k--; }
      top[k] = d;
    }
    return { total: count, top: top };
  }

  function records(numbers) {
    return numbers.map(function (d) { var at = placeOf(d); return docChunks[at.key][at.at]; });
  }

  // Searches: resolves to { query, words, total (documents found), docs (records of the best
  // `first`, best first), rest (the numbers of the next best, up to `limit`), ms, timing }.
  function search(query, limit, first) {
    var started = performance.now(), timing = {};
    var lap = function (name) { timing[name] = Math.round(performance.now() - started); };
    return loadIndex().then(function () {
      lap("index");
      var words = analyze(query);
      return prepare(words).then(function () {
        lap("terms");
        var ranked = words.length ? rank(words, limit || PAGE) : { total: 0, top: [] };
        var top = ranked.top;
        lap("ranked");
        var now = top.slice(0, first || limit || PAGE);
        return loadDocs(now).then(function () {
          lap("docs");
          return {
            query: query, words: words, total: ranked.total,
            docs: records(now), rest: top.slice(now.length),
            ms: performance.now() - started, timing: timing
          };
        });
      });
    });
  }

  // Runs the search functions once on nothing, while the learner is still to type, so the
  // browser has compiled them before the first query (it compiles a function when first called).
  var warm = false;
  function warmUp() {
    if (warm) return;
    warm = true;
    var q = analyze("warming up");
    rank(q.filter(function () { return false; }), 1);
    decode("0101");
    snippet("warming up", q, 10);
    q.forEach(function (w) { matchOf(w, "warm"); });
  }

  /* ---------- Snippets ---------- */

  // Whether the page's word w (Snowball languages) has one of q's exact terms: from the loaded
  // forms, or by starting with one.
  function sameStem(q, w) {
    return q.exact.some(function (s) {
      return (s.length >= minPrefix(s) && w.indexOf(s) === 0) || formTerms(w).indexOf(s) >= 0;
    });
  }

  // The passage of text around the best cluster of matches: { parts: [[text, marked]], at }.
  function snippet(text, words, size) {
    var hits = [];
    eachWord(text, function (w, start, end) {
      var t = termOf(w);
      if (t === null) return;
      for (var k = 0; k < words.length; k++) {
        if (matchOf(words[k], t) || (snowball && sameStem(words[k], t))) { hits.push([start, end, k]); break; }
      }
    });
    var from = 0;
    if (hits.length) {
      var best = -1, bestAt = 0;
      for (var i = 0; i < hits.length; i++) {
        var seen = {}, count = 0;
        for (var j = i; j < hits.length && hits[j][0] < hits[i][0] + size * 0.7; j++) {
          if (!seen[hits[j][2]]) { seen[hits[j][2]] = true; count++; }
        }
        if (count > best) { best = count; bestAt = i; }
      }
      from = Math.max(0, hits[bestAt][0] - Math.floor(size * 0.25));
      if (from > 0) {
        var space = text.indexOf(" ", from);
        from = space >= 0 && space < hits[bestAt][0] ? space + 1 : hits[bestAt][0];
      }
    }
    var to = Math.min(text.length, from + size);
    if (to < text.length) {
      var back = text.lastIndexOf(" ", to);
      if (back > from + size / 2) to = back;
    }
    var parts = [], at = from;
    if (from > 0) parts.push(["\u2026 ", false]);
    hits.forEach(function (h) {
      if (h[0] < at || h[1] > to) return;
      if (h[0] > at) parts.push([text.slice(at, h[0]), false]);
      parts.push([text.slice(h[0], h[1]), true]);
      at = h[1];
    });
    if (at < to) parts.push([text.slice(at, to), false]);
    if (to < text.length) parts.push([" \u2026", false]);
    return { parts: parts, at: hits.length ? hits[bestAt][0] : -1 };
  }

  /* ---------- The search box ---------- */

  // The interface strings (js/text.js), shared with the theme's other scripts.
  function t(key, args) { return window.Syllabus && window.Syllabus.t ? window.Syllabus.t(key, args) : key; }
  var KINDS = { lesson: "lesson", quiz: "quiz", scenario: "scenario", module: "module" };

  function setup(form) {
    var input = form.querySelector("input[type=search]");
    var panel = form.querySelector("[data-search-panel]");
    var status = form.querySelector("[data-search-status]");
    var list = form.querySelector("[data-search-results]");
    if (!input || !panel || !status || !list) return;
    form.hidden = false;

    var seq = 0, shown = 0, last = null, pending = null, openFirst = false;

    function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }
    function open() { panel.hidden = false; }
    function close() { panel.hidden = true; openFirst = false; }

    function append(parent, tag, cls, text) {
      var el = document.createElement(tag);
      if (cls) el.className = cls;
      if (text !== undefined) el.textContent = text;
      parent.appendChild(el);
      return el;
    }

    function appendParts(el, parts) {
      parts.forEach(function (p) {
        if (p[1]) append(el, "mark", "", p[0]);
        else el.appendChild(document.createTextNode(p[0]));
      });
    }

    function item(doc, words) {
      var li = document.createElement("li");
      li.className = "search-result";
      var a = append(li, "a");
      var s = snippet(doc.x, words, 180);
      var anchor = "";
      if (s.at >= 0) doc.h.forEach(function (h) { if (h[0] <= s.at) anchor = "#" + h[1]; });
      a.href = ROOT + doc.u + anchor;
      appendParts(append(a, "span", "search-result-title"), snippet(doc.t, words, 200).parts);
      append(a, "span", "search-result-where", t(KINDS[doc.k]) + (doc.m ? " \u00b7 " + doc.m : ""));
      if (doc.x) appendParts(append(a, "span", "search-result-snippet"), s.parts);
      return li;
    }

    // Adds results at the end of the list (before "Show more results").
    function add(result, docs) {
      var more = list.querySelector(".search-more");
      docs.forEach(function (doc) { list.insertBefore(item(doc, result.words), more); });
      shown += docs.length;
      if (more && shown >= result.total) list.removeChild(more);
    }

    function render(result) {
      last = result;
      while (list.firstChild) list.removeChild(list.firstChild);
      shown = 0;
      var quoted = "\u201c" + result.query.trim() + "\u201d";
      var total = result.total;
      if (total > result.docs.length + result.rest.length) {
        var more = append(append(list, "li", "search-more"), "button", "button", t("search_more"));
        more.type = "button";
        more.addEventListener("click", function () {
          run(result.query, shown + PAGE, shown);
        });
      }
      add(result, result.docs);
      status.textContent = total === 0 ? t("search_none", { query: quoted })
        : t("search_count", { n: total, query: quoted });
      open();
      if (openFirst) {
        openFirst = false;
        var first = links()[0];
        if (first) location.href = first.href;
      }
    }

    function fail(error) {
      while (list.firstChild) list.removeChild(list.firstChild);
      status.textContent = stale || /could not load/.test(String(error && error.message))
        ? t("search_unavailable")
        : t("search_failed", { error: error });
      open();
    }

    // Runs a query; focusAt: the index of the result to focus when done (after "Show more").
    function run(query, limit, focusAt) {
      var my = ++seq, started = performance.now();
      if (!query.trim()) {
        pending = null;
        while (list.firstChild) list.removeChild(list.firstChild);
        status.textContent = "";
        last = null;
        close();
        return;
      }
      // After "Show more", everything is loaded before drawing (the focus goes to the first new
      // result); otherwise the first few results are drawn at once and the rest follow.
      pending = search(query, limit, focusAt === undefined ? FIRST : limit).then(function (result) {
        if (my !== seq) return;
        pending = null;
        render(result);
        // From the keystroke to the results on screen (for the tests and the benchmark).
        var info = api.last = { query: query, ms: performance.now() - started, total: result.total, timing: result.timing };
        if (focusAt !== undefined) { var l = links()[focusAt]; if (l) l.focus(); }
        // The rest once the query has stood still a moment (not for every keystroke).
        if (result.rest.length) {
          setTimeout(function () {
            if (my !== seq) return;
            loadDocs(result.rest).then(function () {
              if (my !== seq) return;
              add(result, records(result.rest));
              info.allMs = performance.now() - started;
            }, function () { /* the first results stay */ });
          }, REST_DELAY);
        }
      }, function (error) {
        if (my !== seq) return;
        pending = null;
        fail(error);
      });
    }

    input.addEventListener("input", function () { run(input.value, PAGE); });
    input.addEventListener("focus", function () {
      loadIndex().then(warmUp).catch(function () { /* reported when searching */ });
      if (last && input.value.trim()) open();
    });

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var first = links()[0];
      if (pending || (input.value.trim() && !last)) openFirst = true;
      else if (first) location.href = first.href;
    });

    form.addEventListener("keydown", function (e) {
      var items = links();
      var at = items.indexOf(document.activeElement);
      if (e.key === "Escape") {
        if (!panel.hidden) {
          e.preventDefault();
          close();
          input.focus();
        }
      } else if (e.key === "ArrowDown" && items.length && !panel.hidden) {
        e.preventDefault();
        items[Math.min(at + 1, items.length - 1)].focus();
      } else if (e.key === "ArrowUp" && at >= 0) {
        e.preventDefault();
        if (at === 0) input.focus(); else items[at - 1].focus();
      } else if (at >= 0 && e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey && e.key !== " ") {
        input.focus(); // typing on a result goes on with the query
      }
    });

    // Leaving the search (a click or Tab elsewhere) closes the results.
    document.addEventListener("pointerdown", function (e) {
      if (!form.contains(e.target)) close();
    });
    form.addEventListener("focusout", function (e) {
      if (e.relatedTarget && !form.contains(e.relatedTarget)) close();
    });

    document.addEventListener("keydown", function (e) {
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      var t = e.target;
      if (t && (t.isContentEditable || /^(textarea|select)$/i.test(t.tagName) ||
          (/^input$/i.test(t.tagName) && !/^(checkbox|radio|button|submit|reset|file|range|color)$/i.test(t.type)))) return;
      e.preventDefault();
      input.focus();
      input.select();
    });
  }

  /* ---------- The global the index files call ---------- */

  var api = window.SyllabusSearch = {
    index: function (m) {
      manifest = m; english = !!m.en; snowball = !!m.st; elides = ELIDING.indexOf(m.st) >= 0;
      memo = dict(); memoSize = 0;
    },
    t: function (n, key, terms, forms) {
      if (!manifest || manifest.t[n] !== key) { stale = true; return; }
      termChunks[n] = terms;
      if (forms) { formChunks[n] = forms; formMemo = dict(); }
    },
    d: function (block, first, docs) { docChunks[block + ":" + first] = docs; },
    // For tests and the benchmark.
    terms: termsOf,
    // The terms that answer each word of text fully, as a search takes them (with the index's
    // own terms for the course's words in a Snowball language): [{word, terms}].
    stems: function (text) {
      return loadIndex().then(function () {
        var words = analyze(text);
        return prepare(words).then(function () {
          return words.map(function (q) { return { word: q.word, terms: q.exact }; });
        });
      });
    },
    search: search,
    last: null
  };

  var form = document.querySelector("form[data-search]");
  if (form) setup(form);
})();
