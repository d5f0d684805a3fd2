/*
 * Syllabus LMS packages, the pages' store: `Syllabus.stores.lms` (the store seam of store.js,
 * docs/theme.md), which the pages of a package name with <html data-progress-store="lms">.
 * Progress is read from and written to the package's launch page (window.SyllabusLms in the
 * parent frame, scorm.js, same origin inside the package), which keeps it in the LMS: the LMS
 * is the source of truth. When there is no launch page (a page opened by itself) or it found
 * no LMS, progress stays in the browser (`local`), and the learner is told once.
 */
(function (S) {
  "use strict";
  try {
    // The launch page around this page, when it is ours and reachable.
    function host() {
      try {
        var h = window.parent !== window && window.parent.SyllabusLms;
        return h && typeof h.read === "function" ? h : null;
      } catch (e) { return null; }
    }

    // Tells the learner once per browser session (not on every page they open).
    function once(env, key, text) {
      var flag = "syllabus:" + env.site + ":told:" + key;
      try {
        if (window.sessionStorage.getItem(flag)) return;
        window.sessionStorage.setItem(flag, "1");
      } catch (e) { /* no session storage: tell it on this page */ }
      env.notify(key, text, "warning");
    }

    S.stores.lms = function (env) {
      var h = host();
      if (h) h.messages().forEach(function (m) { env.notify(m[0], m[1], m[2]); });
      if (!h) {
        once(env, "lms", S.t("lms_none"));
        return S.stores.local(env);
      }
      if (h.offline()) return S.stores.local(env);
      return {
        kind: "lms",
        // The LMS keeps the record: a learner cannot wipe it from the page (its administrator
        // resets attempts), but can export a copy.
        can: { exportFile: true, reset: false },
        // The learner's name from the LMS stands in until they type one (docs/lms.md).
        read: function (callback) {
          var value = h.read(), name = typeof h.learnerName === "function" ? h.learnerName() : "";
          if (name && value && value.learner && !value.learner.name) value.learner = { name: name, at: 0 };
          var res = S.core.clean(value, env.site);
          callback(res.unusable ? S.core.fresh(env.site) : res.stored);
        },
        write: function (value) { h.write(value); },
        // One frame shows one page at a time: no other page changes the progress meanwhile.
        subscribe: function () {}
      };
    };
  } catch (e) { if (window.console) window.console.error("Syllabus (lms-store.js):", e); }
})(window.Syllabus = window.Syllabus || {});
