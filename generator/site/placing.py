"""The last step of a build: the new site put in place with its search index, at once.

Apart from generator/site/build.py because it is the one step that touches the output folder:
everything before it only renders (generator/site/output.py stages, swap.py exchanges).
"""

from __future__ import annotations

from generator import progress as reporting
from generator.site.buildrun import BuildRun
from generator.site.search import BUNDLE, index_site, index_staged


def place_site(run: BuildRun, staged: list[str], stale: list[str], key: str,
             digests: dict[str, str] | None = None) -> bool:
    """Put the new site in place with its search index: the whole site, index included, is
    assembled beside the output and swapped in at once (generator/site/output.py). An index
    that is missing, stale or partial (generator.incremental.indexstamp) is made again even when
    no page changed. `digests`: each page's hash, where the build knows them (only the pages that
    changed are read again for search, generator/site/searchcache.py). Returns whether the site still
    needs indexing (the build was told not to)."""
    current = run.cache.index_current(BUNDLE, key)
    index = run.options.search and not current
    try:
        if staged or stale:
            reporting.phase("build: write files", len(staged) + len(stale))
            if run.output.atomic:
                stage = run.output.assemble(staged, stale, keep_index=not index)
                if index:
                    reporting.phase("build: search index")
                    # the index is made from the staged site's pages; see search.py
                    index_staged(run.settings, stage, run.out, digests or {}, trust=run.cache.enabled)
                run.cache.unsettle()
                run.output.publish()
            else:
                run.cache.unsettle()
                run.output.commit_in_place(staged, stale)
        else:
            run.output.unstaged()
        if index and not (run.output.atomic and (staged or stale)):  # the site in place is indexed
            reporting.phase("build: search index")
            index_site(run.settings, run.out, digests)
    except BaseException:
        run.output.abort()
        raise
    if index:
        run.cache.stamp_index(BUNDLE, key)
    return not current and not run.options.search
