"""Generated invoice-like A4 pages with their truth text, born-digital and as noisy 300 DPI scans.

Used by the preprocess benchmarks when no generated corpus with scans is at
hand. Every page is drawn with reportlab from seeded random values; the truth
is the drawn strings grouped by baseline (top to bottom, left to right), which
is exactly the reading order ``preprocess`` produces.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

WORDS = {
    "EN": {
        "title": "INVOICE",
        "labels": ["Invoice number", "Invoice date", "Customer number", "Payment terms", "Due date"],
        "items": ["Steel bolts M8 zinc plated", "Hydraulic hose assembly", "Safety gloves size L", "Copy paper A4 white",
                  "Ball bearing 6204", "Cable ties black", "Laptop stand aluminium", "Office chair ergonomic",
                  "Printer toner cartridge", "Network cable Cat6 5 m", "Service hours on site", "Freight and packaging"],
        "head": ["Pos", "Description", "Qty", "Unit", "Price", "Amount"],
        "totals": ["Net amount", "VAT 19 %", "Total amount due"],
        "note": "Please transfer the total amount within 30 days quoting the invoice number.",
    },
    "DE": {
        "title": "RECHNUNG",
        "labels": ["Rechnungsnummer", "Rechnungsdatum", "Kundennummer", "Zahlungsbedingungen", "Fällig am"],
        "items": ["Sechskantschrauben M8 verzinkt", "Hydraulikschlauch komplett", "Schutzhandschuhe Größe L",
                  "Kopierpapier A4 weiß", "Kugellager 6204", "Kabelbinder schwarz", "Laptopständer Aluminium",
                  "Bürostuhl ergonomisch", "Tonerkartusche für Drucker", "Netzwerkkabel Cat6 5 m",
                  "Servicestunden vor Ort", "Fracht und Verpackung"],
        "head": ["Pos", "Bezeichnung", "Menge", "Einheit", "Preis", "Betrag"],
        "totals": ["Nettobetrag", "Umsatzsteuer 19 %", "Gesamtbetrag"],
        "note": "Bitte überweisen Sie den Gesamtbetrag innerhalb von 30 Tagen unter Angabe der Rechnungsnummer.",
    },
}
COMPANIES = ["Acme Industrial Supplies Ltd", "Nordwind Handels GmbH", "Bergmann Maschinenbau AG", "Blue Harbor Trading Co"]
STREETS = ["Hafenstrasse 12, 20457 Hamburg", "12 Market Street, Leeds LS1 6DT", "Industrieweg 7, 70565 Stuttgart"]
FONTS = ["Helvetica", "Times-Roman", "Courier"]


@dataclass
class SamplePage:
    pdf: bytes  # one born-digital page
    truth: str  # lines in reading order, words separated by single spaces
    language: str


def _amount(value: float, language: str) -> str:
    text = f"{value:,.2f}"
    return text.replace(",", "X").replace(".", ",").replace("X", ".") if language == "DE" else text


def make_page(seed: int, language: str = "EN") -> SamplePage:
    rng = random.Random(seed)
    vocab = WORDS[language]
    font = rng.choice(FONTS)
    drawn: list[tuple[float, float, str]] = []  # (y, x, text)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)

    def put(x: float, y: float, text: str, size: float = 10, bold: bool = False) -> None:
        name = font if not bold else {"Helvetica": "Helvetica-Bold", "Times-Roman": "Times-Bold", "Courier": "Courier-Bold"}[font]
        c.setFont(name, size)
        c.drawString(x, y, text)
        drawn.append((y, x, text))

    seller = rng.choice(COMPANIES)
    put(50, 790, seller, 16, bold=True)
    put(50, 770, rng.choice(STREETS), 9)
    put(380, 720, vocab["title"], 18, bold=True)
    y = 690
    for label in vocab["labels"]:
        value = {0: f"{rng.randint(2024, 2025)}-{rng.randint(1000, 99999)}", 1: f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.2025",
                 2: str(rng.randint(10000, 99999)), 3: f"{rng.choice([14, 30, 60])}", 4: f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.2025"}
        put(330, y, f"{label}: {value[vocab['labels'].index(label)]}", 10)
        y -= 15
    put(50, 690, rng.choice([co for co in COMPANIES if co != seller]), 11)
    put(50, 675, rng.choice(STREETS), 10)
    y = 590
    columns = [50, 85, 330, 375, 420, 490]
    for x, head in zip(columns, vocab["head"], strict=True):
        put(x, y, head, 10, bold=True)
    y -= 18
    net = 0.0
    for pos in range(1, rng.randint(8, 14) + 1):
        qty = rng.randint(1, 50)
        price = rng.randint(100, 99999) / 100
        amount = qty * price
        net += amount
        row = [str(pos * 10), rng.choice(vocab["items"]), str(qty), rng.choice(["EA", "KG", "H", "PC"]),
               _amount(price, language), _amount(amount, language)]
        for x, text in zip(columns, row, strict=True):
            put(x, y, text, 10)
        y -= 16
    y -= 10
    tax = round(net * 0.19, 2)
    for label, value in zip(vocab["totals"], [net, tax, net + tax], strict=True):
        put(330, y, label, 10, bold=label == vocab["totals"][-1])
        put(490, y, _amount(value, language), 10)
        y -= 16
    put(50, y - 20, vocab["note"], 9)
    put(50, 60, f"IBAN DE{rng.randint(10, 99)} 3704 0044 0532 0130 00 BIC COBADEFFXXX", 8)
    c.showPage()
    c.save()
    lines: dict[float, list[tuple[float, str]]] = {}
    for y_, x_, text in drawn:
        lines.setdefault(round(y_), []).append((x_, text))
    truth = "\n".join(" ".join(t for _, t in sorted(items)) for _, items in sorted(lines.items(), key=lambda kv: -kv[0]))
    return SamplePage(buf.getvalue(), " ".join(truth.split(" ")), language)


def scan_of(page: SamplePage, seed: int, dpi: int = 300) -> bytes:
    """A noisy greyscale JPEG "scan" of the page: slight rotation, blur, sensor noise, JPEG artefacts."""
    rng = np.random.default_rng(seed)
    pdf = pdfium.PdfDocument(page.pdf)
    image = pdf[0].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    pdf.close()
    image = image.rotate(float(rng.uniform(-1.5, 1.5)), resample=Image.Resampling.BILINEAR, expand=False, fillcolor=255)
    image = image.filter(ImageFilter.GaussianBlur(radius=0.6))
    pixels = np.asarray(image, dtype=np.float32)
    pixels = pixels * 0.92 + 10 + rng.normal(0, 9, pixels.shape)
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "L")
    buf = io.BytesIO()
    image.save(buf, format="JPEG", quality=75, dpi=(dpi, dpi))
    return buf.getvalue()


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, row by row with numpy (insertions via a running minimum)."""
    if not a:
        return len(b)
    if not b:
        return len(a)
    codes_b = np.frombuffer(b.encode("utf-32-le"), dtype=np.uint32)
    offsets = np.arange(len(b) + 1)
    row = offsets.copy()
    for i, ch in enumerate(a, start=1):
        cost = (codes_b != ord(ch)).astype(np.int64)
        candidate = np.empty_like(row)
        candidate[0] = i
        candidate[1:] = np.minimum(row[1:] + 1, row[:-1] + cost)
        row = np.minimum.accumulate(candidate - offsets) + offsets
    return int(row[-1])


def normalise_ws(text: str) -> str:
    return " ".join(text.split())
