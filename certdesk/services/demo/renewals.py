"""Demo data for credentials over their whole life: renewal rules, a credential renewed, one
due in 30 days with credits short, one lapsed, proofs attached and missing, a receipt, and the
certifications each role requires. Called from services.demo inside its one transaction."""

from __future__ import annotations

import datetime as _dt
import tempfile
from pathlib import Path

from certdesk.core.agreement_requests import parse_draft_request
from certdesk.core.course import Course
from certdesk.core.dates import add_months
from certdesk.core.renewal import CreditUnit, RenewalMethod, RenewalRule, parse_caps
from certdesk.core.review import DEFAULT_REVIEW_DAYS, review_until
from certdesk.services.agreements import drafting, issuing, lifecycle
from certdesk.services.catalog import roles
from certdesk.services.credentials import renewals
from certdesk.services.demo.courses import CLASS_WEEKS_PLANNED, PROVIDERS
from certdesk.services.paths import lifecycle as paths
from certdesk.store import Store
from certdesk.store import paths as paths_store

RULES = {
    # code: validity months, credits needed (hundredths), unit, caps, fee cents, note
    "CCCM": (36, 600, CreditUnit.CEU, "Self-study:50%", 15000, "6 CEU per 3-year cycle"),
    "SWMP": (24, 3000, CreditUnit.HOURS, "Self-paced:15", 9500, "30 hours per cycle"),
    "QAMC": (24, 2000, CreditUnit.HOURS, "", 7500, "20 hours per cycle"),
}
ROLES = {
    "Call Center Manager": ["CCCM"],
    "Operations Manager": ["CCCM"],
    "Contact Center Supervisor": ["CCCS"],
    "Workforce Manager": ["SWMP"],
    "Quality Manager": ["QAMC"],
}


def demo_rules(store: Store, today: _dt.date) -> None:
    """Renewal rules for three catalog items (CCCS never expires)."""
    for code, (months, needed, unit, caps, fee, note) in RULES.items():
        renewals.add_rule_version(
            store,
            code,
            RenewalRule(
                validity_months=months,
                credits_needed=needed,
                unit=unit,
                caps=parse_caps(caps),
                fee_cents=fee,
                effective_on=_dt.date(2015, 1, 1),
                note=f"Demo rule: {note}",
            ),
        )


def _complete(
    store: Store, employee_no: str, code: str, on: _dt.date, *, agreement: bool = False, **kw
) -> int:
    """A path from plan to completion on `on`; with `agreement`, a signed tuition agreement
    (issued and signed before enrolment, its issued form kept as the signed scan too)."""

    first_class = add_months(on, -3) + _dt.timedelta(days=3)  # weekly, from enrolment
    course = Course(
        PROVIDERS[code], first_class, first_class + _dt.timedelta(weeks=CLASS_WEEKS_PLANNED - 1)
    )
    path_id = paths.plan_path(store, employee_no, code, course=course)
    paths.add_cost(
        store,
        path_id,
        kind="tuition",
        amount="1495.00",
        paid_on=add_months(on, -3).isoformat(),
        description=f"{code} course tuition",
    )
    paths.move_path(store, path_id, "approved")
    if agreement:
        issued = add_months(on, -4)
        number = drafting.draft_agreement(
            store, parse_draft_request(path_id, months="24", schedule="prorated"), today=issued
        ).agreement.agreement_no
        issuing.issue_agreement(store, number, accept_warnings=True, on=issued.isoformat())
        # Signed once the review period (five business days) is over.
        lifecycle.sign_agreement(
            store, number, review_until(issued, DEFAULT_REVIEW_DAYS), accept_warnings=True
        )
        with tempfile.TemporaryDirectory(prefix="certdesk-demo-") as folder:
            scan = Path(folder) / f"{number} signed.pdf"
            scan.write_bytes(issuing.stored_form(store, number))
            lifecycle.attach_signed_copy(store, number, scan)
    paths.move_path(store, path_id, "enrolled", on=add_months(on, -3).isoformat())
    paths.complete_path(store, path_id, on.isoformat(), f"{code}-{700000 + path_id}", **kw)
    return path_id


