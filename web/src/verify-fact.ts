/**
 * VERIFY_SCRIPT (src/portal/views/verify-fact.tsx): shows every fact's "核验此记录" button, hidden for
 * readers without JavaScript, and on a click checks the fact's proof bundle in the browser, writing the
 * result into the <output> beside the button.
 */
import { show, verifyPosition } from './fact-check.js';

function wire(button: HTMLButtonElement): void {
  const position = Number(button.dataset.verifyPosition);
  const output = button.parentElement?.querySelector('output');
  if (!Number.isSafeInteger(position) || position < 1 || !output) return;
  button.hidden = false;
  button.addEventListener('click', () => {
    button.disabled = true;
    output.textContent = '正在核验…';
    output.classList.remove('ok', 'bad');
    void verifyPosition(position).then((verdict) => {
      show(output, verdict);
      button.disabled = false;
    });
  });
}

for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-verify-position]')) wire(button);
