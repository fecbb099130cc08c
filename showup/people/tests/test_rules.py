from showup.people.rules import describe_cycle, reporting_cycle


def test_it_finds_no_cycle_in_a_plain_chain() -> None:
    manager_of = {"ann": None, "bob": "ann", "cy": "bob"}
    assert reporting_cycle(manager_of, "ann", "cy") == ["ann", "cy", "bob", "ann"]
    assert reporting_cycle(manager_of, "cy", "ann") is None


def test_it_sees_a_person_made_their_own_manager() -> None:
    assert reporting_cycle({"ann": None}, "ann", "ann") == ["ann", "ann"]


def test_it_ignores_an_older_loop_that_does_not_include_the_person() -> None:
    manager_of = {"x": "y", "y": "x", "ann": None}
    assert reporting_cycle(manager_of, "ann", "x") is None


def test_it_describes_a_cycle_with_arrows() -> None:
    assert describe_cycle(["Ann", "Bob", "Ann"]) == "Ann → Bob → Ann"
