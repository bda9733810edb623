"""Render an acknowledgment for a name in each script and save page 1 as PNG under docs/.

Usage: .venv/bin/python scripts/names-in-every-script.py [OUT_DIR]   (needs pdftoppm)

The pages are the ones shown in the README ("Names in every script"): look at them after any
change to certdesk/forms/fonts.py.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from certdesk.forms.acknowledgment import render_acknowledgment
from certdesk.forms.samples import acknowledgment

NAMES = {
    "arabic": "فاطمة الزهراء حداد",
    "hebrew": "שרה לוי",
    "devanagari": "अनीता शर्मा",
    "tamil": "தமிழ்செல்வி",
    "thai": "สมชาย ใจดี",
    "latin": "Zoë Ångström-Nguyễn",
}


def main(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for script, name in NAMES.items():
            content = replace(acknowledgment(name=name), company_name=f"Acme — {name}")
            pdf = Path(tmp) / f"{script}.pdf"
            pdf.write_bytes(render_acknowledgment(content))
            stem = out_dir / f"name-{script}"
            page_1 = ["pdftoppm", "-png", "-f", "1", "-l", "1", "-singlefile"]
            subprocess.run([*page_1, "-r", "80", pdf, stem], check=True)
            # A close-up of the header and the Employee section, where the name is printed.
            crop = ["-r", "150", "-x", "90", "-y", "30", "-W", "1100", "-H", "350"]
            subprocess.run([*page_1, *crop, pdf, f"{stem}-close-up"], check=True)
            print(f"{stem}.png  {stem}-close-up.png  {name}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/names"))
