// Headless-Chromium test of the HTML review page (`mtfix check --format html`,
// src/report/html.rs + review.js + review.css), then `mtfix apply` on the
// decisions file the page exported.
//
//   bash tests/browser/run.sh          (builds mtfix, installs playwright-core)
//   node tests/browser/review.test.mjs (when both are there already)
//
// Environment:
//   MTFIX_BIN=PATH          the binary (default target/release/mtfix)
//   CHROMIUM=PATH           the browser (default /usr/bin/chromium)
//   MTFIX_SCREENSHOT=1      also write docs/review-page.png (1280x800)
//   MTFIX_REQUIRE_SEEDS=1   fail instead of skipping when ../shared/seeds (beside the repository) is missing
//   MTFIX_SEEDS=DIR         another folder of seed articles
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const mtfix = process.env.MTFIX_BIN || path.join(root, 'target', 'release', 'mtfix');
const browserPath = process.env.CHROMIUM || '/usr/bin/chromium';
const seedsDir = process.env.MTFIX_SEEDS || path.resolve(root, '..', 'shared', 'seeds');
const screenshotPath = path.join(root, 'docs', 'review-page.png');

const ALLOWED_KEYS = new Set(['path', 'rule', 'matched', 'before', 'after', 'occurrence', 'decision', 'replacement', 'edited']);

// Our own words: an invented wire story with the artifacts the default
// glossary knows (a pinyin name, a boilerplate caption twice with the same
// fingerprint context, a fuzzy misspelling, a trailing end marker) and
// characters that must come out of the page as text (&, <, >, quotes).
const ARTICLE = `Envoys meet at the border as talks resume

Data map: Delegates of both sides arrive at the conference hall on Tuesday morning.

In Seoul, Wen Zaiyin told reporters that the Korean-Korean dialogue would "continue step by step" & that both sides wanted calm <at least for now>.

Analysts noted that the old test site at Fengxilli had been quiet since spring, while the launch pad at Dongcangli showed fresh activity.

Officials from Kaicheng said a joint liaison office could reopen. A spokesman for the China News Agency declined to comment.

Data map: Delegates of both sides speak to reporters after the first round.

Talks at Kumgang Mountain were also discussed, according to Xu Xun. (End)
`;

// The findings the default glossary gives on ARTICLE, in order.
const EXPECTED_RULES = [
  'file-photo', 'moon-jae-in', 'inter-korean', 'punggye-ri', 'tongchang-ri', 'kaesong',
  'china-news-service', 'file-photo', 'mount-kumgang', 'suh-hoon', 'end-marker',
];

const LAUNCH = {
  executablePath: browserPath,
  headless: true,
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
};

