/* paralegal-kb site tools: the ethics checklist, the provider scorecard, "Can I delegate
 * this?" and the cost estimate. Plain JavaScript, no libraries, nothing sent anywhere:
 * state lives in localStorage, data comes from the page itself (or assets/kb-data.json).
 *
 * Every string that comes from data/ is put into the page with textContent or
 * setAttribute, never parsed as HTML. */
(function () {
  "use strict";

  /* The site root, from this script's own URL (assets/kb.js): right on any page,
   * over http and from files. */
  var SCRIPT = document.currentScript;
  var ROOT = SCRIPT && SCRIPT.src ? new URL("../", SCRIPT.src).href : new URL("./", location.href).href;

  /* ------------------------------------------------------------------ helpers */

  /* Build an element: h("p", {class: "x", for: "id"}, "text", child, ...). Text is text. */
  function h(tag, attrs) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (name) {
        var value = attrs[name];
        if (value === null || value === undefined || value === false) return;
        if (name === "text") node.textContent = String(value);
        else if (name === "hidden" || name === "checked" || name === "disabled" || name === "open") node[name] = true;
        else node.setAttribute(name, value === true ? "" : String(value));
      });
    }
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }

  function append(node, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) child.forEach(function (c) { append(node, c); });
    else node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function all(root, selector) {
    return Array.prototype.slice.call(root.querySelectorAll(selector));
  }

  var store = {
    get: function (key) {
      try {
        var value = JSON.parse(window.localStorage.getItem(key));
        return value && typeof value === "object" ? value : null;
      } catch (e) {
        return null; /* storage blocked or corrupt: start empty */
      }
    },
    set: function (key, value) {
      try {
        window.localStorage.setItem(key, JSON.stringify(value));
      } catch (e) {
        /* storage full or blocked: the tool still works for this visit */
      }
    }
  };

  var allData = null;

  /* The tool's data: the inline block the page carries (works from files, where
   * fetch() is refused), else the site-wide assets/kb-data.json. The block is a
   * one-element JSON array because Material's instant navigation re-runs inline
   * scripts as JavaScript without their type and id: an array literal runs harmlessly,
   * and the block is still found as the first script inside the tool. */
  function toolData(tool, key) {
    var block = tool.querySelector("script#kb-data") || tool.querySelector("script");
    if (block) {
      try {
        var parsed = JSON.parse(block.textContent);
        var data = Array.isArray(parsed) ? parsed[0] : parsed;
        if (data && Object.prototype.hasOwnProperty.call(data, key)) return Promise.resolve(data[key]);
      } catch (e) {
        /* fall through to the shared file */
      }
    }
    if (!allData) {
      allData = fetch(ROOT + "assets/kb-data.json").then(function (r) {
        if (!r.ok) throw new Error("kb-data.json: HTTP " + r.status);
        return r.json();
      });
    }
    return allData.then(function (d) { return d[key]; });
  }

  /* URL of a page of this site by its id ("boundaries"), found among the theme's own
   * navigation links so that it fits the build (directory URLs or .html files). */
  function pageUrl(id, anchor) {
    var base = new URL(ROOT);
    var wanted = [base.pathname + id + "/", base.pathname + id + "/index.html", base.pathname + id + ".html"];
    var links = all(document, ".md-nav a[href], .md-tabs a[href]");
    var found = null;
    for (var i = 0; i < links.length && !found; i++) {
      var u = new URL(links[i].href, location.href);
      if (u.origin === base.origin && wanted.indexOf(u.pathname) >= 0) found = u;
    }
    if (!found) found = new URL(id + "/", base);
    /* From files a folder URL shows a listing, not the page. */
    if (found.protocol === "file:" && /\/$/.test(found.pathname)) found.pathname += "index.html";
    found.hash = anchor ? "#" + anchor : "";
    return found.href;
  }

  /* A button that clears a tool's state and then, until anything else changes, offers
   * to undo (a mistaken tap on a phone should not lose a morning's ticks). */
  function clearWithUndo(button, undoText, take, put) {
    var label = button.textContent;
    var saved = null;
    function forget() {
      saved = null;
      button.textContent = label;
    }
    button.addEventListener("click", function () {
      if (saved) {
        var restore = saved;
        forget();
        put(restore);
        return;
      }
      var before = take();
      put({});
      if (Object.keys(before).length) {
        saved = before;
        button.textContent = undoText;
      }
    });
    return forget;
  }

  var uid = 0;
  function nextId(prefix) {
    uid += 1;
    return prefix + "-" + uid;
  }

  /* ------------------------------------------------------- ethics checklist */

  function checklist(root, data) {
    var version = (data && data.version) || root.getAttribute("data-version") || "1";
    var reviewed = (data && data.reviewed) || root.getAttribute("data-reviewed") || "";
    var key = "kb-checklist-v" + version;
    var saved = store.get(key) || {};
    var ticks = saved.ticks && typeof saved.ticks === "object" ? saved.ticks : {};
    var controls = root.querySelector(".kb-checklist__controls");
    var select = root.querySelector("select");
    var progress = root.querySelector(".kb-checklist__progress");
    var reset = root.querySelector(".kb-checklist__reset");
    var items = all(root, ".kb-checklist__item");
    var phases = all(root, ".kb-checklist__phase");
    var jurisdiction = typeof saved.jurisdiction === "string" ? saved.jurisdiction : "";
    if (!select || !all(select, "option").some(function (o) { return o.value === jurisdiction; })) jurisdiction = "";

    /* What the printed copy says about itself (screen readers and the screen skip it). */
    var printInfo = h("div", {class: "kb-print-only kb-checklist__printinfo"});
    var firstPhase = phases[0];
    root.insertBefore(printInfo, firstPhase || null);

    function boxOf(item) {
      return item.querySelector("input[type=checkbox]");
    }

    function save() {
      store.set(key, {ticks: ticks, jurisdiction: jurisdiction});
    }

    function update() {
      var visible = 0;
      var done = 0;
      items.forEach(function (item) {
        var codes = (item.getAttribute("data-jurisdictions") || "").split(/\s+/).filter(Boolean);
        item.hidden = codes.length > 0 && codes.indexOf(jurisdiction) < 0;
        var box = boxOf(item);
        item.classList.toggle("is-ticked", !!(box && box.checked));
        if (!item.hidden) {
          visible += 1;
          if (box && box.checked) done += 1;
        }
      });
      phases.forEach(function (phase) {
        phase.hidden = !all(phase, ".kb-checklist__item").some(function (i) { return !i.hidden; });
      });
      if (progress) progress.textContent = done + " of " + visible + " ticked";
      clear(printInfo);
      append(printInfo, [
        h("p", {text: "Jurisdiction: " + (jurisdiction || "all states (general items only)") +
          ". Checklist version " + version + (reviewed ? ", reviewed " + reviewed : "") +
          ". " + done + " of " + visible + " items ticked."}),
        h("p", {class: "kb-checklist__signline", text: "Name ____________________   Signature ____________________   Date ____________"})
      ]);
    }

    var forgetUndo = function () {};
    if (reset) {
      forgetUndo = clearWithUndo(reset, "Undo reset",
        function () { return Object.assign({}, ticks); },
        function (next) {
          ticks = Object.assign({}, next);
          items.forEach(function (item) {
            var box = boxOf(item);
            if (box) box.checked = ticks[box.name] === true;
          });
          save();
          update();
        });
    }
    items.forEach(function (item) {
      var box = boxOf(item);
      if (!box) return;
      box.checked = ticks[box.name] === true;
      box.addEventListener("change", function () {
        if (box.checked) ticks[box.name] = true;
        else delete ticks[box.name];
        forgetUndo();
        save();
        update();
      });
    });
    if (select) {
      select.value = jurisdiction;
      select.addEventListener("change", function () {
        jurisdiction = select.value;
        save();
        update();
      });
    }
    if (controls) controls.hidden = false;
    root.classList.add("kb-checklist--live");
    update();
  }

  /* ------------------------------------------------------- provider scorecard */

  var RATINGS = [
    {value: "meets", label: "Meets", points: 1},
    {value: "partly", label: "Partly", points: 0.5},
    {value: "does-not", label: "Does not", points: 0},
    {value: "na", label: "Not applicable", points: null}
  ];
  var POINTS = {};
  var LABELS = {};
  RATINGS.forEach(function (r) {
    POINTS[r.value] = r.points;
    LABELS[r.value] = r.label;
  });

  /* Group score = mean points of its rated questions; overall = weighted mean of the
   * group scores over groups with a rated question (n/a and unrated left out). */
  function score(groups, ratings) {
    var rows = groups.map(function (g) {
      var points = 0;
      var rated = 0;
      g.questions.forEach(function (q) {
        var p = POINTS[ratings[q.id]];
        if (typeof p === "number") {
          points += p;
          rated += 1;
        }
      });
      return {group: g, points: points, rated: rated, score: rated ? points / rated : null};
    });
    var weights = 0;
    var sum = 0;
    rows.forEach(function (r) {
      if (r.score !== null) {
        weights += r.group.weight;
        sum += r.group.weight * r.score;
      }
    });
    return {groups: rows, overall: weights ? sum / weights : null};
  }

  function pct(fraction) {
    return fraction === null ? "n/a" : (Math.round(fraction * 1000) / 10).toFixed(1) + "%";
  }

  function num(n) {
    return String(Math.round(n * 100) / 100);
  }

  function csvCell(value) {
    var text = value === null || value === undefined ? "" : String(value);
    /* A leading = + - @ would make a spreadsheet run the cell as a formula. */
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return '"' + text.replace(/"/g, '""') + '"';
  }

  function download(name, text, type) {
    var blob = new Blob(["\ufeff" + text], {type: type});
    var url = URL.createObjectURL(blob);
    var a = h("a", {href: url, download: name, hidden: true});
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  function today() {
    var d = new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }

  /* Print only this tool: the page's other content is hidden until printing ends. */
  function printOnly(tool) {
    var html = document.documentElement;
    tool.classList.add("kb-print-target");
    html.classList.add("kb-printing-tool");
    var done = function () {
      html.classList.remove("kb-printing-tool");
      tool.classList.remove("kb-print-target");
      window.removeEventListener("afterprint", done);
    };
    window.addEventListener("afterprint", done);
    window.print();
  }

  function scorecard(root, groups) {
    if (!Array.isArray(groups) || !groups.length) return;
    var key = "kb-scorecard";
    var saved = store.get(key) || {};
    var ratings = saved.ratings && typeof saved.ratings === "object" ? saved.ratings : {};
    var provider = typeof saved.provider === "string" ? saved.provider : "";
    var total = groups.reduce(function (n, g) { return n + g.questions.length; }, 0);

    clear(root);
    var summaryText = h("span", {class: "kb-scorecard__summary"});
    var details = h("details", {class: "kb-tool kb-scorecard__details", open: Object.keys(ratings).length > 0},
      h("summary", null, h("span", {class: "kb-tool__title", text: "Score a provider"}), " ", summaryText));
    root.appendChild(details);

    var printDate = h("p", {class: "kb-print-only kb-scorecard__printdate"});
    details.appendChild(printDate);
    var providerId = nextId("kb-sc-provider");
    var providerInput = h("input", {type: "text", id: providerId, autocomplete: "off", maxlength: "200"});
    providerInput.value = provider;
    details.appendChild(h("p", {class: "kb-field"},
      h("label", {for: providerId, text: "Provider being scored"}), providerInput));

    var groupScores = {};
    groups.forEach(function (g) {
      var headingId = nextId("kb-sc-group");
      var section = h("section", {class: "kb-scorecard__group", "aria-labelledby": headingId},
        h("h3", {id: headingId},
          g.title, " ", h("span", {class: "kb-scorecard__weight", text: "weight " + num(g.weight)})));
      g.questions.forEach(function (q) {
        var name = nextId("kb-sc-q");
        var fieldset = h("fieldset", {class: "kb-scorecard__question"},
          h("legend", {text: q.question}));
        var options = h("div", {class: "kb-scorecard__options"});
        RATINGS.forEach(function (r) {
          var id = name + "-" + r.value;
          var input = h("input", {type: "radio", name: name, id: id, value: r.value,
            "data-question": q.id, checked: ratings[q.id] === r.value});
          input.addEventListener("change", function () {
            if (input.checked) {
              forgetUndo();
              ratings[q.id] = r.value;
              save();
              update();
            }
          });
          options.appendChild(h("span", {class: "kb-scorecard__option"},
            input, h("label", {for: id, text: r.label})));
        });
        options.appendChild(h("span", {class: "kb-print-only kb-scorecard__unrated", text: "Not rated"}));
        fieldset.appendChild(options);
        fieldset.appendChild(h("p", {class: "kb-scorecard__more"},
          h("a", {href: "#" + q.id, text: "Why it matters, a good answer, red flags"})));
        section.appendChild(fieldset);
      });
      var groupScore = h("p", {class: "kb-scorecard__groupscore"});
      groupScores[g.id] = groupScore;
      section.appendChild(groupScore);
      details.appendChild(section);
    });

    var tbody = h("tbody");
    var overallCell = h("td", {class: "kb-num"});
    var overall = h("p", {class: "kb-scorecard__overall", role: "status"});
    var flags = h("div", {class: "kb-scorecard__flags"});
    var results = h("section", {class: "kb-scorecard__results", "aria-label": "Scores and red flags"},
      h("h3", {text: "Scores"}),
      overall,
      h("div", {class: "kb-table-wrap"},
        h("table", {class: "kb-scorecard__table"},
          h("caption", {text: "Group scores and the weighted overall score; – means not scored (no question rated meets, partly or does not)"}),
          h("thead", null, h("tr", null,
            h("th", {scope: "col", text: "Group"}),
            h("th", {scope: "col", class: "kb-num", text: "Weight"}),
            h("th", {scope: "col", class: "kb-num", text: "Rated"}),
            h("th", {scope: "col", class: "kb-num", text: "Points"}),
            h("th", {scope: "col", class: "kb-num", text: "Score"}))),
          tbody,
          h("tfoot", null, h("tr", null,
            h("th", {scope: "row", colspan: "4", text: "Overall (weighted mean)"}),
            overallCell)))),
      h("h3", {text: "Red flags"}),
      flags);
    details.appendChild(results);

    var exportButton = h("button", {type: "button", class: "md-button", text: "Export CSV"});
    var printButton = h("button", {type: "button", class: "md-button", text: "Print scorecard"});
    var clearButton = h("button", {type: "button", class: "md-button", text: "Clear ratings"});
    details.appendChild(h("p", {class: "kb-tool__actions"}, exportButton, " ", printButton, " ", clearButton));

    function save() {
      store.set(key, {provider: provider, ratings: ratings});
    }

    function update() {
      var s = score(groups, ratings);
      var rated = 0;
      printDate.textContent = "Scored " + today() + ". Ratings kept in this browser only.";
      clear(tbody);
      s.groups.forEach(function (r) {
        rated += r.group.questions.filter(function (q) { return ratings[q.id]; }).length;
        var scored = r.score !== null;
        groupScores[r.group.id].textContent = scored
          ? "Group score: " + pct(r.score) + " (" + num(r.points) + " of " + r.rated + " points, weight " + num(r.group.weight) + ")"
          : "Group score: not scored (no question rated meets, partly or does not)";
        tbody.appendChild(h("tr", {"data-group": r.group.id},
          h("th", {scope: "row", text: r.group.title}),
          h("td", {class: "kb-num", text: num(r.group.weight)}),
          h("td", {class: "kb-num", text: r.rated + "/" + r.group.questions.length}),
          h("td", {class: "kb-num", text: scored ? num(r.points) : "–"}),
          h("td", {class: "kb-num kb-scorecard__score", text: scored ? pct(r.score) : "–"})));
      });
      overallCell.textContent = s.overall === null ? "–" : pct(s.overall);
      overall.textContent = s.overall === null
        ? "Overall score: not scored yet. Rate at least one question meets, partly or does not."
        : "Overall score: " + pct(s.overall) + " (" + rated + " of " + total + " questions rated)";
      summaryText.textContent = rated
        ? "(" + rated + " of " + total + " rated; overall " + (s.overall === null ? "not scored" : pct(s.overall)) + ")"
        : "(" + total + " questions)";

      clear(flags);
      var list = h("ul", {class: "kb-scorecard__flaglist"});
      groups.forEach(function (g) {
        g.questions.forEach(function (q) {
          var r = ratings[q.id];
          if (r !== "does-not" && r !== "partly") return;
          var watch = (q.red_flags || []).map(function (f) { return h("li", {text: f}); });
          list.appendChild(h("li", {"data-question": q.id},
            h("span", {class: "kb-rating kb-rating--" + r, text: LABELS[r]}), " ",
            h("a", {href: "#" + q.id, text: q.question}),
            h("span", {class: "kb-scorecard__flaggroup", text: " (" + g.title + ")"}),
            watch.length ? h("ul", {class: "kb-scorecard__watch", "aria-label": "Signs to watch for"}, watch) : null));
        });
      });
      if (list.children.length) flags.appendChild(list);
      else flags.appendChild(h("p", {text: "None: no question is rated does not or partly."}));
    }

    function csv() {
      var s = score(groups, ratings);
      var rows = [["Row", "Group", "Group weight", "Question id", "Question", "Rating", "Points", "Score (%)"]];
      rows.push(["Provider", provider, "", "", "", "", "", ""]);
      rows.push(["Date", today(), "", "", "", "", "", ""]);
      s.groups.forEach(function (r) {
        r.group.questions.forEach(function (q) {
          var rating = ratings[q.id];
          var p = POINTS[rating];
          rows.push(["Question", r.group.title, num(r.group.weight), q.id, q.question,
            rating ? LABELS[rating] : "Not rated", typeof p === "number" ? num(p) : "", ""]);
        });
      });
      s.groups.forEach(function (r) {
        rows.push(["Group score", r.group.title, num(r.group.weight), "", "", r.rated + " rated",
          r.score === null ? "" : num(r.points), r.score === null ? "not scored" : pct(r.score).replace("%", "")]);
      });
      rows.push(["Overall", "", "", "", "", "", "", s.overall === null ? "not scored" : pct(s.overall).replace("%", "")]);
      return rows.map(function (row) { return row.map(csvCell).join(","); }).join("\r\n") + "\r\n";
    }

    providerInput.addEventListener("input", function () {
      provider = providerInput.value;
      save();
    });
    exportButton.addEventListener("click", function () {
      var slug = provider.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
      download("provider-scorecard" + (slug ? "-" + slug : "") + "-" + today() + ".csv", csv(), "text/csv;charset=utf-8");
    });
    printButton.addEventListener("click", function () {
      details.open = true;
      printOnly(root);
    });
    var forgetUndo = clearWithUndo(clearButton, "Undo clear",
      function () { return Object.assign({}, ratings); },
      function (next) {
        ratings = Object.assign({}, next);
        all(details, "input[type=radio]").forEach(function (i) {
          i.checked = ratings[i.getAttribute("data-question")] === i.value;
        });
        save();
        update();
      });
    update();
  }

  /* ------------------------------------------------------ can I delegate this? */

  var KINDS = {
    factual: "Factual: delegable under supervision",
    procedural: "Procedural: delegable under supervision",
    interpretive: "Interpretive: attorney only"
  };

  function delegate(root, areas) {
    if (!Array.isArray(areas) || !areas.length) return;
    clear(root);
    var areaId = nextId("kb-dl-area");
    var taskId = nextId("kb-dl-task");
    var areaSelect = h("select", {id: areaId}, h("option", {value: "", text: "Choose a practice area"}));
    areas.forEach(function (a) { areaSelect.appendChild(h("option", {value: a.id, text: a.name})); });
    var taskSelect = h("select", {id: taskId, disabled: true});
    var answer = h("div", {class: "kb-delegate__answer", "aria-live": "polite"});
    root.appendChild(h("div", {class: "kb-tool kb-delegate__form"},
      h("p", {class: "kb-field"}, h("label", {for: areaId, text: "Practice area"}), areaSelect),
      h("p", {class: "kb-field"}, h("label", {for: taskId, text: "Task"}), taskSelect)));
    root.appendChild(answer);

    function area() {
      return areas.filter(function (a) { return a.id === areaSelect.value; })[0] || null;
    }

    function fillTasks() {
      var a = area();
      clear(taskSelect);
      taskSelect.appendChild(h("option", {value: "", text: a ? "Choose a task" : "Choose a practice area first"}));
      if (a) a.tasks.forEach(function (t) { taskSelect.appendChild(h("option", {value: t.id, text: t.task})); });
      taskSelect.disabled = !a;
    }

    function show() {
      var a = area();
      var t = a && a.tasks.filter(function (x) { return x.id === taskSelect.value; })[0];
      clear(answer);
      if (!t) return;
      var authorities = [];
      var seen = {};
      (t.boundaries || []).forEach(function (b) {
        (b.authorities || []).forEach(function (x) {
          if (!seen[x.id]) {
            seen[x.id] = true;
            authorities.push(x);
          }
        });
      });
      function links(list, page, textOf) {
        var out = [];
        list.forEach(function (x, i) {
          if (i) out.push("; ");
          out.push(h("a", {href: pageUrl(page, x.id), text: textOf(x)}));
        });
        return out;
      }
      answer.appendChild(h("div", {class: "kb-answer kb-answer--" + t.kind},
        h("p", {class: "kb-answer__verdict"}, h("strong", {text: KINDS[t.kind] || t.kind})),
        h("p", null, h("strong", {text: "Task: "}), t.task),
        h("p", null, h("strong", {text: "Why: "}), t.why),
        t.boundaries && t.boundaries.length
          ? h("p", null, h("strong", {text: t.boundaries.length > 1 ? "Governing boundaries: " : "Governing boundary: "}),
            links(t.boundaries, "boundaries", function (b) { return b.title; }))
          : null,
        authorities.length
          ? h("p", null, h("strong", {text: "Authorities: "}), links(authorities, "supervision", function (x) { return x.cite; }))
          : null,
        h("p", null, h("a", {href: pageUrl("practice-areas/" + a.id), text: "All " + a.name + " tasks"}))));
    }

    areaSelect.addEventListener("change", function () {
      fillTasks();
      show();
    });
    taskSelect.addEventListener("change", show);
    fillTasks();
  }

  /* ------------------------------------------------------------ cost estimate */

  function money(n) {
    var whole = Math.round(Math.abs(n));
    var text = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return (n < 0 && whole ? "-$" : "$") + text;
  }

  function range(low, high) {
    var a = money(low);
    var b = money(high);
    return a === b ? a : a + " to " + b;
  }

  function rate(n) {
    return "$" + (Math.round(n * 100) / 100).toFixed(2).replace(/\.00$/, "");
  }

  function cost(root, data) {
    if (!data || !data.in_house || !data.offshore) return;
    clear(root);
    var defaults = {
      hours: data.hours_per_week,
      inLow: data.in_house.low, inHigh: data.in_house.high,
      offLow: data.offshore.low, offHigh: data.offshore.high
    };
    var inputs = {};

    function numberField(name, label, value, attrs) {
      var id = nextId("kb-cost-" + name);
      var input = h("input", Object.assign({type: "number", id: id, inputmode: "decimal", min: "0", step: "any"}, attrs || {}));
      input.value = String(value);
      inputs[name] = input;
      return h("span", {class: "kb-field kb-field--number"}, h("label", {for: id, text: label}), input);
    }

    function rateSet(title, figure, lowName, highName) {
      return h("fieldset", {class: "kb-cost__rates"},
        h("legend", {text: title}),
        numberField(lowName, "Low ($ an hour)", figure.low),
        numberField(highName, "High ($ an hour)", figure.high),
        h("p", {class: "kb-hint"}, "Cited: " + rate(figure.low) + " to " + rate(figure.high) + " an hour, ",
          h("a", {href: "#" + figure.id, text: figure.label}), ", from " + figure.source + "."));
    }

    var resetButton = h("button", {type: "button", class: "md-button", text: "Back to the cited figures"});
    var form = h("div", {class: "kb-tool kb-cost__form"},
      h("p", {class: "kb-field-row"},
        numberField("hours", "Paralegal hours per week", defaults.hours, {max: "168"})),
      rateSet("In-house hourly rate", data.in_house, "inLow", "inHigh"),
      rateSet("Offshore hourly rate", data.offshore, "offLow", "offHigh"),
      h("p", {class: "kb-tool__actions"}, resetButton));
    root.appendChild(form);

    var cells = {};
    function row(key, label) {
      cells[key + "Month"] = h("td", {class: "kb-num"});
      cells[key + "Year"] = h("td", {class: "kb-num"});
      return h("tr", {"data-row": key}, h("th", {scope: "row", text: label}), cells[key + "Month"], cells[key + "Year"]);
    }
    var notes = h("ul", {class: "kb-cost__notes"});
    var output = h("div", {class: "kb-cost__output", "aria-live": "polite"},
      h("div", {class: "kb-table-wrap"},
        h("table", {class: "kb-cost__table"},
          h("caption", {text: "Estimated cost from the cited figures, rounded to the nearest dollar"}),
          h("thead", null, h("tr", null,
            h("th", {scope: "col", text: "Estimate"}),
            h("th", {scope: "col", class: "kb-num", text: "Per month"}),
            h("th", {scope: "col", class: "kb-num", text: "Per year"}))),
          h("tbody", null,
            row("inHouse", "In-house"),
            row("offshore", "Offshore"),
            row("savings", "Savings")))),
      notes,
      h("p", {class: "kb-hint", text: "Estimates from the cited figures, not quotes: check current rates before budgeting."}));
    root.appendChild(output);

    function value(name) {
      var text = inputs[name].value.trim();
      var n = text === "" ? NaN : Number(text);
      var bad = !isFinite(n) || n < 0 || (name === "hours" && n > 168);
      if (bad) inputs[name].setAttribute("aria-invalid", "true");
      else inputs[name].removeAttribute("aria-invalid");
      return bad ? null : n;
    }

    function update() {
      var hours = value("hours");
      var v = {inLow: value("inLow"), inHigh: value("inHigh"), offLow: value("offLow"), offHigh: value("offHigh")};
      var messages = [];
      clear(notes);
      var bad = hours === null || Object.keys(v).some(function (k) { return v[k] === null; });
      if (bad) {
        Object.keys(cells).forEach(function (k) { cells[k].textContent = "–"; });
        notes.appendChild(h("li", {text: "Enter hours from 0 to 168 a week and rates of $0 or more."}));
        return;
      }
      function ordered(low, high, what) {
        if (low > high) {
          messages.push("The " + what + " low rate was above the high rate; they are used the other way round.");
          return [high, low];
        }
        return [low, high];
      }
      var inHouse = ordered(v.inLow, v.inHigh, "in-house");
      var offshore = ordered(v.offLow, v.offHigh, "offshore");
      var month = hours * 52 / 12;
      var year = hours * 52;
      var saveLow = inHouse[0] - offshore[1];
      var saveHigh = inHouse[1] - offshore[0];
      cells.inHouseMonth.textContent = range(inHouse[0] * month, inHouse[1] * month);
      cells.inHouseYear.textContent = range(inHouse[0] * year, inHouse[1] * year);
      cells.offshoreMonth.textContent = range(offshore[0] * month, offshore[1] * month);
      cells.offshoreYear.textContent = range(offshore[0] * year, offshore[1] * year);
      if (saveHigh <= 0) {
        cells.savingsMonth.textContent = "none";
        cells.savingsYear.textContent = "none";
        messages.push("No saving at these rates: even the lowest offshore rate is not below the highest in-house rate.");
      } else {
        if (saveLow < 0) {
          messages.push("The rate ranges overlap: at some rates offshore work costs as much as or more than in-house work, so the savings range starts at $0.");
          saveLow = 0;
        }
        cells.savingsMonth.textContent = range(saveLow * month, saveHigh * month);
        cells.savingsYear.textContent = range(saveLow * year, saveHigh * year);
      }
      messages.forEach(function (m) { notes.appendChild(h("li", {text: m})); });
    }

    Object.keys(inputs).forEach(function (name) { inputs[name].addEventListener("input", update); });
    resetButton.addEventListener("click", function () {
      inputs.hours.value = String(defaults.hours);
      inputs.inLow.value = String(defaults.inLow);
      inputs.inHigh.value = String(defaults.inHigh);
      inputs.offLow.value = String(defaults.offLow);
      inputs.offHigh.value = String(defaults.offHigh);
      update();
    });
    update();
  }

  /* ------------------------------------------------------------------ start */

  var TOOLS = {
    checklist: {key: "checklist", run: checklist},
    scorecard: {key: "scorecard", run: scorecard},
    delegate: {key: "delegation", run: delegate},
    cost: {key: "costs", run: cost}
  };

  function init() {
    all(document, "[data-kb-tool]").forEach(function (tool) {
      var spec = TOOLS[tool.getAttribute("data-kb-tool")];
      if (!spec || tool.hasAttribute("data-kb-ready")) return;
      tool.setAttribute("data-kb-ready", "");
      toolData(tool, spec.key)
        .catch(function () { return null; }) /* the checklist still works from its markup */
        .then(function (data) {
          spec.run(tool, data);
          tool.setAttribute("data-kb-ready", "done");
        })
        .catch(function (e) {
          if (window.console) console.error("paralegal-kb: " + spec.key + " tool failed", e);
        });
    });
  }

  /* Material's instant navigation swaps the page without reloading: document$ emits
   * on every page, the first one included. Opened from files, Material completes
   * document$ before its first emission (instant navigation is off there), so the
   * page's own DOMContentLoaded starts the tools too; init() runs each tool once. */
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(init);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
