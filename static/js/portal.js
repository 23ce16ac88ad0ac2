// Progressive enhancement only: every page works without this file.
// Move focus to the error summary so that screen-reader and keyboard users meet it first.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
});
