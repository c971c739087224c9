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
            "WASHINGTON (AP) — General Mark Milley said it’s “possible” the United States "
            "will act.",
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


# --- Lines from MBIC articles (Spinde et al. 2021, Apache-2.0) that are not the article's text ---


@pytest.mark.parametrize(
    ("line", "role"),
    [
        # Fox News links to other articles: headlines set in capitals, seven words or more.
        (
            "AUSTRALIA WILDFIRES TRAP THOUSANDS IN SEASIDE TOWN, MANY TAKE REFUGE ON BEACH AS "
            "FIRES TURN SKY 'PITCH BLACK'",
            "promo",
        ),
        ("BERNIE SANDERS 'RATTLED' BY DEBATE CROWD'S PUSHBACK ON HIS PRAISE FOR CUBA", "promo"),
        # Section headings in capitals are short; quoted capitals and figures are text.
        ("EQUALITY AND RESPECT", "crosshead"),
        ("BULL MARKET IN IMMIGRANT DETENTION", "crosshead"),
        ("“I WILL NOT BE INJECTED WITH ANYTHING”", "body"),
        ("DEATHS PER MILLION SWEDEN 301 DENMARK 89 FINLAND 46 NORWAY 40", "crosshead"),
        # "More:" introduces a link; "More than" starts a sentence.
        ("More: Who is running for president in 2020? An interactive guide", "promo"),
        (
            "More: Kamala Harris: 'I will take executive action' on gun control if I am elected",
            "promo",
        ),
        ("More than 100 fires were burning across New South Wales on Wednesday.", "body"),
        # A credit with a slash after the caption's last sentence.
        (
            "Hancock addresses the media Thursday. Pippa Fowles/10 Downing Street / Reuters",
            "caption",
        ),
        (
            "Police try to disperse a march in Istanbul, March 8, 2019. REUTERS/Kemal Aslan",
            "caption",
        ),
        ("The poll was run by AP/NORC. It found that most voters agreed.", "body"),
        # An embedded social-media post ends with its author, handle and date.
        (
            "Time to break up Amazon. Monopolies are wrong! — Elon Musk (@elonmusk) June 4, 2020",
            "caption",
        ),
    ],
)
def test_mbic_lines(line: str, role: str) -> None:
    assert classify_blocks([line])[0][0] == role


def test_embedded_post_starts_at_the_line_after_the_writers_sentence() -> None:
    lines = [
        "Berenson wrote on Twitter:",
        "Today @amazon refused to publish my booklet about the coronavirus. This is outrageous",
        "They censored it. pic.twitter.com/GfPEr7 — Alex Berenson (@AlexBerenson) June 4, 2020",
        "Meanwhile, Amazon is still selling books by Adolf Hitler.",
    ]
    roles = [role for role, _ in classify_blocks(lines)]
    assert roles == ["body", "caption", "caption", "body"]
