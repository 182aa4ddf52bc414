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
from generator.faults import reached
from generator.incremental.cache import search_pages_folder
from generator.site import koreansearch, searchpages
from generator.site.buildstrings import SEARCH_UI_KEYS
from generator.site.i18n import Strings
from generator.site.swap import replace_folder, staging, sweep, write_error
from generator.workers import kill_with_parent

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


def index_site(settings: Settings, out_dir: Path, digests: dict[str, str] | None = None) -> None:
    """Write `<out_dir>/pagefind/` for the site in out_dir, replacing any earlier index whole.

    Pagefind writes into a folder beside the site first, swapped in atomically once it is
    whole (generator/site/swap.py): a failed or killed run leaves the old index, and files of
    an older index (content-hashed names) never linger. `pressroom serve` indexes this way
    after its quick builds; `pressroom build` indexes its staged site (index_staged). `digests`:
    each page's hash, if known (else each page is read)."""
    out_dir = out_dir.resolve()
    stage = staging(out_dir, BUNDLE)
    sweep(out_dir, BUNDLE)
    try:
        pages = searchpages.update(out_dir, search_pages_folder(settings, out_dir), digests)
        _run_pagefind(pages, stage, out_dir / BUNDLE)
        replace_folder(stage, out_dir / BUNDLE, staging(out_dir, f"{BUNDLE}-old"))
    except OSError as error:
        raise write_error(out_dir / BUNDLE, error) from None
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def index_staged(settings: Settings, site: Path, shown: Path, digests: dict[str, str], *,
                 trust: bool = True) -> None:
    """Index the site assembled in the staging folder `site` into `site/pagefind/`, before it
    is swapped in; `shown`: the output folder it will become; `digests`: each page's hash, as
    the build recorded it; `trust=False`: the pages Pagefind reads are made afresh."""
    shutil.rmtree(site / BUNDLE, ignore_errors=True)
    pages = searchpages.update(site, search_pages_folder(settings, shown), digests, trust=trust)
    try:
        _run_pagefind(pages, site / BUNDLE, shown / BUNDLE)
    except OSError as error:
        raise write_error(shown / BUNDLE, error) from None



def _run_pagefind(pages: Path, bundle: Path, shown: Path) -> None:
    """Pagefind over `pages` (the site's indexed pages, Korean ones segmented: searchpages.py),
    its index written to `bundle`; `shown`: the index's final path."""
    command = [str(pagefind_binary()), "--site", str(pages), "--output-path", str(bundle), "--quiet"]
    try:
        # A build killed while Pagefind runs takes it along: no orphan keeps writing into a
        # staging folder the next build deletes.
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   errors="replace", preexec_fn=kill_with_parent)
    except OSError as error:
        raise PressroomError(command[0], None, f"cannot run Pagefind: {error}") from None
    reached("build.pagefind")  # a kill point while Pagefind runs (generator/faults.py)
    stdout, stderr = process.communicate()
    if process.returncode != 0 or not (bundle / "pagefind.js").is_file():
        detail = (stderr or stdout).strip().splitlines()[-3:]
        raise PressroomError(shown.parent, None, "Pagefind could not index the site: " + " / ".join(detail))
    _sort_entry(bundle / "pagefind-entry.json", shown / "pagefind-entry.json")
    koreansearch.write_script(bundle)


def _sort_entry(entry: Path, shown: Path) -> None:
    """Pagefind lists the languages of its entry file in hash-map order, which changes from run
    to run; sorted, the whole index is byte-identical for the same site. An entry file that is
    not a JSON object (a full disk, a broken Pagefind) fails the build; the site stays as it was."""
    try:
        data = json.loads(entry.read_bytes())
        if not isinstance(data, dict) or not isinstance(data.get("languages", {}), dict):
            raise ValueError("not an object with languages")
    except ValueError as error:  # JSONDecodeError and UnicodeDecodeError among them
        raise PressroomError(shown, None, f"Pagefind wrote an unreadable entry file ({error}; a full disk?); "
                                          "the site was left as it was") from None
    data["languages"] = dict(sorted(data.get("languages", {}).items()))
    entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def ui_texts(strings: Strings) -> str:
    """Pagefind UI's `translations` option, as JSON for a data attribute, from a string table
    (a missing `search_*` string fails the build, as any missing UI text does)."""
    texts = {key: strings(f"search_{key}") for key in SEARCH_UI_KEYS}
    return json.dumps(texts, ensure_ascii=False, sort_keys=True)
