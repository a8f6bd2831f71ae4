// Small helpers the UI tests share: driving the command palette and Quick Open of the real VS Code with Playwright.

/** Runs exactly the command titled so from the palette (a click on its row: "Focus on Preflight View" matches "Preflight" too). */
export async function palette(page, title) {
  await page.keyboard.press('Control+Shift+P');
  await page.locator('.quick-input-widget input').waitFor({ timeout: 15_000 });
  await page.keyboard.type(title);
  const exact = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const row = page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exact }) }).first();
  await row.waitFor({ timeout: 15_000 });
  await row.click();
}

/** Opens a workspace file by name (Quick Open) and, for a plan, waits for its CodeLens: the extension is active and has the editor. */
export async function openPlan(page, fileName) {
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').waitFor({ timeout: 15_000 });
  await page.keyboard.type(fileName);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: fileName }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab', { hasText: fileName }).waitFor({ timeout: 15_000 });
  await page.locator('.codelens-decoration', { hasText: 'Preflight' }).first().waitFor({ timeout: 60_000 });
}
