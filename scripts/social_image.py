"""Draw content/assets/clamtex-social.png, the 1200x630 default social preview image.

Run once (the PNG is committed): `.venv/bin/python scripts/social_image.py`.
Social networks ignore SVG, so the logo and name are rendered to PNG by headless
Chromium (Debian's /usr/bin/chromium; no network, no extra Python packages).
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOGO = ROOT / "content" / "assets" / "clamtex-logo.svg"
OUT = ROOT / "content" / "assets" / "clamtex-social.png"
PAGE = """<!doctype html><html><head><meta charset="utf-8"><style>
html, body {{ margin: 0; width: 1200px; height: 630px; overflow: hidden; }}
body {{ background: #1a3a6b; color: #fff; font-family: "DejaVu Sans", sans-serif;
       display: flex; align-items: center; gap: 56px; padding: 0 96px; box-sizing: border-box; }}
img {{ width: 220px; height: 220px; }}
h1 {{ font-size: 104px; margin: 0; letter-spacing: 4px; }}
p {{ font-size: 34px; margin: 16px 0 0; line-height: 1.3; color: #d9f2ee; }}
.bar {{ position: absolute; left: 0; right: 0; bottom: 0; height: 24px; background: #0f766e; }}
</style></head><body><img src="{logo}" alt=""><div><h1>CLAMTEX</h1>
<p>European Strategic Cluster Partnership<br>textiles &amp; advanced manufacturing</p></div>
<div class="bar"></div></body></html>"""


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "social.html"
        page.write_text(PAGE.format(logo=LOGO.as_uri()), encoding="utf-8")
        subprocess.run(
            ["/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
             "--no-first-run", "--disable-background-networking", "--hide-scrollbars",
             f"--user-data-dir={tmp}/profile", "--window-size=1200,630",
             f"--screenshot={OUT}", page.as_uri()],
            check=True, capture_output=True)
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
