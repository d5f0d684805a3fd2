/*
 * Syllabus default theme, backup: the progress page's Export, Import and Reset (docs/theme.md).
 * Export and Reset are offered only where the progress store can do them (`can.exportFile`,
 * `can.reset`). Export writes core.exportValue (the stored value, its time and the page's
 * data-build). An imported file is read with Syllabus.core.clean and merged with core.merge,
 * the rules of src/progress/schema.rs; a file that is not usable changes nothing and says why.
 */
(function (S) {
  "use strict";
  try {
    var core = S.core, view = S.view;

    // Hides the controls the page's progress store cannot do.
    function offer(progress) {
      if (!progress.can.exportFile) view.each("button[data-action=export]", function (b) { b.hidden = true; });
      if (!progress.can.reset) view.each("button[data-action=reset]", function (b) { b.hidden = true; });
    }

    function exportFile(progress, site) {
      if (!progress.can.exportFile) return;
      progress.read(function (st) {
        var d = new Date(), date = new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
        // The stored value with the export's time and the build of the course it comes from
        // (docs/progress.md, "The export file").
        var holder = document.querySelector("[data-build]");
        var build = holder && holder.getAttribute("data-build");
        var file = core.exportValue(st, build, d.getTime());
        var blob = new Blob([JSON.stringify(file, null, 2)], { type: "application/json" });
        var url = URL.createObjectURL(blob);
        var a = document.createElement("a");
        a.href = url;
        a.download = S.t("export_file", { site: site, date: date });
        document.body.appendChild(a).click();
        document.body.removeChild(a);
        setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
        view.notify("backup", S.t("exported", { file: a.download }), "success");
      });
    }

    function importFile(input, progress, site, render) {
      var file = input.files && input.files[0];
      if (!file) return;
      var refuse = function (why) {
        view.notify("backup", S.t("import_refused", { file: file.name, why: why }), "error");
        input.value = "";
      };
      if (file.size > 5 * 1024 * 1024) return refuse(S.t("import_too_large"));
      var reader = new FileReader();
      reader.onerror = function () { refuse(S.t("import_unreadable")); };
      reader.onload = function () {
        var data;
        try { data = JSON.parse(String(reader.result)); } catch (e) { return refuse(S.t("not_json")); }
        var theirs = core.clean(data, site);
        if (theirs.unusable || theirs.lost) return refuse(S.store.reason(theirs, site));
        var counts;
        progress.change(function (st) { counts = core.merge(st, theirs.stored); }, function (st) {
          render(st);
          input.value = "";
          view.notify("backup", S.t("imported", { file: file.name, n: counts.changed }) +
            (counts.same ? S.t("imported_same", { n: counts.same }) : S.t("imported_end")), "success");
        });
      };
      reader.readAsText(file);
    }

    function reset(progress, site, render) {
      if (!progress.can.reset) return;
      if (!window.confirm(S.t("reset_confirm"))) return;
      progress.replace(core.fresh(site), function (st) {
        render(st);
        view.notify("backup", S.t("reset_done"), "success");
      });
    }

    S.backup = { offer: offer, exportFile: exportFile, importFile: importFile, reset: reset };
  } catch (e) { if (window.console) window.console.error("Syllabus (backup.js):", e); }
})(window.Syllabus = window.Syllabus || {});
