"""`make bench`: how fast the build is, against stock MkDocs and the Markdown floor.

For each size N a synthetic site (synthetic.py: the real site plus N news items in five
languages) is generated into a temporary folder, and each measurement runs in a fresh
subprocess (median wall time of --runs runs, at least 3 for the quick warm, preview and
rebuild lines; peak memory of the largest process from wait4(), and of all processes
together as the sum of their proportional set sizes, sampled from /proc every 50 ms):

- ours: `clamtex build` (parallel languages), and `clamtex build --serial`;
- stock: `mkdocs build` of the same content with Material + static-i18n, no clamtex
  plugin, the same theme and i18n settings and the explicit nav of the static pages;
- floor: Python-Markdown alone, single process, every page of every language, with the
  site's markdown_extensions (one Markdown instance, reset per page);
- preview: a one-language build (CLAMTEX_ONLY_LANG=es);
- rebuild: in one process, a one-language preview build, one item edited, then the timed
  update: what `clamtex serve` does on a change (preview.py: only the pages the edit
  changed are built again);
- photos (from N = 1000): the same site with --photos real-size photographs (Debian's
  18-megapixel, 16 MB mate-backgrounds photo, `make photos`), cold (no render or image
  cache) and warm (nothing encoded).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from clamtex.commands import synthetic

PY = sys.executable
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
PREVIEW_LANG = "es"
DEBIAN_PHOTO = Path("/usr/share/backgrounds/mate/abstract/Elephants_5640x3172.jpg")


@dataclass
class Result:
    """The median of several runs of one measurement."""

    name: str
    seconds: float
    cpu: float  # user + system seconds of all processes (less sensitive to machine load)
    peak_mb: float  # largest single process
    tree_mb: float  # all processes of the measurement together (sum of PSS, sampled)
    runs: int


# -- running and measuring --------------------------------------------------------------


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    kids = [int(p) for p in text.split()]
    return kids + [g for kid in kids for g in _children(kid)]


def _pss(pid: int) -> int:
    """A process's proportional set size in bytes: its private memory plus its share of the
    pages it shares (forked workers share most of the parent's), so that the sum over a
    process tree counts each page once. RSS where the kernel has no smaps_rollup."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_SIZE
    except (OSError, IndexError, ValueError):
        return 0


def measure(command: list[str], cwd: Path, env: dict[str, str] | None = None
            ) -> tuple[float, float, float, float, str]:
    """Run `command`: (wall s, CPU s, peak MB largest process, peak MB all processes, stdout)."""
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, env=full_env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    peak_tree = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_tree
        while not done.is_set():
            total = sum(_pss(pid) for pid in [proc.pid, *_children(proc.pid)])
            peak_tree = max(peak_tree, total)
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out = proc.stdout.read() if proc.stdout else ""
    err = proc.stderr.read() if proc.stderr else ""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"error: {' '.join(command)} failed in {cwd}:\n{err[-2000:]}")
    peak = usage.ru_maxrss / 1024  # kB on Linux
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, peak, max(peak_tree / 2**20, peak), out


def median_of(name: str, runs: int, command: list[str], cwd: Path,
              env: dict[str, str] | None = None, use_stdout: bool = False) -> Result:
    """Median of `runs` runs; with use_stdout the command prints its own timed seconds."""
    times, cpus, peaks, trees = [], [], [], []
    for _ in range(runs):
        wall, cpu, peak, tree, out = measure(command, cwd, env)
        times.append(float(out.strip().splitlines()[-1]) if use_stdout else wall)
        cpus.append(cpu)
        peaks.append(peak)
        trees.append(tree)
    return Result(name, statistics.median(times), statistics.median(cpus),
                  statistics.median(peaks),
                  statistics.median(trees), runs)


# -- the stock configuration and the floor ---------------------------------------------


def stock_config(site: Path) -> Path:
    """mkdocs-stock.yml: the site's mkdocs.yml without the clamtex plugin, strict off."""
    from mkdocs.utils.yaml import get_yaml_loader

    with open(site / "mkdocs.yml", encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=get_yaml_loader())
    data["strict"] = False
    plugins = []
    for entry in data.get("plugins", []):
        name = next(iter(entry)) if isinstance(entry, dict) else entry
        if name == "clamtex":
            continue
        if name == "i18n":
            entry["i18n"].pop("build_only_locale", None)
        plugins.append(entry)
    data["plugins"] = plugins
    path = site / "mkdocs-stock.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def markdown_pages(site: Path) -> list[Path]:
    """Every Markdown page of every language."""
    return sorted(p for p in (site / "content").rglob("*.md")
                  if p.relative_to(site / "content").parts[0] != "assets")


