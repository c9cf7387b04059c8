//! Terminal restore, proven: the real binary runs in a pseudo-terminal, gets keys, and
//! quits; afterwards the terminal is back in cooked mode (ICANON and ECHO on, the settings it had
//! before) and the escape sequences that leave the alternate screen, mouse capture and
//! bracketed paste were written. The same after a panic inside the event loop: F12 panics there
//! when the crate is built with the `test-panic` feature, which the crate's dev-dependency on
//! itself turns on for `cargo test`.
//!
//! The same again after each terminating signal (SIGTERM, SIGHUP, SIGQUIT, an external SIGINT),
//! and around a suspend (Ctrl-Z or `kill -TSTP`) and resume (SIGCONT): the terminal is usable
//! while the explorer is stopped, and the explorer comes back on its screen. And after opening
//! each reading overlay (notices log, a result's detail, the help search) at 80×24, 120×40 and
//! 200×60, whether it is closed first or Ctrl-C quits from inside it.
//!
//! Unix only: it needs `openpty` and termios (from the `libc` dev-dependency).
#![cfg(unix)]

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

const ENTER_ALT_SCREEN: &str = "\x1b[?1049h";
const LEAVE_ALT_SCREEN: &str = "\x1b[?1049l";
/// crossterm's EnableMouseCapture: normal, button-event, any-event, RXVT and SGR tracking.
const MOUSE_ON: &str = "\x1b[?1000h\x1b[?1002h\x1b[?1003h\x1b[?1015h\x1b[?1006h";
/// DisableMouseCapture: the same modes off, in reverse order.
const MOUSE_OFF: &str = "\x1b[?1006l\x1b[?1015l\x1b[?1003l\x1b[?1002l\x1b[?1000l";
const PASTE_ON: &str = "\x1b[?2004h";
const PASTE_OFF: &str = "\x1b[?2004l";
const SHOW_CURSOR: &str = "\x1b[?25h";
/// "Where is the cursor?" (device status report); a terminal answers `ESC [ row ; col R`.
const CURSOR_QUERY: &[u8] = b"\x1b[6n";
/// F12 as an xterm sends it.
const F12: &[u8] = b"\x1b[24~";
const PANIC_MESSAGE: &str = "test-panic: F12 pressed inside the event loop";

/// Generous: CI machines are busy and the binary is a debug build.
const TIMEOUT: Duration = Duration::from_secs(30);

/// The binary running on the slave side of a pseudo-terminal, with everything it writes
/// collected from the master side.
struct PtySession {
    child: Child,
    master: File,
    /// Kept open by the test so the terminal's settings can be read after the child exits.
    slave: Option<OwnedFd>,
    output: Arc<Mutex<Vec<u8>>>,
    reader: Option<JoinHandle<()>>,
    config: PathBuf,
}

fn termios_of(fd: &OwnedFd) -> libc::termios {
    // SAFETY: termios is plain data; tcgetattr fills it or fails.
    let mut t: libc::termios = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::tcgetattr(fd.as_raw_fd(), &mut t) };
    assert_eq!(rc, 0, "tcgetattr: {}", std::io::Error::last_os_error());
    t
}

fn cooked(t: &libc::termios) -> bool {
    t.c_lflag & libc::ICANON != 0 && t.c_lflag & libc::ECHO != 0
}

impl PtySession {
    /// Starts the binary. With `answer_cursor_queries`, the test answers "where is the cursor?"
    /// (`ESC [ 6 n`) with "row 1, column 1" as a real terminal does; without, it stays silent
    /// like a terminal that does not support the query.
    fn start(answer_cursor_queries: bool) -> (PtySession, libc::termios) {
        PtySession::start_with_stderr(answer_cursor_queries, None)
    }

    /// As `start`, with standard error going to `stderr` instead of the terminal when given.
    fn start_with_stderr(
        answer_cursor_queries: bool,
        stderr: Option<File>,
    ) -> (PtySession, libc::termios) {
        PtySession::start_sized(answer_cursor_queries, stderr, (120, 40))
    }

