"""The static page: escaped, no script, Chinese first, and what a reader sees in Chromium."""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from jointcheck.publication import PublicRound, PublishedResult, build_bundle

from ._round import Round, make_round

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise AssertionError(
        "headless Chromium is needed for the page test: apt-get install -y chromium"
    )


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.tags: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._skip += tag in ("style", "title")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("style", "title")

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.parts.append(data.strip())


@pytest.fixture(scope="module")
def hostile_round() -> tuple[Round, PublicRound]:
    made = make_round(size=300, label="page")
    announcement = made.announcement.model_copy(update={"task": "任务" + HOSTILE})
    public = made.public().model_copy(
        update={
            "results": (
                PublishedResult(subject_code=made.draw.selected[0], result="未发现问题" + HOSTILE),
            )
        }
    )
    return made, public.model_copy(update={"announcement": announcement})


def _render(public: PublicRound, folder: Path, *, names: bool) -> str:
    from jointcheck.publication import render_page

    page = render_page(public, digests={"draw.json": "0" * 64}, inspector_names=names)
    folder.mkdir(exist_ok=True)
    path = folder / "index.html"
    path.write_text(page, "utf-8")
    return page


def test_everything_from_input_is_escaped(
    hostile_round: tuple[Round, PublicRound], tmp_path: Path
) -> None:
    _, public = hostile_round
    page = _render(public, tmp_path, names=True)
    assert "<script" not in page.lower()
    assert "<img" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_a_reader_sees_the_round_in_chromium(tmp_path: Path) -> None:
    made = make_round(size=300, label="page")
    files = build_bundle(made.public(), inspector_names=True)
    folder = tmp_path / "round"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    browser = chromium()
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    url = (folder / "index.html").as_uri()
    dom = subprocess.run(
        [browser, *flags, "--dump-dom", url],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    reader = _Text()
    reader.feed(dom)
    text = "\n".join(reader.parts)
    assert "script" not in reader.tags
    headings = [
        "一、抽查公告",
        "二、随机种子的产生",
        "三、抽取名单",
        "四、执法检查人员（联合检查组）",
        "五、检查结果",
        "六、如何核验",
    ]
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions)
    assert text.index("一、抽查公告") < text.index("1. The announcement")  # Chinese first
    for code in made.draw.selected:
        assert code in text
    assert made.draw.seed in text
    assert made.assignment.seed in text
    name = next(
        i.name
        for i in made.problem.inspectors
        if i.id == made.assignment.teams[0].departments[0].members[0]
    )
    assert name in text  # names shown, as the manifest records
    assert made.announcement.digest() in text
    recompute = text.index("任何人都可复算检查组")  # how the teams are recomputed, Chinese first
    assert recompute < text.index("Anyone can recompute the teams")
    assert "staffing.csv" in text[text.index("六、如何核验") :]  # its digest is listed
    shot = tmp_path / "page.png"
    subprocess.run(
        [browser, *flags, "--window-size=1000,1600", f"--screenshot={shot}", url],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000


def test_ids_only_leaves_the_names_out(tmp_path: Path) -> None:
    made = make_round(size=300, label="page")
    files = build_bundle(made.public(), inspector_names=False)
    names = {i.name for i in made.problem.inspectors}
    for data in files.values():
        text = data.decode()
        assert not any(n in text for n in names if len(n) > 1)
    assert b'"inspector_names": false' in files["manifest.json"]
