"""Screenshots of the therapist dashboard for the README, with obviously fake intakes.

    .venv/bin/python scripts/dashboard-screenshots.py   # writes docs/dashboard-list.png, docs/dashboard-intake.png

Runs the real app on a throwaway SQLite database and a throwaway key, in Debian's Chromium.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.accounts import create_account  # noqa: E402
from bot.config import settings_from_env  # noqa: E402
from bot.store import crypto  # noqa: E402
from bot.store.engine import make_engine, make_session_factory  # noqa: E402
from bot.store.migrate import upgrade  # noqa: E402
from bot.store.unit_of_work import SqlAlchemyUnitOfWork  # noqa: E402
from bot.web import create_app  # noqa: E402
from tests.web import seed  # noqa: E402
from tests.web.browser import chromium, log_in, missing_reason, served  # noqa: E402

DOCS = ROOT / "docs"
EMAIL, PASSWORD = "dr.demo@example.test", "demo password not real"


def main() -> int:
    reason = missing_reason()
    if reason:
        print(f"dashboard-screenshots: {reason}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="intake-screens-") as folder:
        key_file = Path(folder) / "intake.keys"
        crypto.create_key_file(key_file)
        crypto.use_keys(crypto.KeySource(path=key_file))
        settings = settings_from_env(
            {
                "DATABASE_URL": f"sqlite:///{folder}/intake.db",
                "INTAKE_VAR_DIR": folder,
                "INTAKE_KEY_FILE": str(key_file),
                "SECRET_KEY": os.urandom(16).hex(),
            }
        )
        upgrade(settings.database_url)
        engine = make_engine(settings.database_url)
        create_account(engine, email=EMAIL, role="admin", password=PASSWORD)
        uow = SqlAlchemyUnitOfWork(make_session_factory(engine))
        start = seed.START
        seed.store_intake(uow, name="Alex Example", email="alex@example.test", updated=start)
        urgent = seed.store_intake(
            uow,
            name="Blair Sample",
            email="blair@example.test",
            self_harm="active",
            updated=start + timedelta(hours=3),
        )
        seed.store_intake(
            uow,
            name="Casey Fake",
            email="casey@example.test",
            status="in_progress",
            updated=start + timedelta(hours=5),
        )
        seed.store_intake(
            uow,
            name="Drew Placeholder",
            email="drew@example.test",
            status="abandoned",
            updated=start + timedelta(hours=1),
            distress=3,
            phq2_interest=0,
            medications=[],
        )
        DOCS.mkdir(exist_ok=True)
        with served(create_app(settings)) as site, chromium() as browser:
            page = browser.new_page(viewport={"width": 1280, "height": 820})
            log_in(page, site, email=EMAIL, password=PASSWORD)
            page.screenshot(path=str(DOCS / "dashboard-list.png"))
            page.goto(f"{site}/dashboard/intakes/{urgent['intake_id']}")
            page.locator("#section-concern a.evidence").first.click()
            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(path=str(DOCS / "dashboard-intake.png"))
        engine.dispose()
    print("wrote docs/dashboard-list.png and docs/dashboard-intake.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
