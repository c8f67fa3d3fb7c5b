"""Copy GOV.UK Frontend's compiled assets from node_modules into static/govuk/.

The compiled CSS points at /assets/... absolutely; here it points relatively instead, so the
files work under any STATIC_URL. The portal is not on GOV.UK, so the GDS Transport font is
dropped (its @font-face rules are removed and Arial is used).
"""

import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "node_modules" / "govuk-frontend" / "dist" / "govuk"
TARGET = ROOT / "static" / "govuk"


def main():
    if not SOURCE.exists():
        sys.exit("GOV.UK Frontend is not installed: run npm ci first.")
    if TARGET.exists():
        shutil.rmtree(TARGET)
    (TARGET / "assets").mkdir(parents=True)
    css = (SOURCE / "govuk-frontend.min.css").read_text(encoding="utf-8")
    css = re.sub(r"@font-face\{font-family:GDS Transport;[^}]*\}", "", css)
    css = css.replace("font-family:GDS Transport,arial,sans-serif", "font-family:arial,sans-serif")
    css = css.replace("url(/assets/", "url(assets/")
    css = re.sub(r"/\*# sourceMappingURL=.*?\*/", "", css)
    (TARGET / "govuk-frontend.min.css").write_text(css, encoding="utf-8")
    js = (SOURCE / "govuk-frontend.min.js").read_text(encoding="utf-8")
    js = re.sub(r"//# sourceMappingURL=\S+", "", js)
    (TARGET / "govuk-frontend.min.js").write_text(js, encoding="utf-8")
    shutil.copytree(SOURCE / "assets" / "images", TARGET / "assets" / "images")
    print(f"Copied GOV.UK Frontend assets to {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
