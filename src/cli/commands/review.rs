//! `mtfix review`: a terminal walk through the findings (ratatui over
//! crossterm, so it works over SSH and in any terminal; without colour the
//! span is still marked with carets).
//!
//! The state machine ([`App`]) is plain data driven by key events, tested
//! without a terminal; `run` only wires it to crossterm and writes the
//! results: the decisions file first, then the accepted changes.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use mtfix::output::{write_atomic, write_new_or_atomic};
use mtfix::report::{LineIndex, excerpt};
use mtfix::review::{Decision, Decisions, Fingerprint, Verdict, fingerprints, replay};
use mtfix::{Finding, Matcher};
use ratatui::Frame;
use ratatui::crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::{Constraint, Layout};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::apply::REVIEW_POLICY;
use super::{Allow, Reading, report_error};
use crate::cli::ExitStatus;

/// What `review` does besides walking.
pub struct Options<'a> {
    /// The decisions file.
    pub decisions: &'a Path,
    /// Keep decisions, write no document.
    pub dry_run: bool,
    /// Promote rejections to the allow list.
    pub remember: bool,
    /// Walk decided findings too.
    pub all: bool,
    /// ANSI styles.
    pub color: bool,
}

/// Lines of context shown above and below the finding's line.
const CONTEXT_LINES: usize = 2;

/// One document under review.
pub struct Doc {
    name: String,
    path: Option<PathBuf>,
    text: String,
    index: LineIndex,
    findings: Vec<Finding>,
}

/// One finding under review.
pub struct Item {
    doc: usize,
    /// Index in its document's findings.
    finding: usize,
    fp: Fingerprint,
}

/// One undoable step: the items it decided and their earlier decisions.
struct Step {
    at: usize,
    before: Vec<(usize, Option<Decision>)>,
}

enum Mode {
    Browse,
    Edit { buffer: String, cursor: usize },
}

/// The review session.
pub struct App {
    docs: Vec<Doc>,
    items: Vec<Item>,
    decisions: Decisions,
    pos: usize,
    history: Vec<Step>,
    mode: Mode,
    all: bool,
    color: bool,
    quit: bool,
    done: bool,
    note: String,
}

impl App {
    /// A session over `docs`, resuming `decisions`.
    pub fn new(docs: Vec<Doc>, decisions: Decisions, all: bool, color: bool) -> App {
        let mut items = Vec::new();
        for (d, doc) in docs.iter().enumerate() {
            for (i, fp) in fingerprints(&doc.text, &doc.findings)
                .into_iter()
                .enumerate()
            {
                items.push(Item {
                    doc: d,
                    finding: i,
                    fp,
                });
            }
        }
        let mut app = App {
            docs,
            items,
            decisions,
            pos: 0,
            history: Vec::new(),
            mode: Mode::Browse,
            all,
            color,
            quit: false,
            done: false,
            note: String::new(),
        };
        if !app.all {
            match (0..app.items.len()).find(|&i| app.decision(i).is_none()) {
                Some(i) => app.pos = i,
                None => app.done = true,
            }
        }
        app.done |= app.items.is_empty();
        app
    }

    fn item(&self, i: usize) -> (&Doc, &Finding, &Fingerprint) {
        let it = &self.items[i];
        let doc = &self.docs[it.doc];
        (doc, &doc.findings[it.finding], &it.fp)
    }

    fn decision(&self, i: usize) -> Option<&Decision> {
        let it = &self.items[i];
        self.decisions.get(&self.docs[it.doc].name, &it.fp)
    }

    fn set(&mut self, i: usize, d: Option<Decision>) {
        let it = &self.items[i];
        let name = self.docs[it.doc].name.clone();
        match d {
            Some(d) => self.decisions.insert(d),
            None => {
                self.decisions.remove(&name, &it.fp);
            }
        }
    }

    fn decide(&mut self, targets: &[usize], verdict: Verdict, edit: Option<String>) {
        let mut step = Step {
            at: self.pos,
            before: Vec::new(),
        };
        for &i in targets {
            step.before.push((i, self.decision(i).cloned()));
            let (doc, f, fp) = self.item(i);
            let mut d = Decision::new(&doc.name, fp, verdict, None);
            if verdict == Verdict::Accept {
                d.edited = edit
                    .as_ref()
                    .is_some_and(|e| Some(e) != f.replacement.as_ref());
                d.replacement = edit.clone().or_else(|| f.replacement.clone());
            }
            self.set(i, Some(d));
        }
        self.history.push(step);
        self.advance();
    }