def floor(site: Path) -> float:
    """Render every page with Python-Markdown alone; return the seconds it took."""
    import markdown
    from mkdocs.utils.yaml import get_yaml_loader

    with open(site / "mkdocs.yml", encoding="utf-8") as handle:
        config = yaml.load(handle, Loader=get_yaml_loader())
    extensions, configs = [], {}
    for entry in config.get("markdown_extensions", []):
        if isinstance(entry, dict):
            name, options = next(iter(entry.items()))
            configs[name] = options or {}
        else:
            name = entry
        extensions.append(name)
    start = time.perf_counter()
    md = markdown.Markdown(extensions=extensions, extension_configs=configs)
    for path in markdown_pages(site):
        text = path.read_text("utf-8")
        if text.startswith("---"):
            text = text.split("\n---", 2)[-1]
        md.reset()
        md.convert(text)
    return time.perf_counter() - start


def rebuild(site: Path, lang: str) -> float:
    """What `clamtex serve --lang` does on an edit, in one process: the preview's first
    build, one item edited, then the timed update (preview.py); its seconds."""
    from clamtex.build.preview import PreviewSession
    from clamtex.build.safe import preview_in_memory, quiet_logging

    quiet_logging(False)
    os.environ["CLAMTEX_ONLY_LANG"] = lang
    preview_in_memory()
    out = Path(tempfile.mkdtemp(prefix="clamtex-preview-"))  # where `clamtex serve` builds
    session = PreviewSession(site / "mkdocs.yml", out)
    session.build()
    item = site / "content" / lang / synthetic.item_key(0)
    item.write_text(item.read_text("utf-8") + "\nOne more sentence.\n", "utf-8")
    start = time.perf_counter()
    done = session.build()
    seconds = time.perf_counter() - start
    if done == "full":
        raise RuntimeError("the preview built everything again after a one-item edit")
    session.close()
    shutil.rmtree(out, ignore_errors=True)
    return seconds


# -- one size ------------------------------------------------------------------------------


def bench_photos(n: int, photos: int, root: Path, work: Path) -> list[Result]:
    """The site of size n with `photos` real-size photographs: a cold build (no render
    cache, no image cache) and a warm one (both caches: nothing encoded)."""
    photo = Path(os.environ.get("CLAMTEX_PHOTO") or DEBIAN_PHOTO)
    if not photo.is_file():
        print(f"no photo at {photo} (make photos): the photo lines are skipped")
        return []
    site = synthetic.generate(root, work / f"site-{n}-photos", n)
    count = synthetic.add_photos(site, photo, photos)
    out = str(work / f"out-{n}-photos")
    clamtex = [PY, "-m", "clamtex.commands.cli", "build", "-d", out]
    megapixels = _megapixels(photo)
    name = f"{count} photos of {megapixels:.0f} MP, {photo.stat().st_size / 1e6:.0f} MB"
    results = [median_of(f"ours: {name}, cold (no caches)", 1, clamtex, site,
                         env={"CLAMTEX_CACHE": "0"})]
    measure(clamtex, site)  # fills the render and image caches
    results.append(median_of(f"ours: {name}, warm (caches)", 3, clamtex, site))
    shutil.rmtree(out, ignore_errors=True)
    return results


def _megapixels(photo: Path) -> float:
    from PIL import Image

    with Image.open(photo) as image:
        return image.width * image.height / 1e6


def bench_size(n: int, runs: int, root: Path, work: Path,
               photos: int = 0) -> tuple[int, list[Result]]:
    """Generate the site of size n and run every measurement on it."""
    site = synthetic.generate(root, work / f"site-{n}", n)
    stock = stock_config(site)
    pages = len(markdown_pages(site))
    clamtex = [PY, "-m", "clamtex.commands.cli", "build"]
    out = str(work / f"out-{n}")
    here = [PY, "-m", "clamtex.commands.bench"]
    cold = {"CLAMTEX_CACHE": "0"}
    quick = max(runs, 3)  # the quick measurements: a median of 3 costs little
    results = [
        median_of("ours: clamtex build, cold (no cache)", runs, [*clamtex, "-d", out], site,
                  env=cold),
        median_of("ours: --serial, cold (no cache)", runs, [*clamtex, "--serial", "-d", out],
                  site, env=cold),
        median_of("ours: --parallel, cold (no cache)", runs,
                  [*clamtex, "--parallel", "-d", out], site, env=cold),
    ]
    measure([*clamtex, "-d", out], site)  # fills the render cache
    results += [
        median_of("ours: clamtex build, warm (cache)", quick, [*clamtex, "-d", out], site),
        median_of("stock Material + i18n", runs,
                  [PY, "-m", "mkdocs", "build", "-q", "-f", str(stock), "-d", out], site),
        median_of("floor: Python-Markdown", runs, [*here, "--floor", str(site)], site),
    ]
    preview = {"CLAMTEX_ONLY_LANG": PREVIEW_LANG}
    measure([*clamtex, "--serial", "-d", out], site, preview)  # fills its render cache
    results += [
        median_of(f"preview: one language ({PREVIEW_LANG}), warm", quick,
                  [*clamtex, "--serial", "-d", out], site, env=preview),
        median_of("rebuild after one edit (preview)", quick,
                  [*here, "--rebuild", str(site)], site, use_stdout=True),
    ]
    shutil.rmtree(out, ignore_errors=True)
    if photos:
        results += bench_photos(n, photos, root, work)
    return pages, results


