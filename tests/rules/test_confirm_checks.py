"""The confirm safeguards as pure rules (issue #12 item 5)."""

from __future__ import annotations

from app.rules.confirm_checks import LineFacts, find_duplicates, missing_sources


def line(uid: str, item: str = "CB-STU-116", sources: tuple[str, ...] = (),
         category: str = "ineligible", status: str = "draft", member: str = "920",
         year: int = 2026, description: str = "Chromebook") -> LineFacts:
    return LineFacts(uid, member, year, item, description, "each", sources, category, status)


def test_suggestion_is_the_members_most_used_sources() -> None:
    new = line("n")
    others = [new, line("a", sources=("erate", "local")), line("b", sources=("local",)),
              line("c", sources=("local",)), line("d", sources=("state",), member="320")]
    [missing] = missing_sources([new], others)
    assert missing.suggested == ("local",)


def test_suggestion_falls_back_to_the_items_erate_category() -> None:
    assert missing_sources([line("n", category="C2")], [])[0].suggested == ("erate",)
    assert missing_sources([line("n", category="C1")], [])[0].suggested == ("erate",)
    assert missing_sources([line("n", category="ineligible")], [])[0].suggested == ("local",)


def test_lines_with_a_source_are_not_missing() -> None:
    assert missing_sources([line("n", sources=("erate",))], []) == []


def test_same_item_twice_for_one_member_and_year_is_a_duplicate() -> None:
    lines = [line("a"), line("b", item="cb-stu-116"), line("c", member="320"),
             line("d", year=2027), line("e", item="LT-STF-14"), line("f", status="withdrawn")]
    [dup] = find_duplicates(lines)
    assert dup.uids == ("a", "b") and dup.member_code == "920" and dup.label == "CB-STU-116"


def test_free_text_lines_match_on_description_and_unit() -> None:
    lines = [line("a", item="", description="Interactive  display 75\""),
             line("b", item="", description="interactive display 75\"")]
    assert [d.uids for d in find_duplicates(lines)] == [("a", "b")]


def test_involving_keeps_only_groups_with_the_lines_being_confirmed() -> None:
    lines = [line("a"), line("b"), line("c", item="X"), line("d", item="X")]
    assert [d.uids for d in find_duplicates(lines, involving=["c"])] == [("c", "d")]
