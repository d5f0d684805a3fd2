/*
 * Syllabus default theme, backup: the progress page's Export, Import and Reset (docs/theme.md).
 * Export and Reset are offered only where the progress store can do them (`can.exportFile`,
 * `can.reset`). An imported file is read with Syllabus.core.clean and merged with core.merge,
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
        var blob = new Blob([JSON.stringify(st, null, 2)], { type: "application/json" });
        var url = URL.createObjectURL(blob);
        var a = document.createElement("a");
        a.href = url;
        a.download = "syllabus-progress-" + site + "-" + date + ".json";
        document.body.appendChild(a).click();
        document.body.removeChild(a);
        setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
        view.notify("backup", "Your progress was exported to " + a.download + ". Keep that file somewhere safe.", "success");
      });
    }

    function importFile(input, progress, site, render) {
      var file = input.files && input.files[0];
      if (!file) return;
      var refuse = function (why) {
        view.notify("backup", "“" + file.name + "” was not imported: " + why + ". Nothing was changed.", "error");
        input.value = "";
      };
      if (file.size > 5 * 1024 * 1024) return refuse("it is too large to be a progress file");
      var reader = new FileReader();
      reader.onerror = function () { refuse("the file could not be read"); };
      reader.onload = function () {
        var data;
        try { data = JSON.parse(String(reader.result)); } catch (e) { return refuse("it is not valid JSON"); }
        var theirs = core.clean(data, site);
        if (theirs.unusable || theirs.lost) return refuse(S.store.reason(theirs, site));
        var counts;
        progress.change(function (st) { counts = core.merge(st, theirs.stored); }, function (st) {
          render(st);
          input.value = "";
          view.notify("backup", "Imported “" + file.name + "”: " + counts.changed + (counts.changed === 1 ? " item" : " items") +
            " updated" + (counts.same ? ", " + counts.same + " already up to date." : "."), "success");
        });
      };
      reader.readAsText(file);
    }

    function reset(progress, site, render) {
      if (!progress.can.reset) return;
      if (!window.confirm("Delete all your saved progress for this course in this browser? " +
        "This cannot be undone. Export your progress first if you want a backup.")) return;
      progress.replace(core.fresh(site), function (st) {
        render(st);
        view.notify("backup", "All your progress for this course was deleted from this browser.", "success");
      });
    }

    S.backup = { offer: offer, exportFile: exportFile, importFile: importFile, reset: reset };
  } catch (e) { if (window.console) window.console.error("Syllabus (backup.js):", e); }
})(window.Syllabus = window.Syllabus || {});