def demo_credentials(store: Store, today: _dt.date) -> None:
    from certdesk.forms.demo_files import certificate_pdf, receipt_png

    for title, codes in ROLES.items():
        roles.set_role_requirements(store, title, codes)
    with tempfile.TemporaryDirectory(prefix="certdesk-demo-") as folder:
        files = Path(folder)

        def certificate(name: str, full_name: str, cert: str, number: str, on) -> Path:
            target = files / name
            target.write_bytes(certificate_pdf(full_name, cert, number, on))
            return target

        # 1. Renewed: H-9001's SWMP (24 months), completed 28 months ago; credits met; renewed
        # on time; a signed agreement (issued after the demo policy took effect).
        done = add_months(today, -28)
        proof = certificate(
            "SWMP certificate.pdf", "Łukasz Żółć-Nguyễn",
            "Certified Workforce Management Professional", "SWMP-2024-0417", done,
        )  # fmt: skip
        renewed = _complete(store, "H-9001", "SWMP", done, agreement=True, proof=proof)
        activities = [
            (6, "Workforce forecasting webinar series", "ICMI", "Self-paced", 2000, CreditUnit.HOURS),
            (14, "Contact center leadership seminar", "ICMI", "Classroom", 250, CreditUnit.CEU),
            (22, "Coaching for quality", "HDI", "Classroom", 200, CreditUnit.CEU),
        ]  # fmt: skip
        for months, title, provider, category, credits, unit in activities:
            attendance = certificate(
                f"attendance {months}.pdf", "Łukasz Żółć-Nguyễn", title, f"ATT-{months:03d}",
                add_months(done, months),
            )  # fmt: skip
            renewals.add_activity(
                store,
                renewed,
                earned_on=add_months(done, months),
                title=title,
                credits=credits,
                unit=unit,
                provider=provider,
                category=category,
                proof=attendance if category == "Classroom" else None,
            )
        renewal_day = add_months(done, 23)
        renewals.renew(
            store, renewed, on=renewal_day, method=RenewalMethod.CREDITS, fee_paid_on=renewal_day
        )
        renewals.add_activity(
            store,
            renewed,
            earned_on=add_months(today, -1),
            title="Omnichannel routing workshop",
            credits=150,
            unit=CreditUnit.CEU,
            provider="ICMI",
            category="Classroom",
        )
        receipt = files / "receipt.png"
        receipt.write_bytes(
            receipt_png(
                "ICMI Training Services",
                [("SWMP course tuition", "1,495.00")],
                "1,495.00",
                add_months(done, -3),
            )
        )
        tuition = paths_store.children(store.db, paths_store.CostLine, renewed)[0]
        renewals.attach_receipt(store, tuition.id, receipt)

        # 2. Due in 30 days, credits short: H-9002's SWMP (24 months), 18 of 30 hours.
        due = _complete(
            store, "H-9002", "SWMP", today - _dt.timedelta(days=730) + _dt.timedelta(days=30),
            missing_reason="Certificate kept by the issuer's portal; PDF not downloaded yet",
        )  # fmt: skip
        for months, title, hours, category in (
            (3, "Intraday management e-learning", 1200, "Self-paced"),
            (9, "Scheduling conference", 600, "Conference"),
        ):
            renewals.add_activity(
                store,
                due,
                earned_on=add_months(today - _dt.timedelta(days=700), months),
                title=title,
                credits=hours,
                unit=CreditUnit.HOURS,
                provider="SWPP",
                category=category,
            )

        # 3. Lapsed: H-9005's QAMC, completed 26 months ago and never renewed.
        _complete(store, "H-9005", "QAMC", add_months(today, -26), proof=certificate(
            "QAMC certificate.pdf", "José Martínez", "Quality Assurance Mastery Certification",
            "QAMC-2024-1188", add_months(today, -26),
        ))  # fmt: skip
