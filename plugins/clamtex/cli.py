"""The `clamtex` command: build, serve, check (more subcommands join as they land)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from mkdocs.exceptions import MkDocsException

from .build import BuildFailed, build_site, quiet_logging


def _build(args: argparse.Namespace) -> int:
    quiet_logging(args.verbose)
    try:
        target = build_site(Path(args.config_file), site_dir=args.site_dir)
    except (MkDocsException, BuildFailed) as exc:
        print(f"error: {exc}", file=sys.stderr)
        print("The build failed; the previous site was left as it was.", file=sys.stderr)
        return 1
    print(f"Site built in {os.path.relpath(target)}/")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from mkdocs.commands.serve import serve

    if args.lang:
        os.environ["CLAMTEX_ONLY_LANG"] = args.lang
    quiet_logging(True)
    try:
        serve(args.config_file, open_in_browser=False, dev_addr=args.dev_addr,
              livereload=True)
    except MkDocsException as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="clamtex", description=__doc__)
    top.add_argument("-f", "--config-file", default="mkdocs.yml", help="the site's mkdocs.yml")
    sub = top.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="build the whole site into site/, safely")
    build.add_argument("-d", "--site-dir", type=Path, default=None, help="output folder")
    build.add_argument("-v", "--verbose", action="store_true", help="show MkDocs' progress")
    build.set_defaults(run=_build)
    serve = sub.add_parser("serve", help="preview with live reload")
    serve.add_argument("--lang", help="preview one language only (fast), e.g. es")
    serve.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help="address to serve on")
    serve.set_defaults(run=_serve)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
