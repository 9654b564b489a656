// The site's own behaviour, served as a file (the Content-Security-Policy allows no inline
// script): sortable tables, selects that submit their form, the upload's progress line.
// Event delegation on the document, so fragments swapped in by HTMX behave the same.
(function () {
  "use strict";

  // Sort a table by the clicked column: numbers by their data-value, text in Russian order;
  // a second click reverses. No library: the tables are tens of rows. A long table of which
  // the page shows the first rows (data-rows-url) gets all of them first, then sorts.
  function sortBy(button) {
    var th = button.closest("th"), table = button.closest("table"), body = table.tBodies[0];
    var index = Number(button.dataset.column);
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("th[aria-sort]").forEach(function (h) { h.setAttribute("aria-sort", "none"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var key = function (row) {
      var cell = row.cells[index];
      return cell.dataset.value !== undefined ? cell.dataset.value : cell.textContent.trim();
    };
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a), y = key(b), nx = parseFloat(x), ny = parseFloat(y), order;
      if (x === "" || y === "") { return (x === "") - (y === ""); }
      order = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y, "ru");
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("table.sortable .sort-button");
    if (!button) { return; }
    var table = button.closest("table");
    if (table.dataset.rowsUrl && window.htmx) {
      window.htmx.ajax("GET", table.dataset.rowsUrl, {target: table.tBodies[0], swap: "innerHTML"})
        .then(function () { sortBy(button); });
      return;
    }
    sortBy(button);
  });

  // Once every row of a long table is in, it is a whole table: no «Показать все» line.
  document.addEventListener("htmx:afterSwap", function (event) {
    var table = event.detail.target.closest && event.detail.target.closest("table[data-rows-url]");
    if (!table) { return; }
    delete table.dataset.rowsUrl;
    if (table.tFoot) { table.tFoot.remove(); }
  });

  // <select data-autosubmit> sends its form when changed (the year pickers).
  document.addEventListener("change", function (event) {
    if (event.target.matches("select[data-autosubmit]")) { event.target.form.submit(); }
  });

  // The upload's real progress while the file is sent, then «Проверка и запись…».
  var sent = false;
  function parts() {
    return {bar: document.getElementById("upload-progress"), label: document.getElementById("upload-progress-label")};
  }
  document.addEventListener("htmx:beforeSend", function () {
    var p = parts();
    if (!p.bar) { return; }
    sent = false;
    p.bar.value = 0;
    p.label.textContent = "Передача файла…";
  });
  document.addEventListener("htmx:xhr:progress", function (event) {
    var p = parts();
    if (!p.bar || sent || !event.detail.lengthComputable || !event.detail.total) { return; }
    var percent = Math.floor(100 * event.detail.loaded / event.detail.total);
    if (percent < 100) {
      p.bar.value = percent;
      p.label.textContent = "Передача файла: " + percent + " %";
    } else {
      sent = true;
      p.bar.removeAttribute("value");
      p.label.textContent = "Проверка и запись…";
    }
  });
  // A file over the upload limit is refused here, before it is sent; should the server answer
  // 413 all the same (the limit changed), its refusal is shown in the same place.
  function megabytes(bytes) {
    return (bytes / 1048576).toFixed(1).replace(".", ",") + " МБ";
  }
  function showFileProblem(form, text) {
    var input = form.querySelector("input[type=file][data-max-bytes]");
    if (!input) { return; }
    var list = input.parentNode.querySelector("ul.errorlist");
    if (!list) {
      list = document.createElement("ul");
      list.className = "errorlist";
      input.insertAdjacentElement("afterend", list);
    }
    list.innerHTML = "";
    var item = document.createElement("li");
    item.textContent = text;
    list.appendChild(item);
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt;
    var input = form && form.querySelector && form.querySelector("input[type=file][data-max-bytes]");
    if (!input || !input.files || !input.files.length) { return; }
    var limit = Number(input.getAttribute("data-max-bytes"));
    if (input.files[0].size > limit) {
      event.preventDefault();
      showFileProblem(form, "Загружать можно файлы не больше " + megabytes(limit) + ", а этот занимает "
        + megabytes(input.files[0].size) + ": разделите его на несколько файлов или уберите лишние листы и столбцы.");
    }
  });
  document.addEventListener("htmx:responseError", function (event) {
    if (event.detail.xhr.status === 413) {
      showFileProblem(event.detail.elt, "Файл слишком большой: сервер его не принял. Разделите его на несколько файлов.");
    }
  });
})();