    /// Moves to the next finding to decide (the next one at all with `--all`).
    fn advance(&mut self) {
        let next = (self.pos + 1..self.items.len())
            .chain(0..self.pos)
            .find(|&i| self.all || self.decision(i).is_none());
        match next {
            Some(i) if self.all && i <= self.pos => self.done = true,
            Some(i) => self.pos = i,
            None => self.done = true,
        }
    }

    fn undo(&mut self) {
        let Some(step) = self.history.pop() else {
            self.note = "nothing to undo".into();
            return;
        };
        for (i, d) in step.before.into_iter().rev() {
            self.set(i, d);
        }
        self.pos = step.at;
        self.done = false;
        self.note = "undone".into();
    }

    /// Handles one key press; returns false once the session should end.
    pub fn handle(&mut self, key: KeyEvent) -> bool {
        if key.kind != KeyEventKind::Press {
            return !self.quit;
        }
        if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
            self.quit = true;
            return false;
        }
        self.note.clear();
        if let Mode::Edit { buffer, cursor } = &mut self.mode {
            match key.code {
                KeyCode::Enter => {
                    let text = std::mem::take(buffer);
                    self.mode = Mode::Browse;
                    let at = self.pos;
                    self.decide(&[at], Verdict::Accept, Some(text));
                }
                KeyCode::Esc => self.mode = Mode::Browse,
                KeyCode::Left => *cursor = cursor.saturating_sub(1),
                KeyCode::Right => *cursor = (*cursor + 1).min(buffer.chars().count()),
                KeyCode::Home => *cursor = 0,
                KeyCode::End => *cursor = buffer.chars().count(),
                KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                    buffer.clear();
                    *cursor = 0;
                }
                KeyCode::Char('h')
                    if key.modifiers.contains(KeyModifiers::CONTROL) && *cursor > 0 =>
                {
                    let at = byte_at(buffer, *cursor - 1);
                    buffer.remove(at);
                    *cursor -= 1;
                }
                KeyCode::Backspace if *cursor > 0 => {
                    let at = byte_at(buffer, *cursor - 1);
                    buffer.remove(at);
                    *cursor -= 1;
                }
                KeyCode::Delete if *cursor < buffer.chars().count() => {
                    let at = byte_at(buffer, *cursor);
                    buffer.remove(at);
                }
                KeyCode::Char(c) => {
                    let at = byte_at(buffer, *cursor);
                    buffer.insert(at, c);
                    *cursor += 1;
                }
                _ => {}
            }
            return true;
        }
        match key.code {
            KeyCode::Char('q') | KeyCode::Esc => {
                self.quit = true;
                return false;
            }
            KeyCode::Char('u') => self.undo(),
            _ if self.done => {
                self.note = "all findings are decided: q saves and quits, u undoes".into();
            }
            KeyCode::Char('a' | 'y') => {
                let at = self.pos;
                self.decide(&[at], Verdict::Accept, None);
            }
            KeyCode::Char('r' | 'n') => {
                let at = self.pos;
                self.decide(&[at], Verdict::Reject, None);
            }
            KeyCode::Char('A') => {
                let (doc, rule) = (
                    self.items[self.pos].doc,
                    self.items[self.pos].fp.rule.clone(),
                );
                let targets: Vec<usize> = (0..self.items.len())
                    .filter(|&i| {
                        i == self.pos
                            || (self.items[i].doc == doc
                                && self.items[i].fp.rule == rule
                                && self.decision(i).is_none())
                    })
                    .collect();
                self.note = format!(
                    "accepted {} finding(s) of {rule} in this file",
                    targets.len()
                );
                self.decide(&targets, Verdict::Accept, None);
            }
            KeyCode::Char('e') => {
                let current = self
                    .decision(self.pos)
                    .and_then(|d| d.replacement.clone())
                    .or_else(|| self.item(self.pos).1.replacement.clone())
                    .unwrap_or_default();
                let cursor = current.chars().count();
                self.mode = Mode::Edit {
                    buffer: current,
                    cursor,
                };
            }
            KeyCode::Char('s' | ' ') | KeyCode::Right | KeyCode::Down | KeyCode::Char('j') => {
                if self.pos + 1 < self.items.len() {
                    self.pos += 1;
                } else {
                    self.note = "last finding".into();
                }
            }
            KeyCode::Char('p' | 'k') | KeyCode::Left | KeyCode::Up => {
                if self.pos > 0 {
                    self.pos -= 1;
                } else {
                    self.note = "first finding".into();
                }
            }
            _ => self.note = "keys: a r e A s p u q".into(),
        }
        true
    }

    fn counts(&self) -> (usize, usize) {
        let mut accepted = 0;
        let mut rejected = 0;
        for i in 0..self.items.len() {
            match self.decision(i).map(|d| d.decision) {
                Some(Verdict::Accept) => accepted += 1,
                Some(Verdict::Reject) => rejected += 1,
                None => {}
            }
        }
        (accepted, rejected)
    }

    fn style(&self, s: Style) -> Style {
        if self.color { s } else { Style::default() }
    }

    /// Draws the screen.
    pub fn render(&self, frame: &mut Frame) {
        let [top, body, info, keys] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(3),
            Constraint::Length(8),
            Constraint::Length(2),
        ])
        .areas(frame.area());
        let (accepted, rejected) = self.counts();
        let total = self.items.len();
        let left = total - accepted - rejected;
        let bold = self.style(Style::new().add_modifier(Modifier::BOLD));
        if total == 0 {
            frame.render_widget(
                Paragraph::new("mtfix review: no findings. Press q to quit."),
                top,
            );
            return;
        }
        let (doc, f, fp) = self.item(self.pos);
        let header = Line::from(vec![
            Span::styled(" mtfix review ", bold),
            Span::raw(format!(
                " {}   {} / {}   accepted {accepted}  rejected {rejected}  left {left}",
                doc.name,
                self.pos + 1,
                total
            )),
        ]);
        frame.render_widget(Paragraph::new(header), top);
        frame.render_widget(
            Paragraph::new(self.context_lines(doc, f))
                .block(Block::new().borders(Borders::TOP | Borders::BOTTOM)),
            body,
        );

        let dim = self.style(Style::new().fg(Color::DarkGray));
        let red = self.style(
            Style::new()
                .fg(Color::Red)
                .add_modifier(Modifier::CROSSED_OUT),
        );
        let green = self.style(Style::new().fg(Color::Green).add_modifier(Modifier::BOLD));
        let decision = match self.decision(self.pos) {
            None => "undecided".to_owned(),
            Some(d) => match (d.decision, d.edited) {
                (Verdict::Accept, true) => format!(
                    "accepted, edited to {:?}",
                    d.replacement.as_deref().unwrap_or("")
                ),
                (Verdict::Accept, false) => "accepted".to_owned(),
                (Verdict::Reject, _) => "rejected".to_owned(),
            },
        };
        let proposal = match f.replacement.as_deref() {
            None => Span::raw("(no replacement: e writes one, r dismisses)"),
            Some("") => Span::styled("(delete)", green),
            Some(r) => Span::styled(r.to_owned(), green),
        };
        let mut lines = vec![
            Line::from(vec![
                Span::styled(" rule      ", dim),
                Span::raw(format!("{} ({})", f.rule, f.category)),
            ]),
            Line::from(vec![
                Span::styled(" found by  ", dim),
                Span::raw(format!(
                    "{} · confidence {:.2} · {}",
                    f.method.as_str(),
                    f.confidence,
                    f.action.as_str()
                )),
            ]),
            Line::from(vec![
                Span::styled(" message   ", dim),
                Span::raw(f.message.clone()),
            ]),
            Line::from(vec![
                Span::styled(" change    ", dim),
                Span::styled(fp.matched.clone(), red),
                Span::raw(" → "),
                proposal,
            ]),
            Line::from(vec![
                Span::styled(" decision  ", dim),
                Span::styled(decision, bold),
            ]),
        ];
        if let Some(src) = &f.source_term {
            lines.insert(
                3,
                Line::from(vec![
                    Span::styled(" source    ", dim),
                    Span::raw(src.clone()),
                ]),
            );
        }
        frame.render_widget(Paragraph::new(lines), info);

        let help = match &self.mode {
            Mode::Edit { buffer, cursor } => {
                let mut shown = buffer.clone();
                shown.insert(byte_at(buffer, *cursor), '|');
                vec![
                    Line::from(format!(" replacement: {shown}")),
                    Line::from(" Enter accept with this text   Esc cancel"),
                ]
            }
            Mode::Browse if self.done => vec![
                Line::from(Span::styled(
                    " All findings decided. q: save and quit   u: undo",
                    bold,
                )),
                Line::from(format!(" {}", self.note)),
            ],
            Mode::Browse => vec![
                Line::from(
                    " a accept  r reject  e edit  A accept rule in file  s skip  p back  u undo  q save & quit",
                ),
                Line::from(format!(" {}", self.note)),
            ],
        };
        frame.render_widget(Paragraph::new(help), keys);
    }

    fn context_lines(&self, doc: &Doc, f: &Finding) -> Vec<Line<'static>> {
        let idx = &doc.index;
        let line = idx.line_of(f.span.start);
        // A final line break does not start a line worth showing.
        let last_line = idx.line_of(doc.text.len().saturating_sub(1));
        let first = line.saturating_sub(CONTEXT_LINES);
        let last = (line + CONTEXT_LINES).min(last_line);
        let gutter = (last + 1).to_string().len();
        let num = self.style(Style::new().fg(Color::Blue));
        let mark = self.style(
            Style::new()
                .fg(Color::Red)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        );
        let green = self.style(Style::new().fg(Color::Green));
        let mut out = Vec::new();
        for l in first..=last {
            let range = idx.line_range(&doc.text, l);
            let text = &doc.text[range.clone()];
            if l == line {
                let (shown, at, width) =
                    excerpt(text, f.span.start - range.start, f.span.end - range.start);
                let a = shown.char_indices().nth(at).map_or(shown.len(), |(i, _)| i);
                let b = shown[a..]
                    .char_indices()
                    .nth(width)
                    .map_or(shown.len(), |(i, _)| a + i);
                out.push(Line::from(vec![
                    Span::styled(format!("{:>gutter$} │ ", l + 1), num),
                    Span::raw(shown[..a].to_owned()),
                    Span::styled(shown[a..b].to_owned(), mark),
                    Span::raw(shown[b..].to_owned()),
                ]));
                let pad = shown[..a].width();
                let label = match f.replacement.as_deref() {
                    None => "?".to_owned(),
                    Some("") => "(delete)".to_owned(),
                    Some(r) => r.to_owned(),
                };
                out.push(Line::from(vec![
                    Span::styled(format!("{:>gutter$} │ ", ""), num),
                    Span::raw(" ".repeat(pad)),
                    Span::styled("^".repeat(shown[a..b].width().max(1)), mark),
                    Span::raw(" "),
                    Span::styled(label, green),
                ]));
            } else {
                let (shown, _, _) = excerpt(text, 0, 0);
                out.push(Line::from(vec![
                    Span::styled(format!("{:>gutter$} │ ", l + 1), num),
                    Span::raw(shown),
                ]));
            }
        }
        out
    }
}

