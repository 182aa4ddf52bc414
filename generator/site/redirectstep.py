"""The build's redirect step (generator/site/build.py): learn the moves since the last build,
record them, and plan the redirect pages."""

from __future__ import annotations

from generator.site.archive import Archive
from generator.site.buildrun import BuildRun, LastBuild
from generator.site.families.redirect_pages import redirect_pages
from generator.site.families.shared import FamilyContext
from generator.site.gather import Gathered
from generator.site.moves import moves_since, plan_redirects
from generator.site.outfiles import OutputFile


def redirect_step(run: BuildRun, archive: Archive, gathered: Gathered, last: LastBuild, ctx: FamilyContext,
                  occupied: set[str]) -> list[OutputFile]:
    """The redirect pages, with the moves since the last build (its releases as it read them)
    recorded in content/redirects.yaml. `occupied`: every other output file of the site. A
    build that reads no cache (`--no-cache`) has no last build to compare with: it sees no move,
    and guesses none (a suspect cache must never write into content/)."""
    previous = last.state.sources if last.state is not None else {}
    moved = moves_since(previous, gathered.changed, gathered.sources, archive)
    plan = plan_redirects(run.settings.content_path, archive, moved, occupied)
    if plan.rewrote:
        # The file is part of what pages are made from (made_from): this build's pages, its
        # state and its build record are of the file as it now is. Pages not yet signed are
        # signed afresh (their bytes are compared, so few are written); a state left with the
        # fingerprint of the file as it was would take a later return to that file for no change.
        run.cache.inputs_changed()
        run.fingerprint = run.cache.fingerprint()
    run.notices += plan.notices
    return redirect_pages(ctx, plan.redirects)
