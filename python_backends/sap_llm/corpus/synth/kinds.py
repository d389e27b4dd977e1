"""Documents that are not letter-style business forms: till receipts, master-data forms,
letters, newsletters, price lists and non-business forms (the UNKNOWN type).

Each kind has its own builder (values -> :class:`DocSpec` with ``body``) and
renderer (``body`` -> words on the page), sharing the :class:`Ink` recorder so
labels stay exact.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sap_llm.corpus.synth import formats, vocab
from sap_llm.corpus.synth.catalog import PRODUCTS, RECEIPT_ITEMS
from sap_llm.corpus.synth.content import num, qty_value
from sap_llm.corpus.synth.form_details import form_details
from sap_llm.corpus.synth.formats import money
from sap_llm.corpus.synth.ink import Ink, font_names
from sap_llm.corpus.synth.locales import COUNTRIES
from sap_llm.corpus.synth.parties import (
    company_party,
    format_iban,
    format_vat_id,
    partner_party,
    pick_country,
    random_party,
)
from sap_llm.corpus.synth.printing import UNIT_WORDS, Printer
from sap_llm.corpus.synth.spec import DocSpec, PartyBlock, Segment
from sap_llm.corpus.synth.style import Style
from sap_llm.corpus.synth.values import random_date
from sap_llm.profile import OrgProfile

MM = 72 / 25.4


def kind_of(doc_type: str, subtype: str) -> str:
    if doc_type == "SUPPLIER_INVOICE" and subtype == "RECEIPT":
        return "receipt"
    if doc_type in ("VENDOR_MASTER", "CUSTOMER_MASTER", "PRODUCT_MASTER", "MATERIAL_MASTER"):
        return "form"
    if doc_type == "UNKNOWN":
        return {"LETTER": "letter", "NEWSLETTER": "newsletter", "PRICE_LIST": "pricelist"}.get(subtype, "survey")
    return "business"


def page_size(spec: DocSpec, style: Style) -> tuple[float, float]:
    return spec.page_size or style.page


# ── receipts ───────────────────────────────────────────────────────────────
@dataclass
class RLine:
    """One receipt line: a left part and an optional right-aligned part."""

    left: list[Segment]
    right: list[Segment] = field(default_factory=list)
    align: str = "left"  # left | center
    bold: bool = False
    rule: str | None = None  # a line of dashes instead of text


RECEIPT_TITLES = {
    "EN": ["TAX INVOICE", "SIMPLIFIED TAX INVOICE", "RECEIPT", "CASH BILL", "OFFICIAL RECEIPT", "CASH RECEIPT",
           "INVOICE"],
    "DE": ["Kassenbon", "QUITTUNG", "Beleg", "Rechnung", "Kundenbeleg"],
    "FR": ["TICKET DE CAISSE", "Reçu", "FACTURE", "Ticket", "Facture simplifiée"],
    "ES": ["TICKET", "Factura simplificada", "RECIBO", "Ticket de compra", "FACTURA"],
    "IT": ["SCONTRINO", "Documento commerciale", "RICEVUTA", "Scontrino fiscale", "Ricevuta fiscale"],
}
RECEIPT_LABELS = {
    "number": {"EN": ["INVOICE NO", "RECEIPT NO", "BILL NO", "DOC NO", "INV NO.", "RCPT #", "CASH BILL NO", "TRANS NO"],
               "DE": ["Bon-Nr.", "Beleg-Nr.", "Bon", "Rechnung Nr.", "Vorgang"],
               "FR": ["Ticket n°", "N° ticket", "Facture n°", "Transaction", "Ticket"],
               "ES": ["Nº ticket", "Factura nº", "Ticket nº", "Nº op.", "Doc."],
               "IT": ["Scontrino n.", "Doc. n.", "N. documento", "Ricevuta n.", "Num."]},
    "date": {"EN": ["DATE", "Date", "DATE/TIME", "DATE :", "Dt"], "DE": ["Datum", "Datum/Zeit", "Dat."],
             "FR": ["Date", "Le", "Date/heure"], "ES": ["Fecha", "Fecha/hora", "F."], "IT": ["Data", "Data/ora", "Del"]},
    "total": {"EN": ["TOTAL", "GRAND TOTAL", "TOTAL (RM)", "NET TOTAL", "TOTAL AMOUNT", "TOTAL INCL. GST", "ROUNDED TOTAL",
                     "AMOUNT DUE"],
              "DE": ["SUMME", "Gesamt", "ZU ZAHLEN", "Summe EUR", "TOTAL"], "FR": ["TOTAL", "TOTAL TTC", "A PAYER", "Montant TTC"],
              "ES": ["TOTAL", "TOTAL A PAGAR", "IMPORTE", "TOTAL EUROS"], "IT": ["TOTALE", "TOTALE COMPLESSIVO", "IMPORTO", "TOTALE EURO"]},
    "subtotal": {"EN": ["SUBTOTAL", "SUB TOTAL", "TOTAL EXCL. GST", "AMOUNT"], "DE": ["Zwischensumme", "Netto", "Summe netto"],
                 "FR": ["Sous-total", "Total HT", "HT"], "ES": ["Subtotal", "Base imponible", "Base"],
                 "IT": ["Subtotale", "Imponibile", "Parziale"]},
    "tax": {"EN": ["GST", "SST", "TAX", "GST 6%", "SERVICE TAX"], "DE": ["MwSt.", "USt", "enth. MwSt."], "FR": ["TVA", "dont TVA"],
            "ES": ["IVA", "Cuota IVA", "IVA incl."], "IT": ["IVA", "di cui IVA", "Imposta"]},
    "cash": {"EN": ["CASH", "CASH TENDERED", "PAID", "TENDERED"], "DE": ["Bar", "Gegeben", "BAR"], "FR": ["Espèces", "Payé", "Rendu sur"],
             "ES": ["Efectivo", "Entregado", "Pagado"], "IT": ["Contanti", "Pagato", "Contante"]},
    "change": {"EN": ["CHANGE", "CHANGE DUE", "BALANCE"], "DE": ["Rückgeld", "Zurück", "Wechselgeld"], "FR": ["Rendu", "Monnaie"],
               "ES": ["Cambio", "Vuelta", "Devolución"], "IT": ["Resto", "Resto contanti"]},
    "rounding": {"EN": ["ROUNDING", "ROUNDING ADJ", "RND ADJ"], "DE": ["Rundung"], "FR": ["Arrondi"], "ES": ["Redondeo"],
                 "IT": ["Arrotondamento"]},
}
RECEIPT_COUNT_SHARE = 0.4
SUPPLY_BREAKDOWN_SHARE = 0.3
GST_SUMMARY_SHARE = 0.3
RECEIPT_COUNT_LABELS = ["Total Item(s):", "Total Qty:", "TOTAL ITEMS", "No. of Items:", "Item Count"]
PAYABLE_LABELS = ["Total Payable:", "TOTAL PAYABLE", "Total Amount Payable", "Nett Total", "Total (Incl. GST):"]
RECEIPT_FOOTERS = {
    "EN": ["THANK YOU. PLEASE COME AGAIN.", "GOODS SOLD ARE NOT RETURNABLE", "THANK YOU FOR SHOPPING WITH US",
           "*** THANK YOU ***", "PLEASE KEEP THIS RECEIPT"],
    "DE": ["Vielen Dank für Ihren Einkauf!", "Bitte Beleg aufbewahren", "Auf Wiedersehen"],
    "FR": ["Merci de votre visite", "À bientôt !", "Conservez votre ticket"],
    "ES": ["Gracias por su compra", "Conserve su ticket", "Vuelva pronto"],
    "IT": ["Grazie e arrivederci", "Conservare lo scontrino", "Grazie per l'acquisto"],
}


def _receipt_party(rng: random.Random, language: str) -> tuple[Any, str]:
    if language == "EN" and rng.random() < 0.8:
        return random_party(rng, "MY", "EN", with_bank=False), "MYR"
    country = pick_country(rng, language)
    party = random_party(rng, country, language, with_bank=False)
    return party, COUNTRIES[country].currency


def _wrap(text: str, width_chars: int) -> list[str]:
    lines, current = [], ""
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) > width_chars:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append(current)
    return lines


def _wrap_parts(address: str, width_chars: int) -> list[str]:
    """Wrap an address at its ", " boundaries (a line break then reads as the comma it replaces)."""
    lines: list[str] = []
    current = ""
    for part in address.split(", "):
        trial = f"{current}, {part}" if current else part
        if current and len(trial) > width_chars:
            lines.append(current + ",")
            current = part
        else:
            current = trial
    if current:
        lines.append(current)
    return [piece for line in lines for piece in (_wrap(line, width_chars + 8) if len(line) > width_chars + 8 else [line])]


def build_receipt(job: Any, style: Style, rng: random.Random, layout_rng: random.Random) -> DocSpec:
    lang = job.language
    party, currency = _receipt_party(rng, lang)
    my = party.country == "MY"
    p = Printer(style, lang, currency, layout_rng)

    def lbl(key: str) -> str:
        return layout_rng.choice(RECEIPT_LABELS[key][lang])

    spec = DocSpec(job.doc_type, job.subtype, lang, currency, "receipt", layout_rng.choice(RECEIPT_TITLES[lang]),
                   PartyBlock(party, "supplier_name", "supplier_address"), None)
    lines: list[RLine] = []
    center = style.extra.get("align", "center") == "center"
    al = "center" if center else "left"
    name = party.name.upper() if my or layout_rng.random() < 0.5 else party.name
    width_chars = 34 if style.font in ("Courier", "DejaVuSansMono", "LiberationMono") else 40
    for part in _wrap(name, width_chars):
        lines.append(RLine([(part, "supplier_name")], align=al, bold=True))
    if my and party.registration and layout_rng.random() < 0.7:
        lines.append(RLine([(f"CO. REG: {party.registration}" if layout_rng.random() < 0.4 else party.registration, None)],
                           align=al))
    address = ", ".join(party.address_lines) + ("." if my and layout_rng.random() < 0.3 else "")
    if my:
        address = address.upper()
    for part in _wrap_parts(address, width_chars):
        lines.append(RLine([(part, "supplier_address")], align=al))
    spec.gt_fixed = {}
    fields: dict[str, Any] = {"supplier_name": name, "supplier_address": address}
    if layout_rng.random() < 0.7 and party.phone:
        phone = f"0{layout_rng.randint(3, 9)}-{layout_rng.randint(1000000, 99999999)}" if my else party.phone
        lines.append(RLine([("TEL: " if my else "Tel. ", None), (phone, "supplier_phone")], align=al))
        fields["supplier_phone"] = phone
    if my and layout_rng.random() < 0.7:
        lines.append(RLine([(f"GST ID: {layout_rng.randint(0, 999999999999):012d}", None)], align=al))
    elif not my and party.vat_id and layout_rng.random() < 0.6:
        text = format_vat_id(party.vat_id, party.country, layout_rng)
        lines.append(RLine([(vocab.label(layout_rng, "supplier_vat_id", lang, style.split) + " ", None),
                            (text, "supplier_vat_id")], align=al))
        fields["supplier_vat_id"] = party.vat_id
    lines.append(RLine([], rule=style.extra.get("rule", "-")))
    lines.append(RLine([(spec.title, None)], align="center", bold=True))
    day = random_date(rng)
    number = (f"{layout_rng.choice(['CS', 'INV', 'T', 'R', ''])}{rng.randint(1000, 99999999)}" if my
              else f"{rng.randint(1000, 9999)}-{rng.randint(1, 999):03d}" if layout_rng.random() < 0.5
              else str(rng.randint(10000, 999999)))
    fields["invoice_number"] = number
    fields["document_number"] = number
    time_text = f"{layout_rng.randint(8, 21):02d}:{layout_rng.randint(0, 59):02d}" + (
        f":{layout_rng.randint(0, 59):02d}" if layout_rng.random() < 0.5 else "")
    date_text = formats.format_date(day, style.date_pattern, lang)
    fields["invoice_date"] = fields["document_date"] = day.isoformat()
    if layout_rng.random() < 0.5:
        lines.append(RLine([(lbl("number") + ": ", None), (number, "invoice_number")]))
        lines.append(RLine([(lbl("date") + ": ", None), (date_text, "invoice_date"), (f" {time_text}", None)]))
    else:
        lines.append(RLine([(lbl("date") + ": ", None), (date_text, "invoice_date"), (f"  {time_text}", None)]))
        lines.append(RLine([(lbl("number") + ": ", None), (number, "invoice_number")]))
    if layout_rng.random() < 0.5:
        lines.append(RLine([(f"{'CASHIER' if lang == 'EN' else 'Kasse'}: {layout_rng.randint(1, 12)}", None)]))
    lines.append(RLine([], rule=style.extra.get("rule", "-")))
    items: list[dict[str, Any]] = []
    net_total = Decimal("0")
    rate = Decimal(str(COUNTRIES[party.country].tax_rates[0])) if party.country in COUNTRIES else Decimal("6")
    count = rng.randint(1, 6) if rng.random() < 0.8 else rng.randint(7, 16)
    for _ in range(count):
        if my:
            desc, lo, hi = rng.choice(RECEIPT_ITEMS)
        else:
            product = rng.choice(PRODUCTS)
            desc, lo, hi = product.names[lang], product.price[0] / 4, product.price[1] / 4
        price = money(Decimal(str(rng.uniform(lo, hi))))
        qty = Decimal(rng.randint(1, 4) if rng.random() < 0.7 else 1)
        amount = money(qty * price)
        net_total += amount
        style_items = style.extra.get("items", "qty_first")
        if style_items == "qty_first":
            lines.append(RLine([(f"{int(qty)}", "li.quantity"), (" ", None), (desc, "li.description")],
                               [(p.num(amount), "li.net_amount")]))
        elif style_items == "desc_line_then_qty":
            lines.append(RLine([(desc, "li.description")]))
            lines.append(RLine([("  ", None), (f"{int(qty)}", "li.quantity"), (" x ", None), (p.num(price), "li.unit_price")],
                               [(p.num(amount), "li.net_amount")]))
        else:
            lines.append(RLine([(desc, "li.description")], [(p.num(amount), "li.net_amount")]))
        item = {"description": desc, "net_amount": num(amount)}
        if style_items != "desc_amount":
            item["quantity"] = qty_value(qty)
        if style_items == "desc_line_then_qty":
            item["unit_price"] = num(price)
        items.append(item)
    lines.append(RLine([], rule=style.extra.get("rule", "-")))
    # Malaysian till receipts print more amounts near the total than the total itself: the item count, the
    # zero-rated and standard-rated supplies, a GST summary. Drawn from their own stream (receipts without
    # them are unchanged); all untagged but the GST and the payable total.
    extras = job.rng("receipt_totals")
    if my and extras.random() < RECEIPT_COUNT_SHARE:
        lines.append(RLine([(extras.choice(RECEIPT_COUNT_LABELS), None)], [(str(count), None)]))
    breakdown = my and extras.random() < SUPPLY_BREAKDOWN_SHARE
    inclusive = my or rng.random() < 0.7  # retail prices usually include tax
    zero_rated = money(net_total * Decimal(extras.choice(["0.15", "0.3", "0.5", "0.7"]))) if breakdown else Decimal(0)
    taxable = net_total - zero_rated
    tax = money(taxable * rate / (100 + rate)) if inclusive else money(net_total * rate / 100)
    total = net_total if inclusive else net_total + tax
    rounding = Decimal("0")
    if my and rng.random() < 0.4:
        rounded = (total * 20).quantize(Decimal("1")) / 20
        rounding = money(rounded - total)
        total = money(rounded)
    if breakdown:
        lines.append(RLine([("Total 0% supplies:", None)], [(p.num(zero_rated), None)]))
        lines.append(RLine([(f"Total {rate.normalize():f}% supplies (Excl. GST):", None)], [(p.num(taxable - tax), None)]))
        lines.append(RLine([("GST:", None)], [(p.num(tax), "tax_amount")]))
        fields["tax_amount"] = num(tax)
    elif not inclusive or layout_rng.random() < 0.4:
        net_printed = net_total if not inclusive else net_total - tax  # + tax + rounding = total
        lines.append(RLine([(lbl("subtotal"), None)], [(p.num(net_printed), "net_amount")]))
        fields["net_amount"] = num(net_printed)
    if not breakdown and layout_rng.random() < 0.7 and rate:
        lines.append(RLine([(f"{lbl('tax')} {p.percent(rate) if layout_rng.random() < 0.5 else ''}".strip(), None)],
                           [(p.num(tax), "tax_amount")]))
        fields["tax_amount"] = num(tax)
    if rounding:
        lines.append(RLine([(lbl("rounding"), None)], [(p.num(rounding), "rounding_amount")]))
        fields["rounding_amount"] = num(rounding)
    symbol = "RM" if currency == "MYR" else formats.CURRENCY_SYMBOLS.get(currency, currency)
    total_label = extras.choice(PAYABLE_LABELS) if breakdown else lbl("total")
    total_caps = style.extra.get("total_caps", True)
    total_label = total_label.upper() if total_caps else total_label
    if "(RM)" in total_label or "EUR" in total_label.upper():
        total_label = total_label.replace(" (RM)", "").replace(" EUR", "").replace(" EUROS", "").replace(" EURO", "")
    code_text = symbol if layout_rng.random() < 0.7 else currency
    lines.append(RLine([(total_label + " ", None), (code_text, "currency")], [(p.num(total), "total_amount")], bold=True))
    fields["total_amount"] = num(total)
    fields["currency"] = currency
    if layout_rng.random() < 0.7:
        cash = money(Decimal(max(1, int(total) + rng.choice([0, 1, 5, 10, 20]))))
        if cash < total:
            cash = total
        lines.append(RLine([(lbl("cash"), None)], [(p.num(cash), "cash_paid")]))
        lines.append(RLine([(lbl("change"), None)], [(p.num(cash - total), "change_amount")]))
        fields["cash_paid"] = num(cash)
        fields["change_amount"] = num(cash - total)
    if my and extras.random() < GST_SUMMARY_SHARE:
        lines.append(RLine([("GST Summary", None)], [("Amount(RM)  Tax(RM)", None)]))
        lines.append(RLine([(f"SR @ {rate.normalize():f}%", None)], [(f"{p.num(taxable - tax)}  {p.num(tax)}", None)]))
        lines.append(RLine([("ZR @ 0%", None)], [(f"{p.num(zero_rated)}  {p.num(Decimal(0))}", None)]))
    lines.append(RLine([], rule=style.extra.get("rule", "-")))
    lines.append(RLine([(layout_rng.choice(RECEIPT_FOOTERS[lang]), None)], align="center"))
    spec.body = lines
    spec.metadata["receipt_fields"] = fields
    spec.metadata["receipt_items"] = items
    width = layout_rng.uniform(72, 86) * MM
    line_h = style.size * 1.45
    spec.page_size = (width, 40 + len(lines) * line_h + 30)
    return spec


def render_receipt(ink: Ink, spec: DocSpec, style: Style, rng: random.Random) -> list[dict[str, Any]]:
    regular, bold = font_names(style.font)
    size = style.size
    width, _height = spec.page_size or style.page
    margin = 10.0
    y = 30.0
    line_h = size * 1.45
    usable = width - 2 * margin
    for line in spec.body:
        y += line_h
        if line.rule:
            count = int(usable / ink.width_of(line.rule, regular, size))
            ink.text(margin, y, line.rule * count, regular, size)
            continue
        font = bold if line.bold else regular
        fsize = size
        left_text = "".join(s for s, _ in line.left)
        right_text = "".join(s for s, _ in line.right)
        room = usable - (ink.width_of(right_text, font, fsize) + 8 if right_text else 0)
        while ink.width_of(left_text, font, fsize) > room and fsize > 5:
            fsize -= 0.25
        if line.align == "center" and not line.right:
            ink.segments(width / 2, y, line.left, font, fsize, align="center", cont=_continues(line, spec, ink))
        elif line.left:
            ink.segments(margin, y, line.left, font, fsize, cont=_continues(line, spec, ink))
        if line.right:
            ink.segments(width - margin, y, line.right, font, fsize, align="right")
    return list(spec.metadata.pop("receipt_items"))


def _continues(line: RLine, spec: DocSpec, ink: Ink) -> bool:
    """Name and address wrap over several lines: later lines continue the span."""
    tag = line.left[0][1] if line.left else None
    if tag not in ("supplier_name", "supplier_address"):
        return False
    return any(w.tag == tag for w in ink.words)


# ── master-data forms ─────────────────────────────────────────────────────
SECTION_TITLES = {
    "general": {"EN": "General data", "DE": "Allgemeine Daten", "FR": "Données générales", "ES": "Datos generales",
                "IT": "Dati generali"},
    "address": {"EN": "Address", "DE": "Anschrift", "FR": "Adresse", "ES": "Dirección", "IT": "Indirizzo"},
    "bank": {"EN": "Bank details", "DE": "Bankverbindung", "FR": "Coordonnées bancaires", "ES": "Datos bancarios",
             "IT": "Coordinate bancarie"},
    "tax": {"EN": "Tax and registration", "DE": "Steuerdaten", "FR": "Fiscalité", "ES": "Datos fiscales",
            "IT": "Dati fiscali"},
    "org": {"EN": "Organisational data", "DE": "Organisationsdaten", "FR": "Données d'organisation",
            "ES": "Datos organizativos", "IT": "Dati organizzativi"},
    "material": {"EN": "Material data", "DE": "Materialdaten", "FR": "Données article", "ES": "Datos del material",
                 "IT": "Dati materiale"},
    "logistics": {"EN": "Logistics", "DE": "Logistik", "FR": "Logistique", "ES": "Logística", "IT": "Logistica"},
    "approval": {"EN": "Approval", "DE": "Freigabe", "FR": "Validation", "ES": "Aprobación", "IT": "Approvazione"},
}
MATERIAL_TYPES = {"RAW_MATERIAL": "ROH", "FINISHED_GOOD": "FERT", "SPARE_PART": "ERSA", "NEW_PRODUCT": "HAWA",
                  "PRODUCT_DATA_SHEET": "FERT", "PRICE_UPDATE": "HAWA"}
SUBJECTS = {
    "NEW_VENDOR": {"EN": "Request to create a new supplier", "DE": "Antrag auf Neuanlage Lieferant",
                   "FR": "Demande de création fournisseur", "ES": "Solicitud de alta de proveedor",
                   "IT": "Richiesta di apertura nuovo fornitore"},
    "BANK_DETAILS_CHANGE": {"EN": "Change of bank details", "DE": "Änderung der Bankverbindung",
                            "FR": "Changement de coordonnées bancaires", "ES": "Cambio de datos bancarios",
                            "IT": "Variazione coordinate bancarie"},
    "ADDRESS_CHANGE": {"EN": "Change of address", "DE": "Adressänderung", "FR": "Changement d'adresse",
                       "ES": "Cambio de dirección", "IT": "Variazione di indirizzo"},
    "NEW_CUSTOMER": {"EN": "New customer account", "DE": "Neuanlage Kunde", "FR": "Ouverture de compte client",
                     "ES": "Alta de nuevo cliente", "IT": "Apertura nuovo cliente"},
    "CREDIT_APPLICATION": {"EN": "Credit account application", "DE": "Antrag auf Kreditlimit",
                           "FR": "Demande de limite de crédit", "ES": "Solicitud de línea de crédito",
                           "IT": "Richiesta di fido"},
    "NEW_PRODUCT": {"EN": "New product listing", "DE": "Neuanlage Produkt", "FR": "Référencement nouveau produit",
                    "ES": "Alta de nuevo producto", "IT": "Inserimento nuovo prodotto"},
    "PRODUCT_DATA_SHEET": {"EN": "Product data sheet", "DE": "Produktdatenblatt", "FR": "Fiche technique",
                           "ES": "Ficha técnica", "IT": "Scheda tecnica"},
    "PRICE_UPDATE": {"EN": "Price update", "DE": "Preisänderung", "FR": "Mise à jour des prix",
                     "ES": "Actualización de precios", "IT": "Aggiornamento prezzi"},
    "RAW_MATERIAL": {"EN": "Create raw material", "DE": "Neuanlage Rohstoff", "FR": "Création matière première",
                     "ES": "Alta de materia prima", "IT": "Creazione materia prima"},
    "FINISHED_GOOD": {"EN": "Create finished product", "DE": "Neuanlage Fertigerzeugnis", "FR": "Création produit fini",
                      "ES": "Alta de producto terminado", "IT": "Creazione prodotto finito"},
    "SPARE_PART": {"EN": "Create spare part", "DE": "Neuanlage Ersatzteil", "FR": "Création pièce de rechange",
                   "ES": "Alta de repuesto", "IT": "Creazione ricambio"},
}


@dataclass
class FormEntry:
    label: str
    segments: list[Segment]
    gt: dict[str, Any]


def ean13(rng: random.Random) -> str:
    digits = [rng.randint(0, 9) for _ in range(12)]
    digits[0] = 4
    check = (10 - sum(d * (3 if i % 2 else 1) for i, d in enumerate(digits)) % 10) % 10
    return "".join(map(str, digits)) + str(check)


def build_form(job: Any, profile: OrgProfile, style: Style, rng: random.Random, lr: random.Random) -> DocSpec:
    lang, t = job.language, job.doc_type
    company = rng.choice(profile.company_codes)
    own = company_party(company, rng)
    p = Printer(style, lang, company.currency, lr)
    title = p.title(t)
    spec = DocSpec(t, job.subtype, lang, company.currency, "form", title, PartyBlock(own, None, None), None)
    captions = {key: titles[lang] for key, titles in SECTION_TITLES.items()}
    sections: list[tuple[str, list[FormEntry]]] = []  # (printed caption, entries)

    def entry(key: str, text: str, tag: str | None, val: Any = None) -> FormEntry:
        return FormEntry(vocab.label(lr, key, lang, style.split), [(text, tag)], {tag: val if val is not None else text}
                         if tag else {})

    subject = SUBJECTS.get(job.subtype, {}).get(lang)
    if subject:
        spec.body.append(("subject", subject))
    day = random_date(rng)
    partner_country = own.country  # where the form's partner is (a product form's: the company's own)
    if t in ("VENDOR_MASTER", "CUSTOMER_MASTER"):
        if t == "VENDOR_MASTER" and profile.vendors and rng.random() < 0.3 and job.subtype != "NEW_VENDOR":
            party = partner_party(rng.choice(profile.vendors), rng, lang)
        else:
            party = random_party(rng, pick_country(rng, lang), lang)
        partner_country = party.country
        street_line = party.address_lines[0]
        postcode, _, city = party.address_lines[1].partition(" ") if len(party.address_lines) > 1 else ("", "", "")
        if COUNTRIES.get(party.country) and COUNTRIES[party.country].postcode_after_city:
            postcode, city = "", party.address_lines[1]
        general = [entry("name", party.name, "name")]
        number_key = "supplier_number" if t == "VENDOR_MASTER" else "customer_number"
        if rng.random() < 0.5:
            number = str(rng.randint(17300100, 17399999) if t == "VENDOR_MASTER" else rng.randint(10100100, 10199999))
            general.append(entry(number_key, number, number_key))
        if party.contact:
            general.append(entry("contact_person", party.contact, "contact_person"))
        address = [entry("street", street_line, "street")]
        if postcode:
            address.append(entry("postal_code", postcode, "postal_code"))
        address.append(entry("city", city or street_line, "city"))
        address.append(entry("country", party.country, "country"))
        if party.phone:
            address.append(entry("phone", party.phone, "phone"))
        if party.email:
            address.append(entry("email", party.email, "email"))
        sections += [(captions["general"], general), (captions["address"], address)]
        tax = []
        if party.vat_id:
            tax.append(FormEntry(vocab.label(lr, "vat_id", lang, style.split),
                                 [(format_vat_id(party.vat_id, party.country, lr), "vat_id")], {"vat_id": party.vat_id}))
        if party.registration and rng.random() < 0.6:
            tax.append(FormEntry("Reg.", [(party.registration, None)], {}))
        if tax:
            sections.append((captions["tax"], tax))
        if party.iban and (t == "VENDOR_MASTER" or rng.random() < 0.5):
            bank = [FormEntry(vocab.label(lr, "iban", lang, style.split), [(format_iban(party.iban, lr), "iban")],
                              {"iban": party.iban})]
            if party.bic:
                bank.append(entry("bic", party.bic, "bic"))
            if party.bank_name:
                bank.append(entry("bank_name", party.bank_name, "bank_name"))
            sections.append((captions["bank"], bank))
        org = [entry("company_code", company.code, "company_code")]
        if t == "VENDOR_MASTER" and company.purchasing_organizations:
            org.append(entry("purchasing_organization", company.purchasing_organizations[0], "purchasing_organization"))
        org.append(entry("currency", company.currency, "currency"))
        terms = p.payment_terms(rng.choice([14, 30, 60]), None)
        org.append(entry("payment_terms", terms, "payment_terms"))
        if t == "CUSTOMER_MASTER" and job.subtype == "CREDIT_APPLICATION":
            limit = Decimal(rng.choice([5000, 10000, 25000, 50000, 100000]))
            org.append(entry("credit_limit", p.num(limit), "credit_limit", num(limit)))
        sections.append((captions["org"], org))
    else:
        product = rng.choice(PRODUCTS)
        mat = f"{rng.choice(['MAT', 'P', 'FG', 'RM', ''])}{rng.randint(100000, 999999)}"
        general = [entry("material", mat, "material"), entry("material_description", product.names[lang],
                                                             "material_description")]
        mtype = MATERIAL_TYPES.get(job.subtype, "HAWA")
        if rng.random() < 0.8:
            general.append(entry("material_type", mtype, "material_type"))
        general.append(entry("material_group", product.group, "material_group"))
        unit_word = lr.choice(UNIT_WORDS.get(product.unit, {}).get(lang) or UNIT_WORDS.get(product.unit, {}).get("*")
                               or [product.unit])
        general.append(FormEntry(vocab.label(lr, "base_unit", lang, style.split), [(unit_word, "base_unit")],
                                 {"base_unit": product.unit}))
        logistics = []
        gross = Decimal(str(round(rng.uniform(0.1, 40), 2)))
        net = (gross * Decimal("0.9")).quantize(Decimal("0.01"))
        logistics.append(FormEntry(vocab.label(lr, "gross_weight", lang, style.split),
                                   [(p.num(gross, 2), "gross_weight"), (" kg", None)], {"gross_weight": float(gross)}))
        if rng.random() < 0.6:
            logistics.append(FormEntry(vocab.label(lr, "net_weight", lang, style.split),
                                       [(p.num(net, 2), "net_weight"), (" kg", None)], {"net_weight": float(net)}))
        logistics.append(entry("ean_gtin", ean13(rng), "ean_gtin"))
        hs = f"{rng.randint(1000, 9999)}{rng.randint(10, 99)}{rng.randint(10, 99)}"
        logistics.append(entry("hs_code", hs, "hs_code"))
        origin = rng.choice(["DE", "FR", "IT", "ES", "CN", "US", "PL", "CZ"])
        logistics.append(entry("country_of_origin", origin, "country_of_origin"))
        if company.plants:
            logistics.append(entry("plant", company.plants[0], "plant"))
        if rng.random() < 0.6:
            maker = random_party(rng, pick_country(rng, lang), lang, with_bank=False).name
            logistics.append(entry("manufacturer", maker, "manufacturer"))
        sections += [(captions["material"], general), (captions["logistics"], logistics)]
        if rng.random() < 0.7:
            price = money(Decimal(str(rng.uniform(*product.price))))
            sections.append((captions["org"], [entry("standard_price", p.num(price), "standard_price", num(price))]))
    detail_rng = job.rng("form_details")  # its own stream: the rest of the form does not move
    details = form_details(job.subtype, p, detail_rng, partner_country, day)
    if details:
        caption, printed = details
        sections.insert(detail_rng.randint(1, len(sections)),
                        (caption, [FormEntry(label, [(text, None)], {}) for label, text in printed]))
    approval = [FormEntry(vocab.label(lr, "effective_date", lang, style.split), [(p.date(day), "effective_date")],
                          {"effective_date": day.isoformat()})]
    requester = f"{lr.choice(COUNTRIES['DE'].first_names)} {lr.choice(COUNTRIES['DE'].last_names)}"
    approval.append(entry("requested_by", requester, "requested_by"))
    sections.append((captions["approval"], approval))
    spec.body.append(("sections", sections))
    return spec


def render_form(ink: Ink, spec: DocSpec, style: Style, rng: random.Random) -> list[dict[str, Any]]:
    regular, bold = font_names(style.font)
    size = style.size
    width, height = style.page
    left, right = style.margin_l, width - style.margin_r
    y = style.margin_t + 14
    if spec.issuer:
        ink.text(left, y, spec.issuer.party.name, bold, size + 3, color=style.accent)
        ink.text(right, y, ", ".join(spec.issuer.party.address_lines), regular, size - 1.5, align="right")
    y += 30
    ink.text(left, y, spec.title, bold, style.title_size)
    y += 14
    form = style.extra.get("form", "boxes")
    columns = style.extra.get("columns", 1)
    entries_total = sum(len(e) for kind, payload in spec.body if kind == "sections" for _, e in payload)
    if columns == 1 and entries_total > (13 if form == "boxes" else 22):  # keep the form on one page
        columns = 2
    for kind, payload in spec.body:
        if kind == "subject":
            y += size + 6
            ink.text(left, y, payload, regular, size + 1)
            y += 6
            continue
        for caption, entries in payload:
            y += size + 14
            if form == "table":
                ink.rect(left, y - size - 3, right - left, size + 7, stroke=False, fill=True,
                         fill_color=tuple(0.8 + 0.2 * a for a in style.accent))
            ink.text(left + 2, y, caption, bold, size + 1)
            if form != "table":
                ink.line(left, y + 3, right, y + 3, 0.6, color=style.accent)
            y += 6
            col_w = (right - left) / columns
            for i, e in enumerate(entries):
                col = i % columns
                if col == 0 and y > height - 130:
                    break
                if col == 0:
                    y += size * 3.4 if form == "boxes" else size + 9
                x = left + col * col_w
                if form == "boxes":
                    ink.text(x, y - size * 1.3, e.label, regular, size - 1.5, color=(0.35, 0.35, 0.35))
                    ink.rect(x, y - size - 1, col_w - 10, size + 6, line_width=0.5)
                    ink.segments(x + 4, y + 2, e.segments, regular, size)
                elif form == "lines":
                    label = e.label + style.label_suffix
                    ink.text(x, y, label, bold, size)
                    lx = x + max(ink.width_of(label, bold, size) + 8, 130)
                    ink.segments(lx, y, e.segments, regular, size)
                    ink.line(lx - 2, y + 3, x + col_w - 12, y + 3, 0.3, color=(0.5, 0.5, 0.5))
                else:
                    ink.rect(x, y - size - 3, col_w, size + 8, line_width=0.4)
                    ink.text(x + 3, y, e.label, bold, size - 0.5)
                    ink.segments(x + col_w * 0.45, y, e.segments, regular, size)
            if y > height - 120:
                break
    y = max(y + 50, height - 110)
    for i, caption in enumerate(("Date / Signature", spec.title)):
        ink.line(left + i * 250, y, left + i * 250 + 200, y, 0.5)
        ink.text(left + i * 250, y + size + 2, caption if i == 0 else SECTION_TITLES["approval"][spec.language],
                 regular, size - 1.5)
    ink.canvas.showPage()
    return []


def form_fields(spec: DocSpec, printed_tags: set[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for kind, payload in spec.body:
        if kind != "sections":
            continue
        for _section, entries in payload:
            for e in entries:
                for tag, val in e.gt.items():
                    if tag in printed_tags:
                        out.setdefault(tag, val)
    return out


# ── the UNKNOWN type: letters, newsletters, price lists, non-business forms ──
SENTENCES = {
    "EN": ["We are pleased to inform you about changes to our opening hours.", "Our office will be closed over the holidays.",
           "Thank you for your continued interest in our work.", "Please find enclosed the information you requested.",
           "We look forward to seeing you at our annual open day.", "Our new catalogue will be available next month.",
           "The meeting has been moved to the second floor conference room.", "We have updated our privacy policy.",
           "Registration for the spring workshop is now open.", "Our team has grown and we welcome three new colleagues."],
    "DE": ["Wir freuen uns, Ihnen unsere neuen Öffnungszeiten mitzuteilen.", "Unser Büro bleibt über die Feiertage geschlossen.",
           "Vielen Dank für Ihr anhaltendes Interesse an unserer Arbeit.", "Anbei erhalten Sie die gewünschten Informationen.",
           "Wir laden Sie herzlich zu unserem Tag der offenen Tür ein.", "Unser neuer Katalog erscheint im kommenden Monat.",
           "Die Besprechung findet im Konferenzraum im zweiten Stock statt.", "Wir haben unsere Datenschutzerklärung aktualisiert.",
           "Die Anmeldung für den Frühjahrsworkshop ist ab sofort möglich.", "Unser Team wächst: wir begrüßen drei neue Kollegen."],
    "FR": ["Nous avons le plaisir de vous informer de nos nouveaux horaires.", "Nos bureaux seront fermés pendant les fêtes.",
           "Merci de l'intérêt que vous portez à nos activités.", "Veuillez trouver ci-joint les informations demandées.",
           "Nous serons heureux de vous accueillir lors de nos portes ouvertes.", "Notre nouveau catalogue paraîtra le mois prochain.",
           "La réunion aura lieu dans la salle du deuxième étage.", "Nous avons mis à jour notre politique de confidentialité.",
           "Les inscriptions à l'atelier de printemps sont ouvertes.", "Notre équipe s'agrandit avec trois nouveaux collègues."],
    "ES": ["Nos complace informarle de nuestro nuevo horario de atención.", "Nuestra oficina permanecerá cerrada durante las fiestas.",
           "Gracias por su continuo interés en nuestro trabajo.", "Adjuntamos la información que nos solicitó.",
           "Le esperamos en nuestra jornada de puertas abiertas.", "Nuestro nuevo catálogo estará disponible el próximo mes.",
           "La reunión se celebrará en la sala del segundo piso.", "Hemos actualizado nuestra política de privacidad.",
           "Ya está abierta la inscripción para el taller de primavera.", "Nuestro equipo crece con tres nuevos compañeros."],
    "IT": ["Siamo lieti di comunicarvi i nuovi orari di apertura.", "I nostri uffici resteranno chiusi durante le festività.",
           "Grazie per il vostro costante interesse.", "In allegato trovate le informazioni richieste.",
           "Vi aspettiamo alla nostra giornata a porte aperte.", "Il nuovo catalogo sarà disponibile il mese prossimo.",
           "La riunione si terrà nella sala al secondo piano.", "Abbiamo aggiornato la nostra informativa sulla privacy.",
           "Sono aperte le iscrizioni al workshop di primavera.", "Il nostro team cresce con tre nuovi colleghi."],
}
LETTER_SUBJECTS = {
    "EN": ["Change of opening hours", "Invitation to our open day", "Information on our new catalogue", "Holiday closure",
           "Company anniversary"],
    "DE": ["Änderung der Öffnungszeiten", "Einladung zum Tag der offenen Tür", "Informationen zum neuen Katalog",
           "Betriebsferien", "Firmenjubiläum"],
    "FR": ["Modification des horaires", "Invitation à nos portes ouvertes", "Notre nouveau catalogue", "Fermeture annuelle",
           "Anniversaire de la société"],
    "ES": ["Cambio de horario", "Invitación a la jornada de puertas abiertas", "Nuestro nuevo catálogo", "Cierre por vacaciones",
           "Aniversario de la empresa"],
    "IT": ["Variazione orari di apertura", "Invito alla giornata porte aperte", "Il nostro nuovo catalogo", "Chiusura per ferie",
           "Anniversario aziendale"],
}
SUBJECT_WORD = {"EN": "Subject", "DE": "Betreff", "FR": "Objet", "ES": "Asunto", "IT": "Oggetto"}
GREETING = {"EN": ["Dear Sir or Madam,", "Dear customer,"], "DE": ["Sehr geehrte Damen und Herren,", "Liebe Kundin, lieber Kunde,"],
            "FR": ["Madame, Monsieur,", "Chère cliente, cher client,"], "ES": ["Estimados señores:", "Estimado cliente:"],
            "IT": ["Gentili Signori,", "Gentile cliente,"]}
CLOSING = {"EN": ["Kind regards", "Yours faithfully"], "DE": ["Mit freundlichen Grüßen", "Freundliche Grüße"],
           "FR": ["Cordialement", "Veuillez agréer nos salutations distinguées."], "ES": ["Atentamente", "Un cordial saludo"],
           "IT": ["Cordiali saluti", "Distinti saluti"]}
NEWSLETTER_TITLES = {"EN": ["NEWSLETTER", "News & Updates", "Quarterly Bulletin"], "DE": ["NEWSLETTER", "Kundeninfo", "Aktuelles"],
                     "FR": ["LETTRE D'INFORMATION", "Newsletter", "Actualités"], "ES": ["BOLETÍN", "Newsletter", "Novedades"],
                     "IT": ["NEWSLETTER", "Notiziario", "Novità"]}
PRICE_LIST_TITLES = {"EN": ["PRICE LIST", "Price List", "Tariff"], "DE": ["PREISLISTE", "Preisliste", "Preisübersicht"],
                     "FR": ["TARIFS", "Liste de prix", "Grille tarifaire"], "ES": ["LISTA DE PRECIOS", "Tarifa", "Lista de precios"],
                     "IT": ["LISTINO PREZZI", "Listino", "Listino prezzi"]}
VALID_FROM = {"EN": "Valid from", "DE": "Gültig ab", "FR": "Valable à partir du", "ES": "Válido desde", "IT": "Valido dal"}
SURVEY_TITLES = {"EN": ["Event Registration Form", "Customer Satisfaction Survey", "Membership Application"],
                 "DE": ["Anmeldeformular Veranstaltung", "Umfrage Kundenzufriedenheit", "Mitgliedsantrag"],
                 "FR": ["Formulaire d'inscription", "Enquête de satisfaction", "Demande d'adhésion"],
                 "ES": ["Formulario de inscripción", "Encuesta de satisfacción", "Solicitud de socio"],
                 "IT": ["Modulo di iscrizione", "Questionario di soddisfazione", "Domanda di adesione"]}
SURVEY_FIELDS = {"EN": ["First name", "Last name", "E-mail", "Phone", "How did you hear about us?", "Comments"],
                 "DE": ["Vorname", "Nachname", "E-Mail", "Telefon", "Wie haben Sie von uns erfahren?", "Anmerkungen"],
                 "FR": ["Prénom", "Nom", "E-mail", "Téléphone", "Comment nous avez-vous connus ?", "Commentaires"],
                 "ES": ["Nombre", "Apellidos", "Correo electrónico", "Teléfono", "¿Cómo nos conoció?", "Comentarios"],
                 "IT": ["Nome", "Cognome", "E-mail", "Telefono", "Come ci ha conosciuto?", "Commenti"]}


def build_unknown(job: Any, kind: str, style: Style, rng: random.Random, lr: random.Random) -> DocSpec:
    lang = job.language
    sender = random_party(rng, pick_country(rng, lang), lang, with_bank=False)
    recipient = random_party(rng, pick_country(rng, lang), lang, with_bank=False)
    day = random_date(rng)
    p = Printer(style, lang, COUNTRIES[sender.country].currency, lr)
    titles = {"letter": LETTER_SUBJECTS, "newsletter": NEWSLETTER_TITLES, "pricelist": PRICE_LIST_TITLES,
              "survey": SURVEY_TITLES}[kind]
    title = lr.choice(titles[lang])
    spec = DocSpec(job.doc_type, job.subtype, lang, p.currency, kind, title,
                   PartyBlock(sender, "sender_name", None),
                   PartyBlock(recipient, "recipient_name", None) if kind == "letter" else None)
    spec.body = [("date", p.date(day), day.isoformat())]
    if kind == "letter":
        spec.body.append(("subject", title))
        spec.body.append(("para", lr.choice(GREETING[lang])))
        pool = rng.sample(SENTENCES[lang], len(SENTENCES[lang]))
        for _ in range(rng.randint(2, 3)):
            spec.body.append(("para", " ".join(pool.pop() for _ in range(rng.randint(2, 3)))))
        spec.body.append(("para", lr.choice(CLOSING[lang])))
        spec.body.append(("para", sender.contact or sender.name))
    elif kind == "newsletter":
        for _ in range(rng.randint(3, 5)):
            spec.body.append(("headline", lr.choice(LETTER_SUBJECTS[lang])))
            spec.body.append(("para", " ".join(rng.sample(SENTENCES[lang], rng.randint(3, 5)))))
    elif kind == "pricelist":
        spec.body.append(("valid", VALID_FROM[lang]))
        for product in rng.sample(PRODUCTS, rng.randint(8, 20)):
            price = money(Decimal(str(rng.uniform(*product.price))))
            spec.body.append(("price", f"{rng.randint(10000, 99999)}", product.names[lang], p.unit(product.unit),
                              p.num(price)))
    else:
        for label in SURVEY_FIELDS[lang]:
            spec.body.append(("blank", label))
    return spec


def render_unknown(ink: Ink, spec: DocSpec, style: Style, rng: random.Random) -> list[dict[str, Any]]:
    regular, bold = font_names(style.font)
    size = style.size + 0.5
    width, height = style.page
    left, right = style.margin_l, width - style.margin_r
    y = style.margin_t + 16
    sender = spec.issuer.party if spec.issuer else None
    align = {"left": "left", "right": "right", "center": "center", "none": "left"}.get(style.logo, "left")
    x = {"left": left, "right": right, "center": width / 2}[align]
    if sender:
        ink.text(x, y, sender.name, bold, size + 5, "sender_name", align=align, color=style.accent)
        y += size + 4
        ink.text(x, y, ", ".join(sender.address_lines), regular, size - 1.5, align=align)
    y += 40
    body = list(spec.body)
    date_text, date_iso = body.pop(0)[1:]
    if spec.kind == "letter" and spec.addressee:
        ax = left if style.address_side == "left" else right - 85 * MM
        ink.text(ax, y, spec.addressee.party.name, regular, size, "recipient_name")
        for line in spec.addressee.party.address_lines:
            y += size + 3
            ink.text(ax, y, line, regular, size)
        y += 30
        ink.text(right, y, date_text, regular, size, "document_date", align="right")
        y += 24
    else:
        ink.text(left, y, spec.title, bold, style.title_size, "subject" if spec.kind != "survey" else None)
        ink.text(right, y, date_text, regular, size, "document_date", align="right")
        y += 28
    col_w = (right - left - 20) / 2
    column, col_top = 0, y
    for entry in body:
        kind = entry[0]
        if y > height - style.margin_b - 40:
            if spec.kind == "newsletter" and column == 0:
                column, y = 1, col_top
            else:
                break
        cx = left + column * (col_w + 20) if spec.kind == "newsletter" else left
        cw = col_w if spec.kind == "newsletter" else right - left
        if kind == "subject":
            ink.text(left, y, f"{SUBJECT_WORD[spec.language]}: ", bold, size)
            ink.text(left + ink.width_of(f"{SUBJECT_WORD[spec.language]}: ", bold, size), y, entry[1], bold, size,
                     "subject")
            y += size + 14
        elif kind == "headline":
            ink.text(cx, y, entry[1], bold, size + 2, color=style.accent)
            y += size + 8
        elif kind in ("para",):
            words = entry[1].split(" ")
            line = ""
            for word in words:
                trial = f"{line} {word}".strip()
                if ink.width_of(trial, regular, size) > cw and line:
                    ink.text(cx, y, line, regular, size)
                    y += size + 3
                    line = word
                else:
                    line = trial
            if line:
                ink.text(cx, y, line, regular, size)
            y += size + 10
        elif kind == "valid":
            ink.text(left, y, f"{entry[1]} {date_text}", regular, size)
            y += size + 12
            ink.line(left, y - size, right, y - size, 0.6)
        elif kind == "price":
            _, code, name, unit, price = entry
            ink.text(left, y, code, regular, size)
            ink.text(left + 60, y, name, regular, size)
            ink.text(right - 90, y, unit, regular, size)
            ink.text(right, y, price, regular, size, align="right")
            y += size + 5
        elif kind == "blank":
            ink.text(left, y, entry[1] + ":", regular, size)
            ink.line(left + 200, y + 2, right, y + 2, 0.4)
            y += size + 16
    ink.canvas.showPage()
    spec.gt_fixed = {}
    spec.metadata["unknown_fields"] = {"document_date": date_iso}
    return []


# ── dispatch ───────────────────────────────────────────────────────────────
def build_kind(kind: str, job: Any, profile: OrgProfile, style: Style, rng: random.Random,
               layout_rng: random.Random) -> DocSpec:
    if kind == "receipt":
        return build_receipt(job, style, rng, layout_rng)
    if kind == "form":
        return build_form(job, profile, style, rng, layout_rng)
    return build_unknown(job, kind, style, rng, layout_rng)


def render_kind(ink: Ink, spec: DocSpec, style: Style, rng: random.Random) -> list[dict[str, Any]]:
    if spec.kind == "receipt":
        return render_receipt(ink, spec, style, rng)
    if spec.kind == "form":
        return render_form(ink, spec, style, rng)
    return render_unknown(ink, spec, style, rng)


def kind_fields(spec: DocSpec, printed_tags: set[str], printed: dict[str, str]) -> dict[str, Any]:
    """Ground truth of a non-business kind, restricted to what was printed and tagged."""
    if spec.kind == "receipt":
        fields = dict(spec.metadata.get("receipt_fields", {}))
        aliases = {"document_number": "invoice_number", "document_date": "invoice_date"}
        return {k: v for k, v in fields.items() if k in printed_tags or aliases.get(k) in printed_tags}
    if spec.kind == "form":
        return form_fields(spec, printed_tags)
    out: dict[str, Any] = {}
    if "sender_name" in printed_tags and spec.issuer:
        out["sender_name"] = spec.issuer.party.name
    if "recipient_name" in printed_tags and spec.addressee:
        out["recipient_name"] = spec.addressee.party.name
    if "document_date" in printed_tags:
        out["document_date"] = spec.metadata.get("unknown_fields", {}).get("document_date")
    if "subject" in printed_tags:
        out["subject"] = printed.get("subject", spec.title)
    return {k: v for k, v in out.items() if v is not None}

