"""Catalog and settings use cases."""

import pytest

from certdesk.core.errors import InvalidInput
from certdesk.services import managers, settings
from certdesk.services.catalog import certifications as catalog
from certdesk.services.paths import lifecycle as paths


def test_seeded_catalog_has_the_four_credentials_without_prices(store):
    codes = {c.code: c for c in catalog.list_certifications(store)}
    assert set(codes) == {"CCCM", "SWMP", "QAMC", "CCCS"}
    assert codes["CCCM"].name == "Certified Call Center Manager"
    assert all(c.validity_months is None for c in codes.values())


def test_validity_drives_the_expiry_of_a_completion(store):
    catalog.edit_certification(
        store, "cccm", {"issuer": "Example Institute", "validity_months": "36"}
    )
    managers.add_manager(store, {"employee_no": "H-1", "full_name": "Ana"})
    pid = paths.plan_path(store, "H-1", "CCCM")
    done = paths.complete_path(store, pid, on="2026-01-31")
    assert done.expires_on.isoformat() == "2029-01-31"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"code": "cc cm", "name": "x"}, "code"),
        ({"code": "NEW", "name": ""}, "name"),
        ({"code": "NEW", "name": "New", "validity_months": "-3"}, "validity_months"),
        ({"code": "CCCM", "name": "Again"}, "code"),
    ],
)
def test_bad_catalog_input_names_the_field(store, fields, field):
    with pytest.raises(InvalidInput) as err:
        catalog.add_certification(store, fields)
    assert err.value.field == field
    assert len(catalog.list_certifications(store)) == 4


def test_settings_round_trip_and_validation(store):
    assert settings.get_settings(store).page_size == "letter"
    after = settings.update_settings(
        store,
        {
            "company_name": "Acme Contact Centers",
            "page_size": "A4",
            "section_127_limit": "5,250.00",
        },
    )
    assert (after.company_name, after.page_size, after.section_127_limit_cents) == (
        "Acme Contact Centers",
        "a4",
        525000,
    )
    with pytest.raises(InvalidInput) as err:
        settings.update_settings(store, {"page_size": "legal"})
    assert err.value.field == "page_size"
    with pytest.raises(InvalidInput) as err:
        settings.update_settings(store, {"section_127_limit": "-1"})
    assert err.value.field == "section_127_limit"
    assert settings.get_settings(store).page_size == "a4"