# -- reporting -----------------------------------------------------------------------------


def table(rows: list[tuple[int, int, list[Result]]]) -> list[str]:
    """The results as a Markdown table with ratios to stock and to the floor."""
    lines = ["| N items | pages | build | median s | ms / page | CPU s "
             "| peak MB (largest process) "
             "| peak MB (all processes, PSS) | x stock | x floor | runs |",
             "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for n, pages, results in rows:
        stock = next(r for r in results if r.name.startswith("stock")).seconds
        base = next(r for r in results if r.name.startswith("floor")).seconds
        for r in results:
            lines.append(
                f"| {n} | {pages} | {r.name} | {r.seconds:.2f} | {1000 * r.seconds / pages:.2f} "
                f"| {r.cpu:.1f} | {r.peak_mb:.0f} | {r.tree_mb:.0f} | {r.seconds / stock:.2f} "
                f"| {r.seconds / base:.2f} | {r.runs} |")
    return lines


def machine() -> str:
    """CPU count and model, RAM, Python version, date."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text()
                      .splitlines() if line.startswith("MemTotal"))
        ram = f"{mem_kb / 2**20:.1f} GiB RAM"
    except (OSError, StopIteration):
        ram = "RAM unknown"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{os.cpu_count()} CPUs ({model}), {ram}, Python {platform.python_version()}, "
            f"{dt.date.today().isoformat()}, load average at the end {load:.1f}")


DOC_START = "<!-- bench:start -->"
DOC_END = "<!-- bench:end -->"


def write_docs(doc: Path, lines: list[str], command: str) -> None:
    """Replace the measured block of docs/performance.md (between the bench markers)."""
    block = [DOC_START, "", f"Measured with `{command}` on: {machine()}.", "", *lines, "",
             DOC_END]
    text = doc.read_text("utf-8") if doc.exists() else f"# Performance\n\n{DOC_START}\n{DOC_END}\n"
    head, _, rest = text.partition(DOC_START)
    _, _, tail = rest.partition(DOC_END)
    doc.write_text(head + "\n".join(block) + tail, "utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m clamtex.commands.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000],
                        help="numbers of news items (default: 100 1000 5000)")
    parser.add_argument("--runs", type=int, default=3,
                        help="runs per measurement below N = 1000, median kept (default 3)")
    parser.add_argument("--big-runs", type=int, default=1,
                        help="runs per measurement from N = 1000 (default 1)")
    parser.add_argument("--photos", type=int, default=100,
                        help="real-size photos for the photo lines, from N = 1000 (default "
                             "100; 0: none)")
    parser.add_argument("--photos-from", type=int, default=1000, help=argparse.SUPPRESS)
    parser.add_argument("--project", type=Path, default=Path("."),
                        help="the project whose mkdocs.yml and content/ are the base")
    parser.add_argument("--write-docs", action="store_true",
                        help="also write the table into docs/performance.md")
    parser.add_argument("--floor", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--rebuild", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.floor:
        print(f"{floor(args.floor):.4f}")
        return 0
    if args.rebuild:
        print(f"{rebuild(args.rebuild, PREVIEW_LANG):.4f}")
        return 0
    root = args.project.resolve()
    rows = []
    with tempfile.TemporaryDirectory(prefix="clamtex-bench-") as tmp:
        for n in args.sizes:
            runs = args.runs if n < 1000 else args.big_runs
            print(f"N = {n}: generating and building ({runs} run(s) each)...", flush=True)
            photos = args.photos if n >= args.photos_from else 0
            pages, results = bench_size(n, runs, root, Path(tmp), photos)
            rows.append((n, pages, results))
            print("\n".join(table([rows[-1]])), flush=True)
    lines = table(rows)
    print()
    print("\n".join(lines))
    print(f"\n{machine()}")
    if args.write_docs:
        given = argv if argv is not None else sys.argv[1:]
        command = "python -m clamtex.commands.bench " + " ".join(given)
        write_docs(root / "docs" / "performance.md", lines, command.strip())
        print("Wrote docs/performance.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