function run(args, cwd) {
  const r = spawnSync(mtfix, args, { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  return r;
}

/** Writes `mtfix check --format html FILES` to review.html in cwd. */
function buildPage(cwd, files, out = 'review.html') {
  const r = run(['check', '--format', 'html', ...files], cwd);
  assert.ok(r.status === 0 || r.status === 1, `mtfix check --format html exited ${r.status}: ${r.stderr}`);
  const file = path.join(cwd, out);
  fs.writeFileSync(file, r.stdout);
  return file;
}

let browser;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mtfix-browser-'));

/** A fresh context and page that record console errors and page errors. */
async function open(file, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  context.setDefaultTimeout(5000);
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => errors.push(`requestfailed: ${r.url()}`));
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('#counts');
  return { context, page, errors };
}

const countsText = (page) => page.textContent('#counts');
const classes = async (page, sel) => (await page.getAttribute(sel, 'class')).split(/\s+/);
async function hasClass(page, sel, cls) {
  return (await classes(page, sel)).includes(cls);
}
async function shownItems(page) {
  return page.$$eval('#panel .item:not(.hidden)', (els) => els.map((e) => Number(e.dataset.i)));
}

before(async () => {
  assert.ok(fs.existsSync(mtfix), `no mtfix binary at ${mtfix} (cargo build --release)`);
  assert.ok(fs.existsSync(browserPath), `no browser at ${browserPath} (apt-get install -y chromium)`);
  browser = await chromium.launch(LAUNCH);
});

after(async () => {
  if (browser) await browser.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('review page on a fixture article', () => {
  const dir = path.join(tmp, 'fixture');
  let page;
  let context;
  let errors;
  let data;
  const idx = {};           // rule -> first index

  before(async () => {
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'article.txt'), ARTICLE);
    const file = buildPage(dir, ['article.txt']);
    ({ context, page, errors } = await open(file));
    data = await page.evaluate(() => JSON.parse(document.getElementById('mtfix-data').textContent));
    data.findings.forEach((f, i) => { if (!(f.rule in idx)) idx[f.rule] = i; });
  });

  after(async () => {
    if (context) await context.close();
  });

  test('loads with the findings, counts and controls, and no console errors', async () => {
    assert.deepEqual(data.findings.map((f) => f.rule), EXPECTED_RULES);
    assert.ok(data.findings.every((f) => f.path === 'article.txt'));
    assert.match(await page.textContent('#bar h1'), /mtfix review$/);
    assert.equal(await countsText(page), '11 findings · 0 accepted · 0 rejected · 11 undecided · 11 shown');
    assert.equal(await page.locator('#panel .item').count(), 11);
    assert.equal(await page.locator('#docs .f.undecided').count(), 11);
    for (const id of ['filter-rule', 'filter-category', 'filter-method', 'filter-action', 'filter-state', 'filter-confidence', 'export']) {
      assert.equal(await page.locator('#' + id).count(), 1, `#${id}`);
    }
    // The rule filter lists each rule once with its count.
    const options = await page.$$eval('#filter-rule option', (os) => os.map((o) => [o.value, o.textContent]));
    assert.deepEqual(options[0], ['', 'all (11)']);
    assert.ok(options.some(([v, t]) => v === 'file-photo' && t === 'file-photo (2)'));
    assert.equal(options.length, 1 + new Set(EXPECTED_RULES).size);
    // Panel item: location, rule, category, method, confidence, action, message, change.
    const item = await page.textContent('.item[data-i="3"]');
    for (const part of ['article.txt:7:42', 'punggye-ri', 'place', 'fuzzy', '0.80', 'suggest', 'Fengxilli', 'Punggye-ri', 'similar']) {
      assert.ok(item.includes(part), `item 3 shows ${part}: ${item}`);
    }
    const panelText = await page.textContent('#panel');
    assert.ok(!/\b(null|undefined|NaN)\b|\[object /.test(panelText), 'no stray null/undefined in the panel');
    // The text came through as text: no element was made from "<at least for now>".
    const pre = await page.textContent('pre.text');
    assert.ok(pre.includes('"continue step by step" & that both sides wanted calm <at least for now>.'));
    assert.equal(await page.locator('pre.text at').count(), 0);
    assert.equal(await page.textContent('#f1 del'), 'Wen Zaiyin');
    assert.equal(await page.textContent('#f1 ins'), 'Moon Jae-in');
    assert.deepEqual(errors, []);
  });

  test('accept and reject toggle the marks and the counts', async () => {
    await page.click('.item[data-i="0"] .accept');
    assert.ok(await hasClass(page, '#f0', 'accepted'));
    assert.ok(await hasClass(page, '.item[data-i="0"]', 'accepted'));
    assert.equal(await page.getAttribute('.item[data-i="0"] .accept', 'aria-pressed'), 'true');
    // Clicking the active button again returns to undecided.
    await page.click('.item[data-i="0"] .accept');
    assert.ok(await hasClass(page, '#f0', 'undecided'));
    await page.click('.item[data-i="0"] .accept');
    assert.ok(await hasClass(page, '#f0', 'accepted'));

    const ik = idx['inter-korean'];
    await page.click(`.item[data-i="${ik}"] .reject`);
    assert.ok(await hasClass(page, `#f${ik}`, 'rejected'));
    assert.ok(!(await hasClass(page, `#f${ik}`, 'accepted')));
    assert.ok(await hasClass(page, `#f${ik}`, 'selected'), 'the decided finding is selected');
    assert.ok(await page.isHidden(`#f${ik} ins`), 'a rejected mark hides its replacement');
    assert.equal(await countsText(page), '11 findings · 1 accepted · 1 rejected · 9 undecided · 11 shown');
    assert.deepEqual(errors, []);
  });

  test('clicking a mark selects it; j/k/arrows move, a/r/u decide', async () => {
    const moon = idx['moon-jae-in'];
    await page.click(`#f${moon}`);
    assert.ok(await hasClass(page, `#f${moon}`, 'selected'));
    assert.ok(await hasClass(page, `.item[data-i="${moon}"]`, 'selected'));
    assert.equal(await page.locator('#docs .f.selected').count(), 1);

    await page.keyboard.press('j');
    assert.ok(await hasClass(page, `#f${moon + 1}`, 'selected'));
    await page.keyboard.press('j');
    const pg = idx['punggye-ri'];
    assert.equal(pg, moon + 2);
    assert.ok(await hasClass(page, `#f${pg}`, 'selected'));
    await page.keyboard.press('a');
    assert.ok(await hasClass(page, `#f${pg}`, 'accepted'));

    await page.keyboard.press('k');
    assert.ok(await hasClass(page, `#f${pg - 1}`, 'selected'));
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    assert.ok(await hasClass(page, `#f${pg + 1}`, 'selected'));
    await page.keyboard.press('r');
    assert.ok(await hasClass(page, `#f${pg + 1}`, 'rejected'));
    await page.keyboard.press('u');
    assert.ok(await hasClass(page, `#f${pg + 1}`, 'undecided'));
    await page.keyboard.press('ArrowUp');
    assert.ok(await hasClass(page, `#f${pg}`, 'selected'));
    // The selected mark is scrolled into the document's view.
    const inView = await page.$eval(`#f${pg}`, (el) => {
      const r = el.getBoundingClientRect();
      const d = document.getElementById('docs').getBoundingClientRect();
      return r.top >= d.top && r.bottom <= d.bottom;
    });
    assert.ok(inView);
    assert.equal(await countsText(page), '11 findings · 2 accepted · 1 rejected · 8 undecided · 11 shown');
    assert.deepEqual(errors, []);
  });

  test('filters hide non-matching items and dim their marks', async () => {
    await page.selectOption('#filter-rule', 'file-photo');
    assert.deepEqual(await shownItems(page), [0, 7]);
    assert.ok(await hasClass(page, `#f${idx['moon-jae-in']}`, 'hidden'));
    assert.ok(await page.isVisible(`#f${idx['moon-jae-in']}`), 'hidden marks stay in the text');
    assert.ok(!(await hasClass(page, '#f7', 'hidden')));
    assert.match(await countsText(page), /· 2 shown$/);
    await page.selectOption('#filter-rule', '');

    await page.selectOption('#filter-action', 'suggest');
    assert.deepEqual(await shownItems(page), [idx['punggye-ri']]);
    await page.selectOption('#filter-action', '');

    await page.selectOption('#filter-method', 'regex');
    assert.deepEqual(await shownItems(page), [0, 7, 10]);
    await page.selectOption('#filter-method', '');

    await page.selectOption('#filter-category', 'boilerplate');
    assert.deepEqual(await shownItems(page), [0, 7, 10]);
    await page.selectOption('#filter-category', '');

    await page.selectOption('#filter-state', 'accepted');
    assert.deepEqual(await shownItems(page), [0, idx['punggye-ri']]);
    await page.selectOption('#filter-state', 'rejected');
    assert.deepEqual(await shownItems(page), [idx['inter-korean']]);
    await page.selectOption('#filter-state', '');

    await page.fill('#filter-confidence', '0.95');
    assert.equal(await page.textContent('#confidence-value'), '0.95');
    assert.deepEqual(await shownItems(page), [idx['moon-jae-in']]);
    await page.fill('#filter-confidence', '0.8');
    assert.equal((await shownItems(page)).length, 11, 'a confidence of 0.7999… counts as 0.80');
    await page.fill('#filter-confidence', '0');

    // Accept shown / Reject shown act on the filtered findings only.
    const suh = idx['suh-hoon'];
    await page.selectOption('#filter-rule', 'suh-hoon');
    await page.click('#accept-shown');
    assert.ok(await hasClass(page, `#f${suh}`, 'accepted'));
    await page.click('#reject-shown');
    assert.ok(await hasClass(page, `#f${suh}`, 'rejected'));
    await page.click(`.item[data-i="${suh}"] .reject`);
    assert.ok(await hasClass(page, `#f${suh}`, 'undecided'));
    await page.selectOption('#filter-rule', '');
    assert.equal((await shownItems(page)).length, 11);
    assert.equal(await countsText(page), '11 findings · 2 accepted · 1 rejected · 8 undecided · 11 shown');
    assert.deepEqual(errors, []);
  });

  test('editing the replacement accepts the finding as edited', async () => {
    const k = idx.kaesong;
    await page.click(`.item[data-i="${k}"] .meta`);
    assert.ok(await hasClass(page, `#f${k}`, 'selected'));
    // The field shows only for the selected finding.
    assert.ok(await page.isVisible(`.item[data-i="${k}"] .edit`));
    assert.ok(await page.isHidden(`.item[data-i="${idx['moon-jae-in']}"] .edit`));
    assert.equal(await page.inputValue(`.item[data-i="${k}"] .edit`), 'Kaesong');

    // Keys typed in the field are text, not commands.
    await page.keyboard.press('e');
    assert.ok(await page.$eval(`.item[data-i="${k}"] .edit`, (el) => el === document.activeElement));
    await page.keyboard.type('Kaesong city');
    assert.equal(await page.inputValue(`.item[data-i="${k}"] .edit`), 'Kaesong city');
    assert.ok(await hasClass(page, `#f${k}`, 'accepted'));
    assert.ok(await hasClass(page, `.item[data-i="${k}"]`, 'edited'));
    assert.equal(await page.textContent(`#f${k} ins`), 'Kaesong city');
    assert.equal(await page.textContent(`.item[data-i="${k}"] .change ins`), 'Kaesong city');
    assert.ok(await hasClass(page, `#f${k}`, 'selected'), '"j" typed in the field did not move');

    // Escape leaves the field; the keys work again.
    await page.keyboard.press('Escape');
    assert.ok(await page.$eval(`.item[data-i="${k}"] .edit`, (el) => el !== document.activeElement));
    await page.keyboard.press('j');
    assert.ok(await hasClass(page, `#f${k + 1}`, 'selected'));
    await page.keyboard.press('r');
    assert.ok(await hasClass(page, `#f${k + 1}`, 'rejected'));

    // The second caption (same context, occurrence 1) and the end marker (a deletion).
    await page.click('.item[data-i="7"] .accept');
    await page.click(`.item[data-i="${idx['end-marker']}"] .accept`);
    assert.ok(await hasClass(page, `#f${idx['end-marker']}`, 'accepted'));
    assert.equal(await countsText(page), '11 findings · 5 accepted · 2 rejected · 4 undecided · 11 shown');
    assert.deepEqual(errors, []);
  });

  let decisionsFile;

  test('export downloads the decided findings as JSON Lines', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
    assert.equal(download.suggestedFilename(), 'mtfix-decisions.jsonl');
    decisionsFile = path.join(dir, 'mtfix-decisions.jsonl');
    await download.saveAs(decisionsFile);
    const text = fs.readFileSync(decisionsFile, 'utf8');
    assert.ok(text.endsWith('\n'));
    const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l));
    for (const o of lines) {
      for (const key of Object.keys(o)) assert.ok(ALLOWED_KEYS.has(key), `unexpected key ${key}`);
    }
    const f = data.findings;
    const base = (i) => ({ path: 'article.txt', rule: f[i].rule, matched: f[i].matched, before: f[i].before, after: f[i].after });
    const expected = [
      { ...base(0), decision: 'accept', replacement: 'File photo:' },
      { ...base(idx['inter-korean']), decision: 'reject' },
      { ...base(idx['punggye-ri']), decision: 'accept', replacement: 'Punggye-ri' },
      { ...base(idx.kaesong), decision: 'accept', replacement: 'Kaesong city', edited: true },
      { ...base(idx['china-news-service']), decision: 'reject' },
      { ...base(7), occurrence: 1, decision: 'accept', replacement: 'File photo:' },
      { ...base(idx['end-marker']), decision: 'accept', replacement: '' },
    ];
    assert.deepEqual(lines, expected);
    // Key order as the Rust side writes it (decisions.rs).
    assert.deepEqual(Object.keys(lines[5]), ['path', 'rule', 'matched', 'before', 'after', 'occurrence', 'decision', 'replacement']);
    assert.deepEqual(Object.keys(lines[3]), ['path', 'rule', 'matched', 'before', 'after', 'decision', 'replacement', 'edited']);
    assert.equal(lines[5].before, '');
    assert.equal(lines[5].after, 'Delegates of both sides');

    // "x" exports too, the same file.
    await page.click('#f0');
    const [again] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('x')]);
    const second = path.join(dir, 'again.jsonl');
    await again.saveAs(second);
    assert.equal(fs.readFileSync(second, 'utf8'), text);
    fs.rmSync(second);
    assert.deepEqual(errors, []);
  });

  test('a reload keeps the decisions (localStorage); "start over" clears them', async () => {
    const before = await countsText(page);
    await page.reload();
    await page.waitForSelector('#counts');
    assert.equal(await countsText(page), before);
    assert.match(await page.textContent('#restored'), /Restored 7 decisions/);
    assert.ok(await hasClass(page, `#f${idx.kaesong}`, 'accepted'));
    assert.equal(await page.textContent(`#f${idx.kaesong} ins`), 'Kaesong city');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
    const again = path.join(dir, 'reloaded.jsonl');
    await download.saveAs(again);
    assert.equal(fs.readFileSync(again, 'utf8'), fs.readFileSync(decisionsFile, 'utf8'));
    fs.rmSync(again);

    await page.click('#restored button');
    assert.equal(await countsText(page), '11 findings · 0 accepted · 0 rejected · 11 undecided · 11 shown');
    assert.equal(await page.textContent(`#f${idx.kaesong} ins`), 'Kaesong');
    await page.reload();
    await page.waitForSelector('#counts');
    assert.equal(await countsText(page), '11 findings · 0 accepted · 0 rejected · 11 undecided · 11 shown');
    assert.equal(await page.locator('#restored').count(), 0);
    await page.click('.item[data-i="1"] .accept');
    await page.reload();
    await page.waitForSelector('#counts');
    assert.equal(await countsText(page), '11 findings · 1 accepted · 0 rejected · 10 undecided · 11 shown');
    assert.match(await page.textContent('#restored'), /Restored 1 decision saved/);
    assert.deepEqual(errors, []);
  });

  test('mtfix apply writes the accepted and edited replacements and keeps the rejected text', async (t) => {
    const help = run(['apply', '--help'], dir);
    if (help.status !== 0) {
      t.skip('`mtfix apply` is not in this build: the apply assertions did not run');
      console.log('# SKIP: `mtfix apply --help` failed, apply not implemented yet');
      return;
    }
    assert.ok(decisionsFile && fs.existsSync(decisionsFile), 'the export test made the file');
    const r = run(['apply', 'mtfix-decisions.jsonl'], dir);
    assert.equal(r.status, 0, `mtfix apply exited ${r.status}: ${r.stderr}${r.stdout}`);
    const text = fs.readFileSync(path.join(dir, 'article.txt'), 'utf8');
    // accepted
    assert.ok(text.includes('File photo: Delegates of both sides arrive at the conference hall'));
    assert.ok(text.includes('File photo: Delegates of both sides speak to reporters'));
    assert.ok(!text.includes('Data map:'));
    assert.ok(text.includes('the old test site at Punggye-ri had been quiet'));
    assert.ok(text.includes('according to Xu Xun.\n'), 'the end marker was deleted');
    assert.ok(!text.includes('(End)'));
    // edited
    assert.ok(text.includes('Officials from Kaesong city said'));
    // rejected
    assert.ok(text.includes('the Korean-Korean dialogue'));
    assert.ok(text.includes('the China News Agency declined'));
    // undecided: left alone
    assert.ok(text.includes('In Seoul, Wen Zaiyin told reporters'));
    assert.ok(text.includes('at Dongcangli showed'));
    assert.ok(text.includes('Talks at Kumgang Mountain'));
    // everything else as it was
    const expected = ARTICLE
      .replace('Data map: Delegates of both sides arrive', 'File photo: Delegates of both sides arrive')
      .replace('Data map: Delegates of both sides speak', 'File photo: Delegates of both sides speak')
      .replace('Fengxilli', 'Punggye-ri')
      .replace('Kaicheng', 'Kaesong city')
      .replace(' (End)', '');
    assert.equal(text, expected);
  });
});

