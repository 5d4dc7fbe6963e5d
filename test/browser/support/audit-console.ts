import type { Locator, Page } from 'playwright-core';

/** Pastes a key into the console's sign-in field and submits it (the console checks it with the API). */
export async function signIn(page: Page, key: string): Promise<void> {
  await page.fill('#signin-key', key);
  await page.click('#signin button[type=submit]');
}

/** The key the console keeps in this tab's sessionStorage, if any. */
export const storedKey = (page: Page): Promise<string | null> => page.evaluate(() => sessionStorage.getItem('ledger.auditorKey'));

/** Waits until the element shows the text (playwright-core has no expect of its own). */
export const waitText = (target: Locator, text: string): Promise<void> => target.filter({ hasText: text }).first().waitFor();

/** The texts of one column of the tables under `selector`. */
export const cells = (page: Page, selector: string, column: number): Promise<string[]> =>
  page.locator(`${selector} tbody tr td:nth-child(${column})`).allTextContents();

/** The text of main without what is inside the boxes marked private. */
export const textOutsidePrivate = (page: Page): Promise<string> =>
  page.evaluate(() => {
    const main = document.querySelector('main')!.cloneNode(true) as HTMLElement;
    main.querySelectorAll('.private').forEach((n) => n.remove());
    return main.textContent ?? '';
  });
