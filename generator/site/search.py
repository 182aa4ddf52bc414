"""Offline search: Pagefind indexes the built site; a search page per language queries it.

Pagefind (https://pagefind.app) runs once over the finished site and writes a static, chunked
index that the browser fetches piece by piece: no server, no other host, and it scales to
archives far larger than a single JSON index could. It splits the index by each page's
`<html lang>`, so the Korean search page only ever loads the Korean index. Only elements marked
`data-pagefind-body` (a release's article) are indexed, so lists and navigation never pollute
results. Korean pages are indexed segmented into morphemes, and Korean queries are cut the same
way in the browser (generator/site/koreansearch.py), so 수출은 finds what 수출 finds and 통제
finds 수출통제; English keeps Pagefind's own stemming.

The search page's UI is Pagefind's own (accessible, keyboard friendly), fed with our string
tables, and is the only JavaScript of the site.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from generator.config import Settings
from generator.errors import PressroomError
from generator.site import koreansearch
from generator.site.buildstrings import SEARCH_UI_KEYS
from generator.site.i18n import Strings

BUNDLE = "pagefind"  # the index's folder inside the site
SEARCH_TEMPLATE = "search.html"


def pagefind_binary() -> Path:
    """The Pagefind executable from the `pagefind[extended]` wheel (or PAGEFIND_BINARY_PATH)."""
    override = os.environ.get("PAGEFIND_BINARY_PATH")
    if override:
        return Path(override)
    try:
        from pagefind_bin_extended import get_executable  # type: ignore[import-not-found]
    except ImportError:
        try:
            from pagefind_bin import get_executable  # type: ignore[import-not-found]
        except ImportError:
            raise PressroomError("pyproject.toml", None, "the Pagefind binary is missing: "
                                 "pip install 'pagefind[extended]'") from None
    return Path(get_executable())


def index_site(settings: Settings, out_dir: Path) -> None:
    """Write `<out_dir>/pagefind/` for the site in out_dir, replacing any earlier index whole.

    Pagefind writes into a folder beside the site first, so a failed run leaves the old index,
    and files of an older index (content-hashed names) never linger."""
    out_dir = out_dir.resolve()
    stage = out_dir.parent / f".{out_dir.name}.{BUNDLE}-{os.getpid()}"
    shutil.rmtree(stage, ignore_errors=True)
    shadow = stage.with_name(stage.name + "-site")  # what Pagefind reads: Korean pages segmented
    command = [str(pagefind_binary()), "--site", str(koreansearch.shadow_site(out_dir, shadow)),
               "--output-path", str(stage), "--quiet"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as error:
        raise PressroomError(command[0], None, f"cannot run Pagefind: {error}") from None
    finally:
        shutil.rmtree(shadow, ignore_errors=True)
    if result.returncode != 0 or not (stage / "pagefind.js").is_file():
        shutil.rmtree(stage, ignore_errors=True)
        detail = (result.stderr or result.stdout).strip().splitlines()[-3:]
        raise PressroomError(out_dir, None, "Pagefind could not index the site: " + " / ".join(detail))
    _sort_entry(stage / "pagefind-entry.json")
    koreansearch.write_script(stage)
    target = out_dir / BUNDLE
    old = out_dir.parent / f".{out_dir.name}.{BUNDLE}-old-{os.getpid()}"
    if target.exists():
        os.replace(target, old)
    os.replace(stage, target)
    shutil.rmtree(old, ignore_errors=True)


def _sort_entry(entry: Path) -> None:
    """Pagefind lists the languages of its entry file in hash-map order, which changes from run
    to run; sorted, the whole index is byte-identical for the same site."""
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["languages"] = dict(sorted(data.get("languages", {}).items()))
    entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def ui_texts(strings: Strings) -> str:
    """Pagefind UI's `translations` option, as JSON for a data attribute, from a string table
    (a missing `search_*` string fails the build, as any missing UI text does)."""
    texts = {key: strings(f"search_{key}") for key in SEARCH_UI_KEYS}
    return json.dumps(texts, ensure_ascii=False, sort_keys=True)
