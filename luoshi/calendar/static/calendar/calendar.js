// The feed address's 复制 button: the clipboard where the browser allows it, else select the text.
document.addEventListener("click", function (event) {
  var button = event.target.closest("button[data-copy]");
  if (!button) return;
  var input = document.querySelector(button.getAttribute("data-copy"));
  if (!input) return;
  input.select();
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(input.value);
  } else {
    try { document.execCommand("copy"); } catch (e) { /* the text stays selected to copy by hand */ }
  }
});
