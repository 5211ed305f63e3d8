/** The incident page's one live part: copying the drafted write-up (downloading is a plain link). */
function start(): void {
  const button = document.getElementById('copy-writeup');
  const text = document.getElementById('writeup');
  const status = document.getElementById('copy-status');
  if (!(button instanceof HTMLButtonElement) || !(text instanceof HTMLTextAreaElement)) return;
  button.hidden = false;
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(text.value);
      if (status !== null) status.textContent = 'Copied.';
    } catch {
      // Clipboard access needs a secure context or a permission: select the text so Ctrl-C works.
      text.focus();
      text.select();
      if (status !== null) status.textContent = 'Selected: press Ctrl-C (or Cmd-C) to copy.';
    }
  });
}

start();