/// Byte offset of char `n` in `s` (its length past the end).
fn byte_at(s: &str, n: usize) -> usize {
    s.char_indices().nth(n).map_or(s.len(), |(i, _)| i)
}

pub fn run(
    matcher: &Matcher,
    mut allow: Allow,
    reading: &Reading,
    paths: &[PathBuf],
    options: &Options,
) -> Result<ExitStatus> {
    if paths.iter().any(|p| p.as_os_str() == "-") {
        bail!(
            "review writes back to files; standard input cannot be reviewed (use `check --format html` or `fix`)"
        );
    }
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        bail!("review needs a terminal; without one, use `check --format html` and `apply`");
    }
    let decisions = mtfix::review::Decisions::read_if_exists(options.decisions)?;
    let mut errors = 0;
    let mut docs = Vec::new();
    for doc in reading.documents(paths) {
        match doc {
            Ok(doc) => {
                let outcome = allow.check(matcher, &doc, &REVIEW_POLICY);
                if outcome.findings.is_empty() {
                    continue;
                }
                docs.push(Doc {
                    index: LineIndex::new(&doc.text),
                    name: doc.name,
                    path: doc.path,
                    text: doc.text,
                    findings: outcome.findings,
                });
            }
            Err(e) => {
                report_error(&e);
                errors += 1;
            }
        }
    }
    let mut app = App::new(docs, decisions, options.all, options.color);
    let mut terminal = ratatui::init();
    let looped = (|| -> Result<()> {
        loop {
            terminal.draw(|f| app.render(f))?;
            if let Event::Key(key) = event::read()?
                && !app.handle(key)
            {
                return Ok(());
            }
        }
    })();
    ratatui::restore();
    looped?;
    finish(&app, &mut allow, options, errors)
}

