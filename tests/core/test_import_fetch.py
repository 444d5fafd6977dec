"""Nothing dropped, nothing crashes: importing from a URL (odd addresses, answers cut
short, servers that drip: one line each, never a half download imported; a local
server, no network) and custom checkboxes."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.samples import one_error_line, run_cli
from support.webserver import QuietHandler, serve

from roadmap_tui.roadmap.load import load_roadmap
from roadmap_tui.roadmap.model import Status

LIST = b"# Web\n\n- [ ] One\n- [x] Two\n- [ ] Three\n"


class _Handler(QuietHandler):
    stop = threading.Event()

    def do_GET(self) -> None:
        self.close_connection = True
        if self.path in (
            "/Manual%20Testing/My%20List.md",
            "/o/r/HEAD/README.md",
            "/o/r/main/docs/plan.md",
        ):
            self.answer(LIST)
        elif self.path == "/cut.md":
            self.answer(LIST[:20], length=len(LIST))  # says more than it sends, then closes
        elif self.path == "/drip.md":
            self.answer(length=100000)
            # A byte at a time, each well within any per-read timeout, forever.
            while not self.stop.wait(0.05):
                try:
                    self.wfile.write(b"-")
                    self.wfile.flush()
                except OSError:
                    return
        elif self.path == "/loop.md":
            self.answer(b"", 302, headers=[("Location", "/loop.md")])
        elif self.path == "/down.md":
            self.answer(b"busy", 503)
        else:
            self.answer(b"no", 404)


@pytest.fixture
def server() -> Iterator[str]:
    with serve(_Handler) as url:
        yield url
        _Handler.stop.set()
    _Handler.stop.clear()


@pytest.mark.parametrize(
    "spellings",
    [
        ["https://github.com/o/r", "https://github.com/o/r.git", "https://github.com/o/r/"],
        [
            "https://github.com/o/r/blob/main/docs/plan.md",
            "https://github.com/o/r/blob/main/docs/plan.md?plain=1#L3",
            "https://github.com/o/r/raw/main/docs/plan.md",
        ],
    ],
)
def test_one_github_source_by_any_spelling_is_one_roadmap(
    capsys: pytest.CaptureFixture[str],
    server: str,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    spellings: list[str],
) -> None:
    monkeypatch.setenv("ROADMAP_TUI_GITHUB_RAW", server)
    for n, url in enumerate(spellings):
        code, out, err = run_cli(capsys, "import", url)
        assert code == 0, err
        assert out.startswith("Updated" if n else "Imported"), out
    assert len(list((data_dir / "roadmaps").iterdir())) == 1


def _one_line(err: str, *words: str) -> None:
    one_error_line(err, says=words)


def test_an_address_with_spaces_is_read(
    capsys: pytest.CaptureFixture[str], server: str, data_dir: Path
) -> None:
    url = f"{server}/Manual Testing/My List.md"
    code, out, err = run_cli(capsys, "import", url)
    assert code == 0, err
    assert "3 topics" in out
    assert load_roadmap(data_dir / "roadmaps" / "web.toml").source == url


@pytest.mark.parametrize("url", ["http://[::1", "https://[zz]/x.md", "http://", "http:// /x"])
def test_a_broken_address_is_one_line(capsys: pytest.CaptureFixture[str], url: str) -> None:
    code, _, err = run_cli(capsys, "import", url)
    assert code == 2
    _one_line(err, url.strip())


@pytest.mark.parametrize(
    ("path", "code", "says"),
    [
        ("/loop.md", 3, "redirects in a loop"),
        ("/down.md", 3, "the server answered 503"),
        ("/missing.md", 2, "the server answered 404"),  # the address is wrong: bad input
    ],
)
def test_a_failed_download_is_one_line_and_its_own_exit_code(
    capsys: pytest.CaptureFixture[str], server: str, path: str, code: int, says: str
) -> None:
    got, out, err = run_cli(capsys, "import", f"{server}{path}")
    assert (got, out) == (code, "")
    _one_line(err, path, says)


def test_a_server_nobody_answers_at_is_exit_3(capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    with socket.socket() as closed:  # a port that was free a moment ago: refused
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    code, _, err = run_cli(capsys, "import", f"http://127.0.0.1:{port}/x.md")
    assert code == 3
    _one_line(err, "cannot reach it")


def test_an_answer_cut_short_is_an_error_not_an_update(
    capsys: pytest.CaptureFixture[str], server: str, data_dir: Path
) -> None:
    code, _, err = run_cli(capsys, "import", f"{server}/cut.md")
    assert code == 3  # the network's failure, not bad input (docs/usage.md, "Exit codes")
    _one_line(err, "cut short")
    assert not (data_dir / "roadmaps").exists() or not any((data_dir / "roadmaps").iterdir())


def test_the_deadline_is_for_the_whole_download(
    capsys: pytest.CaptureFixture[str], server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from roadmap_tui.importing import fetch

    # Each byte comes well within 0.5 s, so only a deadline for the whole download ends it.
    monkeypatch.setattr(fetch, "TIMEOUT_SECONDS", 0.5)
    code, _, err = run_cli(capsys, "import", f"{server}/drip.md")
    assert code == 3
    # The deadline ends it (or, on a loaded machine, a read that waited 0.5 s).
    _one_line(err, "drip.md", "within 0.5 seconds")


# Not a URL matter, but the same kind: nothing dropped without a word.


@settings(max_examples=60, deadline=None)
@given(
    st.characters(
        blacklist_categories=("Cs", "Cc", "Nd", "Zs", "Zl", "Zp"),
        blacklist_characters="]\\`<",
    )
)
def test_every_one_character_checkbox_is_a_task(box: str) -> None:
    from roadmap_tui.importing.reader import build_import, read_checklist

    text = f"# O\n\n- [ ] first\n- [{box}] the custom one\n- [x] last\n"
    imported = build_import(read_checklist(text, Path("o.md")), "o", where=Path("o.md"))
    titles = [item.title for _, item in imported.roadmap.walk()]
    assert titles == ["first", "the custom one", "last"], (box, titles)
    (custom,) = [item.id for _, item in imported.roadmap.walk() if item.title.startswith("the")]
    if box in "xX✓✔☑✅":
        assert imported.statuses[custom] is Status.DONE
    elif box not in "/>-~":
        assert custom not in imported.statuses  # to do
        assert any(f"[{box}] on line 4" in w for w in imported.warnings), imported.warnings


def test_obsidian_custom_boxes_are_listed_in_the_summary(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "o.md"
    source.write_text(
        "# O\n\n- [D] a\n- [?] b\n- [!] c\n- [?] d\n- [1] Knuth, a reference\n",
        encoding="utf-8",
    )
    code, out, err = run_cli(capsys, "import", str(source), "-o", str(tmp_path / "o.toml"))
    assert code == 0, err
    assert "4 topics" in out
    assert "[D] on line 3; [?] on lines 4, 6; [!] on line 5" in out
