"""Layout families: named combinations of composable layout choices, plus jitter.

A business document's look is the product of independent choices (letterhead
and logo position, address window side, header block style, table style,
column order, totals style, footer). A *family* fixes the structural choices;
every document then jitters fonts, sizes, margins, colours and formats. Each
main type has 12 families (``<TYPE>/F01`` .. ``F12``): F01-F10 are TRAIN
families, F11-F12 are held out (``layout_split == "test"``) together with the
held-out label synonyms of ``vocab.py``. Other kinds (receipts, master-data
forms, letters) have their own smaller family sets with the same rule: the last
family of each kind is held out.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from sap_llm.corpus.synth import formats
from sap_llm.corpus.synth.ink import MONO_FAMILIES, available_families

A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)


@dataclass
class Style:
    family: str
    split: str  # train | test
    font: str = "Helvetica"
    size: float = 9.0
    page: tuple[float, float] = A4
    margin_l: float = 56.0
    margin_r: float = 48.0
    margin_t: float = 40.0
    margin_b: float = 40.0
    accent: tuple[float, float, float] = (0.1, 0.2, 0.45)
    logo: str = "left"  # left | right | center | none
    logo_shape: str = "circle"  # circle | square | band | bars
    letterhead: str = "name_address"  # name_address | name_only | band
    address_side: str = "left"  # left | right
    return_line: bool = True  # DIN 5008 sender line above the address window
    header_style: str = "list"  # list | grid | boxed | inline
    header_pos: str = "beside"  # beside (the address window) | below (the title)
    title_pos: str = "left"  # left | right | center
    title_size: float = 16.0
    table_style: str = "rules"  # plain | rules | grid | zebra | header_fill
    column_variant: int = 0
    merge_qty_unit: bool = False
    totals_style: str = "right_list"  # right_list | boxed | band
    footer_style: str = "columns"  # columns | line | none
    label_suffix: str = ":"
    page_numbers: bool = True
    carried_forward: bool = True
    intro: bool = True
    number_style: formats.NumberStyle = formats.POINT
    date_pattern: str = "{dd}/{mm}/{yyyy}"
    money_style: formats.MoneyStyle = field(default_factory=lambda: formats.MoneyStyle("none"))
    extra: dict = field(default_factory=dict)


# Structural choices of the 12 business families (the same 12 recipes per type, named per type).
BUSINESS_FAMILIES: list[dict] = [
    dict(logo="left", letterhead="name_address", address_side="left", return_line=True, header_style="list",
         header_pos="beside", title_pos="left", table_style="rules", column_variant=0, totals_style="right_list",
         footer_style="columns"),
    dict(logo="right", letterhead="name_address", address_side="left", return_line=True, header_style="grid",
         header_pos="below", title_pos="left", table_style="grid", column_variant=1, totals_style="boxed",
         footer_style="columns"),
    dict(logo="center", letterhead="name_address", address_side="left", return_line=False, header_style="boxed",
         header_pos="beside", title_pos="center", table_style="header_fill", column_variant=2, totals_style="right_list",
         footer_style="line"),
    dict(logo="none", letterhead="band", address_side="left", return_line=False, header_style="list",
         header_pos="beside", title_pos="right", table_style="zebra", column_variant=3, totals_style="band",
         footer_style="columns", merge_qty_unit=True),
    dict(logo="left", letterhead="name_only", address_side="right", return_line=False, header_style="list",
         header_pos="beside", title_pos="left", table_style="plain", column_variant=4, totals_style="right_list",
         footer_style="columns"),
    dict(logo="right", letterhead="name_address", address_side="left", return_line=True, header_style="inline",
         header_pos="below", title_pos="left", table_style="rules", column_variant=5, totals_style="boxed",
         footer_style="line", label_suffix=""),
    dict(logo="left", letterhead="band", address_side="right", return_line=False, header_style="grid",
         header_pos="below", title_pos="center", table_style="grid", column_variant=0, totals_style="right_list",
         footer_style="columns", merge_qty_unit=True),
    dict(logo="none", letterhead="name_address", address_side="left", return_line=True, header_style="boxed",
         header_pos="beside", title_pos="left", table_style="header_fill", column_variant=1, totals_style="band",
         footer_style="none"),
    dict(logo="center", letterhead="name_only", address_side="left", return_line=False, header_style="list",
         header_pos="below", title_pos="center", table_style="zebra", column_variant=2, totals_style="boxed",
         footer_style="columns"),
    dict(logo="right", letterhead="name_address", address_side="right", return_line=True, header_style="list",
         header_pos="beside", title_pos="right", table_style="plain", column_variant=3, totals_style="right_list",
         footer_style="line", label_suffix=""),
    # held out (test split)
    dict(logo="left", letterhead="band", address_side="left", return_line=False, header_style="inline",
         header_pos="below", title_pos="right", table_style="grid", column_variant=4, totals_style="band",
         footer_style="line", merge_qty_unit=True),
    dict(logo="center", letterhead="name_address", address_side="right", return_line=True, header_style="boxed",
         header_pos="below", title_pos="left", table_style="zebra", column_variant=5, totals_style="boxed",
         footer_style="columns", label_suffix=" :"),
]
TEST_FAMILY_INDICES = {10, 11}

ACCENTS = [(0.1, 0.2, 0.45), (0.55, 0.1, 0.1), (0.05, 0.4, 0.3), (0.2, 0.2, 0.2), (0.35, 0.15, 0.5),
           (0.0, 0.35, 0.6), (0.6, 0.35, 0.0), (0.15, 0.15, 0.15)]


def family_split(index: int, count: int) -> str:
    """The last two families of a 12-family set (the last one of smaller sets) are held out."""
    if count >= 10:
        return "test" if index >= count - 2 else "train"
    return "test" if index == count - 1 else "train"


def jitter_common(rng: random.Random, style: Style, language: str, *, receipt: bool = False) -> Style:
    families = available_families()
    body_fonts = [f for f in families if f not in MONO_FAMILIES]
    style.font = rng.choice(body_fonts) if rng.random() < 0.9 else rng.choice([f for f in families if f in MONO_FAMILIES])
    style.size = round(rng.uniform(8.0, 10.0), 1)
    style.page = LETTER if (language == "EN" and rng.random() < 0.3) else A4
    style.margin_l = rng.uniform(40, 70)
    style.margin_r = rng.uniform(36, 60)
    style.margin_t = rng.uniform(28, 52)
    style.margin_b = rng.uniform(28, 48)
    style.accent = rng.choice(ACCENTS)
    style.logo_shape = rng.choice(["circle", "square", "bars", "circle"])
    style.title_size = rng.uniform(13, 22)
    style.number_style = formats.pick_weighted(rng, formats.NUMBER_STYLES[language])
    style.date_pattern = rng.choice(formats.DATE_PATTERNS[language])
    style.money_style = rng.choice(formats.MONEY_STYLES)
    style.page_numbers = rng.random() < 0.7
    style.extra["page_of"] = rng.random() < 0.5
    style.carried_forward = rng.random() < 0.8
    style.intro = rng.random() < 0.6
    if language == "FR" and style.label_suffix == ":" and rng.random() < 0.4:
        style.label_suffix = " :"
    return style


def business_style(rng: random.Random, doc_type: str, language: str, family_index: int | None = None) -> Style:
    index = rng.randrange(len(BUSINESS_FAMILIES)) if family_index is None else family_index
    style = Style(family=f"{doc_type}/F{index + 1:02d}", split=family_split(index, len(BUSINESS_FAMILIES)))
    for key, val in BUSINESS_FAMILIES[index].items():
        setattr(style, key, val)
    return jitter_common(rng, style, language)


# Till receipts (SROIE-like): 5 families, the last held out.
RECEIPT_FAMILIES: list[dict] = [
    dict(align="center", rule="-", items="qty_first", total_caps=True, mono=True),
    dict(align="center", rule="=", items="desc_line_then_qty", total_caps=True, mono=False),
    dict(align="left", rule="-", items="desc_amount", total_caps=False, mono=True),
    dict(align="center", rule="*", items="qty_first", total_caps=False, mono=False),
    dict(align="left", rule="=", items="desc_line_then_qty", total_caps=True, mono=True),  # held out
]

# Forms (master data): 6 families, the last held out (label and value side by side in the cells of a two-column
# table). The training families put labels above boxed values or beside their values, in one or two columns.
FORM_FAMILIES: list[dict] = [
    dict(form="boxes", columns=1), dict(form="boxes", columns=2), dict(form="lines", columns=1),
    dict(form="lines", columns=2), dict(form="table", columns=1), dict(form="table", columns=2),
]
# Letters and other non-business kinds: 4 families, the last held out.
LETTER_FAMILIES: list[dict] = [
    dict(logo="left", address_side="left"), dict(logo="right", address_side="left"),
    dict(logo="center", address_side="right"), dict(logo="none", address_side="left"),
]


def kind_style(rng: random.Random, doc_type: str, language: str, kind: str) -> Style:
    recipes = {"receipt": RECEIPT_FAMILIES, "form": FORM_FAMILIES}.get(kind, LETTER_FAMILIES)
    index = rng.randrange(len(recipes))
    style = Style(family=f"{doc_type}/{kind.upper()}{index + 1:02d}", split=family_split(index, len(recipes)))
    style.extra = dict(recipes[index])
    for key in ("logo", "address_side"):
        if key in style.extra:
            setattr(style, key, style.extra[key])
    jitter_common(rng, style, language, receipt=kind == "receipt")
    if kind == "receipt":
        style.font = rng.choice(["Courier", "DejaVuSansMono", "LiberationMono"]) if style.extra.get("mono") else \
            rng.choice(["Helvetica", "LiberationSansNarrow", "DejaVuSansCondensed", "FreeSans"])
        if style.font not in available_families():
            style.font = "Courier"
        style.size = round(rng.uniform(7.5, 9.5), 1)
        style.date_pattern = rng.choice(formats.RECEIPT_DATE_PATTERNS)
        style.number_style = formats.POINT_PLAIN
    return style
