"""The published HTML in a real browser: headless Chromium opens the index and follows every link.

Reuses the session's one pipeline run (the ``report`` fixture in ``conftest.py``). Skipped when ``/usr/bin/chromium``
is missing (CI installs it: ``apt-get install chromium``). No network: every page must work offline.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.skipif(not CHROMIUM.exists(),
                                 reason="headless browser check needs /usr/bin/chromium (apt-get install chromium)")]


class _Page(HTMLParser):
    """Links, images and the title of a dumped DOM."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self.images: list[str] = []
        self.title = ""
        self._in_title = False
        self._href = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self._href, self._text = attrs["href"], []
        elif tag == "img":
            self.images.append(attrs.get("src") or "")
        elif tag == "title":
            self._in_title = True

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links.append((self._href, "".join(self._text).strip()))
            self._href = None
        elif tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self._href is not None:
            self._text.append(data)


def _dump_dom(url: str, profile: Path) -> str:
    cmd = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={profile}", "--dump-dom", url]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=90)
    assert res.returncode == 0, res.stderr[-2000:]
    return res.stdout


def _parse(dom: str) -> _Page:
    page = _Page()
    page.feed(dom)
    return page


@pytest.fixture(scope="module")
def site(tmp_path_factory, report):
    built = report  # the session's one pipeline run (conftest.py)
    assert built["status"] == 0, built["log"]
    profile = tmp_path_factory.mktemp("chromium-profile")
    index = built["dir"] / "index.html"
    dom = _dump_dom(index.as_uri(), profile)
    yield {"dir": built["dir"], "index": index, "dom": dom, "page": _parse(dom), "profile": profile}
    shutil.rmtree(profile, ignore_errors=True)


def _local(base: Path, href: str) -> Path:
    parts = urlsplit(href)
    assert parts.scheme in ("", "file"), f"link leaves the report: {href}"
    return (base.parent / unquote(parts.path)).resolve()


def test_index_loads_with_chinese_title_and_table(site):
    page = site["page"]
    assert site["dom"].strip() and "监测评估" in page.title
    assert "本年要点" in site["dom"] and "术语说明" in site["dom"]
    assert len(page.links) >= 4


def test_every_link_in_the_index_works(site):
    html_links = 0
    seen: set[str] = set()
    for href, label in site["page"].links:
        target = _local(site["index"], href)
        assert target.is_file() and target.stat().st_size > 0, f"broken link {href}"
        if target.suffix != ".html":
            continue  # PDF, CSV, JSON, executed notebooks: present and not empty
        fragment = urlsplit(href).fragment
        if fragment and fragment in seen:
            continue
        html_links += 1
        dom = _dump_dom(target.as_uri(), site["profile"])
        page = _parse(dom)
        assert dom.strip(), f"{href}: empty DOM"
        assert page.title.strip(), f"{href}: no <title>"
        if fragment:  # a point of the headline: its section exists on the target page
            seen.add(fragment)
            assert f'id="{fragment}"' in dom, f"{href}: no section {fragment!r} on the page"
        else:
            assert label in dom, f"{href}: the page does not show its title {label!r}"
        assert re.search(r"[\u4e00-\u9fff]", dom), f"{href}: no Chinese text"
        for src in page.images:
            assert src, f"{href}: <img> without src"
            if not src.startswith("data:"):
                assert _local(target, src).is_file(), f"{href}: image {src} missing"
        for sub, _ in page.links:
            if urlsplit(sub).scheme in ("", "file") and not sub.startswith("#"):
                assert _local(target, sub).is_file(), f"{href}: broken link {sub}"
                frag = urlsplit(sub).fragment
                if frag and _local(target, sub).suffix == ".html":
                    assert f'id="{frag}"' in _local(target, sub).read_text(encoding="utf-8"), \
                        f"{href}: link {sub} to a missing section"
            elif sub.startswith("#") and len(sub) > 1:
                assert f'id="{sub[1:]}"' in dom, f"{href}: in-page link {sub} to a missing section"
    assert html_links >= 3, "the three notebook pages"


def test_images_in_the_index_are_embedded_or_present(site):
    for src in site["page"].images:
        assert src.startswith("data:") or _local(site["index"], src).is_file()


PROBE = ('<script>window.addEventListener("load",()=>{const e=document.documentElement;'
         'const h=document.getElementById("headline");parent.postMessage(JSON.stringify({sw:e.scrollWidth,'
         'cw:e.clientWidth,iw:innerWidth,ih:innerHeight,head:h?h.getBoundingClientRect().top:null}),"*")});</script>')
FRAME = ('<!DOCTYPE html><html><body style="margin:0"><iframe src="{src}" style="width:{w}px;height:800px;border:0">'
         '</iframe><script>window.addEventListener("message",e=>{{document.body.setAttribute("data-probe",e.data)}});'
         '</script></body></html>')


def _measure(page: Path, width: int, profile: Path) -> dict:
    """Layout of ``page`` in a ``width`` px frame (headless Chromium windows are at least 500 px wide, so
    the page is measured inside an iframe of that width): scroll width, client width, headline top."""
    import html as html_
    import json

    probe = page.parent / f"_probe_{page.name}"
    frame = page.parent / f"_frame_{page.name}"
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8")
    frame.write_text(FRAME.format(src=probe.name, w=width), encoding="utf-8")
    try:
        cmd = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}",
               "--window-size=1300,900", "--virtual-time-budget=5000", "--dump-dom", frame.as_uri()]
        dom = subprocess.run(cmd, capture_output=True, text=True, timeout=90).stdout
    finally:
        probe.unlink()
        frame.unlink()
    m = re.search(r'data-probe="([^"]*)"', dom)
    assert m, f"{page.name}: the probe did not report"
    return json.loads(html_.unescape(m.group(1)))


@pytest.mark.parametrize("width", [390, 1280])
def test_no_sideways_scroll_and_the_headline_in_the_first_screen(site, width):
    d = site["dir"]
    for page in (d / "index.html", *(d / "html").glob("*.html")):
        m = _measure(page, width, site["profile"])
        assert m["iw"] == width
        assert m["sw"] <= m["cw"], f"{page.name} at {width} px scrolls sideways: {m}"
        if page.name == "index.html":
            assert m["head"] is not None and m["head"] < 800 * 0.6, f"本年要点 not in the first screen: {m}"
