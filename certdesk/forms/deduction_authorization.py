"""Form 3: the payroll-deduction authorization, signed on its own, separate from the agreement.

Published tuition agreements pair a repayment clause with a separately signed, revocable
authorization to deduct from pay; certdesk prints it with the agreement. It names the most that
may be deducted in one pay period and what no deduction may do (FLSA), and, where a state law
forbids it (California AB 692, New York), that nothing is deducted from final pay.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.platypus import Flowable, KeepTogether

from certdesk.forms import blocks
from certdesk.forms.base import FormRenderer, money, short_hash
from certdesk.forms.fonts import markup

TITLE = "Payroll Deduction Authorization"
FORM_NO = "CD-103"


@dataclass(frozen=True)
class DeductionAuthorizationContent:
    """What the authorization prints."""

    company_name: str
    agreement_no: str
    terms_hash: str
    employee_name: str
    employee_no: str
    certification: str
    repayable_amount_cents: int
    max_per_period_cents: int
    no_final_pay_rules: tuple[str, ...] = ()  # laws that forbid a deduction from final pay
    currency_symbol: str = "$"
    page_size: str = "letter"


class DeductionAuthorizationRenderer(FormRenderer):
    """One page: the authorization, its limits, how to revoke it, two signatures."""

    form_no = FORM_NO
    title = TITLE

    def __init__(self, content: DeductionAuthorizationContent) -> None:
        super().__init__(
            company_name=content.company_name,
            page_size=content.page_size,
            agreement_no=content.agreement_no,
            terms_hash=content.terms_hash,
        )
        self.c = content

    def story(self) -> list[Flowable]:
        c = self.c
        most = money(c.max_per_period_cents, c.currency_symbol)
        total = money(c.repayable_amount_cents, c.currency_symbol)
        final_pay = (
            f"Under {' and '.join(c.no_final_pay_rules)}, nothing is deducted from my final pay."
            if c.no_final_pay_rules
            else "A deduction from final pay is made only where the law of my work state allows "
            "it, within the same limits."
        )
        points = [
            f"I authorize {c.company_name} to deduct from my pay the amounts I owe under "
            f"tuition assistance agreement {c.agreement_no}, as shown on a repayment statement "
            "given to me first.",
            f"No more than {most} is deducted in one pay period, and never more in all than the "
            f"balance owed under the agreement (at most {total}).",
            "No deduction may bring my pay for a pay period below the minimum wage or reduce "
            "overtime pay due (Fair Labor Standards Act, 29 C.F.R. § 531.35), or go beyond what "
            "the law of my work state allows.",
            final_pay,
            "This authorization is voluntary and separate from the agreement: I may refuse to "
            "sign it, and I may revoke it at any time by telling HR in writing. A revocation "
            "stops future deductions; it does not cancel what I owe, which I may then repay "
            "directly.",
        ]
        return [
            blocks.rich(markup(TITLE), "Title"),
            blocks.text(
                f"Agreement {c.agreement_no}  ·  Terms {short_hash(c.terms_hash)}", "Subtitle"
            ),
            blocks.fields(
                [
                    ("Employee", c.employee_name),
                    ("Employee no.", c.employee_no),
                    ("Certification", c.certification),
                    ("Per pay period", f"at most {most}"),
                ],
                self.width,
            ),
            blocks.gap(3),
            *[blocks.bullet(point) for point in points],
            blocks.gap(6),
            KeepTogether(
                [
                    blocks.text("Signed separately from the tuition assistance agreement."),
                    blocks.gap(1),
                    blocks.signature_lines([("Employee", c.employee_name), ("HR", "")], self.width),
                ]
            ),
        ]


def render_deduction_authorization(content: DeductionAuthorizationContent) -> bytes:
    """The authorization PDF as bytes (byte-identical for the same content)."""
    return DeductionAuthorizationRenderer(content).render()