    /// As `start_with_stderr`, on a terminal of `columns × rows`.
    fn start_sized(
        answer_cursor_queries: bool,
        stderr: Option<File>,
        (columns, rows): (u16, u16),
    ) -> (PtySession, libc::termios) {
        let (mut m, mut s) = (-1, -1);
        let size = libc::winsize {
            ws_row: rows,
            ws_col: columns,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // SAFETY: openpty writes two descriptors; the name and termios pointers may be null.
        let rc = unsafe {
            libc::openpty(
                &mut m,
                &mut s,
                std::ptr::null_mut(),
                std::ptr::null(),
                &size,
            )
        };
        assert_eq!(rc, 0, "openpty: {}", std::io::Error::last_os_error());
        // SAFETY: both descriptors were just opened and are owned here only.
        let (master, slave) = unsafe { (OwnedFd::from_raw_fd(m), OwnedFd::from_raw_fd(s)) };
        let before = termios_of(&slave);
        assert!(
            cooked(&before),
            "a new pseudo-terminal starts in cooked mode"
        );

        let config =
            std::env::temp_dir().join(format!("agi-compute-pty-{}-{}", std::process::id(), m));
        std::fs::create_dir_all(&config).expect("config dir");
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_agi-compute"));
        cmd.stdin(Stdio::from(slave.try_clone().expect("dup")))
            .stdout(Stdio::from(slave.try_clone().expect("dup")))
            .stderr(match stderr {
                Some(f) => Stdio::from(f),
                None => Stdio::from(slave.try_clone().expect("dup")),
            })
            .env("TERM", "xterm-256color")
            .env("XDG_CONFIG_HOME", &config)
            .env("HOME", &config)
            .env("RUST_BACKTRACE", "0")
            .env_remove("NO_COLOR");
        // SAFETY: only async-signal-safe calls between fork and exec. The child gets its own
        // session with the pseudo-terminal as controlling terminal, like a shell would give it.
        unsafe {
            cmd.pre_exec(|| {
                // No core file from the SIGQUIT test.
                let no_core = libc::rlimit {
                    rlim_cur: 0,
                    rlim_max: 0,
                };
                libc::setrlimit(libc::RLIMIT_CORE, &no_core);
                if libc::setsid() < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                if libc::ioctl(0, libc::TIOCSCTTY as _, 0) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = cmd.spawn().expect("start agi-compute in a pseudo-terminal");
        drop(cmd); // closes the parent's copies of the slave given to the child

        let output = Arc::new(Mutex::new(Vec::new()));
        let mut from_master = File::from(master.try_clone().expect("dup master"));
        let mut answers = File::from(master.try_clone().expect("dup master"));
        let sink = Arc::clone(&output);
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            let mut answered = 0;
            // Ends with EIO once every slave descriptor is closed.
            while let Ok(n @ 1..) = from_master.read(&mut buf) {
                let mut all = sink.lock().expect("lock");
                all.extend_from_slice(&buf[..n]);
                let asked = all
                    .windows(CURSOR_QUERY.len())
                    .filter(|w| *w == CURSOR_QUERY)
                    .count();
                drop(all);
                while answer_cursor_queries && answered < asked {
                    let _ = answers.write_all(b"\x1b[1;1R");
                    answered += 1;
                }
            }
        });
        let session = PtySession {
            child,
            master: File::from(master),
            slave: Some(slave),
            output,
            reader: Some(reader),
            config,
        };
        (session, before)
    }

    fn output(&self) -> Vec<u8> {
        self.output.lock().expect("lock").clone()
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.output()).into_owned()
    }

    /// Waits until the output satisfies `done`; fails with the output so far after the timeout.
    fn wait_for(&mut self, what: &str, done: impl Fn(&str) -> bool) {
        let start = Instant::now();
        while !done(&self.text()) {
            if let Ok(Some(status)) = self.child.try_wait() {
                std::thread::sleep(Duration::from_millis(100)); // let the reader catch up
                panic!(
                    "agi-compute exited ({status}) before {what}; output: {:?}",
                    self.text()
                );
            }
            if start.elapsed() > TIMEOUT {
                let _ = self.child.kill();
                panic!(
                    "timed out waiting for {what}; output so far: {:?}",
                    self.text()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn send(&mut self, bytes: &[u8]) {
        self.master
            .write_all(bytes)
            .expect("write to the pseudo-terminal");
        self.master.flush().expect("flush");
        // One event at a time, as a person would type.
        std::thread::sleep(Duration::from_millis(150));
    }

    fn slave_termios(&self) -> libc::termios {
        termios_of(self.slave.as_ref().expect("slave still open"))
    }

    /// Waits for the child to exit; kills it and fails after the timeout.
    fn wait_exit(&mut self) -> ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status;
            }
            if start.elapsed() > TIMEOUT {
                let _ = self.child.kill();
                let _ = self.child.wait();
                panic!("agi-compute did not exit; output: {:?}", self.text());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Closes the slave and collects everything the child wrote.
    fn finish(&mut self) -> String {
        drop(self.slave.take());
        if let Some(reader) = self.reader.take() {
            reader.join().expect("reader thread");
        }
        self.text()
    }
}

impl Drop for PtySession {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        drop(self.slave.take());
        let _ = std::fs::remove_dir_all(&self.config);
    }
}

/// The byte offset of the first `needle` at or after `from`, or a failure naming `what`.
fn find_from(haystack: &str, needle: &str, from: usize, what: &str) -> usize {
    haystack[from..]
        .find(needle)
        .map(|i| from + i)
        .unwrap_or_else(|| {
            panic!("{what} ({needle:?}) not written after byte {from}; output: {haystack:?}")
        })
}

/// Terminal set up: raw mode, alternate screen, mouse capture and bracketed paste all on, and
/// a first frame drawn.
fn wait_until_running(session: &mut PtySession) {
    // A 120×40 frame is several kilobytes; 1000 bytes after the set-up means drawing started.
    session.wait_for("the explorer's first frame", |t| {
        t.contains(ENTER_ALT_SCREEN)
            && t.contains(MOUSE_ON)
            && t.find(PASTE_ON).is_some_and(|i| t.len() - i > 1000)
    });
    let during = session.slave_termios();
    assert!(
        during.c_lflag & (libc::ICANON | libc::ECHO) == 0,
        "raw mode is on while the explorer runs"
    );
}

/// Everything the setup turned on was turned off after `from`, in the order `restore` writes it.
fn assert_restored_after(text: &str, from: usize) -> usize {
    let paste = find_from(text, PASTE_OFF, from, "bracketed paste off");
    let mouse = find_from(text, MOUSE_OFF, paste, "mouse capture off");
    let screen = find_from(text, LEAVE_ALT_SCREEN, mouse, "alternate screen left");
    find_from(text, SHOW_CURSOR, screen, "cursor shown");
    screen
}

/// The settings that make a terminal usable again match those it had before the run.
fn assert_same_mode(before: &libc::termios, after: &libc::termios) {
    assert!(cooked(after), "ICANON and ECHO are back on");
    assert_eq!(after.c_lflag, before.c_lflag, "local modes restored");
    assert_eq!(after.c_iflag, before.c_iflag, "input modes restored");
    assert_eq!(after.c_oflag, before.c_oflag, "output modes restored");
    assert_eq!(after.c_cflag, before.c_cflag, "control modes restored");
}

#[test]
fn quit_restores_the_terminal() {
    let (mut session, before) = PtySession::start(true);
    wait_until_running(&mut session);
    let setup_end = session.text().len();
    let text = session.text();
    let enter = find_from(&text, ENTER_ALT_SCREEN, 0, "alternate screen entered");
    find_from(&text, MOUSE_ON, 0, "mouse capture on");
    find_from(&text, PASTE_ON, 0, "bracketed paste on");

    session.send(b"j"); // focus the next slider
    session.send(b"l"); // one step up
    let after_keys = session.text().len();
    assert!(after_keys > setup_end, "the keys redrew the screen");
    // The step is an unsaved change: q asks first, y quits without saving.
    session.send(b"q");
    session.send(b"y");
    let status = session.wait_exit();
    assert!(status.success(), "quit exits 0, got {status:?}");
    let after = session.slave_termios();
    assert_same_mode(&before, &after);

    let text = session.finish();
    let left = assert_restored_after(&text, setup_end);
    assert!(enter < left);
    // Nothing turns the modes back on after the restore.
    let tail = &text[left..];
    for on in [ENTER_ALT_SCREEN, MOUSE_ON, PASTE_ON] {
        assert!(!tail.contains(on), "{on:?} after the restore: {tail:?}");
    }
}

#[test]
fn panic_in_the_event_loop_restores_the_terminal() {
    let (mut session, before) = PtySession::start(true);
    wait_until_running(&mut session);
    let panic_point = session.text().len();
    session.send(F12);
    let status = session.wait_exit();
    assert_eq!(
        status.code(),
        Some(101),
        "a panic exits with status 101, got {status:?}"
    );
    let after = session.slave_termios();
    assert_same_mode(&before, &after);

    let text = session.finish();
    assert!(
        text.contains(PANIC_MESSAGE),
        "the panic message is printed (was the binary built with feature test-panic?): {text:?}"
    );
    // The panic hook restores the terminal first, then the message is printed on the normal
    // screen; the guard's drop while unwinding restores (harmlessly) once more.
    let left = assert_restored_after(&text, panic_point);
    let message = find_from(&text, PANIC_MESSAGE, panic_point, "panic message");
    assert!(
        left < message,
        "the message comes after the alternate screen was left: {text:?}"
    );
    for on in [ENTER_ALT_SCREEN, MOUSE_ON, PASTE_ON] {
        assert!(!text[left..].contains(on), "{on:?} after the restore");
    }
}

/// With standard error not a terminal, the crash report is plain text; with it full, the
/// report is lost but the process still exits as a panic does (101), never by an abort.
#[test]
fn the_crash_report_is_plain_off_a_terminal_and_survives_a_full_stderr() {
    let path = std::env::temp_dir().join(format!("agi-compute-crash-{}", std::process::id()));
    let file = File::create(&path).expect("report file");
    let (mut session, _) = PtySession::start_with_stderr(true, Some(file));
    wait_until_running(&mut session);
    session.send(F12);
    let status = session.wait_exit();
    assert_eq!(status.code(), Some(101), "{status:?}");
    session.finish();
    let report = std::fs::read_to_string(&path).expect("report");
    std::fs::remove_file(&path).ok();
    assert!(report.contains(PANIC_MESSAGE), "{report:?}");
    assert!(!report.contains('\x1b'), "coloured: {report:?}");

    #[cfg(target_os = "linux")]
    {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let (mut session, _) = PtySession::start_with_stderr(true, Some(full));
        wait_until_running(&mut session);
        session.send(F12);
        let status = session.wait_exit();
        session.finish();
        assert_eq!(status.code(), Some(101), "{status:?}");
    }
}

/// Some terminals never answer the cursor-position query. The explorer must not need the
/// answer: a full-screen app on the alternate screen has no use for the old cursor position.
#[test]
fn a_terminal_that_never_answers_cursor_queries_still_works() {
    let (mut session, before) = PtySession::start(false);
    wait_until_running(&mut session);
    let setup_end = session.text().len();
    session.send(b"q");
    let status = session.wait_exit();
    let after = session.slave_termios();
    let text = session.finish();
    assert!(
        status.success(),
        "quit exits 0, got {status:?}; output: {text:?}"
    );
    assert_same_mode(&before, &after);
    assert_restored_after(&text, setup_end);
}

// ---------------------------------------------------------------- signals

impl PtySession {
    fn signal(&self, signal: libc::c_int) {
        // SAFETY: kill only sends a signal to our own child.
        let rc = unsafe { libc::kill(self.child.id() as libc::pid_t, signal) };
        assert_eq!(rc, 0, "kill: {}", std::io::Error::last_os_error());
    }

    /// The child's state letter from /proc (`T` while stopped), where /proc exists.
    fn state(&self) -> Option<char> {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).ok()?;
        // pid (comm) state …: the comm may hold spaces, so look after the last ')'.
        stat.rsplit_once(')')?.1.trim_start().chars().next()
    }

    /// Waits until the child is stopped (or, without /proc, a moment).
    fn wait_stopped(&self) {
        let start = Instant::now();
        while self.state().is_some_and(|s| s != 'T' && s != 't') {
            assert!(
                start.elapsed() < TIMEOUT,
                "agi-compute did not stop; output: {:?}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A terminating signal from outside: the terminal is restored, then the process ends by that
/// very signal (so a shell reports it as such).
fn signal_restores_the_terminal(signal: libc::c_int) {
    use std::os::unix::process::ExitStatusExt;
    let (mut session, before) = PtySession::start(true);
    wait_until_running(&mut session);
    let setup_end = session.text().len();
    session.signal(signal);
    let status = session.wait_exit();
    assert_eq!(
        status.signal(),
        Some(signal),
        "ended by the signal, got {status:?}"
    );
    let after = session.slave_termios();
    assert_same_mode(&before, &after);
    let text = session.finish();
    let left = assert_restored_after(&text, setup_end);
    for on in [ENTER_ALT_SCREEN, MOUSE_ON, PASTE_ON] {
        assert!(!text[left..].contains(on), "{on:?} after the restore");
    }
}

#[test]
fn sigterm_restores_the_terminal() {
    signal_restores_the_terminal(libc::SIGTERM);
}

#[test]
fn sighup_restores_the_terminal() {
    signal_restores_the_terminal(libc::SIGHUP);
}

#[test]
fn sigquit_restores_the_terminal() {
    signal_restores_the_terminal(libc::SIGQUIT);
}

/// In raw mode Ctrl-C is a key, not a signal: a SIGINT can only come from outside.
#[test]
fn external_sigint_restores_the_terminal() {
    signal_restores_the_terminal(libc::SIGINT);
}

/// Suspends through `suspend`, checks the terminal is usable while stopped, resumes with
/// SIGCONT and checks the explorer is back in its modes with a full frame. Returns the output
/// length after the resumed frame.
fn suspend_and_resume(
    session: &mut PtySession,
    before: &libc::termios,
    suspend: impl FnOnce(&mut PtySession),
) -> usize {
    let from = session.text().len();
    suspend(session);
    session.wait_for("the terminal restored on suspend", |t| {
        t.len() > from && t[from..].contains(SHOW_CURSOR)
    });
    session.wait_stopped();
    let text = session.text();
    assert_restored_after(&text, from);
    assert_same_mode(before, &session.slave_termios());

    let stopped_at = session.text().len();
    session.signal(libc::SIGCONT);
    // Back: the modes on again, then a full frame (several kilobytes at 120×40).
    session.wait_for("the explorer back after SIGCONT", |t| {
        t.len() > stopped_at
            && t[stopped_at..]
                .find(PASTE_ON)
                .is_some_and(|i| t.len() - (stopped_at + i) > 1000)
    });
    let text = session.text();
    let enter = find_from(
        &text,
        ENTER_ALT_SCREEN,
        stopped_at,
        "alternate screen entered again",
    );
    find_from(&text, MOUSE_ON, enter, "mouse capture on again");
    let during = session.slave_termios();
    assert!(
        during.c_lflag & (libc::ICANON | libc::ECHO) == 0,
        "raw mode is on again after the resume"
    );
    text.len()
}

#[test]
fn ctrl_z_and_sigtstp_suspend_and_resume() {
    let (mut session, before) = PtySession::start(true);
    wait_until_running(&mut session);
    // Ctrl-Z as the terminal sends it in raw mode (a key, byte 0x1a).
    suspend_and_resume(&mut session, &before, |s| s.send(b"\x1a"));
    // `kill -TSTP` from another shell.
    suspend_and_resume(&mut session, &before, |s| s.signal(libc::SIGTSTP));
    // Still the explorer: keys work and `q` quits cleanly.
    let setup_end = session.text().len();
    session.send(b"j");
    session.send(b"q");
    let status = session.wait_exit();
    assert!(status.success(), "quit exits 0, got {status:?}");
    assert_same_mode(&before, &session.slave_termios());
    let text = session.finish();
    assert_restored_after(&text, setup_end);
}

#[test]
fn y_sends_the_scenario_string_by_osc_52() {
    let (mut session, _) = PtySession::start(true);
    wait_until_running(&mut session);
    session.send(b"y");
    // base64 of "agi1:h100-sxm", the default scenario's one-line form.
    let osc = "\x1b]52;c;YWdpMTpoMTAwLXN4bQ==\x07";
    session.wait_for("the OSC 52 sequence", |t| t.contains(osc));
    session.send(b"q");
    assert!(session.wait_exit().success());
}

/// The overlays a user opens to read things whole, each with the keys that open it and a text
/// only that overlay draws: the notices log (`N`), a result's full text, formula and sources
/// (`e`), and the help narrowed by a search (`?`, `/`, a word no entry holds, Enter).
const OVERLAYS: [(&str, &[&[u8]], &str); 3] = [
    // The log opens once there is a notice: the first N says there is none yet.
    ("the notices log", &[b"N", b"N"], "newest first"),
    ("a result's detail", &[b"e"], "another · Esc"),
    (
        "the help search",
        &[b"?", b"/", b"xyzzy", b"\r"],
        "No key or term holds",
    ),
];

/// Opens `overlay` at `size`, checks it drew, and leaves with `leave`; the terminal is restored
/// as it was.
fn overlay_then_quit(overlay: &(&str, &[&[u8]], &str), size: (u16, u16), leave: &[&[u8]]) {
    let (what, keys, marker) = overlay;
    let (mut session, before) = PtySession::start_sized(true, None, size);
    wait_until_running(&mut session);
    let setup_end = session.text().len();
    for key in *keys {
        session.send(key);
    }
    session.wait_for(&format!("{what} at {size:?}"), |t| {
        t.get(setup_end..).is_some_and(|t| t.contains(marker))
    });
    for key in leave {
        session.send(key);
    }
    let status = session.wait_exit();
    assert!(
        status.success(),
        "{what} at {size:?}: exits 0, got {status:?}"
    );
    assert_same_mode(&before, &session.slave_termios());
    let text = session.finish();
    let left = assert_restored_after(&text, setup_end);
    for on in [ENTER_ALT_SCREEN, MOUSE_ON, PASTE_ON] {
        assert!(
            !text[left..].contains(on),
            "{what} at {size:?}: {on:?} after the restore"
        );
    }
}

/// Each overlay closes with `q` and the next `q` quits (nothing was changed, so nothing is
/// asked), at the small, the usual and a large terminal.
#[test]
fn each_overlay_closes_and_quitting_restores_the_terminal() {
    for size in [(80, 24), (120, 40), (200, 60)] {
        for overlay in &OVERLAYS {
            overlay_then_quit(overlay, size, &[b"q", b"q"]);
        }
    }
}

/// Ctrl-C quits from inside each overlay, and the terminal is restored all the same.
#[test]
fn ctrl_c_inside_each_overlay_restores_the_terminal() {
    for overlay in &OVERLAYS {
        overlay_then_quit(overlay, (80, 24), &[b"\x03"]);
    }
}
