/**
 * The /verify page (src/portal/verify/verify.page.tsx) with JavaScript: a position is checked in place
 * (without it the form reloads the page with the position's proof link), and a pasted or uploaded proof
 * bundle is checked in the browser against the service's key — a tampered one fails and says why.
 */
import { show, verifyBundleText, verifyPosition } from './fact-check.js';

const positionForm = document.querySelector<HTMLFormElement>('#position-form');
if (positionForm) {
  const input = positionForm.querySelector<HTMLInputElement>('input[name=position]')!;
  const output = document.querySelector<HTMLOutputElement>('#position-output')!;
  positionForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const position = Number(input.value);
    if (!Number.isSafeInteger(position) || position < 1) {
      show(output, { ok: false, text: '✗ 台账位置应为不小于 1 的整数。' });
      return;
    }
    // The address keeps the position, as the form without JavaScript would.
    history.replaceState(null, '', `/verify?position=${position}`);
    output.textContent = '正在核验…';
    output.classList.remove('ok', 'bad');
    void verifyPosition(position).then((verdict) => show(output, verdict));
  });
}

const paste = document.querySelector<HTMLElement>('#paste');
const bundleForm = document.querySelector<HTMLFormElement>('#bundle-form');
if (paste && bundleForm) {
  paste.hidden = false;
  const text = bundleForm.querySelector<HTMLTextAreaElement>('textarea[name=bundle]')!;
  const file = bundleForm.querySelector<HTMLInputElement>('input[name=file]')!;
  const output = bundleForm.querySelector('output')!;
  // A chosen file fills the box: what is checked is what the reader sees.
  file.addEventListener('change', () => {
    const chosen = file.files?.[0];
    if (chosen) void chosen.text().then((t) => (text.value = t));
  });
  bundleForm.addEventListener('submit', (event) => {
    event.preventDefault();
    output.textContent = '正在核验…';
    output.classList.remove('ok', 'bad');
    void verifyBundleText(text.value).then((verdict) => show(output, verdict));
  });
}
