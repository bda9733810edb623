from certdesk.core.words import plural


def test_plural_agrees_with_the_count():
    assert plural(1, "agreement") == "1 agreement"
    assert plural(0, "agreement") == "0 agreements"
    assert plural(1204, "manager") == "1,204 managers"
    assert plural(2, "policy", "policies") == "2 policies"
    assert plural(1, "manager is", "managers are") == "1 manager is"