/// Writes the decisions, then the documents, then the allow list.
fn finish(
    app: &App,
    allow: &mut Allow,
    options: &Options,
    mut errors: usize,
) -> Result<ExitStatus> {
    let save = |decisions: &Decisions| {
        write_new_or_atomic(options.decisions, &decisions.to_jsonl()).with_context(|| {
            format!(
                "cannot write the decisions to {}",
                options.decisions.display()
            )
        })
    };
    // Saved first, so that nothing decided is lost whatever happens next.
    save(&app.decisions)?;
    let (accepted, rejected) = app.counts();
    let mut written = 0;
    let mut applied = 0;
    // Rejections as they read once the accepted changes are written (a
    // fixed neighbour changes their context words).
    let mut rejections: Vec<Fingerprint> = Vec::new();
    let mut rekeyed = app.decisions.clone();
    let mut first_item = 0;
    for doc in &app.docs {
        let items = first_item..first_item + doc.findings.len();
        first_item = items.end;
        let result = replay(&doc.text, &doc.findings, app.decisions.for_path(&doc.name));
        let n = result.count(mtfix::review::Status::Applied);
        let mut now_written = false;
        if n > 0
            && result.text != doc.text
            && !options.dry_run
            && let Some(path) = &doc.path
        {
            match write_atomic(path, &result.text) {
                Ok(()) => {
                    written += 1;
                    now_written = true;
                }
                Err(e) => {
                    report_error(&e);
                    errors += 1;
                    continue;
                }
            }
        }
        applied += n;
        let after = result.fingerprints_after(&doc.findings);
        for (i, fp_after) in items.zip(after) {
            let Some(d) = app.decision(i).filter(|d| d.decision == Verdict::Reject) else {
                continue;
            };
            match fp_after.filter(|_| now_written) {
                Some(fp) if fp != app.items[i].fp => {
                    rekeyed.remove(&doc.name, &app.items[i].fp);
                    rekeyed.insert(Decision::new(&doc.name, &fp, d.decision, None));
                    rejections.push(fp);
                }
                _ => rejections.push(app.items[i].fp.clone()),
            }
        }
    }
    if rekeyed != app.decisions {
        save(&rekeyed)?;
    }
    eprintln!(
        "mtfix: {accepted} accepted, {rejected} rejected, {} left of {} findings; decisions in {}",
        app.items.len() - accepted - rejected,
        app.items.len(),
        options.decisions.display()
    );
    if options.dry_run {
        eprintln!(
            "mtfix: dry run: {applied} accepted change(s) not written; `mtfix apply {}` writes them",
            options.decisions.display()
        );
    } else {
        eprintln!("mtfix: {applied} change(s) written to {written} file(s)");
    }
    if options.remember {
        let added = allow.remember(&rejections)?;
        eprintln!(
            "mtfix: {added} rejection(s) added to {}",
            allow.path.display()
        );
    }
    Ok(if errors > 0 {
        ExitStatus::Error
    } else if accepted + rejected < app.items.len() {
        ExitStatus::Findings
    } else {
        ExitStatus::Clean
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use mtfix::{Document, Glossary, check_document};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    const TEXT: &str = "Seoul, March 3.\nIn Seoul, Wen Zaiyin met the envoy.\nData map: officials in Pyongyang.\nLater Wen Zaiyin left for the Golden Conference in Hanoi.\n";

    fn app(decisions: Decisions, all: bool) -> App {
        let m = Matcher::new(Glossary::builtin()).unwrap();
        let doc = Document::from_text("a.txt", TEXT);
        let out = check_document(&m, &doc, &REVIEW_POLICY);
        let docs = vec![Doc {
            index: LineIndex::new(TEXT),
            name: doc.name,
            path: None,
            text: doc.text,
            findings: out.findings,
        }];
        App::new(docs, decisions, all, false)
    }

    fn key(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    fn press(app: &mut App, keys: &str) {
        for c in keys.chars() {
            app.handle(key(c));
        }
    }

    fn verdicts(app: &App) -> Vec<Option<(Verdict, Option<String>)>> {
        (0..app.items.len())
            .map(|i| app.decision(i).map(|d| (d.decision, d.replacement.clone())))
            .collect()
    }

    fn screen(app: &App) -> String {
        let mut t = Terminal::new(TestBackend::new(100, 22)).unwrap();
        t.draw(|f| app.render(f)).unwrap();
        let buf = t.backend().buffer();
        let area = buf.area;
        (0..area.height)
            .map(|y| {
                let line: String = (0..area.width).map(|x| buf[(x, y)].symbol()).collect();
                line.trim_end().to_owned()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn keys_decide_skip_go_back_and_undo() {
        let mut a = app(Decisions::new(), false);
        let rules: Vec<&str> = a.items.iter().map(|i| i.fp.rule.as_str()).collect();
        assert_eq!(
            rules,
            [
                "moon-jae-in",
                "file-photo",
                "moon-jae-in",
                "trump-kim-summit"
            ]
        );
        let moon = Some("Moon Jae-in".to_owned());
        press(&mut a, "ar");
        assert_eq!(a.pos, 2);
        assert_eq!(
            verdicts(&a)[..2],
            [
                Some((Verdict::Accept, moon.clone())),
                Some((Verdict::Reject, None))
            ]
        );
        press(&mut a, "s"); // skip: nothing decided
        assert_eq!((a.pos, verdicts(&a)[2].clone()), (3, None));
        press(&mut a, "p");
        assert_eq!(a.pos, 2);
        press(&mut a, "u"); // undoes the reject, goes back to it
        assert_eq!((a.pos, verdicts(&a)[1].clone()), (1, None));
        press(&mut a, "u");
        assert_eq!((a.pos, verdicts(&a)[0].clone()), (0, None));
        press(&mut a, "u");
        assert_eq!(a.note, "nothing to undo");
        // A: every undecided finding of this rule in this file.
        press(&mut a, "A");
        let v = verdicts(&a);
        assert_eq!(
            (v[0].clone(), v[2].clone()),
            (
                Some((Verdict::Accept, moon.clone())),
                Some((Verdict::Accept, moon.clone()))
            )
        );
        assert_eq!((a.pos, v[1].clone()), (1, None));
        press(&mut a, "u");
        assert!(verdicts(&a).iter().all(Option::is_none));
    }

    #[test]
    fn editing_a_replacement() {
        let mut a = app(Decisions::new(), false);
        press(&mut a, "e");
        for _ in 0.."Moon Jae-in".len() {
            a.handle(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
        }
        press(&mut a, "President Moon");
        a.handle(KeyEvent::new(KeyCode::Home, KeyModifiers::NONE));
        press(&mut a, "S. ");
        assert!(
            screen(&a).contains("replacement: S. |President Moon"),
            "{}",
            screen(&a)
        );
        a.handle(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
        let d = a.decisions.iter().next().unwrap();
        assert_eq!(
            (d.replacement.as_deref(), d.edited),
            (Some("S. President Moon"), true)
        );
        // Esc leaves the field without deciding.
        press(&mut a, "e");
        a.handle(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
        assert_eq!(a.decisions.len(), 1);
        assert_eq!(a.pos, 1);
    }

    #[test]
    fn a_second_session_resumes_where_the_first_stopped() {
        let mut first = app(Decisions::new(), false);
        press(&mut first, "ar");
        let kept = Decisions::parse(&first.decisions.to_jsonl(), "d").unwrap();
        let second = app(kept.clone(), false);
        assert_eq!(second.pos, 2);
        assert_eq!(verdicts(&second)[..2], verdicts(&first)[..2]);
        let all = app(kept, true);
        assert_eq!(all.pos, 0);
        // Once everything is decided the session says so and keys do nothing but undo/quit.
        let mut done = app(Decisions::new(), false);
        press(&mut done, "aaaa");
        assert!(done.done);
        press(&mut done, "r");
        assert!(done.note.starts_with("all findings are decided"));
        assert!(screen(&done).contains("All findings decided."));
        assert!(!done.handle(key('q')));
    }

    #[test]
    fn screen_without_colour() {
        let mut a = app(Decisions::new(), false);
        press(&mut a, "a");
        insta::assert_snapshot!(screen(&a));
    }
}
