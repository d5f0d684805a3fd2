/*
 * Syllabus default theme, store: where the learner's progress is kept.
 *
 * A backend is { kind, read(callback), write(state), subscribe(fn), can: { exportFile, reset } }:
 * `read` calls back with the latest clean state (maybe later, so callers never rely on it having
 * run when it returns), `write` saves a whole state, `subscribe(fn)` calls fn() when the progress
 * changed elsewhere (another tab). <html data-progress-store="KIND"> picks one of the backends in
 * Syllabus.stores (default "local"); a later script can add one there before main.js runs.
 *
 * `local` is browser storage (localStorage, key syllabus:<site id>), with an in-memory fallback
 * when the browser does not let us save, and damaged values set aside, never thrown away.
 * Syllabus.store.open() wraps the backend in the page's progress: the state the page shows, kept
 * in memory, and changes that re-read before they write, so ticks made in another tab are kept.
 */
(function (S) {
  "use strict";
  try {
    var core = S.core;

    // Why a value cannot be used, for the learner: `res` is what core.clean returned.
    function reason(res, site) {
      switch (res.unusable) {
        case "not_progress": return S.t("unusable_not_progress");
        case "other_version": return S.t("unusable_other_version", { found: res.found, version: core.VERSION });
        case "unversioned": return S.t("unusable_unversioned");
        case "other_site": return S.t("unusable_other_site", { found: res.found, site: site });
        case "no_units": return S.t("unusable_no_units");
        default: return res.lost ? S.t("unusable_damaged") : "";
      }
    }

    // localStorage may be missing or throw (private mode, disabled cookies, SecurityError).
    function openStorage(key) {
      try {
        var s = window.localStorage, probe = key + ":probe";
        s.setItem(probe, "1");
        s.removeItem(probe);
        return s;
      } catch (e) { return null; }
    }

    // env: { site, notify(key, text, kind), exportHere } (whether this page has an Export button).
    function local(env) {
      var KEY = "syllabus:" + env.site;
      var storage = openStorage(KEY);
      var memory = core.fresh(env.site); // the progress when storage fails, and the last read
      var toldCorrupt = false;

      // In-memory progress ends with the page, so "export on the progress page" would lose what
      // was ticked here: Export is suggested only on a page that has the button.
      function lost() {
        storage = null;
        env.notify("storage", S.t(env.exportHere ? "storage_lost_export" : "storage_lost"), "warning");
      }
      if (!storage) lost();

      function save(st) {
        memory = st;
        if (!storage) return;
        try { storage.setItem(KEY, JSON.stringify(st)); } catch (e) { lost(); }
      }

      // A value that cannot be read is set aside under syllabus:<id>:corrupt:<timestamp> (never
      // silently thrown away) and the learner is told once what was recovered, or why nothing was.
      function load() {
        if (!storage) return memory;
        var raw, parsed;
        try { raw = storage.getItem(KEY); } catch (e) { lost(); return memory; }
        if (raw === null) { memory = core.fresh(env.site); return memory; }
        try { parsed = JSON.parse(raw); } catch (e) { parsed = undefined; }
        var res = core.clean(parsed, env.site);
        if (!res.unusable && !res.lost) { memory = res.stored; return memory; }
        try { storage.setItem(KEY + ":corrupt:" + Date.now(), raw); } catch (e) { /* full: nothing more we can do */ }
        save(res.unusable ? core.fresh(env.site) : res.stored);
        if (!toldCorrupt) {
          toldCorrupt = true;
          env.notify("corrupt", !res.unusable
            ? S.t("corrupt_some", { kept: S.t("items_were", { n: res.kept }),
                                    lost: S.t("damaged_items_were", { n: res.lost }) })
            : S.t("corrupt_all", { why: parsed === undefined ? S.t("not_json") : reason(res, env.site) }),
            "warning");
        }
        return memory;
      }

      return {
        kind: "local",
        can: { exportFile: true, reset: true },
        read: function (callback) { callback(load()); },
        write: save,
        subscribe: function (fn) {
          window.addEventListener("storage", function (ev) { if (ev.key === KEY || ev.key === null) fn(); });
        }
      };
    }

    // The page's progress over the backend named by <html data-progress-store> (env as for local).
    function open(env) {
      var kind = document.documentElement.getAttribute("data-progress-store") || "local";
      if (!Object.prototype.hasOwnProperty.call(S.stores, kind)) {
        if (window.console) window.console.error("Syllabus: no progress store \"" + kind + "\"; using local");
        kind = "local";
      }
      var backend = S.stores[kind](env);
      var progress = {
        kind: backend.kind,
        can: backend.can,
        state: core.fresh(env.site), // what the page shows: the last state read or written
        // Reads the latest state into `state`, then calls done(state).
        read: function (done) {
          backend.read(function (st) { progress.state = st; done(st); });
        },
        // Read, edit, write: edit(state) changes the latest state, which is then saved.
        change: function (edit, done) {
          backend.read(function (st) { edit(st); backend.write(st); progress.state = st; done(st); });
        },
        // Saves `st` in place of everything (reset, nothing to keep).
        replace: function (st, done) { backend.write(st); progress.state = st; done(st); },
        // Calls fn(state) after the progress changed elsewhere and was read again.
        subscribe: function (fn) { backend.subscribe(function () { progress.read(fn); }); }
      };
      return progress;
    }

    S.stores = S.stores || {};
    S.stores.local = local;
    S.store = { open: open, reason: reason };
  } catch (e) { if (window.console) window.console.error("Syllabus (store.js):", e); }
})(window.Syllabus = window.Syllabus || {});
