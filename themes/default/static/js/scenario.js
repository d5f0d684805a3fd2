/*
 * Syllabus default theme, scenarios: plays each <section data-scenario> (docs/theme.md). The
 * learner reads the conversation so far and picks a reply (a button); the feedback and the next
 * line follow, until an ending with its debrief, the replies chosen and, when a better ending
 * was possible, the replies that lead there from the first point the learner left that way
 * (the play data's `toward` and `advice`, computed by the build: src/scenario/data.rs). The best
 * ending reached is saved through the page's progress store (Syllabus.core.recordEnding).
 *
 * Keyboard and screen reader first: every reply is a button; new lines are read out by a live
 * region; focus moves to the first new reply, or to the ending's heading; words, not colours,
 * say who speaks and how it ended. It writes text with textContent and copies node texts from
 * the page's own <template>s, never HTML from data.
 */
(function (S) {
  "use strict";
  try {
    var core = S.core, view = S.view, each = view.each, byAttr = view.byAttr;

    function el(tag, cls, text) {
      var e = document.createElement(tag);
      if (cls) e.className = cls;
      if (text !== undefined) e.textContent = text;
      return e;
    }

    // How an ending is said: in words, so nothing depends on the colour of its box.
    function endingText(e) {
      return e === "good" ? S.t("ending_good") : e === "ok" ? S.t("ending_ok") : S.t("ending_poor");
    }

    // Whether the play data has the shape the script needs (a node's replies lead to nodes).
    function valid(data) {
      if (!core.isObj(data) || typeof data.unit !== "string" || !Array.isArray(data.nodes)) return false;
      var n = data.nodes.length;
      return n > 0 && data.start >= 0 && data.start < n && data.nodes.every(function (node) {
        return core.isObj(node) && (typeof node.ending === "string" ||
          (Array.isArray(node.choices) && node.choices.length > 0 && node.choices.every(function (c) {
            return core.isObj(c) && c.next >= 0 && c.next < n;
          })));
      });
    }

    // Sets up one scenario; `progress` is the page's store, `render` shows a new state.
    function setup(section, progress, render) {
      var data = null;
      try { data = JSON.parse(section.querySelector("[data-scenario-data]").textContent); } catch (e) { /* below */ }
      if (!valid(data)) { view.notify("scenario", S.t("scenario_broken"), "error"); return; }
      var q = function (sel) { return section.querySelector(sel); };
      var transcript = q("[data-scenario-transcript]"), choices = q("[data-scenario-choices]");
      var end = q("[data-scenario-end]"), announce = q("[data-scenario-announce]");
      var path = []; // the replies chosen: { node, choice }
      // The scenario's `updated:` moment (0: never): an ending reached before it is replaced.
      var updated = Number(section.getAttribute("data-updated")) || 0;

      // The node's text, copied from its template.
      function textOf(i) {
        var box = el("div", "scenario-text"), tpl = byAttr(section, "data-scenario-node", String(i));
        if (tpl && tpl.content) box.appendChild(tpl.content.cloneNode(true));
        return box;
      }

      // One line of the transcript: who speaks (a word, not a colour), then what is said.
      function line(cls, speaker, body) {
        var li = el("li", "scenario-line " + cls);
        if (speaker) li.appendChild(el("p", "scenario-speaker", speaker));
        li.appendChild(body);
        transcript.appendChild(li);
        return li;
      }

      function say(text) {
        // Emptied first, so the same words said again are read again.
        announce.textContent = "";
        window.setTimeout(function () { announce.textContent = text; }, 50);
      }

      function offer(i) {
        choices.textContent = "";
        choices.hidden = false;
        data.nodes[i].choices.forEach(function (c, k) {
          var b = el("button", "button scenario-choice", String(c.text));
          b.type = "button";
          b.setAttribute("data-choice", String(k));
          b.addEventListener("click", function () { choose(i, k); });
          choices.appendChild(b);
        });
      }

      // Shows node i: its line and its replies, or the ending. Returns what it says, for the
      // live region.
      function show(i) {
        var node = data.nodes[i];
        if (node.ending) return finish(i);
        var li = line("scenario-said", node.speaker ? String(node.speaker) : "", textOf(i));
        offer(i);
        return li.textContent;
      }

      function choose(i, k) {
        var c = data.nodes[i].choices[k];
        path.push({ node: i, choice: k });
        line("scenario-reply", S.t("scenario_you"), el("p", "", String(c.text)));
        var said = [S.t("scenario_you") + S.t("label_colon") + c.text];
        if (c.feedback) {
          var fb = el("p", "");
          fb.appendChild(el("strong", "", S.t("scenario_feedback") + " "));
          fb.appendChild(document.createTextNode(String(c.feedback)));
          line("scenario-feedback", "", fb);
          said.push(S.t("scenario_feedback") + " " + c.feedback);
        }
        said.push(show(c.next));
        say(said.join(" "));
        if (!data.nodes[c.next].ending) {
          var first = choices.querySelector("button");
          if (first) first.focus();
        }
      }

      // The replies from node `from` along the advice to the best ending (on a shortest way,
      // the one with the most points).
      function betterWay(from) {
        var out = [], at = from, guard = data.nodes.length;
        while (guard-- > 0 && !data.nodes[at].ending && typeof data.nodes[at].advice === "number") {
          var c = data.nodes[at].choices[data.nodes[at].advice];
          if (!c) break;
          out.push(replyText(c));
          at = c.next;
        }
        return out;
      }

      function list(ol, texts) {
        ol.textContent = "";
        texts.forEach(function (t) { ol.appendChild(el("li", "", t)); });
      }

      // Whether the author gave replies points (the play data then has `best_points`).
      var scored = typeof data.best_points === "number";

      // A reply as listed at the ending: its words, and its points when the scenario has them.
      function replyText(c) {
        var text = String(c.text);
        if (!scored) return text;
        var p = core.num(c.points, 0);
        return text + " " + S.t("scenario_reply_points", { n: p, points: String(p) });
      }

      // The points of the replies chosen, added up.
      function pointsOf(chosen) {
        return chosen.reduce(function (sum, p) {
          return sum + core.num(data.nodes[p.node].choices[p.choice].points, 0);
        }, 0);
      }

      function finish(i) {
        var node = data.nodes[i], ending = String(node.ending);
        choices.textContent = "";
        choices.hidden = true;
        var heading = q("[data-scenario-ending]"), debrief = q("[data-scenario-debrief]");
        heading.textContent = S.t("scenario_ended", { ending: endingText(ending) });
        end.setAttribute("data-ending", ending);
        debrief.textContent = "";
        if (node.speaker) debrief.appendChild(el("p", "scenario-speaker", String(node.speaker)));
        debrief.appendChild(textOf(i));
        list(q("[data-scenario-path]"), path.map(function (p) { return replyText(data.nodes[p.node].choices[p.choice]); }));
        var worse = core.ENDINGS.indexOf(ending) < core.ENDINGS.indexOf(String(data.best));
        var mine = pointsOf(path), fewer = scored && mine < data.best_points;
        var points = q("[data-scenario-points]");
        if (points) {
          points.hidden = !scored;
          points.textContent = scored ? S.t("scenario_points", { mine: String(mine), best: String(data.best_points) }) : "";
        }
        var left = null;
        // A worse ending: the better way starts where the learner first left the shortest ways
        // to the best one. The best ending with fewer points than the advised way: where they
        // first left the advice.
        if (worse) path.some(function (p) { if (!data.nodes[p.node].choices[p.choice].toward) { left = p.node; return true; } return false; });
        else if (fewer) path.some(function (p) { if (p.choice !== data.nodes[p.node].advice) { left = p.node; return true; } return false; });
        var better = left === null ? [] : betterWay(left);
        q("[data-scenario-better]").hidden = !better.length;
        list(q("[data-scenario-better-path]"), better);
        q("[data-scenario-best-reached]").hidden = worse;
        end.hidden = false;
        heading.focus();
        progress.change(function (st) {
          var old = Object.prototype.hasOwnProperty.call(st.units, data.unit) ? st.units[data.unit] : null;
          st.units[data.unit] = core.recordEnding(old, ending, Date.now(), updated);
        }, render);
        return heading.textContent + ". " + debrief.textContent;
      }

      function restart(focus) {
        transcript.textContent = "";
        end.hidden = true;
        end.removeAttribute("data-ending");
        path = [];
        show(data.start);
        if (focus) {
          var first = choices.querySelector("button");
          if (first) first.focus();
        }
      }

      each("[data-action=scenario-restart]", function (b) {
        b.addEventListener("click", function () { restart(true); say(transcript.textContent); });
      }, section);
      section.hidden = false;
      restart(false);
    }

    S.scenario = { setup: setup, endingText: endingText };
  } catch (e) { if (window.console) window.console.error("Syllabus (scenario.js):", e); }
})(window.Syllabus = window.Syllabus || {});
