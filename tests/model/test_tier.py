import pytest

from jointcheck.errors import UnknownLabelError
from jointcheck.model import RiskTier


@pytest.mark.parametrize(
    ("label", "tier"),
    [
        ("A", RiskTier.LOW),
        ("A类", RiskTier.LOW),
        ("低风险", RiskTier.LOW),
        ("B类", RiskTier.MEDIUM),
        ("一般风险", RiskTier.MEDIUM),
        ("中风险", RiskTier.MEDIUM),
        ("C", RiskTier.HIGHER),
        ("较高风险", RiskTier.HIGHER),
        ("D类", RiskTier.HIGH),
        ("高风险", RiskTier.HIGH),
        ("信用风险较高", RiskTier.HIGHER),
        ("无风险等级", RiskTier.UNRATED),
        ("未分类", RiskTier.UNRATED),
        ("higher", RiskTier.HIGHER),
        ("Low", RiskTier.LOW),
        (" 高风险 ", RiskTier.HIGH),
    ],
)
def test_parse_reads_the_labels_of_the_notices(label: str, tier: RiskTier) -> None:
    assert RiskTier.parse(label) is tier


def test_parse_unknown_label_lists_the_accepted_ones() -> None:
    with pytest.raises(UnknownLabelError) as info:
        RiskTier.parse("E类")
    assert info.value.value == "E类"
    assert "较高风险" in str(info.value)
    assert "A类" in info.value.accepted
    assert isinstance(info.value, ValueError)


def test_parse_accepts_a_local_scale_through_aliases() -> None:
    assert RiskTier.parse("E", aliases={"E": RiskTier.HIGH}) is RiskTier.HIGH


def test_rated_tiers_are_ordered_by_risk() -> None:
    assert RiskTier.LOW < RiskTier.MEDIUM < RiskTier.HIGHER < RiskTier.HIGH
    assert sorted([RiskTier.HIGH, RiskTier.LOW, RiskTier.HIGHER]) == [
        RiskTier.LOW,
        RiskTier.HIGHER,
        RiskTier.HIGH,
    ]
    assert RiskTier.HIGH >= RiskTier.HIGH
    assert not RiskTier.HIGH <= RiskTier.MEDIUM


def test_unrated_has_no_order() -> None:
    with pytest.raises(TypeError, match="UNRATED"):
        _ = RiskTier.UNRATED < RiskTier.LOW


def test_codes_labels_and_letters() -> None:
    assert [t.code for t in (RiskTier.UNRATED, *RiskTier.rated())] == [0, 1, 2, 3, 4]
    assert all(RiskTier.from_code(t.code) is t for t in RiskTier)
    assert RiskTier.HIGHER.label == "较高风险"
    assert RiskTier.HIGH.letter == "D"
    assert RiskTier.UNRATED.letter is None
    with pytest.raises(UnknownLabelError):
        RiskTier.from_code(7)
