"""The signed payroll-deduction authorization (form CD-103) on file, its revocation, and
whether a repayment statement may propose a deduction from final pay.

A deduction from final pay is proposed only when an authorization signed by the manager is on
file and not revoked in writing, and no state law governing the agreement forbids it (California
AB 692 and New York: never from final pay). Otherwise the statement says why not.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from certdesk.core.errors import InvalidInput
from certdesk.core.money import format_cents


@dataclass(frozen=True)
class AuthorizationOnFile:
    signed_on: _dt.date
    max_per_period_cents: int
    revoked_on: _dt.date | None = None

    def in_force(self, on: _dt.date) -> bool:
        """Signed on or before `on` and not revoked by then."""
        return self.signed_on <= on and (self.revoked_on is None or self.revoked_on > on)


def check_max_per_period(max_per_period_cents: int, repayable_cents: int) -> None:
    """The most per pay period: more than 0.00 and at most the agreement's repayable amount."""
    if not 0 < max_per_period_cents <= repayable_cents:
        raise InvalidInput(
            "max_per_period",
            f"the most per pay period must be more than 0.00 and at most the repayable amount "
            f"{format_cents(repayable_cents)}",
        )


def check_authorization(
    signed_on: _dt.date,
    max_per_period_cents: int,
    *,
    repayable_cents: int,
    issued_on: _dt.date,
    today: _dt.date,
) -> None:
    """A signed authorization to record: signed after the agreement was issued (it is printed
    with it), not in the future, with a most per pay period within the repayable amount."""
    if signed_on < issued_on:
        raise InvalidInput(
            "signed_on", f"{signed_on} is before the agreement was issued on {issued_on}"
        )
    if signed_on > today:
        raise InvalidInput("signed_on", f"{signed_on} is in the future")
    check_max_per_period(max_per_period_cents, repayable_cents)


def check_revocation(
    revoked_on: _dt.date, authorization: AuthorizationOnFile, today: _dt.date
) -> None:
    if authorization.revoked_on is not None:
        raise InvalidInput(
            "revoked_on", f"the authorization was already revoked on {authorization.revoked_on}"
        )
    if revoked_on < authorization.signed_on:
        raise InvalidInput(
            "revoked_on",
            f"{revoked_on} is before the authorization was signed on {authorization.signed_on}",
        )
    if revoked_on > today:
        raise InvalidInput("revoked_on", f"{revoked_on} is in the future")


@dataclass(frozen=True)
class FinalPayProposal:
    """What the statement says about a deduction from final pay."""

    proposed: bool
    text: str
    max_per_period_cents: int = 0


def final_pay_deduction(
    authorization: AuthorizationOnFile | None,
    forbidding_rules: tuple[str, ...],
    on: _dt.date,
    *,
    balance_cents: int,
    currency_symbol: str = "",
) -> FinalPayProposal:
    """Whether a deduction from final pay is proposed on a statement dated `on`, and why (not)."""
    if balance_cents <= 0:
        return FinalPayProposal(False, "Nothing is left to repay: no deduction from final pay.")
    if forbidding_rules:
        laws = " and ".join(forbidding_rules)
        return FinalPayProposal(
            False,
            f"No deduction from final pay is proposed: the work state's law ({laws}) does not "
            "allow one, whatever was signed. The balance is repaid as set out in section 5.",
        )
    if authorization is None or authorization.signed_on > on:
        return FinalPayProposal(
            False,
            "No deduction from final pay is proposed: no signed payroll-deduction "
            "authorization (form CD-103) is on file. The balance is repaid as set out in "
            "section 5.",
        )
    if not authorization.in_force(on):
        return FinalPayProposal(
            False,
            f"No deduction from final pay is proposed: the payroll-deduction authorization "
            f"signed on {authorization.signed_on} was revoked in writing on "
            f"{authorization.revoked_on}. The balance is repaid as set out in section 5.",
        )
    most = min(authorization.max_per_period_cents, balance_cents)
    return FinalPayProposal(
        True,
        f"Final pay: under the payroll-deduction authorization signed on "
        f"{authorization.signed_on} (form CD-103), up to {currency_symbol}{format_cents(most)} "
        "may be deducted from final pay, and no more in any pay period. No deduction may bring "
        "pay below the minimum wage or cut overtime due (Fair Labor Standards Act); the rest "
        "is repaid as set out in section 5. The authorization may be revoked in writing at any "
        "time.",
        most,
    )
