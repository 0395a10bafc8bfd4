"""Odd command-line sources, through the real process: each gets one true line on stderr."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # every test here starts the command line as a process

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = (
    "Ferry timetable changes on Monday\n\n"
    "The Lindqvist Bay ferry will run every forty minutes from Monday, the operator said on "
    "Tuesday after weeks of complaints from commuters on the northern shore.\n\n"
    "Harbour master Ola Brekke said the new timetable had been agreed with the unions and would "
    "be reviewed in the spring once the winter storms were over.\n"
)


def environment() -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("OPENAI_", "BRIEFBOT_", "TELEGRAM_"))
    }
    env["PYTHONPATH"] = str(ROOT)  # this checkout's package, whatever the working directory
    return env


def briefbot(
    args: list[str], cwd: Path, *, stdin: bytes = b"", shell_prefix: str = ""
) -> subprocess.CompletedProcess[bytes]:
    command = [sys.executable, "-m", "bot.cli", *args]
    if shell_prefix:
        command = ["sh", "-c", f'exec "$0" -m bot.cli "$@" {shell_prefix}', sys.executable, *args]
    return subprocess.run(
        command, input=stdin, capture_output=True, cwd=cwd, env=environment(), timeout=60
    )


def one_error_line(result: subprocess.CompletedProcess[bytes]) -> str:
    assert result.returncode == 1
    assert result.stdout == b""
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    line = one_error_line(briefbot(["extract", "pipe.txt"], tmp_path))
    assert line == "briefbot: pipe.txt is a named pipe (FIFO), not an article file"


def test_a_device_is_refused(tmp_path: Path) -> None:
    line = one_error_line(briefbot(["extract", "/dev/zero"], tmp_path))
    assert line == "briefbot: /dev/zero is a character device, not an article file"


@pytest.mark.parametrize("codec", ["utf-16", "utf-32"])
def test_a_file_with_a_utf16_or_utf32_bom_is_read(tmp_path: Path, codec: str) -> None:
    (tmp_path / "story.txt").write_bytes(ARTICLE.encode(codec))  # Python writes the BOM
    result = briefbot(["extract", "story.txt"], tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    assert "Harbour master Ola Brekke" in result.stdout.decode()


def test_a_symlink_loop_is_named(tmp_path: Path) -> None:
    (tmp_path / "a.txt").symlink_to("b.txt")
    (tmp_path / "b.txt").symlink_to("a.txt")
    line = one_error_line(briefbot(["extract", "a.txt"], tmp_path))
    assert line == "briefbot: a.txt is a loop of symbolic links"


def test_a_dangling_symlink_is_named(tmp_path: Path) -> None:
    (tmp_path / "gone.txt").symlink_to("nowhere.txt")
    line = one_error_line(briefbot(["extract", "gone.txt"], tmp_path))
    assert line == "briefbot: gone.txt is a symbolic link to a file that does not exist"


def test_closed_standard_input_is_named(tmp_path: Path) -> None:
    line = one_error_line(briefbot(["extract", "-"], tmp_path, shell_prefix="<&-"))
    assert line == (
        "briefbot: standard input is closed: pipe an article into briefbot, or give a URL or a file"
    )


def test_standard_input_that_never_ends_is_given_up(tmp_path: Path) -> None:
    # The shell keeps a FIFO open for writing and writes nothing.
    os.mkfifo(tmp_path / "never")
    result = subprocess.run(
        [
            "sh",
            "-c",
            'exec 3<>never; exec "$0" -m bot.cli extract - <&3',
            sys.executable,
        ],
        capture_output=True,
        cwd=tmp_path,
        env={**environment(), "BRIEFBOT_STDIN_TIMEOUT": "0.5"},
        timeout=60,
    )
    line = one_error_line(result)
    assert line == "briefbot: standard input did not end within 0.5 s"


def test_an_empty_source_is_named(tmp_path: Path) -> None:
    line = one_error_line(briefbot(["extract", ""], tmp_path))
    assert line == "briefbot: the source is empty: give a URL, a file, or - for standard input"


def test_trafilatura_warnings_do_not_come_before_the_error_line(tmp_path: Path) -> None:
    (tmp_path / "bare.html").write_text("<html>\n")
    line = one_error_line(briefbot(["extract", "bare.html"], tmp_path))
    assert line.startswith("briefbot: ")


def test_bidi_controls_never_reach_the_terminal(tmp_path: Path) -> None:
    spoofed = ARTICLE.replace("Ola Brekke said", "\u202eOla Brekke said")
    (tmp_path / "story.txt").write_text(spoofed + "\u2067\n")
    result = briefbot(["extract", "story.txt"], tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    shown = result.stdout.decode()
    assert "Ola Brekke said" in shown
    assert not set(shown) & set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def test_a_local_page_labelled_punycode_is_read(tmp_path: Path) -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in ARTICLE.split("\n\n")[1:])
    page = f"<html><head><meta charset=punycode></head><body>{paragraphs}</body></html>"
    (tmp_path / "story.html").write_text(page.replace("Harbour", "Well-known harbour"))
    result = briefbot(["extract", "story.html"], tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    assert "Well-known harbour master Ola Brekke" in result.stdout.decode()


def test_one_long_line_without_spaces_is_read_within_the_time_limit(tmp_path: Path) -> None:
    # Before: an address pattern tried at every position of the run made cleaning quadratic, and
    # the command gave up after its 15 s extraction limit.
    (tmp_path / "line.txt").write_text("q" * 2_000_000)
    result = briefbot(["brief", "line.txt"], tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    assert "No attributed claims" in result.stdout.decode()


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_a_utf16_file_without_a_bom_is_read(tmp_path: Path, codec: str) -> None:
    # Before: the NUL in every other byte made it "a binary file".
    (tmp_path / "story.txt").write_bytes(ARTICLE.encode(codec))
    result = briefbot(["extract", "story.txt"], tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    assert "Harbour master Ola Brekke" in result.stdout.decode()


def test_pairs_of_small_binary_numbers_are_not_taken_for_utf16(tmp_path: Path) -> None:
    (tmp_path / "samples.txt").write_bytes(bytes(range(1, 30)).replace(b"", b"\x00")[1:] * 200)
    line = one_error_line(briefbot(["extract", "samples.txt"], tmp_path))
    assert line == (
        "briefbot: samples.txt is a binary file, not an HTML page or text: "
        "give the article as an .html or .txt file"
    )


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("story.html.gz", gzip.compress(ARTICLE.encode()), "a gzip-compressed file"),
        ("story.txt", b"%PDF-1.4\n" + bytes(range(256)), "a PDF document"),
    ],
)
def test_a_compressed_or_pdf_file_is_named_with_what_to_do(
    tmp_path: Path, name: str, data: bytes, said: str
) -> None:
    # Before: "is a binary file", with nothing to do about it.
    (tmp_path / name).write_bytes(data)
    line = one_error_line(briefbot(["extract", name], tmp_path))
    assert line.startswith(f"briefbot: {name} is {said}, not an HTML page or text: ")
    assert line.endswith((".txt file", "and give that"))


def test_an_empty_file_and_empty_standard_input_say_what_to_give(tmp_path: Path) -> None:
    (tmp_path / "blank.txt").write_bytes(b" \n\n")
    line = one_error_line(briefbot(["extract", "blank.txt"], tmp_path))
    assert line == "briefbot: blank.txt is empty: give the article's page or text"
    line = one_error_line(briefbot(["extract", "-"], tmp_path, stdin=b""))
    assert line == "briefbot: standard input is empty: give the article's page or text"
