"""Schema of the policy rule files in corpus/rules/ (one file per place and policy year).

Every number is a cited parameter: {amount|percent, passage, quote}. The quote is verbatim text of the
passage and contains the number (as 390, 12万, 80% …); tests check both for every file.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Cited(BaseModel):
    model_config = ConfigDict(extra="forbid")

    passage: str = Field(description="passage id in corpus/derived/passages.jsonl")
    quote: str = Field(min_length=2, description="verbatim text of that passage")


class Money(Cited):
    amount: Decimal = Field(ge=0, description="元")


class Percent(Cited):
    percent: Decimal = Field(ge=0, le=100)

    @property
    def ratio(self) -> Decimal:
        return self.percent / Decimal(100)


class Fact(Cited):
    """A cited rule without a number of its own (e.g. 学生按低档缴费)."""

    text: str | None = None


class Category(Cited):
    """People whose contribution differs: a fixed amount, or tied to a tier."""

    amount: Decimal | None = Field(default=None, ge=0)
    tier: str | None = None
    benefit_tier: str | None = None
    aliases: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one(self):
        if self.amount is None and self.tier is None:
            raise ValueError("a category needs `amount` or `tier`")
        return self


class Contribution(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tiers: dict[str, Money] = Field(default_factory=dict,
                                    description="individual contribution per person per year (empty when the text "
                                                "states only who pays nothing)")
    categories: dict[str, Category] = Field(default_factory=dict)
    subsidy: Money | None = Field(default=None, description="财政补助 per person per year")
    total: Money | None = Field(default=None, description="人均筹资 (individual + subsidy)")
    rate_of_base: Percent | None = Field(default=None, description="individual contribution as a share of the "
                                                                   "monthly 缴费基数 the asker states (职工医保)")
    late_payment: Fact | None = None
    notes: list[Fact] = Field(default_factory=list)


class Level(BaseModel):
    model_config = ConfigDict(extra="forbid")

    aliases: list[str] = Field(default_factory=list, description="words residents use for this level")
    deductible: Money | None = None
    ratio: Percent | None = None
    ratio_by_tier: dict[str, Percent] = Field(default_factory=dict)
    cap: Money | None = Field(default=None, description="annual cap for this level when it differs")


class OtherPayer(Percent):
    """Another body paying a share of a package (残疾人联合会 10%)."""

    payer: str
    aliases: list[str] = Field(default_factory=list)


class Package(Money):
    """A fixed amount per treatment or per person (白内障 1800元/次(单侧), 住院分娩定额800元, 门诊定额包干
    80元/人), of which the fund pays `fund_share` (all of it when unset)."""

    name: str
    aliases: list[str] = Field(default_factory=list, description="words residents use for it")
    per: Literal["treatment", "person"] = "treatment"
    unit: str = Field(default="次", description="what one amount covers: 次, 例, 只眼, 人")
    fund_share: Percent | None = None
    others: list[OtherPayer] = Field(default_factory=list, description="other bodies paying a share")
    excludes: list[str] = Field(default_factory=list, description="words that put a case outside the package")
    notes: list[Fact] = Field(default_factory=list)


class Referral(BaseModel):
    """How the ratio changes with referral (转诊). Reductions are in percentage points."""

    model_config = ConfigDict(extra="forbid")

    levels: list[str] | Literal["all"] = Field(default="all", description="levels the rule applies to")
    applies_when: Literal["always", "异地"] = Field(
        default="always", description="异地: only when treated outside the insured region"
    )
    unreferred: Percent | None = Field(default=None, description="reduction (points) without referral")
    referred: Percent | None = Field(default=None, description="reduction (points) even with referral")
    unreferred_ratio: Percent | None = Field(default=None, description="absolute ratio without referral")
    long_term_resident: Fact | None = Field(
        default=None, description="cited rule that registered long-term residents elsewhere are treated as local")


class Benefit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="住院 / 普通门诊 / 门诊特殊疾病透析 …")
    aliases: list[str] = Field(default_factory=list, description="words naming this treatment (special benefits "
                               "with aliases apply only when the question names one)")
    others: list[OtherPayer] = Field(default_factory=list, description="other bodies paying a share of the bill "
                                       "(民政救助 20%)")
    levels: dict[str, Level] = Field(default_factory=dict, description="empty when the text states only a cap")
    deductible: Money | None = Field(default=None, description="when the same for every level")
    deductible_period: Literal["stay", "year"] = "stay"
    no_deductible: Fact | None = Field(default=None, description="cited statement that there is none")
    cost_cap: Money | None = Field(default=None, description="cap on eligible cost the ratio applies to")
    cap: Money | None = Field(default=None, description="annual cap on what the fund pays")
    cap_combined: bool = Field(default=False, description="the cap covers every kind of care together "
                               "(秦皇岛: 各项基金支出合并计算), so it answers for outpatient bills too")
    cap_by_tier: dict[str, Money] = Field(default_factory=dict)
    over_cap_ratio: Percent | None = None
    over_cap_max: Money | None = None
    referral: Referral | None = None
    notes: list[Fact] = Field(default_factory=list)


class Reimbursement(BaseModel):
    model_config = ConfigDict(extra="forbid")

    inpatient: Benefit | None = None
    outpatient: Benefit | None = None
    special: list[Benefit] = Field(default_factory=list, description="门诊特殊疾病 such as 透析")
    packages: list[Package] = Field(default_factory=list, description="fixed amounts per treatment or person")


class LoyaltyBonus(BaseModel):
    """A limit raised for continuous enrolment (湖南: after 4 years, +5000元 of 大病保险 limit per further
    year) and for a year without claims; the two together capped."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="the limit that is raised, e.g. 居民大病保险支付限额")
    after_years: int = Field(ge=0, description="continuous years before the per-year bonus starts")
    per_year: Money
    zero_claim: Money | None = None
    max_total: Money | None = None


class SameYear(Cited):
    """The text says the standard of another year was the same ("这一标准与2024年保持一致")."""

    year: int


class RuleFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    region: str = Field(description="place name as in the gazetteer, e.g. 潍坊市, or a label like 某镇")
    match: Literal["within", "exact", "never"] = Field(
        default="within",
        description="within: applies to the region and places inside it; exact: only when the question "
        "names this region itself; never: the text does not say where (kept for reference)",
    )
    year: int | None = Field(description="policy year stated by the text; null when blanked or unstated")
    scheme: Literal["城乡居民医保", "职工医保"] = "城乡居民医保"
    document: str = Field(description="doc id in corpus/derived/documents.jsonl")
    title: str
    contribution: Contribution | None = None
    reimbursement: Reimbursement | None = None
    notes: list[Fact] = Field(default_factory=list)
    same_in_years: list[SameYear] = Field(default_factory=list, description="other years the text says had the same standard")
    loyalty_bonus: LoyaltyBonus | None = None

    def covers_year(self, years: list[int]) -> bool:
        return self.year in years or any(s.year in years for s in self.same_in_years)
