// Klient's one script, and nothing needs it: a link in a form's error
// summary puts the cursor in the field it names. Without the script the
// link still scrolls to the field's message, right by the field.
document.addEventListener('click', function (e) {
  var link = e.target.closest && e.target.closest('.error-summary a[href^="#"]');
  if (!link) return;
  var message = document.getElementById(decodeURIComponent(link.hash.slice(1)));
  var field = message && message.closest('.field, fieldset, form');
  var input = field && field.querySelector('input:not([type="hidden"]), select, textarea');
  if (!input) return;
  e.preventDefault();
  input.focus();
  (message.closest('.field, fieldset') || input).scrollIntoView({ block: 'center' });
});
