"""Captions, promos, footers and crossheads are told apart from body paragraphs."""

from __future__ import annotations

import pytest

from analysis.boilerplate import classify_blocks


@pytest.mark.parametrize(
    ("line", "role"),
    [
        ("President Biden vowed further retaliation against ISIS-K. (File photo)", "caption"),
        ("A soldier at the gate, August 2021. (AP Photo/Susan Walsh)", "caption"),
        ("Taliban spokesman speaks to the media. (WAKIL KOHSAR / AFP)", "caption"),
        ("A member is seen in a video shared by the group. (Twitter screenshot)", "caption"),
        ("Yet, the U.S. left without evacuating all Americans. (U.S. Army)", "caption"),
        ("Photo: the airport at dusk", "caption"),
        ("Read Next: General Milley Blamed the State Department", "promo"),
        ("RELATED: Five things to know about the airlift", "promo"),
        ("Never miss breaking news on Israel", "footer"),
        ("Sign up for our daily newsletter", "footer"),
        ("Is the Enemy of My Enemy Always My Friend?", "crosshead"),
        ("Pain and Anger", "crosshead"),
        ("The attack killed 13 American troops and more than 150 Afghans.", "body"),
        ("The president spoke (briefly) to reporters.", "body"),
        ("Milley said the group had attacked US forces (ISIS-K).", "body"),
        ("“I would not make any leaps of logic to broader issues,” said Austin.", "body"),
        (
            "WASHINGTON (AP) — General Mark Milley said it’s “possible” the United States will act.",
            "body",
        ),
    ],
)
def test_single_line_roles(line: str, role: str) -> None:
    assert classify_blocks([line])[0][0] == role


def test_promo_title_repeated_before_read_next_is_a_promo() -> None:
    lines = [
        "Body paragraph one.",
        "General Mark Milley Privately Blamed the State Department",
        "Read Next: General Mark Milley Privately Blamed the State Department",
        "Body paragraph two.",
    ]
    assert [role for role, _ in classify_blocks(lines)] == ["body", "promo", "promo", "body"]


def test_read_more_lead_in_makes_the_trailing_prompts_footer() -> None:
    lines = [
        "The last body paragraph ends here.",
        "read more:",
        "Never miss breaking news on Israel",
        "Get notifications to stay updated",
        "You're subscribed",
    ]
    assert [role for role, _ in classify_blocks(lines)] == ["body"] + ["footer"] * 4


def test_every_non_body_role_has_a_reason() -> None:
    lines = ["A caption here. (Getty Images)", "Read more: x", "Body text."]
    for role, reason in classify_blocks(lines):
        assert (role == "body") == (reason == "")


def test_seed_non_body_lines(sofrep, ap) -> None:
    def roles(article):
        return {
            article.text[b.start : b.end][:30]: b.role for b in article.blocks if b.role != "body"
        }

    sofrep_roles = roles(sofrep)
    assert sorted(sofrep_roles.values()) == [
        "caption",
        "caption",
        "crosshead",
        "crosshead",
        "promo",
        "promo",
    ]
    ap_roles = roles(ap)
    assert (
        list(ap_roles.values()).count("caption") == 4
    )  # one caption repeated, so 5 lines, 4 distinct
    assert list(ap_roles.values()).count("footer") == 4
    assert [b.role for b in ap.blocks[:2]] == ["headline", "subheadline"]
