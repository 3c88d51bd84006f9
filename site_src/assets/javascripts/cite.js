/* 引用 blocks: fill the access date with the reader's date (the HTML says YYYY-MM-DD without JavaScript). */
(function () {
  function fill() {
    var d = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    var today = d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
    document.querySelectorAll("time[data-cite-accessed]").forEach(function (el) {
      el.textContent = today;
      el.setAttribute("datetime", today);
    });
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(fill);  // once per page (per swapped page under instant navigation)
  } else {
    document.addEventListener("DOMContentLoaded", fill);
  }
})();