describe('review page on awkward input', () => {
  test('names and text that look like markup stay text; no script runs from the data', async () => {
    const dir = path.join(tmp, 'awkward');
    fs.mkdirSync(dir);
    const name = `odd <b>name<b> & "q" 'x'.txt`;
    fs.writeFileSync(path.join(dir, name),
      'Data map: </script><script>window.injected = 1</script> <img src=x onerror="window.injected = 2">\n' +
      'In Seoul, Wen Zaiyin spoke of "</pre>" & <!-- a comment --> \u2028 too.\n');
    const file = buildPage(dir, [name]);
    const { context, page, errors } = await open(file);
    try {
      assert.equal(await page.evaluate(() => window.injected), undefined);
      assert.equal(await page.textContent('section.doc h2'), name);
      assert.equal(await page.locator('section.doc h2 b, pre.text img, pre.text script').count(), 0);
      assert.equal(await page.locator('#panel .item').count(), 2);
      assert.ok((await page.textContent('.item[data-i="0"] .pos')).startsWith(name + ':1:1'));
      const pre = await page.textContent('pre.text');
      assert.ok(pre.includes('</script><script>window.injected = 1</script>'));
      assert.ok(pre.includes('"</pre>" & <!-- a comment -->'));
      await page.click('.item[data-i="1"] .accept');
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
      const out = path.join(dir, 'd.jsonl');
      await download.saveAs(out);
      const line = JSON.parse(fs.readFileSync(out, 'utf8'));
      assert.equal(line.path, name);
      assert.equal(line.replacement, 'Moon Jae-in');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('zero findings: the empty page works and nothing throws', async () => {
    const dir = path.join(tmp, 'clean');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'clean.txt'), 'The talks ended on Friday without a statement.\n');
    const file = buildPage(dir, ['clean.txt']);
    const { context, page, errors } = await open(file);
    try {
      assert.equal(await page.locator('p.empty').count(), 1);
      assert.equal(await countsText(page), '0 findings · 0 accepted · 0 rejected · 0 undecided · 0 shown');
      for (const key of ['j', 'k', 'a', 'r', 'u', 'e', 'x', 'Escape', 'ArrowDown']) await page.keyboard.press(key);
      await page.click('#export');
      assert.ok(await page.isDisabled('#accept-shown'));
      await page.selectOption('#filter-state', 'accepted');
      assert.match(await page.textContent('#status'), /nothing to export/i);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('a finding from the Chinese source: no replacement until one is typed', async () => {
    // --source findings have replacement null: no <ins>; an accept without
    // an edit exports no replacement, an edit exports it with edited.
    const dir = path.join(tmp, 'source');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'en.txt'), 'The president arrived in Hanoi on Tuesday.\n');
    fs.writeFileSync(path.join(dir, 'zh.txt'), '文在寅总统周二抵达河内。\n');
    const r = run(['check', '--format', 'html', '--source', 'zh.txt', 'en.txt'], dir);
    assert.equal(r.status, 1, r.stderr);
    fs.writeFileSync(path.join(dir, 'review.html'), r.stdout);
    const { context, page, errors } = await open(path.join(dir, 'review.html'));
    const exportLines = async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
      const out = path.join(dir, 'd.jsonl');
      await download.saveAs(out);
      return fs.readFileSync(out, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    };
    try {
      const findings = await page.evaluate(() => JSON.parse(document.getElementById('mtfix-data').textContent).findings);
      assert.equal(findings.length, 1);
      assert.equal(findings[0].replacement, null);
      assert.equal(findings[0].method, 'source');
      assert.equal(await page.locator('#f0 ins').count(), 0);
      const item = await page.textContent('.item[data-i="0"]');
      assert.ok(item.includes('source: 文在寅'), item);
      assert.ok(item.includes('no replacement'), item);
      await page.click('.item[data-i="0"] .accept');
      let [line] = await exportLines();
      assert.deepEqual(line, { path: 'en.txt', rule: 'moon-jae-in', matched: findings[0].matched, before: '', after: '', decision: 'accept' });
      const fixed = 'President Moon Jae-in arrived in Hanoi on Tuesday.';
      await page.fill('.item[data-i="0"] .edit', fixed);
      assert.equal(await page.textContent('#f0 ins'), fixed);
      [line] = await exportLines();
      assert.equal(line.replacement, fixed);
      assert.equal(line.edited, true);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});

describe('review page on the seed articles', () => {
  test('loads with no console errors and navigates', async (t) => {
    const seeds = fs.existsSync(seedsDir)
      ? fs.readdirSync(seedsDir).filter((n) => n.endsWith('.txt')).sort().map((n) => path.join(seedsDir, n))
      : [];
    if (seeds.length === 0) {
      if (process.env.MTFIX_REQUIRE_SEEDS === '1') assert.fail(`no seed articles in ${seedsDir}`);
      t.skip(`no seed articles in ${seedsDir}`);
      return;
    }
    const dir = path.join(tmp, 'seeds');
    fs.mkdirSync(dir);
    const file = buildPage(dir, seeds);
    const { context, page, errors } = await open(file);
    try {
      const n = await page.evaluate(() => JSON.parse(document.getElementById('mtfix-data').textContent).findings.length);
      assert.ok(n > 0, 'the seeds have findings');
      assert.equal(await page.locator('#panel .item').count(), n);
      assert.equal(await page.locator('#docs .f').count(), n);
      assert.equal(await page.locator('section.doc').count(), seeds.length);
      assert.equal(await countsText(page), `${n} finding${n === 1 ? '' : 's'} · 0 accepted · 0 rejected · ${n} undecided · ${n} shown`);
      await page.keyboard.press('j');
      await page.keyboard.press('j');
      assert.ok(await hasClass(page, '#f1', 'selected'));
      await page.keyboard.press('a');
      for (let k = 0; k < n + 2; k++) await page.keyboard.press('j');
      assert.ok(await hasClass(page, `#f${n - 1}`, 'selected'), 'j stops at the last finding');
      await page.keyboard.press('r');
      assert.equal(await countsText(page), `${n} findings · 1 accepted · 1 rejected · ${n - 2} undecided · ${n} shown`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});

describe('screenshot', { skip: process.env.MTFIX_SCREENSHOT !== '1' && 'set MTFIX_SCREENSHOT=1 to write docs/review-page.png' }, () => {
  test('docs/review-page.png at 1280x800', async () => {
    const dir = path.join(tmp, 'shot');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'article.txt'), ARTICLE);
    const file = buildPage(dir, ['article.txt']);
    const { context, page, errors } = await open(file);
    try {
      await page.click('.item[data-i="0"] .accept');
      await page.click('.item[data-i="2"] .reject');
      await page.click('.item[data-i="3"] .accept');
      await page.click('.item[data-i="5"] .meta');
      await page.fill('.item[data-i="5"] .edit', 'Kaesong city');
      await page.click('#f1');
      await page.evaluate(() => {
        document.activeElement && document.activeElement.blur();
        document.getElementById('docs').scrollTop = 0;
        document.getElementById('panel').scrollTop = 0;
      });
      fs.mkdirSync(path.dirname(screenshotPath), { recursive: true });
      await page.screenshot({ path: screenshotPath });
      assert.ok(fs.statSync(screenshotPath).size > 10000);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
