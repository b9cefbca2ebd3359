"""The `clamtex` command: build, serve, check (more subcommands join as they land)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from mkdocs.exceptions import MkDocsException

from clamtex.build.safe import build_site, one_line, preview_in_memory, quiet_logging
from clamtex.exceptions import BuildFailed, MarkError, ProjectError, ScaffoldError

BUILD_FAILED = "The build failed; the previous site was left as it was."


def _build(args: argparse.Namespace) -> int:
    quiet_logging(args.verbose)
    try:
        from clamtex.outputs.funding import site_check

        target = build_site(Path(args.config_file), site_dir=args.site_dir,
                            checks=(site_check,), parallel=args.parallel)
    except (MkDocsException, BuildFailed) as exc:
        print(f"error: {exc}", file=sys.stderr)
        print(BUILD_FAILED, file=sys.stderr)
        return 1
    except Exception as exc:  # never a traceback: build_site says most in its words
        print(f"error: {one_line(exc)}", file=sys.stderr)
        print(BUILD_FAILED, file=sys.stderr)
        return 1
    print(f"Site built in {os.path.relpath(target)}/")
    return 0


def _check_site(args: argparse.Namespace) -> int:
    from mkdocs.config import load_config

    from clamtex.outputs.funding import site_check

    quiet_logging(False)
    site = Path(args.site)
    if not site.is_dir():
        print(f"error: {site}: no such folder (build the site first: make site)",
              file=sys.stderr)
        return 2
    try:
        config = load_config(args.config_file)
    except MkDocsException as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    problems = site_check(site, config, every_page=True)
    for line in problems:
        print(line)
    pages = sum(1 for _ in site.rglob("*.html"))
    print(f"{len(problems)} funding-notice problem(s) in {pages} HTML files")
    return 1 if problems else 0


def _serve(args: argparse.Namespace) -> int:
    from clamtex.build.preview import serve

    if args.lang:
        try:
            languages = _open(args).settings.languages
        except ProjectError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        if args.lang not in languages:
            print(f"error: --lang: '{args.lang}' is not a language of this site (mkdocs.yml "
                  f"has: {', '.join(languages)}; add it under plugins.i18n.languages, "
                  "see docs/start-a-site.md)", file=sys.stderr)
            return 1
        os.environ["CLAMTEX_ONLY_LANG"] = args.lang
    preview_in_memory()
    quiet_logging(True)
    try:
        serve(Path(args.config_file), dev_addr=args.dev_addr, drafts=args.drafts)
    except MkDocsException as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # e.g. the address is taken by another preview
        print(f"error: {args.dev_addr}: {exc.strerror} (stop the other preview, or use "
              "another address: clamtex serve -a 127.0.0.1:8001)", file=sys.stderr)
        return 1
    return 0


# -- editors' tools: new, check, status ------------------------------------------------


def _open(args: argparse.Namespace):  # -> project.Project
    from clamtex.structure.project import open_project

    quiet_logging(False)
    from clamtex.kinds import kinds_for

    return open_project(Path(args.config_file), kinds_for)


def _new(args: argparse.Namespace) -> int:
    from clamtex.commands import scaffold

    try:
        project = _open(args)
        site = project.load_site()
        if args.kind == "news":
            image_lines = None
            if args.image:
                from clamtex.commands.images import add_image

                day, slug = scaffold.news_name(args.name, args.date,
                                                 project.settings.today)
                image, image_lines = add_image(project.settings.content_dir, Path(args.image),
                                               f"{day}-{slug}")
                print(f"wrote {os.path.relpath(image, project.root)} (oriented, without "
                      "metadata, at most 2560 px)")
            files = scaffold.news_files(site, args.name, args.date, args.partners, args.tags,
                                        image_lines=image_lines)
            hint = scaffold.NEWS_HINT
        elif args.kind == "event":
            from clamtex.kinds.events import Events

            events = next(kind for kind in project.kinds if isinstance(kind, Events))
            files = scaffold.event_files(site, events, args.name, args.start, end=args.end,
                                         timezone=args.timezone, city=args.city,
                                         country=args.country, online=args.online,
                                         partners=args.partners, tags=args.tags)
            hint = scaffold.EVENT_HINT
        else:
            from clamtex.outputs.branding import acronym

            files = scaffold.partner_files(site, args.name, args.title, args.country, args.role,
                                           acronym(project.options, project.config))
            hint = scaffold.PARTNER_HINT
        written = scaffold.write_new(files, project.root, hint)
    except (ProjectError, ScaffoldError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(f"created {path.relative_to(project.root).as_posix()}")
    if args.kind == "partner":
        print("Add the partner to the partners page: in mkdocs.yml, under clamtex, write")
        print(f"  {scaffold.partners_order_line(site, args.name)}")
    print("Next: fill in the TODO lines of the first file, then run: clamtex check")
    return 0


def _image(args: argparse.Namespace) -> int:
    from clamtex.commands.images import add_image

    try:
        project = _open(args)
        target, lines = add_image(project.settings.content_dir, Path(args.path), args.name)
    except (ProjectError, ScaffoldError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {os.path.relpath(target, project.root)} (oriented, without metadata, "
          "at most 2560 px)")
    print("Write in the item's front matter:")
    for line in lines:
        print(f"  {line}")
    return 0


def _check(args: argparse.Namespace) -> int:
    from clamtex.commands.checking import as_json, as_text, check_project, counts

    try:
        problems = check_project(_open(args))
    except ProjectError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(as_json(problems) if args.format == "json" else as_text(problems, args.strict))
    found = counts(problems)
    return 1 if found["errors"] or (args.strict and found["warnings"]) else 0


def _status(args: argparse.Namespace) -> int:
    from clamtex.commands import status

    try:
        project = _open(args)
    except ProjectError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    site = project.load_site()
    settings = project.settings
    if args.mark_translated:
        failed = 0
        for file in args.mark_translated:
            try:
                shown, value = status.mark_translated(site, Path(file))
            except MarkError as exc:
                print(f"error: {exc}", file=sys.stderr)
                failed += 1
                continue
            print(f"{shown}: source_hash: {value} (marked translated)")
        return 1 if failed else 0
    languages = [lang for lang in settings.languages if lang != settings.default]
    if args.lang:
        if args.lang not in languages:
            print(f"error: --lang: '{args.lang}' is not a translation language (use one of: "
                  f"{', '.join(languages)})", file=sys.stderr)
            return 1
        languages = [args.lang]
    cells = status.table(site, languages)
    errors = [p for p in site.problems if p.severity == "error"]
    if errors:
        print(f"warning: {len(errors)} content error(s) hide some entries: run clamtex check",
              file=sys.stderr)
    if args.missing:
        to_do = status.render_to_do(cells)
        print("\n".join(to_do) if to_do else "Nothing to translate.")
    else:
        print("\n".join(status.render_table(cells, languages)))
        print()
        print("\n".join(status.render_totals(cells, languages)))
        from clamtex.commands import upcoming

        if coming := upcoming.render(upcoming.upcoming(site, project.kinds), settings.today):
            print()
            print("\n".join(coming))
    return 1 if args.strict and any(c.state in status.TO_DO for c in cells) else 0


def _init(args: argparse.Namespace) -> int:
    from clamtex.commands import init

    try:
        answers = init.gather(args, init.interactive())
        written = init.write_project(Path(args.dir), answers)
    except ScaffoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except EOFError:
        print("error: the questions ended early (give the values as flags)", file=sys.stderr)
        return 1
    print(f"created {len(written)} files in {args.dir}/")
    print(f"Next: cd {args.dir} && make serve; fill in every TODO (clamtex check lists them)")
    return 0


def _init_command(sub: argparse._SubParsersAction) -> None:
    init = sub.add_parser("init", help="start a new project's site in DIR (asks, or flags)")
    init.add_argument("dir", metavar="DIR", help="a new or empty folder")
    init.add_argument("--name", help="the project's full name")
    init.add_argument("--acronym", help="its short name, e.g. GREENLAB")
    init.add_argument("--url", help="the site's address: https://example.eu/ or "
                                    "https://user.github.io/project/")
    init.add_argument("--languages", help="language codes, the default first: en,de,it")
    init.add_argument("--programme", help="funding wording: eu, cosme, ...")
    init.add_argument("--grant-agreement", dest="grant_agreement",
                      help="grant agreement number")
    init.add_argument("--authority", help="granting authority the disclaimer names: rea, "
                                          "eismea, cinea, ... (default: the programme's)")
    init.add_argument("--partner", action="append", metavar="ID:NAME:COUNTRY:ROLE",
                      help="a partner (repeat), e.g. acme:ACME Cluster:DE:coordinator")
    init.add_argument("--primary", help="main colour, #rrggbb")
    init.add_argument("--accent", help="accent colour, #rrggbb")
    init.add_argument("--engine", help="pip requirement for the engine in requirements.txt "
                                       "(default: clamtex)")
    init.set_defaults(run=_init)


def _editor_commands(sub: argparse._SubParsersAction) -> None:
    new = sub.add_parser("new", help="create a news item, an event or a partner, with stubs "
                                       "to translate")
    kinds = new.add_subparsers(dest="kind", required=True)
    news = kinds.add_parser("news", help='e.g. clamtex new news "Third project meeting"')
    news.add_argument("name", metavar="TITLE", help="the title, in quotes")
    news.add_argument("--date", help="YYYY-MM-DD (default: today)")
    news.add_argument("--partners", help="partner ids, comma-separated: acme,northlab")
    news.add_argument("--tags", help="tag ids, comma-separated: training,benchmarking")
    news.add_argument("--image", metavar="PATH",
                      help="a photo: copied into content/assets/images/, cleaned (image add)")
    event = kinds.add_parser("event", help='e.g. clamtex new event "Info day" --start '
                                           '"2027-03-10 10:00" --city Porto --country PT')
    event.add_argument("name", metavar="TITLE", help="the title, in quotes")
    event.add_argument("--start", required=True,
                       help='the first day, YYYY-MM-DD, or day and time: "YYYY-MM-DD HH:MM"')
    event.add_argument("--end", help="the last day, a day and time, or a time (HH:MM) on the "
                                     "start day")
    event.add_argument("--timezone", help="IANA name, e.g. Europe/Lisbon (default: the site's)")
    event.add_argument("--city", help="where it is held, with --country")
    event.add_argument("--country", help="two-letter ISO code, e.g. PT")
    event.add_argument("--online", metavar="URL", help="the link attendees use (an online or "
                                                       "hybrid event)")
    event.add_argument("--partners", help="partner ids, comma-separated: acme,northlab")
    event.add_argument("--tags", help="tag ids, comma-separated: training,benchmarking")
    partner = kinds.add_parser("partner", help="e.g. clamtex new partner acme --country ES")
    partner.add_argument("name", metavar="ID", help="short id: lowercase, digits, hyphens")
    partner.add_argument("--name", dest="title", help="display name (default: the id, upper case)")
    partner.add_argument("--country", required=True, help="two-letter ISO code, e.g. ES")
    partner.add_argument("--role", default="partner",
                         help="coordinator, beneficiary, affiliated_entity, associated_partner "
                              "or partner")
    new.set_defaults(run=_new)
    image = sub.add_parser("image", help="add a photo, oriented, without metadata, small")
    actions = image.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="e.g. clamtex image add ~/Pictures/IMG_0042.jpg")
    add.add_argument("path", metavar="PATH", help="the photo (JPEG, PNG, HEIC, WebP, GIF)")
    add.add_argument("--name", help="file name without extension (default: the photo's)")
    add.set_defaults(run=_image)
    check = sub.add_parser("check", help="validate all content without building")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--strict", action="store_true",
                       help="exit 1 on warnings too (TODO placeholders, missing legal facts): "
                            "for CI before publishing")
    check.set_defaults(run=_check)
    state = sub.add_parser("status", help="translation status of every page, news item, partner")
    state.add_argument("--missing", action="store_true", help="list only what is to translate")
    state.add_argument("--strict", action="store_true",
                       help="exit 1 if anything is missing, a stub or stale")
    state.add_argument("--lang", help="one language only, e.g. es")
    state.add_argument("--mark-translated", nargs="+", metavar="FILE",
                       help="record that these translations match their original now")
    state.set_defaults(run=_status)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="clamtex", description=__doc__)
    top.add_argument("-f", "--config-file", default="mkdocs.yml", help="the site's mkdocs.yml")
    sub = top.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="build the whole site into site/, safely")
    build.add_argument("-d", "--site-dir", type=Path, default=None, help="output folder")
    build.add_argument("-v", "--verbose", action="store_true", help="show MkDocs' progress")
    paths = build.add_mutually_exclusive_group()  # default: the faster one for the site
    paths.add_argument("--serial", dest="parallel", action="store_false", default=None,
                       help="build the languages one after the other (plain MkDocs path)")
    paths.add_argument("--parallel", dest="parallel", action="store_true",
                       help="build the languages in parallel processes")
    build.set_defaults(run=_build)
    check_site = sub.add_parser("check-site",
                                help="check the EU funding notice on every built page")
    check_site.add_argument("site", nargs="?", default="site", help="the built site folder")
    check_site.set_defaults(run=_check_site)
    serve = sub.add_parser("serve", help="preview with live reload")
    serve.add_argument("--lang", help="preview one language only (fast), e.g. es")
    serve.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help="address to serve on")
    serve.add_argument("--drafts", action="store_true",
                       help="also show drafts and scheduled items, each with a banner")
    serve.set_defaults(run=_serve)
    _editor_commands(sub)
    _init_command(sub)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # any command: one line, never a traceback
        print(f"error: {one_line(exc)}", file=sys.stderr)
        if args.command == "build":
            print(BUILD_FAILED, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
